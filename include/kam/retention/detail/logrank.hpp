// Not API. The engine of kam/retention/logrank.hpp: the checked input in double, the statistic
// (in logrank_impl.hpp) and the chi-square tail it is compared with.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <kam/core/error.hpp>
#include <kam/retention/detail/survival.hpp>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

namespace kam {

struct logrank_options;  // kam/retention/logrank.hpp

namespace detail {

/// The accounts of a log-rank test, checked: lifetimes, event flags (1 = churned), and each
/// account's group as an index into `labels` (the distinct labels, increasing).
struct logrank_input {
  std::vector<double> times;
  std::vector<unsigned char> events;
  std::vector<std::size_t> group;
  std::vector<long long> labels;
};

/// The statistic of a log-rank test and what it is made of, per group in label order.
struct logrank_statistic {
  std::vector<Eigen::Index> accounts;
  std::vector<double> observed, expected;
  double chi_square = 0;
  double p_value = 1;
};

/// Throws kam::invalid_input (naming `fn`) unless `options` holds a known weighting and a finite
/// rho >= 0.
void check_logrank_options(const logrank_options& options, const char* fn);

/// Returns the statistic of checked accounts. Throws kam::invalid_input (naming `fn`) for fewer
/// than two groups, too many, no event, a group never at risk at an event time, or no variance.
logrank_statistic compute_logrank(const logrank_input& in, const logrank_options& options,
                                  const char* fn);

/// Returns the group labels of `groups` as indices into the sorted distinct labels, which it
/// stores in `in.labels`. Throws kam::invalid_input naming the account for a label beyond the
/// range of long long.
template <typename Groups>
void read_logrank_groups(const Groups& groups, logrank_input& in, const char* fn) {
  const Eigen::Index n = groups.size();
  std::vector<long long> label(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto g = groups.cols() == 1 ? groups.coeff(i, 0) : groups.coeff(0, i);
    using G = typename Groups::Scalar;
    if constexpr (std::is_unsigned_v<G> && sizeof(G) >= sizeof(long long)) {
      if (g > static_cast<G>(std::numeric_limits<long long>::max())) {
        throw invalid_input({fn, "groups", i}, "group label is beyond the range of long long");
      }
    }
    label[static_cast<std::size_t>(i)] = static_cast<long long>(g);
  }
  in.labels = label;
  std::sort(in.labels.begin(), in.labels.end());
  in.labels.erase(std::unique(in.labels.begin(), in.labels.end()), in.labels.end());
  in.group.resize(label.size());
  for (std::size_t i = 0; i < label.size(); ++i) {
    const auto at = std::lower_bound(in.labels.begin(), in.labels.end(), label[i]);
    in.group[i] = static_cast<std::size_t>(at - in.labels.begin());
  }
}

/// Returns the accounts of `times`, `events` and `groups` after checking their shapes and every
/// value, account by account (the checks of kam::kaplan_meier, and the group labels).
template <typename Times, typename Events, typename Groups>
logrank_input read_logrank_input(const Eigen::MatrixBase<Times>& times,
                                 const Eigen::MatrixBase<Events>& events,
                                 const Eigen::MatrixBase<Groups>& groups, const char* fn) {
  km_input km = read_km_input(times.derived(), events.derived(), static_cast<const Times*>(nullptr),
                              typename Times::Scalar(0.5), fn);
  check_survival_vector(groups, times.size(), fn, "groups");
  logrank_input in;
  in.times = std::move(km.times);
  in.events = std::move(km.events);
  read_logrank_groups(groups.derived(), in, fn);
  return in;
}

}  // namespace detail
}  // namespace kam
