// The options and the result of a Cox proportional hazards fit (kam/retention/cox.hpp fits it).
#pragma once

#include <Eigen/Core>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/retention/fit_status.hpp>

namespace kam {

/// How the partial likelihood treats accounts that churn at the same time (Kalbfleisch &
/// Prentice 2002, "The Statistical Analysis of Failure Time Data", section 4.2.3):
/// - `efron` (Efron 1977): the d tied events leave the risk set a fraction 1/d at a time; close
///   to the exact partial likelihood. The default of lifelines and R's coxph.
/// - `breslow` (Breslow 1974): every tied event sees the whole risk set; simpler, and biased
///   towards zero when ties are many. The default of statsmodels' PHReg.
enum class cox_ties { efron, breslow };
BOOST_DESCRIBE_ENUM(cox_ties, efron, breslow)

/// The largest max_iterations fit_cox accepts.
inline constexpr int cox_max_iterations = 10000;

/// Options of fit_cox.
struct cox_options {
  cox_ties ties = cox_ties::efron;  ///< see cox_ties
  int max_iterations = 100;         ///< Newton-Raphson iterations, in [1, cox_max_iterations]
  /// Convergence: the Newton decrement g' I^-1 g (twice the log partial likelihood still to
  /// gain, to second order) is at most tolerance x (1 + |log partial likelihood|); one more step
  /// is then taken. Both sides are taken per unit of case weight (the mean weight of the events),
  /// so weights multiplied by a constant converge to the same coefficients. Positive and finite.
  double tolerance = 1e-12;
  double confidence = 0.95;  ///< level of the confidence intervals, in (0, 1)
  /// Report each coefficient per standard deviation of its covariate instead of per unit: the
  /// fit is that of the covariates (x - mean) / sd, sd the weighted sample standard deviation
  /// sqrt(sum w (x - mean)^2 / sum w x m / (m - 1)), m the accounts with a positive weight (the
  /// n - 1 divisor of R's sd and pandas' std when weights are 1). Coefficients become
  /// comparable across covariates; the likelihood, tests, p-values, concordance, baseline and
  /// predictions do not change. cox_fit::scales holds the sds.
  bool standardize = false;
};
BOOST_DESCRIBE_STRUCT(cox_options, (), (ties, max_iterations, tolerance, confidence, standardize))

/// A fitted Cox model: per covariate column (in the order of the columns) the coefficient, its
/// statistics and hazard ratio; the fit's log partial likelihoods, likelihood-ratio test and
/// concordance.
template <real_scalar Scalar>
struct cox_fit {
  vector_of<Scalar> coefficients;  ///< beta: the log hazard ratio per unit of the covariate
  vector_of<Scalar> std_error;     ///< from the inverse information at beta (NaN if boundary)
  vector_of<Scalar> z;             ///< coefficient / std_error (Wald)
  vector_of<Scalar> p_value;       ///< two-sided, from the standard normal: P(|Z| >= |z|)
  vector_of<Scalar> lower;         ///< lower end of the confidence interval of beta
  vector_of<Scalar> upper;         ///< upper end; exp() of either end bounds the hazard ratio
  vector_of<Scalar> hazard_ratio;  ///< exp(beta)
  matrix_of<Scalar> covariance;    ///< the inverse information at beta, p x p (NaN if boundary)
  Scalar log_likelihood = 0;       ///< the log partial likelihood at beta
  Scalar log_likelihood_null = 0;  ///< ... at beta = 0
  Scalar lr_chi_square = 0;        ///< likelihood-ratio statistic 2 (log_likelihood - null)
  Eigen::Index lr_degrees_of_freedom = 0;  ///< its degrees of freedom: the number of covariates
  Scalar lr_p_value = 1;                   ///< P(chi-square(df) >= lr_chi_square)
  /// Harrell's C: among comparable pairs, the share where the account with the higher linear
  /// predictor churned first. A pair is comparable when the account with the shorter lifetime
  /// churned, or when both have the same lifetime and exactly the first churned (the censored
  /// one counts as lasting longer); two events at the same time are not comparable. Tied
  /// predictors count 1/2. Pairs are within a stratum; weights are ignored. The rule of
  /// lifelines' concordance_index and R's survival::concordance. NaN when no pair is comparable.
  Scalar concordance = 0;
  fit_status status = fit_status::converged;  ///< why the search stopped (see fit_cox)
  bool converged = false;                     ///< status == converged
  int iterations = 0;                         ///< Newton-Raphson iterations used
  Eigen::Index accounts = 0;                  ///< accounts fitted
  Scalar events = 0;                          ///< churned accounts (sum of their weights)
  Eigen::Index strata = 1;                    ///< strata (1 without)
  /// The covariate column means, weighted by the case weights (R's coxph): the baseline is that
  /// of an account with them.
  vector_of<Scalar> means;
  /// What each covariate is divided by after centring: its standard deviation with
  /// cox_options::standardize (coefficients per standard deviation), 1 without.
  vector_of<Scalar> scales;
  /// Breslow's estimate of the baseline cumulative hazard H0(t) = sum over event times t_k <= t
  /// of (weight of the events at t_k) / (sum over the accounts at risk at t_k of w exp((x -
  /// means)' beta)), whatever the ties method (as lifelines; R's survfit adjusts it for Efron's
  /// ties). One entry per stratum and event time: the stratum's label (0 without strata), the
  /// time and H0 there; strata in increasing label order, times increasing within one. When the
  /// linear predictors of the accounts span more than about 700 (status boundary, or a fit near
  /// separation) the hazard at the means can exceed the range of double: such entries are
  /// +infinity.
  index_vector baseline_stratum;
  vector_of<Scalar> baseline_time;               ///< see baseline_stratum
  vector_of<Scalar> baseline_cumulative_hazard;  ///< see baseline_stratum
  cox_options options;                           ///< as given
  BOOST_DESCRIBE_CLASS(cox_fit, (),
                       (coefficients, std_error, z, p_value, lower, upper, hazard_ratio, covariance,
                        log_likelihood, log_likelihood_null, lr_chi_square, lr_degrees_of_freedom,
                        lr_p_value, concordance, status, converged, iterations, accounts, events,
                        strata, means, scales, baseline_stratum, baseline_time,
                        baseline_cumulative_hazard, options),
                       (), ())
};

}  // namespace kam
