// Quantile bins: n right-closed bins per field at the field's quantiles, RFM-style codes, and the
// quantiles they rest on (numpy's methods).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <cmath>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/direction.hpp>
#include <kam/core/error.hpp>
#include <kam/segmentation/detail/quantiles.hpp>
#include <kam/segmentation/quantile_method.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kam {

/// What happens when quantile edges of a field coincide (many equal values, e.g. most accounts
/// bought once). Either way equal values always get the same code.
/// - `keep` (default): every field keeps its n bins, so a code means the same quantile position
///   in every field and every portfolio (code 4 of 5 = the fourth fifth); a bin between two equal
///   edges (e, e] is empty, values equal to e go to the lowest bin whose upper edge is e, and the
///   codes of the empty bins are unused (see bin_codes::counts).
/// - `drop`: coinciding edges are merged, as pandas.qcut(..., duplicates="drop"): the field gets
///   fewer bins (quantile_bins::bins), numbered 1..m without gaps. A constant field keeps one bin.
enum class duplicate_edges { keep, drop };
BOOST_DESCRIBE_ENUM(duplicate_edges, keep, drop)

/// One field to bin: its name (for messages and output), its number of bins, and its direction:
/// `benefit` gives code 1 to the lowest values and code `bins` to the highest; `cost` reverses
/// the codes (code `bins` to the lowest values), as recency is scored in RFM (recent = 5).
struct bin_field {
  std::string name;                                    ///< the field's name
  Eigen::Index bins = 5;                               ///< the number of bins
  kam::direction direction = kam::direction::benefit;  ///< which end gets the highest code
};
BOOST_DESCRIBE_STRUCT(bin_field, (), (name, bins, direction))

/// Options of kam::fit_quantile_bins.
struct quantile_bin_options {
  quantile_method method = quantile_method::linear;    ///< how quantiles are read
  duplicate_edges duplicates = duplicate_edges::keep;  ///< what coinciding edges do
};
BOOST_DESCRIBE_STRUCT(quantile_bin_options, (), (method, duplicates))

/// An accounts x fields matrix of bin codes.
using bin_code_matrix = Eigen::Matrix<Eigen::Index, Eigen::Dynamic, Eigen::Dynamic>;

/// The codes of a set of accounts under fitted quantile bins, aligned with the input rows.
struct bin_codes {
  /// Row i, column j: the code of account i on field j, 1..bins[j] (direction applied).
  bin_code_matrix codes;
  /// Per field: the number of accounts with each code (counts[j](c - 1) for code c). A zero is
  /// an unused code (an empty bin, see duplicate_edges::keep).
  std::vector<index_vector> counts;
  /// Per field: values below the first edge or above the last one. Only new accounts can be
  /// outside; they get the end codes (the lowest or highest bin), like the fitted extremes.
  index_vector outside;
  /// The field names, in column order.
  std::vector<std::string> names;

  /// Returns the combined code of account `i`, its field codes joined by `separator`, e.g.
  /// "4-3-1" (RFM style). Checked in every build type: throws kam::out_of_bounds (naming 'i' and
  /// the range [0, codes.rows())) unless 0 <= i < codes.rows().
  [[nodiscard]] std::string combined(Eigen::Index i, std::string_view separator = "-") const;

  /// Returns the combined code of every account, in row order (see `combined`).
  [[nodiscard]] std::vector<std::string> combined_codes(std::string_view separator = "-") const;

  /// Returns the combined code of every account as one number, its field codes as decimal digits
  /// in field order ("4-3-1" is 431). Throws kam::out_of_bounds when a field has 10 or more bins
  /// (its codes are not single digits) or more than 18 fields (the number would overflow).
  [[nodiscard]] index_vector combined_numbers() const;
};
BOOST_DESCRIBE_STRUCT(bin_codes, (), (codes, counts, outside, names))

namespace detail {

/// Checks the fields of kam::fit_quantile_bins against a matrix of `rows` x `cols` and the
/// options (errors in the name of `fn`).
void check_bin_fields(const std::vector<bin_field>& fields, Eigen::Index rows, Eigen::Index cols,
                      const quantile_bin_options& options, const char* fn);

/// Checks bins built by hand or read back from configuration before quantile_bins::assign uses
/// them: as many edge vectors and bin counts as fields, bins >= 1, bins + 1 finite,
/// non-decreasing edges per field, known directions.
template <typename Scalar>
void check_fitted_bins(const std::vector<bin_field>& fields,
                       const std::vector<vector_of<Scalar>>& edges, const index_vector& bins,
                       const char* fn) {
  const auto f = static_cast<Eigen::Index>(fields.size());
  if (edges.size() != fields.size() || bins.size() != f) {
    throw invalid_input({fn, "edges", std::nullopt},
                        detail::cat({f, " fields need as many edge vectors and bin counts, got ",
                                     edges.size(), " and ", bins.size()}));
  }
  for (Eigen::Index j = 0; j < f; ++j) {
    const auto& field = fields[static_cast<std::size_t>(j)];
    const auto& e = edges[static_cast<std::size_t>(j)];
    if (bins(j) < 1) {
      throw out_of_bounds({fn, field.name, std::nullopt},
                          detail::cat({"bins is ", bins(j), "; at least 1 bin is needed"}));
    }
    // (e.size() - 1 rather than bins + 1: bins near INT64_MAX must not overflow.)
    if (e.size() - 1 != bins(j)) {
      throw invalid_input(
          {fn, field.name, std::nullopt},
          detail::cat({bins(j), " bins need ", static_cast<unsigned long long>(bins(j)) + 1,
                       " edges, got ", e.size()}));
    }
    for (Eigen::Index k = 0; k < e.size(); ++k) {
      if (!std::isfinite(e(k)) || (k > 0 && !(e(k - 1) <= e(k)))) {
        throw invalid_input({fn, field.name, std::nullopt},
                            detail::cat({"edge ", k, " (", e(k),
                                         ") is not finite or is below the edge before it"}));
      }
    }
    if (!is_enumerator(field.direction)) {
      throw invalid_input({fn, field.name, std::nullopt},
                          "direction is not one of its enumerators");
    }
  }
}

}  // namespace detail

/// Quantile bins fitted on a set of accounts: per field, the edges e_0 <= e_1 <= ... <= e_m
/// (e_0 the minimum, e_m the maximum of the fitting values, e_k the quantile k/m), to be applied
/// to the same or to new accounts with `assign`.
///
/// Bins are right-closed, (e_{b-1}, e_b], and the lowest bin is closed on both ends, [e_0, e_1],
/// so it holds the minimum (pandas.qcut's bins, which widen the first one slightly to the left).
/// A value exactly on an interior edge belongs to the bin below the edge.
template <real_scalar Scalar>
struct quantile_bins {
  std::vector<bin_field> fields;         ///< the fields, in column order
  std::vector<vector_of<Scalar>> edges;  ///< per field: bins + 1 edges, non-decreasing
  index_vector bins;                     ///< per field: the number of bins (fewer under drop)
  quantile_bin_options options;          ///< how the edges were computed
  Eigen::Index accounts = 0;             ///< the number of accounts fitted on

  /// Returns the code of every account (row of `x`, fields in column order) on every field:
  /// its 1-based bin, reversed for cost fields. Values outside the fitted range get the end codes
  /// and are counted in `outside`. The bins may also be built by hand or read back from
  /// configuration; they are checked first: kam::invalid_input (naming the field) when the
  /// numbers of fields, edge vectors and bin counts differ, a field has other than bins + 1
  /// edges, an edge is not finite or is below the one before, or a direction is unknown, and
  /// kam::out_of_bounds for bins < 1. Then throws kam::shape_mismatch for a wrong number of
  /// columns and kam::non_finite_value (naming the field and the row) for NaN or infinity.
  /// Complexity: O(N F m) for F fields of m bins, one read of `x`.
  template <typename Derived>
  requires std::same_as<typename Derived::Scalar, Scalar>
  [[nodiscard]] bin_codes assign(const Eigen::MatrixBase<Derived>& x) const {
    constexpr const char* fn = "kam::quantile_bins::assign";
    detail::check_fitted_bins(fields, edges, bins, fn);
    const auto f = static_cast<Eigen::Index>(fields.size());
    if (x.cols() != f) {
      throw shape_mismatch(
          {fn, "columns", std::nullopt},
          detail::cat({"the matrix has ", x.cols(), " columns for ", f, " fitted fields"}));
    }
    bin_codes out;
    out.codes.resize(x.rows(), f);
    out.outside = index_vector::Zero(f);
    for (Eigen::Index j = 0; j < f; ++j) {
      const auto& field = fields[static_cast<std::size_t>(j)];
      const auto& e = edges[static_cast<std::size_t>(j)];
      const Eigen::Index m = bins(j);
      index_vector count = index_vector::Zero(m);
      const bool reverse = field.direction == direction::cost;
      for (Eigen::Index i = 0; i < x.rows(); ++i) {
        const Scalar v = x.coeff(i, j);
        if (!std::isfinite(v)) {
          throw non_finite_value({fn, field.name, i},
                                 detail::cat({"value is ", v, "; bins need finite values"}));
        }
        out.outside(j) += (v < e(0) || v > e(m)) ? 1 : 0;
        const Eigen::Index b = detail::bin_of(e, v);
        const Eigen::Index code = reverse ? m + 1 - b : b;
        out.codes(i, j) = code;
        ++count(code - 1);
      }
      out.counts.push_back(std::move(count));
      out.names.push_back(field.name);
    }
    return out;
  }

  BOOST_DESCRIBE_CLASS(quantile_bins, (), (fields, edges, bins, options, accounts), (), ())
};

/// Returns the quantiles of the values in the vector `values` at the probabilities `probs`
/// (each in [0, 1]) by `method`, as numpy.quantile(values, probs, method=...) does (h = p (n - 1)
/// and the interpolation in double precision, the result rounded to the input's scalar type;
/// numpy returns float64 for float32 input). Throws kam::shape_mismatch if `values` is not a
/// vector, kam::empty_input if it is empty, kam::non_finite_value (naming the row) for NaN or
/// infinity, kam::out_of_bounds for a probability outside [0, 1]. Complexity: O(N log Q) for Q
/// probabilities.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] vector_of<typename Derived::Scalar> quantiles(
    const Eigen::MatrixBase<Derived>& values, const std::vector<double>& probs,
    quantile_method method = quantile_method::linear) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::quantiles";
  // Empty first: a 0 x 0 matrix has no values rather than the wrong shape.
  if (values.size() == 0) throw empty_input({fn, "values", std::nullopt}, "no values");
  if (values.rows() != 1 && values.cols() != 1) {
    throw shape_mismatch(
        {fn, "values", std::nullopt},
        detail::cat({"expects a vector, got ", values.rows(), " x ", values.cols()}));
  }
  if (!is_enumerator(method)) {
    throw invalid_input({fn, "method", std::nullopt}, "not a quantile_method");
  }
  std::vector<Scalar> v(static_cast<std::size_t>(values.size()));
  for (Eigen::Index i = 0; i < values.size(); ++i) {
    const Scalar x = values.coeff(i);
    if (!std::isfinite(x)) {
      throw non_finite_value({fn, "values", i}, detail::cat({"value is ", x}));
    }
    v[static_cast<std::size_t>(i)] = x;
  }
  const auto n = static_cast<Eigen::Index>(v.size());
  std::vector<std::pair<Eigen::Index, Eigen::Index>> nb;
  std::vector<double> frac;
  std::vector<Eigen::Index> want;
  for (std::size_t q = 0; q < probs.size(); ++q) {
    const double p = probs[q];
    if (!(p >= 0.0 && p <= 1.0)) {
      throw out_of_bounds({fn, detail::cat({"probs[", q, "]"}), std::nullopt},
                          detail::cat({"probability ", p, " is outside [0, 1]"}));
    }
    const double h = p * static_cast<double>(n - 1);
    const double fl = std::floor(h);
    const double g = h - fl;
    // Express g as a rational over a power of two so `neighbours` can compare it with 1/2.
    // (any g > 0 keeps a positive numerator, so the upper neighbour is used).
    constexpr Eigen::Index den = Eigen::Index{1} << 52;
    const auto num = g > 0.0
                         ? std::max(Eigen::Index{1}, static_cast<Eigen::Index>(std::ldexp(g, 52)))
                         : Eigen::Index{0};
    nb.push_back(detail::quantile_neighbours({static_cast<Eigen::Index>(fl), num, den}, n, method));
    frac.push_back(g);
    want.push_back(nb.back().first);
    want.push_back(nb.back().second);
  }
  detail::select_order_statistics(v, std::move(want));
  vector_of<Scalar> out(static_cast<Eigen::Index>(probs.size()));
  for (std::size_t q = 0; q < probs.size(); ++q) {
    out(static_cast<Eigen::Index>(q)) =
        detail::quantile_of_neighbours(v[static_cast<std::size_t>(nb[q].first)],
                                       v[static_cast<std::size_t>(nb[q].second)], frac[q], method);
  }
  return out;
}

/// Returns quantile bins fitted on the accounts in `x` (rows are accounts, columns the `fields`
/// in order): for a field of m bins, the edges are its quantiles at 0, 1/m, ..., 1 by
/// `options.method`, with the probabilities k/m taken exactly (h = k (n - 1) / m as a rational,
/// so 0.6 is not 0.6000000000000001 as in numpy.linspace). Coinciding edges are handled per
/// `options.duplicates`. Apply the result with `quantile_bins::assign`, to `x` or to new accounts.
///
/// Throws kam::shape_mismatch (columns vs fields), kam::empty_input (no accounts or no fields),
/// kam::invalid_input (an empty field name, an unknown enum value), kam::duplicate_name,
/// kam::out_of_bounds (bins < 1, or more bins than accounts) and kam::non_finite_value (NaN or
/// infinity, naming the field and the row). Complexity: O(N log m) per field by selection (no full
/// sort), O(N) extra memory.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] quantile_bins<typename Derived::Scalar> fit_quantile_bins(
    const Eigen::MatrixBase<Derived>& x, const std::vector<bin_field>& fields,
    const quantile_bin_options& options = {}) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::fit_quantile_bins";
  detail::check_bin_fields(fields, x.rows(), x.cols(), options, fn);
  quantile_bins<Scalar> out;
  out.fields = fields;
  out.options = options;
  out.accounts = x.rows();
  out.bins.resize(x.cols());
  std::vector<Scalar> values(static_cast<std::size_t>(x.rows()));
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const auto& f = fields[static_cast<std::size_t>(j)];
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      const Scalar v = x.coeff(i, j);
      if (!std::isfinite(v)) {
        throw non_finite_value({fn, f.name, i},
                               detail::cat({"value is ", v, "; bins need finite values"}));
      }
      values[static_cast<std::size_t>(i)] = v;
    }
    vector_of<Scalar> e = detail::quantile_edges(values, f.bins, options.method);
    if (options.duplicates == duplicate_edges::drop) {
      std::vector<Scalar> u(e.data(), e.data() + e.size());
      u.erase(std::unique(u.begin(), u.end()), u.end());
      if (u.size() == 1) u.push_back(u.front());  // a constant field keeps one bin [c, c]
      e = Eigen::Map<const vector_of<Scalar>>(u.data(), static_cast<Eigen::Index>(u.size()));
    }
    out.bins(j) = e.size() - 1;
    out.edges.push_back(std::move(e));
  }
  return out;
}

/// Checks the fields and options of kam::fit_quantile_bins without data: at least one field,
/// every name given and used once, at least 1 bin, known enumerators. Throws kam::empty_input,
/// kam::invalid_input, kam::duplicate_name or kam::out_of_bounds naming kam::validate and
/// 'fields' with the index of the field at fault, or 'options'.
inline void validate(const std::vector<bin_field>& fields,
                     const quantile_bin_options& options = {}) {
  constexpr const char* fn = "kam::validate";
  if (fields.empty()) throw empty_input({fn, "fields"}, "no fields to bin");
  if (!is_enumerator(options.method) || !is_enumerator(options.duplicates)) {
    throw invalid_input({fn, "options"}, "method or duplicates is not one of its enumerators");
  }
  for (std::size_t j = 0; j < fields.size(); ++j) {
    const auto& f = fields[j];
    const error_site at{fn, "fields", std::nullopt, static_cast<std::ptrdiff_t>(j)};
    if (f.name.empty()) throw invalid_input(at, "the field has an empty name");
    for (std::size_t k = 0; k < j; ++k) {
      if (fields[k].name == f.name) {
        throw duplicate_name(at, detail::cat({"field name '", f.name, "' used twice (positions ", k,
                                              " and ", j, ")"}));
      }
    }
    if (f.bins < 1) {
      throw out_of_bounds(at, detail::cat({"bins is ", f.bins, "; at least 1 bin is needed"}));
    }
    if (!is_enumerator(f.direction)) {
      throw invalid_input(at, "direction is not one of its enumerators");
    }
  }
}

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/segmentation/detail/quantile_bins_impl.hpp>
#endif
