// The log-rank test and its weighted relatives: do two or more groups of accounts (segments,
// tiers, plans) churn at the same rate over time?
#pragma once

#include <Eigen/Core>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <concepts>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/retention/detail/logrank.hpp>

namespace kam {

/// The weight w(t) each event time gets in the test statistic (Klein & Moeschberger 2003,
/// "Survival Analysis", section 7.3; the same choices as statsmodels' survdiff):
/// - `logrank`: w = 1 (Mantel 1966; Peto & Peto 1972): every event time counts alike, the most
///   powerful test when one group's hazard is a constant multiple of another's.
/// - `gehan_breslow`: w = n(t), the accounts at risk (Gehan 1965, Breslow 1970: the generalised
///   Wilcoxon test): early differences, where many accounts are at risk, count most.
/// - `tarone_ware`: w = sqrt(n(t)) (Tarone & Ware 1977): between the two.
/// - `fleming_harrington`: w = S(t-)^rho, the pooled Kaplan-Meier survival just before t
///   (Fleming & Harrington 1991, G-rho family; rho = `fleming_harrington_rho`): rho = 0 is the
///   log-rank test, rho = 1 the Peto-Prentice form of the Wilcoxon test.
enum class logrank_weighting { logrank, gehan_breslow, tarone_ware, fleming_harrington };
BOOST_DESCRIBE_ENUM(logrank_weighting, logrank, gehan_breslow, tarone_ware, fleming_harrington)

/// Options of logrank_test.
struct logrank_options {
  logrank_weighting weighting = logrank_weighting::logrank;  ///< see logrank_weighting
  double fleming_harrington_rho = 1;  ///< rho of `fleming_harrington`, finite and >= 0
};
BOOST_DESCRIBE_STRUCT(logrank_options, (), (weighting, fleming_harrington_rho))

/// The result of logrank_test: per group (in increasing order of label) the accounts, the
/// observed events and the events expected if every group had the pooled hazard; the statistic,
/// chi-square with groups - 1 degrees of freedom under that hypothesis, and its p-value.
template <real_scalar Scalar>
struct logrank_result {
  index_vector groups;                  ///< the distinct group labels, increasing
  index_vector accounts;                ///< accounts per group
  vector_of<Scalar> observed;           ///< events per group (O)
  vector_of<Scalar> expected;           ///< expected events per group under equal hazards (E)
  Scalar chi_square = 0;                ///< the test statistic
  Eigen::Index degrees_of_freedom = 0;  ///< groups - 1
  Scalar p_value = 1;                   ///< P(chi-square(df) >= chi_square)
  logrank_options options;              ///< as given
  BOOST_DESCRIBE_CLASS(logrank_result, (),
                       (groups, accounts, observed, expected, chi_square, degrees_of_freedom,
                        p_value, options),
                       (), ())
};

/// The most groups logrank_test compares: the statistic costs O(groups^2) per event time.
inline constexpr Eigen::Index logrank_max_groups = 1000;

/// Tests whether accounts in different groups churn at the same rate over time: the k-sample
/// log-rank test (Mantel 1966) or, per `options.weighting`, a weighted relative. Each account
/// has a lifetime `times(i)` (tenure in any unit, >= 0), an event flag `events(i)` (1 = churned
/// at that time, 0 = still a customer when last seen: right-censored) and a group label
/// `groups(i)` (any integers: segment codes, tiers). At an event time t with n accounts at risk
/// (lifetime >= t, so an account censored at t is still at risk), d events, and n_j at risk and
/// d_j events in group j, the test sums U_j = sum_t w(t) (d_j - d n_j / n) and its covariance
/// V_jl = sum_t w(t)^2 d (n - d) / (n - 1) (n_j / n) (delta_jl - n_l / n); the statistic is
/// U' V^-1 U over the first k - 1 groups (the k-th is determined by them), chi-square with k - 1
/// degrees of freedom under equal hazards (Klein & Moeschberger 2003, section 7.3). The same
/// numbers as statsmodels' survdiff and R's survdiff (rho = 0).
///
/// Throws kam::empty_input without accounts, kam::shape_mismatch if `events` or `groups` has
/// another length, kam::non_finite_value or kam::invalid_input naming the account for a NaN,
/// infinite or negative time or an event flag that is not 0 or 1; kam::invalid_input for fewer
/// than two groups or more than logrank_max_groups, for no event at all, for a group with nobody
/// at risk at any event time, when the events leave no variance to test (every at-risk account
/// churning at the same instant), and for a bad `options` (see validate). Complexity
/// O(N log N + E k^2) for E distinct event times and k groups.
template <typename Times, typename Events, typename Groups>
requires real_scalar<typename Times::Scalar> && std::is_arithmetic_v<typename Events::Scalar> &&
    std::integral<typename Groups::Scalar>
[[nodiscard]] logrank_result<typename Times::Scalar> logrank_test(
    const Eigen::MatrixBase<Times>& times, const Eigen::MatrixBase<Events>& events,
    const Eigen::MatrixBase<Groups>& groups, const logrank_options& options = {}) {
  using Scalar = typename Times::Scalar;
  constexpr const char* fn = "kam::logrank_test";
  detail::check_logrank_options(options, fn);
  const detail::logrank_input in = detail::read_logrank_input(times, events, groups, fn);
  const detail::logrank_statistic s = detail::compute_logrank(in, options, fn);
  logrank_result<Scalar> out;
  const auto k = static_cast<Eigen::Index>(in.labels.size());
  out.groups.resize(k);
  out.accounts.resize(k);
  out.observed.resize(k);
  out.expected.resize(k);
  for (Eigen::Index j = 0; j < k; ++j) {
    const auto u = static_cast<std::size_t>(j);
    out.groups(j) = static_cast<Eigen::Index>(in.labels[u]);
    out.accounts(j) = s.accounts[u];
    out.observed(j) = static_cast<Scalar>(s.observed[u]);
    out.expected(j) = static_cast<Scalar>(s.expected[u]);
  }
  out.chi_square = static_cast<Scalar>(s.chi_square);
  out.degrees_of_freedom = k - 1;
  out.p_value = static_cast<Scalar>(s.p_value);
  out.options = options;
  return out;
}

/// Checks `options` as logrank_test would, without data: a known weighting and a finite
/// fleming_harrington_rho >= 0. Throws kam::invalid_input naming kam::validate and the field.
void validate(const logrank_options& options);

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/retention/detail/logrank_impl.hpp>
#endif
