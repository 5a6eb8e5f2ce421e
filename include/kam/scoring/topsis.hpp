// TOPSIS (Hwang & Yoon 1981): the relative closeness of every account to the ideal point, with
// the distances and the ideal and anti-ideal points.
#pragma once

#include <Eigen/Core>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <cmath>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/core/parallel.hpp>
#include <kam/core/stats.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/detail/input_checks.hpp>
#include <kam/scoring/detail/method_checks.hpp>
#include <kam/scoring/detail/output_spans.hpp>
#include <kam/scoring/detail/topsis_kernel.hpp>
#include <kam/scoring/detail/transforms.hpp>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace kam {

// TOPSIS uses each criterion's weight (normalised to sum 1) and direction, and normalises on its
// own: a criterion's `normalization` field (and its fixed-range bounds) belongs to the weighted
// sum and is not read here. Missing values are not supported: NaN and infinity are errors naming
// the criterion and the row.

/// How TOPSIS normalises each criterion before weighting. Direction is a separate step: the
/// ideal takes the largest weighted value of a benefit criterion and the smallest of a cost one
/// (Hwang & Yoon); inverting cost columns first, as pymcdm does, gives the same distances.
/// - `vector` (default; Hwang & Yoon 1981, R topsis, JMcDM, pyDecision): x / sqrt(sum_i x_i^2);
///   needs x >= 0.
/// - `min_max` (pymcdm's default): (x - min) / (max - min).
/// - `none`: values used as given, e.g. kam::normalize's output with every criterion a benefit.
/// A constant criterion (and an all-zero one under vector) adds nothing to either distance.
enum class topsis_normalization { vector, min_max, none };
BOOST_DESCRIBE_ENUM(topsis_normalization, vector, min_max, none)

/// Options of kam::topsis.
struct topsis_options {
  /// How each criterion is normalised before weighting (vector by default).
  topsis_normalization normalization = topsis_normalization::vector;
  /// Threads to spread the accounts over, as kam::resolve_threads reads them (1: the calling
  /// thread only; 0: one per hardware thread), for the statistics and the distances. Results are
  /// the same, bit for bit, whatever the number, and so is the error reported for bad input: the
  /// accounts are cut into fixed segments of 65536 rows, as in score_options::threads.
  unsigned threads = 1;
};
BOOST_DESCRIBE_STRUCT(topsis_options, (), (normalization, threads))

/// TOPSIS results: the relative closeness of every account (aligned with the input rows) and the
/// intermediate quantities, in the weighted normalised space v_ij = w_j r_ij.
template <real_scalar Scalar>
struct topsis_result {
  /// D- / (D+ + D-), on [0, 1]; 1 = the ideal point. An account at zero distance from both
  /// (possible only when the ideal and the anti-ideal coincide) gets 0.5.
  vector_of<Scalar> closeness;
  vector_of<Scalar> distance_to_ideal;       ///< D+, Euclidean
  vector_of<Scalar> distance_to_anti_ideal;  ///< D-, Euclidean
  /// Per criterion: the ideal (positive ideal solution) and anti-ideal (negative ideal) weighted
  /// normalised values: max and min over the reference of a benefit criterion, min and max of a
  /// cost criterion.
  vector_of<Scalar> ideal;       ///< the positive ideal solution, per criterion
  vector_of<Scalar> anti_ideal;  ///< the negative ideal solution, per criterion
  /// Criteria that were constant in the reference; they add nothing to either distance.
  std::vector<Eigen::Index> constant_criteria;
  topsis_normalization normalization = topsis_normalization::vector;  ///< the normalisation used
  BOOST_DESCRIBE_CLASS(topsis_result, (),
                       (closeness, distance_to_ideal, distance_to_anti_ideal, ideal, anti_ideal,
                        constant_criteria, normalization),
                       (), ())
};

/// What kam::topsis_into reports when it writes the closeness and the distances into the
/// caller's storage: the fields of topsis_result other than those three.
template <real_scalar Scalar>
struct topsis_summary {
  vector_of<Scalar> ideal;       ///< the ideal point, one value per criterion (v space)
  vector_of<Scalar> anti_ideal;  ///< the anti-ideal point, one value per criterion (v space)
  /// Criteria that were constant (max == min) in the data or reference: they add nothing.
  std::vector<Eigen::Index> constant_criteria;
  /// The normalisation used.
  topsis_normalization normalization = topsis_normalization::vector;
  BOOST_DESCRIBE_CLASS(topsis_summary, (), (ideal, anti_ideal, constant_criteria, normalization),
                       (), ())
};

namespace detail {

/// The weighted normalised value of a criterion is v = a x + b; the kernel adds (a x + c)^2 to
/// the squared distances, with c = b - ideal (`c_ideal`) and c = b - anti-ideal (`c_anti`).
template <typename Scalar>
struct topsis_coefficients {
  std::vector<Scalar> a;        ///< per criterion: the weight times the normalisation's scale
  std::vector<Scalar> c_ideal;  ///< per criterion: b - ideal
  std::vector<Scalar> c_anti;   ///< per criterion: b - anti-ideal
};

/// Returns the scale and origin of criterion j's normalisation from the reference `ref` (scale 0
/// for a constant criterion); throws for values vector normalisation cannot take and for a
/// scale that `Scalar` cannot hold.
template <typename Scalar>
std::pair<Scalar, Scalar> topsis_scale_and_origin(const criterion& c,
                                                  const column_stats<Scalar>& ref, Eigen::Index j,
                                                  topsis_normalization normalization,
                                                  const char* fn) {
  const bool constant = !(ref.max(j) > ref.min(j));
  switch (normalization) {
    case topsis_normalization::vector: {
      if (ref.min(j) < Scalar(0)) {
        throw invalid_input({fn, c.name, std::nullopt},
                            detail::cat({"the smallest value is ", ref.min(j),
                                         "; vector normalisation needs values >= 0 (use "
                                         "topsis_normalization::min_max)"}));
      }
      if (constant) return {Scalar(0), Scalar(0)};
      const Scalar scale = Scalar(1) / std::sqrt(ref.sum_of_squares(j));
      check_scale(Scalar(0), scale, "the norm sqrt(sum of x^2)", c, ref.min(j), ref.max(j), fn);
      return {scale, Scalar(0)};
    }
    case topsis_normalization::min_max: {
      if (constant) return {Scalar(0), ref.min(j)};
      const Scalar scale = Scalar(1) / (ref.max(j) - ref.min(j));
      check_scale(ref.min(j), scale, "the range", c, ref.min(j), ref.max(j), fn);
      return {scale, ref.min(j)};
    }
    case topsis_normalization::none:
      break;
  }
  return {constant ? Scalar(0) : Scalar(1), Scalar(0)};
}

/// Sets the ideal and anti-ideal points and the constant criteria of `r` (a topsis_result or a
/// topsis_summary) from the reference, and returns the coefficients of the kernel.
template <typename Points, typename Scalar>
topsis_coefficients<Scalar> topsis_points(Points& r, const criteria_set& criteria,
                                          const column_stats<Scalar>& ref,
                                          topsis_normalization normalization, const char* fn) {
  const Eigen::Index k = criteria.size();
  const auto size = static_cast<std::size_t>(k);
  topsis_coefficients<Scalar> co{std::vector<Scalar>(size), std::vector<Scalar>(size),
                                 std::vector<Scalar>(size)};
  r.constant_criteria.clear();
  r.ideal.resize(k);
  r.anti_ideal.resize(k);
  for (Eigen::Index j = 0; j < k; ++j) {
    const auto [scale, origin] = topsis_scale_and_origin(criteria[j], ref, j, normalization, fn);
    if (!(ref.max(j) > ref.min(j))) r.constant_criteria.push_back(j);
    const Scalar aj = static_cast<Scalar>(criteria.weights()(j)) * scale;
    const Scalar bj = -aj * origin;
    const Scalar hi = aj * ref.max(j) + bj;
    const Scalar lo = aj * ref.min(j) + bj;
    const bool cost = criteria[j].direction == direction::cost;
    r.ideal(j) = cost ? lo : hi;
    r.anti_ideal(j) = cost ? hi : lo;
    const auto u = static_cast<std::size_t>(j);
    co.a[u] = aj;
    co.c_ideal[u] = bj - r.ideal(j);
    co.c_anti[u] = bj - r.anti_ideal(j);
  }
  return co;
}

/// Computes TOPSIS of `x` (shape checked, direct access) against `ref`: the points into `r` (a
/// topsis_result or a topsis_summary), the closeness and the distances into `closeness`,
/// `to_ideal` and `to_anti` (x.rows() values each); when `check_range`, a value outside the
/// reference is an error. Errors name `fn`.
template <typename Points, typename X, typename Scalar>
void topsis_checked(Points& r, Scalar* closeness, Scalar* to_ideal, Scalar* to_anti, const X& x,
                    const criteria_set& criteria, const column_stats<Scalar>& ref, bool check_range,
                    topsis_normalization normalization, unsigned threads, const char* fn) {
  if (!is_enumerator(normalization)) {
    throw invalid_input({fn, "normalization", std::nullopt}, "not a topsis_normalization");
  }
  r.normalization = normalization;
  const auto co = topsis_points(r, criteria, ref, normalization, fn);
  const topsis_kernel<Scalar> kernel{co.a.data(),     co.c_ideal.data(), co.c_anti.data(),
                                     criteria.size(), to_ideal,          to_anti,
                                     closeness};
  topsis_distances(x, kernel, criteria, ref, check_range, threads, fn);
}

/// As above, into the vectors of `r`, resized to x.rows().
template <typename X, typename Scalar>
void topsis_checked(topsis_result<Scalar>& r, const X& x, const criteria_set& criteria,
                    const column_stats<Scalar>& ref, bool check_range,
                    topsis_normalization normalization, unsigned threads, const char* fn) {
  const Eigen::Index n = x.rows();
  r.closeness.resize(n);
  r.distance_to_ideal.resize(n);
  r.distance_to_anti_ideal.resize(n);
  topsis_checked(r, r.closeness.data(), r.distance_to_ideal.data(), r.distance_to_anti_ideal.data(),
                 x, criteria, ref, check_range, normalization, threads, fn);
}

/// Checks the caller's storage of kam::topsis_into over spans against `x` and each other.
template <typename X, typename Scalar>
void check_topsis_storage(std::span<Scalar> closeness, std::span<Scalar> to_ideal,
                          std::span<Scalar> to_anti, const X& x, const char* fn) {
  check_output_span(closeness, x, "closeness", fn);
  check_output_span(to_ideal, x, "distance_to_ideal", fn);
  check_output_span(to_anti, x, "distance_to_anti_ideal", fn);
  if (overlaps(closeness.data(), closeness.size_bytes(), to_ideal.data(), to_ideal.size_bytes()) ||
      overlaps(closeness.data(), closeness.size_bytes(), to_anti.data(), to_anti.size_bytes()) ||
      overlaps(to_ideal.data(), to_ideal.size_bytes(), to_anti.data(), to_anti.size_bytes())) {
    throw invalid_input({fn, "closeness", std::nullopt},
                        "the closeness and the two distances share memory; give each its own "
                        "storage");
  }
}

}  // namespace detail

/// Computes TOPSIS (Hwang & Yoon 1981) for every account (row of `x`, columns in criteria order)
/// into `result`, reusing its storage (no allocation when it already holds as many accounts):
/// r_ij per `options.normalization` (vector by default), v_ij = w_j r_ij with the weights
/// normalised to sum 1, the ideal and anti-ideal points over `x` (best and worst v_ij per
/// criterion, by its direction), the Euclidean distances D+ and D- and the closeness
/// D- / (D+ + D-). Uses each criterion's weight and direction, not its `normalization` field.
/// Only the closeness, the two distances and the two points are stored: no N x K temporary.
///
/// Throws kam::shape_mismatch (columns), kam::empty_input (no rows), kam::non_finite_value (NaN or
/// infinity), kam::invalid_input (a negative value under vector normalisation), each naming the
/// criterion and the row, and kam::out_of_bounds for threads above kam::max_threads. On an
/// exception `result` is valid but unspecified. Complexity: two
/// passes over `x` (statistics, then distances).
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
void topsis_into(topsis_result<typename Derived::Scalar>& result,
                 const Eigen::MatrixBase<Derived>& x, const criteria_set& criteria,
                 const topsis_options& options = {}) {
  constexpr const char* fn = "kam::topsis";
  detail::check_shape(x, criteria, fn, false);
  const auto& xd = detail::direct(x);
  const unsigned threads = resolve_threads(options.threads, fn);
  const bool vector = options.normalization == topsis_normalization::vector;
  const auto stats = detail::topsis_reference(xd, criteria, vector, threads, fn);
  detail::topsis_checked(result, xd, criteria, stats, false, options.normalization, threads, fn);
}

/// Computes TOPSIS of `x` against `reference`, the column statistics of the whole portfolio (e.g.
/// merged from chunks): the normalisation and the ideal and anti-ideal points come from the
/// reference, so scoring chunks against the merged statistics gives the same bits as scoring the
/// whole. A value outside the reference's [min, max] is a kam::out_of_bounds error naming the
/// criterion and the row. Throws as the other overload, and kam::shape_mismatch /
/// kam::empty_input for a reference that does not fit the criteria. Complexity: one pass.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
void topsis_into(topsis_result<typename Derived::Scalar>& result,
                 const Eigen::MatrixBase<Derived>& x, const criteria_set& criteria,
                 const column_stats<typename Derived::Scalar>& reference,
                 const topsis_options& options = {}) {
  constexpr const char* fn = "kam::topsis";
  detail::check_shape(x, criteria, fn, false);
  const auto& xd = detail::direct(x);
  const unsigned threads = resolve_threads(options.threads, fn);
  detail::check_method_reference(reference, criteria, fn);
  detail::topsis_checked(result, xd, criteria, reference, true, options.normalization, threads, fn);
}

/// Computes TOPSIS of every account of `x` (fitted on `x` itself, as the overload into a
/// topsis_result) into storage the caller owns: the closeness, D+ and D- into `closeness`,
/// `distance_to_ideal` and `distance_to_anti_ideal` (x.rows() values each). Returns the points,
/// the constant criteria and the normalisation. Allocates nothing of the accounts' size. Throws
/// as the other overloads, and kam::shape_mismatch naming the span of another length, and
/// kam::invalid_input when a span overlaps the accounts' values or another span.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] topsis_summary<typename Derived::Scalar> topsis_into(
    std::span<typename Derived::Scalar> closeness,
    std::span<typename Derived::Scalar> distance_to_ideal,
    std::span<typename Derived::Scalar> distance_to_anti_ideal, const Eigen::MatrixBase<Derived>& x,
    const criteria_set& criteria, const topsis_options& options = {}) {
  constexpr const char* fn = "kam::topsis";
  detail::check_shape(x, criteria, fn, false);
  const auto& xd = detail::direct(x);
  detail::check_topsis_storage(closeness, distance_to_ideal, distance_to_anti_ideal, xd, fn);
  const unsigned threads = resolve_threads(options.threads, fn);
  const bool vector = options.normalization == topsis_normalization::vector;
  const auto stats = detail::topsis_reference(xd, criteria, vector, threads, fn);
  topsis_summary<typename Derived::Scalar> summary;
  detail::topsis_checked(summary, closeness.data(), distance_to_ideal.data(),
                         distance_to_anti_ideal.data(), xd, criteria, stats, false,
                         options.normalization, threads, fn);
  return summary;
}

/// Returns TOPSIS of every account of `x`; see kam::topsis_into.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] topsis_result<typename Derived::Scalar> topsis(const Eigen::MatrixBase<Derived>& x,
                                                             const criteria_set& criteria,
                                                             const topsis_options& options = {}) {
  topsis_result<typename Derived::Scalar> r;
  topsis_into(r, x, criteria, options);
  return r;
}

/// Returns TOPSIS of `x` against `reference`; see kam::topsis_into.
template <typename Derived>
requires real_scalar<typename Derived::Scalar>
[[nodiscard]] topsis_result<typename Derived::Scalar> topsis(
    const Eigen::MatrixBase<Derived>& x, const criteria_set& criteria,
    const column_stats<typename Derived::Scalar>& reference, const topsis_options& options = {}) {
  topsis_result<typename Derived::Scalar> r;
  topsis_into(r, x, criteria, reference, options);
  return r;
}

}  // namespace kam
