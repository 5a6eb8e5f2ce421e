// Not API. Definitions of kam/plan/whitespace.hpp (compiled once in compiled mode).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <kam/core/describe.hpp>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/plan/whitespace.hpp>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kam {
namespace detail {

KAM_INLINE void check_whitespace_options(const whitespace_options& o, const char* fn) {
  if (!std::isfinite(o.smoothing)) {
    throw non_finite_value({fn, "smoothing"}, cat({"smoothing ", o.smoothing, " is not finite"}));
  }
  if (o.smoothing < 0) {
    throw out_of_bounds({fn, "smoothing"}, cat({"smoothing ", o.smoothing, " is negative"}));
  }
  if (o.groups < 0) {
    throw out_of_bounds({fn, "groups"}, cat({"groups ", o.groups, " is negative"}));
  }
}

/// Checks holdings and labels; returns the number of peer groups.
KAM_INLINE Eigen::Index check_holdings(const holdings_table& h,
                                       const Eigen::Ref<const index_vector>& peer_group,
                                       const whitespace_options& o, const char* fn) {
  check_whitespace_options(o, fn);
  const std::size_t m = h.offerings.size();
  if (m == 0) throw empty_input({fn, "offerings"}, "no offerings");
  for (std::size_t j = 0; j < m; ++j) {
    const auto at = static_cast<std::ptrdiff_t>(j);
    if (h.offerings[j].empty()) {
      throw invalid_input({fn, "offerings", std::nullopt, at}, "the offering name is empty");
    }
    for (std::size_t k = 0; k < j; ++k) {
      if (h.offerings[k] == h.offerings[j]) {
        throw duplicate_name({fn, "offerings", std::nullopt, at},
                             cat({"offering '", h.offerings[j], "' is named at ", k, " already"}));
      }
    }
  }
  if (h.cells.size() % m != 0) {
    throw shape_mismatch({fn, "cells"}, cat({h.cells.size(), " cells are not a whole number of ",
                                             "accounts of ", m, " offerings"}));
  }
  const Eigen::Index n = h.account_count();
  if (n == 0) throw empty_input({fn, "cells"}, "no accounts");
  for (std::size_t c = 0; c < h.cells.size(); ++c) {
    if (static_cast<unsigned>(h.cells[c]) > static_cast<unsigned>(cell_state::not_eligible)) {
      throw invalid_input(
          {fn, "cells", static_cast<std::ptrdiff_t>(c / m), static_cast<std::ptrdiff_t>(c % m)},
          cat({"state ", static_cast<unsigned>(h.cells[c]), " of offering '", h.offerings[c % m],
               "' is not one of ", quoted_list(enum_names<cell_state>())}));
    }
  }
  if (peer_group.size() != n) {
    throw shape_mismatch({fn, "peer_group"},
                         cat({peer_group.size(), " labels for ", n, " accounts"}));
  }
  Eigen::Index groups = o.groups;
  for (Eigen::Index i = 0; i < n; ++i) {
    const Eigen::Index g = peer_group(i);
    if (g < 0 || (o.groups > 0 && g >= o.groups)) {
      throw out_of_bounds({fn, "peer_group", i},
                          o.groups > 0 ? cat({"label ", g, " is not one of the ", o.groups,
                                              " peer groups 0 to ", o.groups - 1})
                                       : cat({"label ", g, " is negative; labels are 0 and up"}));
    }
    if (o.groups == 0) groups = std::max(groups, g + 1);
  }
  return groups;
}

/// The whitespace of checked holdings, with `value` per offering.
KAM_INLINE whitespace_result whitespace_of(const holdings_table& h,
                                           const Eigen::Ref<const index_vector>& peer_group,
                                           Eigen::Index groups, Eigen::VectorXd value,
                                           const whitespace_options& o) {
  const Eigen::Index n = h.account_count(), m = h.offering_count();
  const auto mm = static_cast<std::size_t>(m);
  // Owners and eligible accounts per (group, offering), group-major: one flat array each.
  std::vector<Eigen::Index> group_owners(static_cast<std::size_t>(groups) * mm, 0);
  std::vector<Eigen::Index> group_eligible(static_cast<std::size_t>(groups) * mm, 0);
  whitespace_result r;
  r.offering_owners = index_vector::Zero(m);
  r.offering_eligible = index_vector::Zero(m);
  r.owned = index_vector::Zero(n);
  r.pipeline = index_vector::Zero(n);
  r.open = index_vector::Zero(n);
  r.eligible = index_vector::Zero(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto base = static_cast<std::size_t>(peer_group(i)) * mm;
    for (Eigen::Index j = 0; j < m; ++j) {
      const cell_state s = h.at(i, j);
      if (s == cell_state::not_eligible) continue;
      const bool owns = s == cell_state::owned;
      const auto gj = base + static_cast<std::size_t>(j);
      ++group_eligible[gj];
      ++r.offering_eligible(j);
      ++r.eligible(i);
      if (owns) {
        ++group_owners[gj];
        ++r.offering_owners(j);
        ++r.owned(i);
      } else if (s == cell_state::pipeline) {
        ++r.pipeline(i);
      } else {
        ++r.open(i);
      }
    }
  }
  r.offering_penetration.resize(m);
  for (Eigen::Index j = 0; j < m; ++j) {
    const auto e = r.offering_eligible(j);
    r.offering_penetration(j) =
        e > 0 ? static_cast<double>(r.offering_owners(j)) / static_cast<double>(e) : 0.0;
  }
  r.account_penetration.resize(n);
  r.propensity.resize(n, m);
  r.open_value = Eigen::VectorXd::Zero(n);
  r.expected_expansion = Eigen::VectorXd::Zero(n);
  const double smooth = o.smoothing;
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto e = r.eligible(i);
    r.account_penetration(i) =
        e > 0 ? static_cast<double>(r.owned(i)) / static_cast<double>(e) : 0.0;
  }
  // Offering by offering, so that the column-major propensity is written in order; each
  // account's sums still add its offerings in offering order.
  for (Eigen::Index j = 0; j < m; ++j) {
    const double p = r.offering_penetration(j);
    const double v = value(j);
    for (Eigen::Index i = 0; i < n; ++i) {
      if (h.at(i, j) != cell_state::open) {
        r.propensity(i, j) = nan;
        continue;
      }
      const auto gj = static_cast<std::size_t>(peer_group(i)) * mm + static_cast<std::size_t>(j);
      const auto peers = static_cast<double>(group_eligible[gj] - 1);  // i itself excluded
      const auto owners = static_cast<double>(group_owners[gj]);
      const double q = peers + smooth > 0 ? (owners + smooth * p) / (peers + smooth) : p;
      r.propensity(i, j) = q;
      r.open_value(i) += v;
      r.expected_expansion(i) += v * q;
    }
  }
  r.offering_value = std::move(value);
  return r;
}

}  // namespace detail

KAM_INLINE whitespace_result whitespace_by_price(const holdings_table& holdings,
                                                 const Eigen::Ref<const index_vector>& peer_group,
                                                 const Eigen::Ref<const Eigen::VectorXd>& price,
                                                 const whitespace_options& options) {
  constexpr const char* fn = "kam::whitespace_by_price";
  const Eigen::Index groups = detail::check_holdings(holdings, peer_group, options, fn);
  const Eigen::Index m = holdings.offering_count();
  if (price.size() != m) {
    throw shape_mismatch({fn, "price"},
                         detail::cat({price.size(), " prices for ", m, " offerings"}));
  }
  for (Eigen::Index j = 0; j < m; ++j) {
    const std::string& name = holdings.offerings[static_cast<std::size_t>(j)];
    if (!std::isfinite(price(j))) {
      throw non_finite_value(
          {fn, "price", std::nullopt, j},
          detail::cat({"the price of '", name, "', ", price(j), ", is not finite"}));
    }
    if (price(j) < 0) {
      throw out_of_bounds({fn, "price", std::nullopt, j},
                          detail::cat({"the price of '", name, "', ", price(j), ", is negative"}));
    }
  }
  return detail::whitespace_of(holdings, peer_group, groups, price, options);
}

KAM_INLINE whitespace_result whitespace_by_peer_revenue(
    const holdings_table& holdings, const Eigen::Ref<const index_vector>& peer_group,
    const Eigen::Ref<const Eigen::MatrixXd>& revenue, const whitespace_options& options) {
  constexpr const char* fn = "kam::whitespace_by_peer_revenue";
  const Eigen::Index groups = detail::check_holdings(holdings, peer_group, options, fn);
  const Eigen::Index n = holdings.account_count(), m = holdings.offering_count();
  if (revenue.rows() != n || revenue.cols() != m) {
    throw shape_mismatch({fn, "revenue"},
                         detail::cat({"revenue is ", revenue.rows(), " x ", revenue.cols(),
                                      "; expected ", n, " x ", m, " (accounts x offerings)"}));
  }
  Eigen::VectorXd sum = Eigen::VectorXd::Zero(m), owners = Eigen::VectorXd::Zero(m);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < m; ++j) {
      if (holdings.at(i, j) != cell_state::owned) continue;
      const double v = revenue(i, j);
      const std::string& name = holdings.offerings[static_cast<std::size_t>(j)];
      if (!std::isfinite(v)) {
        throw non_finite_value(
            {fn, "revenue", i, j},
            detail::cat({"the revenue of owned offering '", name, "', ", v, ", is not finite"}));
      }
      if (v < 0) {
        throw out_of_bounds({fn, "revenue", i, j}, detail::cat({"the revenue of owned offering '",
                                                                name, "', ", v, ", is negative"}));
      }
      sum(j) += v;
      owners(j) += 1;
    }
  }
  Eigen::VectorXd value(m);
  for (Eigen::Index j = 0; j < m; ++j) value(j) = owners(j) > 0 ? sum(j) / owners(j) : 0.0;
  return detail::whitespace_of(holdings, peer_group, groups, std::move(value), options);
}

KAM_INLINE std::vector<Eigen::Index> best_openings(const whitespace_result& result,
                                                   Eigen::Index row, std::size_t top) {
  const Eigen::Index n = result.propensity.rows();
  if (row < 0 || row >= n) {
    throw out_of_bounds({"kam::best_openings", "row", row},
                        detail::cat({"row ", row, " is outside the ", n, " accounts"}));
  }
  std::vector<Eigen::Index> open;
  for (Eigen::Index j = 0; j < result.propensity.cols(); ++j) {
    if (!std::isnan(result.propensity(row, j))) open.push_back(j);
  }
  const auto expected = [&](Eigen::Index j) {
    return result.offering_value(j) * result.propensity(row, j);
  };
  std::stable_sort(open.begin(), open.end(),
                   [&](Eigen::Index a, Eigen::Index b) { return expected(a) > expected(b); });
  if (open.size() > top) open.resize(top);
  return open;
}

KAM_INLINE index_vector label_codes(const std::vector<std::string>& labels) {
  std::unordered_map<std::string_view, Eigen::Index> code;
  code.reserve(labels.size());
  index_vector out(static_cast<Eigen::Index>(labels.size()));
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const auto next = static_cast<Eigen::Index>(code.size());
    out(static_cast<Eigen::Index>(i)) = code.try_emplace(labels[i], next).first->second;
  }
  return out;
}

KAM_INLINE void validate(const whitespace_options& options) {
  detail::check_whitespace_options(options, "kam::validate");
}

}  // namespace kam
