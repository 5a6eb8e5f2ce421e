// Why a maximum-likelihood fit of a retention model stopped (kam::fit_sbg, kam::fit_bgnbd).
#pragma once

#include <boost/describe/enum.hpp>

namespace kam {

/// Why a fit stopped.
/// - `converged`: the gradient of the log-likelihood vanished at an interior maximum.
/// - `max_iterations`: the iteration limit came first; the estimates are the best point found.
/// - `boundary`: the likelihood keeps rising towards the edge of the parameter space (a
///   parameter runs to 0 or infinity; for the sBG e.g. a cohort where nobody churned, or
///   everybody at once, or churn so homogeneous that alpha and beta grow together: the geometric
///   limit): no finite maximum-likelihood estimate exists; the estimates (beyond e^15 or below
///   e^-15, or for the sBG a fit no better than the geometric model's) are where the search
///   stopped.
enum class fit_status { converged, max_iterations, boundary };
BOOST_DESCRIBE_ENUM(fit_status, converged, max_iterations, boundary)

}  // namespace kam
