// Quantile bins: n right-closed bins per field at the field's quantiles, and RFM-style codes.
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
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kam {

/// How the quantile at probability p of n sorted values x_0 <= ... <= x_{n-1} is computed, with
/// the virtual index h = p (n - 1), i = floor(h), g = h - i (numpy's methods of the same names,
/// Hyndman & Fan's type 7 for `linear`):
/// - `linear` (default; numpy's and pandas' default): x_i + g (x_{i+1} - x_i), computed as
///   numpy's `_lerp` does (from the upper end when g >= 0.5, so it is exact at both ends);
/// - `lower`: x_i; `higher`: x_ceil(h); `midpoint`: (x_i + x_ceil(h)) / 2;
/// - `nearest`: x_round(h), a half rounded to the even index (numpy rounds with np.around).
enum class quantile_method { linear, lower, higher, midpoint, nearest };
BOOST_DESCRIBE_ENUM(quantile_method, linear, lower, higher, midpoint, nearest)

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
  std::string name;
  Eigen::Index bins = 5;
  kam::direction direction = kam::direction::benefit;
};
BOOST_DESCRIBE_STRUCT(bin_field, (), (name, bins, direction))

/// Options of kam::fit_quantile_bins.
struct quantile_bin_options {
  quantile_method method = quantile_method::linear;
  duplicate_edges duplicates = duplicate_edges::keep;
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
  /// "4-3-1" (RFM style). @pre 0 <= i < codes.rows().
  template <typename = void>
  [[nodiscard]] std::string combined(Eigen::Index i, std::string_view separator = "-") const {
    std::string out;
    for (Eigen::Index j = 0; j < codes.cols(); ++j) {
      if (j > 0) out += separator;
      out += std::to_string(codes(i, j));
    }
    return out;
  }

  /// Returns the combined code of every account, in row order (see `combined`).
  template <typename = void>
  [[nodiscard]] std::vector<std::string> combined_codes(std::string_view separator = "-") const {
    std::vector<std::string> out;
    out.reserve(static_cast<std::size_t>(codes.rows()));
    for (Eigen::Index i = 0; i < codes.rows(); ++i) out.push_back(combined(i, separator));
    return out;
  }

  /// Returns the combined code of every account as one number, its field codes as decimal digits
  /// in field order ("4-3-1" is 431). Throws kam::out_of_bounds when a field has 10 or more bins
  /// (its codes are not single digits) or more than 18 fields (the number would overflow).
  template <typename = void>
  [[nodiscard]] index_vector combined_numbers() const {
    constexpr const char* fn = "kam::bin_codes::combined_numbers";
    if (codes.cols() > 18) {
      throw out_of_bounds({fn, "fields", std::nullopt},
                          detail::cat(codes.cols(), " fields do not fit in one 64-bit number"));
    }
    for (std::size_t j = 0; j < counts.size(); ++j) {
      if (counts[j].size() > 9) {
        throw out_of_bounds({fn, names[j], std::nullopt},
                            detail::cat(counts[j].size(), " bins: codes are not single digits"));
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
};
BOOST_DESCRIBE_STRUCT(bin_codes, (), (codes, counts, outside, names))

namespace detail::bins {

/// The position of the quantile k/m among n sorted values, as an exact rational:
/// h = k (n - 1) / m = i + num / m.
struct virtual_index {
  Eigen::Index i;    ///< floor(h)
  Eigen::Index num;  ///< numerator of the fractional part, 0 <= num < m
  Eigen::Index den;  ///< m
};

/// Returns the order statistics needed for `method` at virtual index `v`: the lower and upper
/// neighbours (equal when the quantile is one value).
template <typename = void>
std::pair<Eigen::Index, Eigen::Index> neighbours(const virtual_index& v, Eigen::Index n,
                                                 quantile_method method) {
  const Eigen::Index up = v.num == 0 ? v.i : std::min(v.i + 1, n - 1);
  switch (method) {
    case quantile_method::lower:
      return {v.i, v.i};
    case quantile_method::higher:
      return {up, up};
    case quantile_method::nearest: {
      // Round h to the nearest index, a half to the even one (numpy's np.around).
      const Eigen::Index twice = 2 * v.num;
      Eigen::Index r = v.i;
      if (twice > v.den || (twice == v.den && v.i % 2 == 1)) r = up;
      return {r, r};
    }
    case quantile_method::linear:
    case quantile_method::midpoint:
      break;
  }
  return {v.i, up};
}

/// numpy's _lerp: a + (b - a) t, from the upper end when t >= 0.5 (exact at t = 0 and t = 1,
/// monotone in t).
template <typename Scalar>
Scalar lerp(Scalar a, Scalar b, double t) {
  const double d = static_cast<double>(b) - static_cast<double>(a);
  return t >= 0.5 ? static_cast<Scalar>(static_cast<double>(b) - d * (1.0 - t))
                  : static_cast<Scalar>(static_cast<double>(a) + d * t);
}

/// Returns the quantile from its neighbours (already selected order statistics).
template <typename Scalar>
Scalar combine(Scalar lo, Scalar hi, double g, quantile_method method) {
  switch (method) {
    case quantile_method::linear:
      return lerp(lo, hi, g);
    case quantile_method::midpoint:
      return lo == hi ? lo : lerp(lo, hi, 0.5);
    case quantile_method::lower:
    case quantile_method::higher:
    case quantile_method::nearest:
      break;
  }
  return lo;
}

/// Places the order statistics at the sorted, unique positions `want[first, last)` of `v`, within
/// v[lo, hi), by recursive selection: O(N log Q) for Q positions instead of a full sort.
template <typename Scalar>
void select_many(std::vector<Scalar>& v, const std::vector<Eigen::Index>& want, std::size_t first,
                 std::size_t last, Eigen::Index lo, Eigen::Index hi) {
  if (first >= last) return;
  const std::size_t mid = first + (last - first) / 2;
  const Eigen::Index p = want[mid];
  std::nth_element(v.begin() + lo, v.begin() + p, v.begin() + hi);
  select_many(v, want, first, mid, lo, p);
  select_many(v, want, mid + 1, last, p + 1, hi);
}

/// Returns the edges of one field: the quantiles 0, 1/m, ..., 1 of `values` (consumed).
template <typename Scalar>
vector_of<Scalar> edges_of(std::vector<Scalar>& values, Eigen::Index m, quantile_method method) {
  const auto n = static_cast<Eigen::Index>(values.size());
  std::vector<virtual_index> at(static_cast<std::size_t>(m + 1));
  std::vector<Eigen::Index> want;
  want.reserve(2 * at.size());
  for (Eigen::Index k = 0; k <= m; ++k) {
    const Eigen::Index h = k * (n - 1);  // exact: h / m is the virtual index
    const virtual_index v{h / m, h % m, m};
    at[static_cast<std::size_t>(k)] = v;
    const auto [a, b] = neighbours(v, n, method);
    want.push_back(a);
    want.push_back(b);
  }
  std::sort(want.begin(), want.end());
  want.erase(std::unique(want.begin(), want.end()), want.end());
  select_many(values, want, 0, want.size(), 0, n);
  vector_of<Scalar> e(m + 1);
  for (Eigen::Index k = 0; k <= m; ++k) {
    const auto& v = at[static_cast<std::size_t>(k)];
    const auto [a, b] = neighbours(v, n, method);
    const double g = static_cast<double>(v.num) / static_cast<double>(v.den);
    e(k) = combine(values[static_cast<std::size_t>(a)], values[static_cast<std::size_t>(b)], g,
                   method);
  }
  return e;
}

/// Returns the 1-based bin of `v` among `edges` (right-closed, the lowest bin closed on the left):
/// 1 + #{interior edges < v}; values beyond the ends land in the end bins.
template <typename Scalar>
Eigen::Index bin_of(const vector_of<Scalar>& edges, Scalar v) {
  Eigen::Index b = 1;
  for (Eigen::Index k = 1; k + 1 < edges.size(); ++k) b += edges(k) < v ? 1 : 0;
  return b;
}

}  // namespace detail::bins

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
    const auto f = static_cast<Eigen::Index>(fields.size());
    if (edges.size() != fields.size() || bins.size() != f) {
      throw invalid_input({fn, "edges", std::nullopt},
                          detail::cat(f, " fields need as many edge vectors and bin counts, got ",
                                      edges.size(), " and ", bins.size()));
    }
    for (Eigen::Index j = 0; j < f; ++j) {
      const auto& field = fields[static_cast<std::size_t>(j)];
      const auto& e = edges[static_cast<std::size_t>(j)];
      if (bins(j) < 1) {
        throw out_of_bounds({fn, field.name, std::nullopt},
                            detail::cat("bins is ", bins(j), "; at least 1 bin is needed"));
      }
      if (e.size() != bins(j) + 1) {
        throw invalid_input(
            {fn, field.name, std::nullopt},
            detail::cat(bins(j), " bins need ", bins(j) + 1, " edges, got ", e.size()));
      }
      for (Eigen::Index k = 0; k < e.size(); ++k) {
        if (!std::isfinite(e(k)) || (k > 0 && !(e(k - 1) <= e(k)))) {
          throw invalid_input({fn, field.name, std::nullopt},
                              detail::cat("edge ", k, " (", e(k),
                                          ") is not finite or is below the edge before it"));
        }
      }
      if (!is_enumerator(field.direction)) {
        throw invalid_input({fn, field.name, std::nullopt},
                            "direction is not one of its enumerators");
      }
    }
    if (x.cols() != f) {
      throw shape_mismatch(
          {fn, "columns", std::nullopt},
          detail::cat("the matrix has ", x.cols(), " columns for ", f, " fitted fields"));
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
                                 detail::cat("value is ", v, "; bins need finite values"));
        }
        out.outside(j) += (v < e(0) || v > e(m)) ? 1 : 0;
        const Eigen::Index b = detail::bins::bin_of(e, v);
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
        detail::cat("expects a vector, got ", values.rows(), " x ", values.cols()));
  }
  if (!is_enumerator(method)) {
    throw invalid_input({fn, "method", std::nullopt}, "not a quantile_method");
  }
  std::vector<Scalar> v(static_cast<std::size_t>(values.size()));
  for (Eigen::Index i = 0; i < values.size(); ++i) {
    const Scalar x = values.coeff(i);
    if (!std::isfinite(x)) {
      throw non_finite_value({fn, "values", i}, detail::cat("value is ", x));
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
      throw out_of_bounds({fn, detail::cat("probs[", q, "]"), std::nullopt},
                          detail::cat("probability ", p, " is outside [0, 1]"));
    }
    const double h = p * static_cast<double>(n - 1);
    const double fl = std::floor(h);
    const auto i = static_cast<Eigen::Index>(fl);
    const double g = h - fl;
    // Express g as a rational over a power of two so `neighbours` can compare it with 1/2.
    // (any g > 0 keeps a positive numerator, so the upper neighbour is used).
    constexpr Eigen::Index den = Eigen::Index{1} << 52;
    const auto num = g > 0.0
                         ? std::max(Eigen::Index{1}, static_cast<Eigen::Index>(std::ldexp(g, 52)))
                         : Eigen::Index{0};
    nb.push_back(detail::bins::neighbours({i, num, den}, n, method));
    frac.push_back(g);
    want.push_back(nb.back().first);
    want.push_back(nb.back().second);
  }
  std::sort(want.begin(), want.end());
  want.erase(std::unique(want.begin(), want.end()), want.end());
  detail::bins::select_many(v, want, 0, want.size(), 0, n);
  vector_of<Scalar> out(static_cast<Eigen::Index>(probs.size()));
  for (std::size_t q = 0; q < probs.size(); ++q) {
    out(static_cast<Eigen::Index>(q)) =
        detail::bins::combine(v[static_cast<std::size_t>(nb[q].first)],
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
/// kam::out_of_bounds (bins < 1) and kam::non_finite_value (NaN or infinity, naming the field and
/// the row). Complexity: O(N log m) per field by selection (no full sort), O(N) extra memory.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] quantile_bins<typename Derived::Scalar> fit_quantile_bins(
    const Eigen::MatrixBase<Derived>& x, const std::vector<bin_field>& fields,
    const quantile_bin_options& options = {}) {
  using Scalar = typename Derived::Scalar;
  constexpr const char* fn = "kam::fit_quantile_bins";
  if (fields.empty()) throw empty_input({fn, "fields", std::nullopt}, "no fields to bin");
  if (x.cols() != static_cast<Eigen::Index>(fields.size())) {
    throw shape_mismatch(
        {fn, "columns", std::nullopt},
        detail::cat("the matrix has ", x.cols(), " columns for ", fields.size(), " fields"));
  }
  if (x.rows() == 0) throw empty_input({fn, "accounts", std::nullopt}, "no accounts to fit on");
  if (!is_enumerator(options.method) || !is_enumerator(options.duplicates)) {
    throw invalid_input({fn, "options", std::nullopt},
                        "method or duplicates is not one of its enumerators");
  }
  for (std::size_t j = 0; j < fields.size(); ++j) {
    const auto& f = fields[j];
    if (f.name.empty()) {
      throw invalid_input({fn, "name", std::nullopt},
                          detail::cat("field ", j, " has an empty name"));
    }
    for (std::size_t k = 0; k < j; ++k) {
      if (fields[k].name == f.name) {
        throw duplicate_name({fn, f.name, std::nullopt},
                             detail::cat("field name used twice (positions ", k, " and ", j, ")"));
      }
    }
    if (f.bins < 1) {
      throw out_of_bounds({fn, f.name, std::nullopt},
                          detail::cat("bins is ", f.bins, "; at least 1 bin is needed"));
    }
    if (!is_enumerator(f.direction)) {
      throw invalid_input({fn, f.name, std::nullopt}, "direction is not one of its enumerators");
    }
  }
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
                               detail::cat("value is ", v, "; bins need finite values"));
      }
      values[static_cast<std::size_t>(i)] = v;
    }
    vector_of<Scalar> e = detail::bins::edges_of(values, f.bins, options.method);
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
        throw duplicate_name(at, detail::cat("field name '", f.name, "' used twice (positions ", k,
                                             " and ", j, ")"));
      }
    }
    if (f.bins < 1) {
      throw out_of_bounds(at, detail::cat("bins is ", f.bins, "; at least 1 bin is needed"));
    }
    if (!is_enumerator(f.direction)) {
      throw invalid_input(at, "direction is not one of its enumerators");
    }
  }
}

}  // namespace kam
