// Not API. Definitions of kam/segmentation/quantile_bins.hpp (compiled once in compiled mode).
#pragma once

#include <cstddef>
#include <kam/core/describe.hpp>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/segmentation/quantile_bins.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace kam {

KAM_INLINE std::string bin_codes::combined(Eigen::Index i, std::string_view separator) const {
  detail::check_index("kam::bin_codes::combined", "i", i, codes.rows(), "account", true);
  std::string out;
  for (Eigen::Index j = 0; j < codes.cols(); ++j) {
    if (j > 0) out += separator;
    detail::message_part(codes(i, j)).append_to(out);
  }
  return out;
}

KAM_INLINE std::vector<std::string> bin_codes::combined_codes(std::string_view separator) const {
  std::vector<std::string> out;
  out.reserve(static_cast<std::size_t>(codes.rows()));
  for (Eigen::Index i = 0; i < codes.rows(); ++i) out.push_back(combined(i, separator));
  return out;
}

KAM_INLINE index_vector bin_codes::combined_numbers() const {
  constexpr const char* fn = "kam::bin_codes::combined_numbers";
  if (codes.cols() > 18) {
    throw out_of_bounds({fn, "fields", std::nullopt},
                        detail::cat({codes.cols(), " fields do not fit in one 64-bit number"}));
  }
  for (std::size_t j = 0; j < counts.size(); ++j) {
    if (counts[j].size() > 9) {
      throw out_of_bounds({fn, names[j], std::nullopt},
                          detail::cat({counts[j].size(), " bins: codes are not single digits"}));
    }
  }
  index_vector out(codes.rows());
  for (Eigen::Index i = 0; i < codes.rows(); ++i) {
    Eigen::Index number = 0;
    for (Eigen::Index j = 0; j < codes.cols(); ++j) number = number * 10 + codes(i, j);
    out(i) = number;
  }
  return out;
}

namespace detail {

KAM_INLINE void check_bin_fields(const std::vector<bin_field>& fields, Eigen::Index rows,
                                 Eigen::Index cols, const quantile_bin_options& options,
                                 const char* fn) {
  if (fields.empty()) throw empty_input({fn, "fields", std::nullopt}, "no fields to bin");
  if (cols != static_cast<Eigen::Index>(fields.size())) {
    throw shape_mismatch(
        {fn, "columns", std::nullopt},
        detail::cat({"the matrix has ", cols, " columns for ", fields.size(), " fields"}));
  }
  if (rows == 0) throw empty_input({fn, "accounts", std::nullopt}, "no accounts to fit on");
  if (!is_enumerator(options.method) || !is_enumerator(options.duplicates)) {
    throw invalid_input({fn, "options", std::nullopt},
                        "method or duplicates is not one of its enumerators");
  }
  for (std::size_t j = 0; j < fields.size(); ++j) {
    const auto& f = fields[j];
    if (f.name.empty()) {
      throw invalid_input({fn, "name", std::nullopt},
                          detail::cat({"field ", j, " has an empty name"}));
    }
    for (std::size_t k = 0; k < j; ++k) {
      if (fields[k].name == f.name) {
        throw duplicate_name(
            {fn, f.name, std::nullopt},
            detail::cat({"field name used twice (positions ", k, " and ", j, ")"}));
      }
    }
    if (f.bins < 1) {
      throw out_of_bounds({fn, f.name, std::nullopt},
                          detail::cat({"bins is ", f.bins, "; at least 1 bin is needed"}));
    }
    // Checked before the bins + 1 edges are allocated: more bins than accounts cannot be told
    // apart by quantiles (and a huge count would exhaust memory).
    if (f.bins > rows) {
      throw out_of_bounds(
          {fn, f.name, std::nullopt},
          detail::cat({"bins is ", f.bins, "; at most the number of accounts (", rows, ")"}));
    }
    if (!is_enumerator(f.direction)) {
      throw invalid_input({fn, f.name, std::nullopt}, "direction is not one of its enumerators");
    }
  }
}

}  // namespace detail
}  // namespace kam
