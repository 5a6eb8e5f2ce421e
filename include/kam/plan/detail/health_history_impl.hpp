// Not API. Definitions of kam/plan/health_history.hpp (compiled once in compiled mode).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/plan/detail/words.hpp>
#include <kam/plan/health_history.hpp>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

namespace kam {
namespace detail {

/// Throws unless `v` is finite, naming `field`.
KAM_INLINE void check_health_finite(double v, const char* field, const char* fn) {
  if (!std::isfinite(v)) throw non_finite_value({fn, field}, cat({"value ", v, " is not finite"}));
}

KAM_INLINE void check_health_options(const health_options& o, const char* fn) {
  const std::size_t edges = o.band_edges.size();
  if (edges > 254) {
    throw invalid_input({fn, "band_edges"}, cat({edges, " edges; at most 254 (255 bands)"}));
  }
  for (std::size_t k = 0; k < edges; ++k) {
    const auto at = static_cast<std::ptrdiff_t>(k);
    if (!std::isfinite(o.band_edges[k])) {
      throw non_finite_value({fn, "band_edges", std::nullopt, at},
                             cat({"edge ", o.band_edges[k], " is not finite"}));
    }
    if (k > 0 && !(o.band_edges[k] > o.band_edges[k - 1])) {
      throw invalid_input({fn, "band_edges", std::nullopt, at},
                          cat({"edge ", o.band_edges[k], " is not above the edge before it, ",
                               o.band_edges[k - 1], " (edges increase strictly)"}));
    }
  }
  if (o.band_names.size() != edges + 1) {
    throw shape_mismatch({fn, "band_names"}, cat({o.band_names.size(), " names for ", edges,
                                                  " edges (one more name than edges)"}));
  }
  for (std::size_t k = 0; k < o.band_names.size(); ++k) {
    const auto at = static_cast<std::ptrdiff_t>(k);
    if (o.band_names[k].empty()) {
      throw invalid_input({fn, "band_names", std::nullopt, at}, "the band name is empty");
    }
    for (std::size_t j = 0; j < k; ++j) {
      if (o.band_names[j] == o.band_names[k]) {
        throw duplicate_name({fn, "band_names", std::nullopt, at},
                             cat({"band '", o.band_names[k], "' is named at ", j, " already"}));
      }
    }
  }
  check_health_finite(o.dead_band, "dead_band", fn);
  if (o.dead_band < 0) {
    throw out_of_bounds({fn, "dead_band"}, cat({"dead band ", o.dead_band, " is negative"}));
  }
  if (o.window < 1) {
    throw out_of_bounds({fn, "window"}, cat({"window ", o.window, " is below 1 period"}));
  }
  check_health_finite(o.fall_threshold, "fall_threshold", fn);
  if (!(o.fall_threshold > 0)) {
    throw out_of_bounds({fn, "fall_threshold"},
                        cat({"threshold ", o.fall_threshold, " is not above 0"}));
  }
  check_health_finite(o.churn_rise_threshold, "churn_rise_threshold", fn);
  if (!(o.churn_rise_threshold > 0 && o.churn_rise_threshold <= 1)) {
    throw out_of_bounds({fn, "churn_rise_threshold"},
                        cat({"threshold ", o.churn_rise_threshold, " is outside (0, 1]"}));
  }
  check_health_finite(o.tolerance, "tolerance", fn);
  if (o.tolerance < 0) {
    throw out_of_bounds({fn, "tolerance"}, cat({"tolerance ", o.tolerance, " is negative"}));
  }
}

/// Throws unless `scores` has accounts, at least `dates` dates and finite values only.
KAM_INLINE void check_health_scores(const Eigen::Ref<const Eigen::MatrixXd>& scores,
                                    Eigen::Index dates, const char* fn) {
  if (scores.rows() == 0) throw empty_input({fn, "scores"}, "no accounts");
  if (scores.cols() < dates) {
    throw invalid_input({fn, "scores"},
                        cat({"scores on ", scores.cols(), scores.cols() == 1 ? " date" : " dates",
                             "; at least ", dates, " are needed"}));
  }
  for (Eigen::Index t = 0; t < scores.cols(); ++t) {
    for (Eigen::Index i = 0; i < scores.rows(); ++i) {
      if (!std::isfinite(scores(i, t))) {
        throw non_finite_value({fn, "scores", i, t},
                               cat({"score ", scores(i, t), " at date ", t, " is not finite"}));
      }
    }
  }
}

/// Returns "0.75 to 0.6, green to amber" (the bands only when they differ: "green").
KAM_INLINE std::string health_span(double from, double to, std::uint8_t band_from,
                                   std::uint8_t band_to, const std::vector<std::string>& names) {
  std::string s = cat({plan_number(from), " to ", plan_number(to), ", "});
  if (band_from < names.size() && band_to < names.size()) {
    s += band_from == band_to ? cat({"still ", names[band_from]})
                              : cat({names[band_from], " to ", names[band_to]});
  }
  return s;
}

/// Returns "fell 0.15", "rose 0.1" or "flat" for a change and a dead band.
KAM_INLINE std::string health_move(double change, double dead_band) {
  if (std::abs(change) <= dead_band) return "flat";
  return cat({change < 0 ? "fell " : "rose ", plan_number(std::abs(change))});
}

}  // namespace detail

namespace detail {

/// Returns the band of a finite `score` under checked `options` (the loops of this file).
KAM_INLINE std::uint8_t band_of(double score, const health_options& options) {
  const auto& e = options.band_edges;
  return static_cast<std::uint8_t>(std::upper_bound(e.begin(), e.end(), score) - e.begin());
}

}  // namespace detail

KAM_INLINE std::uint8_t health_band(double score, const health_options& options) {
  // NaN compares below no edge, so it would land in the best band: a missing health score
  // reported as green.
  if (!std::isfinite(score)) {
    throw non_finite_value({"kam::health_band", "score"},
                           detail::cat({"score ", score, " is not finite"}));
  }
  return detail::band_of(score, options);
}

KAM_INLINE health_history track_health(const Eigen::Ref<const Eigen::MatrixXd>& scores,
                                       const health_options& options) {
  constexpr const char* fn = "kam::track_health";
  detail::check_health_options(options, fn);
  detail::check_health_scores(scores, 2, fn);
  const Eigen::Index n = scores.rows(), dates = scores.cols(), periods = dates - 1;
  const auto bands = static_cast<Eigen::Index>(options.band_names.size());
  health_history h;
  h.change.resize(n, periods);
  h.direction.resize(n, periods);
  h.band.resize(n, dates);
  h.rose = index_vector::Zero(periods);
  h.flat = index_vector::Zero(periods);
  h.fell = index_vector::Zero(periods);
  h.band_changes = index_vector::Zero(n);
  h.band_names = options.band_names;
  for (Eigen::Index t = 0; t < dates; ++t) {
    for (Eigen::Index i = 0; i < n; ++i) h.band(i, t) = detail::band_of(scores(i, t), options);
  }
  h.transitions.assign(
      static_cast<std::size_t>(periods),
      Eigen::Matrix<Eigen::Index, Eigen::Dynamic, Eigen::Dynamic>::Zero(bands, bands));
  for (Eigen::Index t = 0; t < periods; ++t) {
    auto& moved = h.transitions[static_cast<std::size_t>(t)];
    for (Eigen::Index i = 0; i < n; ++i) {
      const double d = scores(i, t + 1) - scores(i, t);
      if (!std::isfinite(d)) {
        throw out_of_bounds(
            {fn, "scores", i, t + 1},
            detail::cat({"the change from ", scores(i, t), " at date ", t, " to ", scores(i, t + 1),
                         " exceeds the range of double; ", "rescale the scores"}));
      }
      h.change(i, t) = d;
      constexpr std::int8_t up = 1, down = -1, still = 0;
      const std::int8_t dir = std::abs(d) <= options.dead_band ? still : (d > 0 ? up : down);
      h.direction(i, t) = dir;
      ++(dir > 0 ? h.rose : dir < 0 ? h.fell : h.flat)(t);
      const std::uint8_t a = h.band(i, t), b = h.band(i, t + 1);
      ++moved(a, b);
      if (a != b) ++h.band_changes(i);
    }
  }
  return h;
}

KAM_INLINE health_change explain_health_change(const Eigen::Ref<const Eigen::MatrixXd>& scores,
                                               const std::vector<Eigen::MatrixXd>& contributions,
                                               const std::vector<std::string>& criteria,
                                               Eigen::Index from, Eigen::Index to,
                                               const health_options& options) {
  constexpr const char* fn = "kam::explain_health_change";
  detail::check_health_options(options, fn);
  if (scores.rows() == 0) throw empty_input({fn, "scores"}, "no accounts");
  if (criteria.empty()) throw empty_input({fn, "criteria"}, "no criteria");
  for (std::size_t k = 0; k < criteria.size(); ++k) {
    const auto at = static_cast<std::ptrdiff_t>(k);
    if (criteria[k].empty()) {
      throw invalid_input({fn, "criteria", std::nullopt, at}, "the criterion name is empty");
    }
    for (std::size_t j = 0; j < k; ++j) {
      if (criteria[j] == criteria[k]) {
        throw duplicate_name(
            {fn, "criteria", std::nullopt, at},
            detail::cat({"criterion '", criteria[k], "' is named at ", j, " already"}));
      }
    }
  }
  const Eigen::Index n = scores.rows(), dates = scores.cols();
  const auto k_count = static_cast<Eigen::Index>(criteria.size());
  if (static_cast<Eigen::Index>(contributions.size()) != dates) {
    throw shape_mismatch({fn, "contributions"}, detail::cat({contributions.size(), " matrices for ",
                                                             dates, " dates (one per date)"}));
  }
  for (std::size_t t = 0; t < contributions.size(); ++t) {
    const auto& c = contributions[t];
    if (c.rows() != n || c.cols() != k_count) {
      throw shape_mismatch(
          {fn, "contributions", std::nullopt, static_cast<std::ptrdiff_t>(t)},
          detail::cat({"the matrix of date ", t, " is ", c.rows(), " x ", c.cols(), "; expected ",
                       n, " x ", k_count, " (accounts x criteria)"}));
    }
  }
  if (from < 0 || from >= dates) {
    throw out_of_bounds({fn, "from"},
                        detail::cat({"date ", from, " is outside the ", dates, " dates"}));
  }
  if (to < 0 || to >= dates) {
    throw out_of_bounds({fn, "to"},
                        detail::cat({"date ", to, " is outside the ", dates, " dates"}));
  }
  if (from >= to) {
    throw invalid_input({fn, "to"},
                        detail::cat({"date ", to, " is not after the date from, ", from}));
  }
  // Both dates: finite scores and contributions whose rows add up to the score.
  for (const Eigen::Index t : {from, to}) {
    const auto& c = contributions[static_cast<std::size_t>(t)];
    for (Eigen::Index i = 0; i < n; ++i) {
      const double s = scores(i, t);
      if (!std::isfinite(s)) {
        throw non_finite_value({fn, "scores", i, t},
                               detail::cat({"score ", s, " at date ", t, " is not finite"}));
      }
      double sum = 0;
      for (Eigen::Index j = 0; j < k_count; ++j) {
        if (!std::isfinite(c(i, j))) {
          throw non_finite_value(
              {fn, criteria[static_cast<std::size_t>(j)], i, t},
              detail::cat({"contribution ", c(i, j), " at date ", t, " is not finite"}));
        }
        sum += c(i, j);
      }
      if (std::abs(sum - s) > options.tolerance * std::max(1.0, std::abs(s))) {
        throw invalid_input({fn, "contributions", i, t},
                            detail::cat({"the contributions at date ", t, " add up to ", sum,
                                         ", not to the score ", s}));
      }
    }
  }
  const auto& before = contributions[static_cast<std::size_t>(from)];
  const auto& after = contributions[static_cast<std::size_t>(to)];
  health_change r;
  r.from = from;
  r.to = to;
  r.criteria = criteria;
  r.delta = after - before;
  r.change.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    double sum = 0;
    for (Eigen::Index j = 0; j < k_count; ++j) {
      sum += r.delta(i, j);
      if (!std::isfinite(sum)) {
        throw out_of_bounds(
            {fn, criteria[static_cast<std::size_t>(j)], i},
            detail::cat({"the change of the contributions from date ", from, " to date ", to,
                         " exceeds the range of double; ", "rescale the scores"}));
      }
    }
    r.change(i) = sum;
  }
  r.score_from = scores.col(from);
  r.score_to = scores.col(to);
  r.band_from.resize(static_cast<std::size_t>(n));
  r.band_to.resize(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) {
    r.band_from[static_cast<std::size_t>(i)] = detail::band_of(r.score_from(i), options);
    r.band_to[static_cast<std::size_t>(i)] = detail::band_of(r.score_to(i), options);
  }
  r.band_names = options.band_names;
  r.dead_band = options.dead_band;
  return r;
}

KAM_INLINE std::string health_change_words(const health_change& change, Eigen::Index row,
                                           std::size_t top) {
  const Eigen::Index n = change.change.size();
  if (row < 0 || row >= n) {
    throw out_of_bounds({"kam::health_change_words", "row", row},
                        detail::cat({"row ", row, " is outside the ", n, " accounts"}));
  }
  const auto i = static_cast<std::size_t>(row);
  const double d = change.change(row);
  std::string s =
      detail::cat({"health ", detail::health_move(d, change.dead_band), " (",
                   detail::health_span(change.score_from(row), change.score_to(row),
                                       change.band_from[i], change.band_to[i], change.band_names),
                   ")"});
  // The criteria that changed, largest |delta| first (stable: equal ones in criterion order).
  std::vector<std::size_t> order;
  const auto at = [&](std::size_t j) { return change.delta(row, static_cast<Eigen::Index>(j)); };
  for (std::size_t j = 0; j < static_cast<std::size_t>(change.delta.cols()); ++j) {
    if (at(j) != 0) order.push_back(j);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return std::abs(at(a)) > std::abs(at(b)); });
  if (order.empty()) return s + ": no criterion changed";
  const std::size_t shown = std::min(top, order.size());
  for (std::size_t k = 0; k < shown; ++k) {
    s += detail::cat({k == 0 ? ": " : ", ", change.criteria[order[k]], " ",
                      detail::signed_plan_number(at(order[k]))});
  }
  if (shown < order.size()) {
    const std::size_t more = order.size() - shown;
    double rest = 0;
    for (std::size_t k = shown; k < order.size(); ++k) rest += at(order[k]);
    s += detail::cat({shown == 0 ? ": " : ", ", more, " more ",
                      more == 1 ? "criterion " : "criteria ", detail::signed_plan_number(rest)});
  }
  return s;
}

KAM_INLINE at_risk_list find_at_risk(const Eigen::Ref<const Eigen::MatrixXd>& scores,
                                     const Eigen::Ref<const Eigen::VectorXd>& revenue,
                                     const Eigen::Ref<const Eigen::MatrixXd>& churn,
                                     const health_options& options) {
  constexpr const char* fn = "kam::find_at_risk";
  detail::check_health_options(options, fn);
  // window + 1 dates, clamped: a window of INT64_MAX must ask for too many dates, not overflow.
  constexpr Eigen::Index most = std::numeric_limits<Eigen::Index>::max();
  detail::check_health_scores(scores, std::min(options.window, most - 1) + 1, fn);
  const Eigen::Index n = scores.rows(), dates = scores.cols();
  if (revenue.size() != n) {
    throw shape_mismatch({fn, "revenue"},
                         detail::cat({revenue.size(), " revenues for ", n, " accounts"}));
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    if (!std::isfinite(revenue(i))) {
      throw non_finite_value({fn, "revenue", i},
                             detail::cat({"revenue ", revenue(i), " is not finite"}));
    }
    if (revenue(i) < 0) {
      throw out_of_bounds({fn, "revenue", i},
                          detail::cat({"revenue ", revenue(i), " is negative"}));
    }
  }
  const bool has_churn = churn.cols() > 0;
  if (has_churn && (churn.rows() != n || churn.cols() != dates)) {
    throw shape_mismatch({fn, "churn"},
                         detail::cat({"churn is ", churn.rows(), " x ", churn.cols(), "; expected ",
                                      n, " x ", dates, " (accounts x dates), or no columns"}));
  }
  if (has_churn) {
    for (Eigen::Index t = 0; t < dates; ++t) {
      for (Eigen::Index i = 0; i < n; ++i) {
        const double p = churn(i, t);
        if (!std::isfinite(p)) {
          throw non_finite_value(
              {fn, "churn", i, t},
              detail::cat({"churn probability ", p, " at date ", t, " is not finite"}));
        }
        if (p < 0 || p > 1) {
          throw out_of_bounds(
              {fn, "churn", i, t},
              detail::cat({"churn probability ", p, " at date ", t, " is outside [0, 1]"}));
        }
      }
    }
  }
  const Eigen::Index to = dates - 1, from = to - options.window;
  std::vector<Eigen::Index> rows;
  std::vector<std::uint8_t> why;
  for (Eigen::Index i = 0; i < n; ++i) {
    unsigned r = 0;
    if (scores(i, from) - scores(i, to) > options.fall_threshold) r |= at_risk_health_fell;
    if (has_churn && churn(i, to) - churn(i, from) > options.churn_rise_threshold) {
      r |= at_risk_churn_rose;
    }
    if (r != 0) {
      rows.push_back(i);
      why.push_back(static_cast<std::uint8_t>(r));
    }
  }
  std::vector<std::size_t> order(rows.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return revenue(rows[a]) > revenue(rows[b]);
  });
  const auto m = static_cast<Eigen::Index>(rows.size());
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  at_risk_list l;
  l.from = from;
  l.to = to;
  l.row.resize(m);
  l.revenue.resize(m);
  l.health_from.resize(m);
  l.health_to.resize(m);
  l.churn_from.resize(m);
  l.churn_to.resize(m);
  l.band_from.resize(rows.size());
  l.band_to.resize(rows.size());
  l.reasons.resize(rows.size());
  for (std::size_t k = 0; k < order.size(); ++k) {
    const Eigen::Index i = rows[order[k]];
    const auto e = static_cast<Eigen::Index>(k);
    l.row(e) = i;
    l.revenue(e) = revenue(i);
    l.health_from(e) = scores(i, from);
    l.health_to(e) = scores(i, to);
    l.churn_from(e) = has_churn ? churn(i, from) : nan;
    l.churn_to(e) = has_churn ? churn(i, to) : nan;
    l.band_from[k] = detail::band_of(scores(i, from), options);
    l.band_to[k] = detail::band_of(scores(i, to), options);
    l.reasons[k] = why[order[k]];
    l.revenue_at_stake += revenue(i);
  }
  if (!std::isfinite(l.revenue_at_stake)) {
    throw out_of_bounds({fn, "revenue"},
                        "the revenue at stake (the sum over the accounts at "
                        "risk) exceeds the range of double; rescale the revenue");
  }
  l.band_names = options.band_names;
  return l;
}

KAM_INLINE at_risk_list find_at_risk(const Eigen::Ref<const Eigen::MatrixXd>& scores,
                                     const Eigen::Ref<const Eigen::VectorXd>& revenue,
                                     const health_options& options) {
  return find_at_risk(scores, revenue, Eigen::MatrixXd(scores.rows(), 0), options);
}

KAM_INLINE std::string at_risk_reason(const at_risk_list& list, Eigen::Index k) {
  const Eigen::Index n = list.row.size();
  if (k < 0 || k >= n) {
    throw out_of_bounds({"kam::at_risk_reason", "k", k},
                        detail::cat({"entry ", k, " is outside the ", n, " accounts at risk"}));
  }
  const auto e = static_cast<std::size_t>(k);
  std::string s;
  const double h0 = list.health_from(k), h1 = list.health_to(k);
  if ((list.reasons[e] & at_risk_health_fell) != 0) {
    s += detail::cat(
        {"health fell ", detail::plan_number(h0 - h1), " (",
         detail::health_span(h0, h1, list.band_from[e], list.band_to[e], list.band_names), ")"});
  }
  if ((list.reasons[e] & at_risk_churn_rose) != 0) {
    const double c0 = list.churn_from(k), c1 = list.churn_to(k);
    s +=
        detail::cat({s.empty() ? "" : "; ", "churn probability rose ", detail::plan_number(c1 - c0),
                     " (", detail::plan_number(c0), " to ", detail::plan_number(c1), ")"});
  }
  s += detail::cat({"; revenue at stake ", detail::plan_number(list.revenue(k))});
  return s;
}

KAM_INLINE void validate(const health_options& options) {
  detail::check_health_options(options, "kam::validate");
}

}  // namespace kam
