// Property entry points of the fourth round: the entry points the first three did not drive.
// The `_into` variants are checked against the functions they fill in for: the same input into
// storage left by an earlier call (of another size, or one that threw) gives the same result as
// a fresh call, and an error exactly where the fresh call throws one. The one-value helpers are
// checked against their documented rule evaluated here; kmeans_plus_plus against its promise
// that the centroids are rows of x; the many-account relationship against relationship_of per
// account; add_plan against make_plan_table and the plan's own fields; the describe helpers
// against the struct's members.
#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <kam/core/describe.hpp>
#include <kam/core/stats.hpp>
#include <kam/plan/account_plan.hpp>
#include <kam/plan/health_history.hpp>
#include <kam/plan/objectives.hpp>
#include <kam/plan/plan_scores.hpp>
#include <kam/plan/whitespace.hpp>
#include <kam/portfolio/axis.hpp>
#include <kam/portfolio/kraljic.hpp>
#include <kam/portfolio/position.hpp>
#include <kam/portfolio/preferencing.hpp>
#include <kam/portfolio/relationship.hpp>
#include <kam/scoring/ahp.hpp>
#include <kam/scoring/normalize.hpp>
#include <kam/scoring/subjective_weights.hpp>
#include <kam/scoring/topsis.hpp>
#include <kam/scoring/wpm.hpp>
#include <kam/scoring/wsm.hpp>
#include <kam/segmentation/condition.hpp>
#include <kam/segmentation/field_table.hpp>
#include <kam/segmentation/kmeans.hpp>
#include <kam/segmentation/rules.hpp>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "property.hpp"

namespace remaining {

/// A CRM's own account type, as the describe helpers and assign_segments read it.
enum class grade : std::uint8_t { gold, silver, bronze };
BOOST_DESCRIBE_ENUM(grade, gold, silver, bronze)

/// An account with a member of each kind the helpers take or refuse.
struct crm_account {
  std::string id;
  double revenue = 0;
  int employees = 0;
  bool strategic = false;
  std::optional<double> growth;
  grade level = grade::bronze;
  std::optional<std::string> region;
};
BOOST_DESCRIBE_STRUCT(crm_account, (), (id, revenue, employees, strategic, growth, level, region))

}  // namespace remaining

namespace {

using kam_property::criteria_of;
using kam_property::draw;
using kam_property::finite;
using kam_property::holdings_of;
using kam_property::labels_of;
using kam_property::maybe_off;
using kam_property::options_of;
using std::chrono::days;
using std::chrono::sys_days;

/// Returns a small size: mostly 1 to 12, sometimes 0 or 40.
Eigen::Index small(draw& d) {
  if (d.chance(0.05)) return 40;
  if (d.chance(0.1)) return 0;
  return d.between(1, 12);
}

/// Whether `x` and `y` are the same number (both NaN counts as the same).
template <typename T>
bool same_value(T x, T y) {
  if constexpr (std::is_floating_point_v<T>) return x == y || (std::isnan(x) && std::isnan(y));
  return x == y;
}

/// Whether `a` and `b` hold the same numbers (NaN where the other has NaN).
template <typename A, typename B>
bool same(const Eigen::DenseBase<A>& a, const Eigen::DenseBase<B>& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
  for (Eigen::Index j = 0; j < a.cols(); ++j)
    for (Eigen::Index i = 0; i < a.rows(); ++i)
      if (!same_value(a(i, j), b(i, j))) return false;
  return true;
}

/// Whether two described results print alike (kam::to_string: every member, 15 digits).
template <typename R>
bool same_text(const R& a, const R& b) {
  return kam::to_string(a) == kam::to_string(b);
}

/// Runs `warm` (a call on other input, into `reused`; its kam::error is ignored: the storage is
/// then valid but unspecified), then `into` on `reused` and `fresh`. Both returned: whether
/// `same` holds. Both threw: the fresh call's kam::error (an error case). One threw: false.
template <typename Result, typename Warm, typename Into, typename Fresh, typename Same>
bool into_like_fresh(Result& reused, Warm warm, Into into, Fresh fresh, Same same_result) {
  try {
    warm(reused);
  } catch (const kam::error&) {
    // the warm-up may fail: what it leaves is valid but unspecified, which is the point
  }
  bool into_threw = false;
  try {
    into(reused);
  } catch (const kam::error&) {
    into_threw = true;
  }
  if (into_threw) {
    (void)fresh();  // a kam::error here is the case's outcome
    return false;   // the fresh call returned where the _into call threw
  }
  try {
    return same_result(reused, fresh());
  } catch (const kam::error&) {
    return false;  // the _into call returned where the fresh call threw
  }
}

// --- scoring ------------------------------------------------------------------------------

const kam_property::registrar score_into_entry("score_into", [](draw& d) {
  const Eigen::Index k = d.between(1, 5);
  const Eigen::MatrixXd x = d.matrix(d.size(), k), other = d.matrix(d.size(), k);
  const kam::criteria_set c = criteria_of(d, k);
  const kam::score_options o = options_of(d, true);
  kam::score_result<double> r;
  const auto warm = [&](auto& out) { kam::score_into(out, other, c, o); };
  const auto same_scores = [](const auto& a, const auto& b) { return same_text(a, b); };
  if (d.chance(0.5)) {
    return into_like_fresh(
               r, warm, [&](auto& out) { kam::score_into(out, x, c, o); },
               [&] { return kam::score(x, c, o); }, same_scores) &&
           finite(r.scores) && finite(r.coverage);
  }
  // Against a reference: the portfolio's own, or another's (values outside its range).
  const auto reference = kam::fit_reference(d.chance(0.7) ? x : other, c, o);
  return into_like_fresh(
             r, warm, [&](auto& out) { kam::score_into(out, x, c, reference, o); },
             [&] { return kam::score(x, c, reference, o); }, same_scores) &&
         finite(r.scores) && finite(r.coverage);
});

const kam_property::registrar topsis_into_entry("topsis_into", [](draw& d) {
  const Eigen::Index k = d.between(1, 5);
  const Eigen::MatrixXd drawn = d.matrix(d.size(), k), other = d.matrix(d.size(), k);
  const Eigen::MatrixXd x = d.adversarial() ? drawn : drawn.cwiseAbs();
  const kam::criteria_set c = criteria_of(d, k);
  kam::topsis_options o;
  if (d.chance(0.3)) o.normalization = kam::topsis_normalization::min_max;
  kam::topsis_result<double> r;
  const auto warm = [&](auto& out) { kam::topsis_into(out, other.cwiseAbs().eval(), c, o); };
  const auto check = [](const auto& a, const auto& b) {
    return same(a.closeness, b.closeness) && same(a.distance_to_ideal, b.distance_to_ideal) &&
           same(a.distance_to_anti_ideal, b.distance_to_anti_ideal) && same(a.ideal, b.ideal) &&
           same(a.anti_ideal, b.anti_ideal);
  };
  bool ok = false;
  if (d.chance(0.5)) {
    ok = into_like_fresh(
        r, warm, [&](auto& out) { kam::topsis_into(out, x, c, o); },
        [&] { return kam::topsis(x, c, o); }, check);
  } else {
    const auto reference = kam::column_stats<double>::of(d.chance(0.7) ? x : other);
    ok = into_like_fresh(
        r, warm, [&](auto& out) { kam::topsis_into(out, x, c, reference, o); },
        [&] { return kam::topsis(x, c, reference, o); }, check);
  }
  return ok && finite(r.closeness) && finite(r.distance_to_ideal) &&
         finite(r.distance_to_anti_ideal);
});

/// Runs `into` (a call writing into the caller's spans) and `fresh` (the plain function) as
/// into_like_fresh does: both returned, whether `same_result(into's, fresh's)` holds; both threw,
/// the fresh call's kam::error; one threw, false.
template <typename Into, typename Fresh, typename Same>
bool spans_like_fresh(Into into, Fresh fresh, Same same_result) {
  std::optional<decltype(into())> written;
  try {
    written = into();
  } catch (const kam::error&) {
    (void)fresh();  // a kam::error here is the case's outcome
    return false;   // the fresh call returned where the call into spans threw
  }
  try {
    return same_result(*written, fresh());
  } catch (const kam::error&) {
    return false;  // the call into spans returned where the fresh call threw
  }
}

const kam_property::registrar score_spans_entry("score_into_spans", [](draw& d) {
  const Eigen::Index k = d.between(1, 5);
  const Eigen::MatrixXd x = d.matrix(d.size(), k), other = d.matrix(d.size(), k);
  const kam::criteria_set c = criteria_of(d, k);
  const kam::score_options o = options_of(d, true);
  const auto n = static_cast<std::size_t>(x.rows());
  std::vector<double> scores(n), coverage(n);
  const bool reject = o.missing == kam::missing_policy::reject;
  const Eigen::Map<const Eigen::VectorXd> s(scores.data(), x.rows()),
      cov(coverage.data(), x.rows());
  const auto check = [&](const kam::score_summary& a, const kam::score_result<double>& b) {
    return same(s, b.scores) && (reject || same(cov, b.coverage)) && a.partial == b.partial &&
           a.constant_criteria == b.constant_criteria && finite(s);
  };
  if (d.chance(0.5)) {
    return spans_like_fresh([&] { return kam::score_into(scores, coverage, x, c, o); },
                            [&] { return kam::score(x, c, o); }, check);
  }
  const auto reference = kam::fit_reference(d.chance(0.7) ? x : other, c, o);
  return spans_like_fresh([&] { return kam::score_into(scores, coverage, x, c, reference, o); },
                          [&] { return kam::score(x, c, reference, o); }, check);
});

const kam_property::registrar topsis_spans_entry("topsis_into_spans", [](draw& d) {
  const Eigen::Index k = d.between(1, 5);
  const Eigen::MatrixXd drawn = d.matrix(d.size(), k);
  const Eigen::MatrixXd x = d.adversarial() ? drawn : drawn.cwiseAbs();
  const kam::criteria_set c = criteria_of(d, k);
  kam::topsis_options o;
  if (d.chance(0.3)) o.normalization = kam::topsis_normalization::min_max;
  const auto n = static_cast<std::size_t>(x.rows());
  std::vector<double> closeness(n), to_ideal(n), to_anti(n);
  const auto map = [&](std::vector<double>& v) {
    return Eigen::Map<const Eigen::VectorXd>(v.data(), x.rows());
  };
  const auto check = [&](const kam::topsis_summary<double>& a,
                         const kam::topsis_result<double>& b) {
    return same(map(closeness), b.closeness) && same(map(to_ideal), b.distance_to_ideal) &&
           same(map(to_anti), b.distance_to_anti_ideal) && same(a.ideal, b.ideal) &&
           same(a.anti_ideal, b.anti_ideal) && a.constant_criteria == b.constant_criteria &&
           finite(map(closeness));
  };
  return spans_like_fresh([&] { return kam::topsis_into(closeness, to_ideal, to_anti, x, c, o); },
                          [&] { return kam::topsis(x, c, o); }, check);
});

const kam_property::registrar wpm_into_entry("weighted_product_into", [](draw& d) {
  const Eigen::Index k = d.between(1, 5);
  const Eigen::MatrixXd drawn = d.matrix(d.size(), k), other = d.matrix(d.size(), k);
  const Eigen::MatrixXd x =
      d.adversarial() ? drawn : (drawn.cwiseAbs().array() + 0.01).matrix().eval();
  const kam::criteria_set c = criteria_of(d, k);
  kam::weighted_product_options o;
  const auto method = d.between(0, 2);
  if (method == 1) o.normalization = kam::product_normalization::none;
  kam::weighted_product_result<double> r;
  const auto warm = [&](auto& out) { kam::weighted_product_into(out, other, c, o); };
  const auto check = [](const auto& a, const auto& b) {
    return same(a.scores, b.scores) && a.zero_scores == b.zero_scores;
  };
  bool ok = false;
  if (d.chance(0.5)) {
    ok = into_like_fresh(
        r, warm, [&](auto& out) { kam::weighted_product_into(out, x, c, o); },
        [&] { return kam::weighted_product(x, c, o); }, check);
  } else {
    const auto reference = kam::column_stats<double>::of(d.chance(0.7) ? x : other);
    ok = into_like_fresh(
        r, warm, [&](auto& out) { kam::weighted_product_into(out, x, c, reference, o); },
        [&] { return kam::weighted_product(x, c, reference, o); }, check);
  }
  return ok && finite(r.scores);
});

// --- portfolio ----------------------------------------------------------------------------

/// Returns an axis cut: mostly the midpoint, sometimes fixed or median, adversarially odd.
kam::axis_cut cut_of(draw& d) {
  kam::axis_cut c;
  c.basis = static_cast<kam::cut_basis>(d.adversarial() && d.chance(0.03) ? 7 : d.between(0, 2));
  c.value = d.value_in(0, 1);
  c.on_cut = d.chance(0.5) ? kam::on_cut_rule::high : kam::on_cut_rule::low;
  return c;
}

/// Returns an n x k matrix of value_in(lo, hi).
Eigen::MatrixXd ratings(draw& d, Eigen::Index n, Eigen::Index k, double lo, double hi) {
  Eigen::MatrixXd m(n, k);
  for (Eigen::Index j = 0; j < k; ++j)
    for (Eigen::Index i = 0; i < n; ++i) m(i, j) = d.value_in(lo, hi);
  return m;
}

const kam_property::registrar score_axis_entry("score_axis", [](draw& d) {
  const Eigen::Index k = d.between(1, 5);
  kam::portfolio_axis axis{criteria_of(d, k), options_of(d, true), cut_of(d)};
  const Eigen::MatrixXd x = d.matrix(d.size(), maybe_off(d, k));
  // The axis score is kam::score with the axis's criteria and options (its documented meaning).
  if (d.chance(0.5)) {
    const auto r = kam::score_axis(x, axis);
    return same_text(r, kam::score(x, axis.criteria, axis.options)) && finite(r.scores);
  }
  const Eigen::MatrixXd other = d.chance(0.7) ? x : d.matrix(d.size(), k);
  const auto reference = kam::fit_reference(other, axis.criteria, axis.options);
  const auto r = kam::score_axis(x, axis, reference);
  return same_text(r, kam::score(x, axis.criteria, reference, axis.options)) && finite(r.scores);
});

/// Returns Kraljic impact and risk ratings of n accounts (the default catalogues' 3 columns
/// each, the first risk column a count of alternatives).
std::pair<Eigen::MatrixXd, Eigen::MatrixXd> kraljic_ratings(draw& d, Eigen::Index n) {
  Eigen::MatrixXd impact = ratings(d, n, maybe_off(d, 3), 1, 5);
  Eigen::MatrixXd risk = ratings(d, maybe_off(d, n), 3, 1, 5);
  if (risk.rows() > 0) risk.col(0) = d.vector_in(risk.rows(), 0, 20);
  return {impact, risk};
}

const kam_property::registrar kraljic_into_entry("kraljic_into", [](draw& d) {
  kam::kraljic_config c;
  c.impact.cut = cut_of(d);
  c.risk.cut = cut_of(d);
  // Named references, not structured bindings: clang 14 cannot capture those in a lambda.
  const auto drawn = kraljic_ratings(d, small(d)), other = kraljic_ratings(d, small(d));
  const Eigen::MatrixXd &impact = drawn.first, &risk = drawn.second;
  const Eigen::MatrixXd &impact2 = other.first, &risk2 = other.second;
  kam::kraljic_result<double> r;
  const auto warm = [&](auto& out) { kam::kraljic_into(out, impact2, risk2, c); };
  const auto check = [](const auto& a, const auto& b) { return same_text(a, b); };
  bool ok = false;
  if (d.chance(0.5)) {
    ok = into_like_fresh(
        r, warm, [&](auto& out) { kam::kraljic_into(out, impact, risk, c); },
        [&] { return kam::kraljic(impact, risk, c); }, check);
  } else {
    const bool own = d.chance(0.7);
    const auto ir = kam::fit_reference(own ? impact : impact2, c.impact.criteria, c.impact.options);
    const auto rr = kam::fit_reference(own ? risk : risk2, c.risk.criteria, c.risk.options);
    ok = into_like_fresh(
        r, warm, [&](auto& out) { kam::kraljic_into(out, impact, risk, c, ir, rr); },
        [&] { return kam::kraljic(impact, risk, c, ir, rr); }, check);
  }
  return ok && finite(r.impact) && finite(r.risk) && std::isfinite(r.impact_cut) &&
         std::isfinite(r.risk_cut);
});

/// Returns preferencing ratings of n accounts (margin in column 1) and their revenue.
std::pair<Eigen::MatrixXd, Eigen::VectorXd> preferencing_ratings(draw& d, Eigen::Index n) {
  Eigen::MatrixXd x = ratings(d, n, maybe_off(d, 5), 1, 5);
  if (x.cols() > 1) x.col(1) = d.vector_in(n, -0.2, 0.6);
  return {x, d.vector_in(maybe_off(d, n), 0, 1e6)};
}

const kam_property::registrar preferencing_into_entry("preferencing_into", [](draw& d) {
  kam::preferencing_config c;
  c.attractiveness.cut = cut_of(d);
  if (d.chance(0.3)) c.our_revenue = d.value_in(1e3, 1e9);
  const auto drawn = preferencing_ratings(d, small(d)), other = preferencing_ratings(d, small(d));
  const Eigen::MatrixXd &x = drawn.first, &x2 = other.first;
  const Eigen::VectorXd &revenue = drawn.second, &revenue2 = other.second;
  kam::preferencing_result<double> r;
  const auto warm = [&](auto& out) { kam::preferencing_into(out, x2, revenue2, c); };
  const auto check = [](const auto& a, const auto& b) { return same_text(a, b); };
  bool ok = false;
  if (d.chance(0.5)) {
    ok = into_like_fresh(
        r, warm, [&](auto& out) { kam::preferencing_into(out, x, revenue, c); },
        [&] { return kam::preferencing(x, revenue, c); }, check);
  } else {
    const auto reference = kam::fit_reference(d.chance(0.7) ? x : x2, c.attractiveness.criteria,
                                              c.attractiveness.options);
    ok = into_like_fresh(
        r, warm, [&](auto& out) { kam::preferencing_into(out, x, revenue, c, reference); },
        [&] { return kam::preferencing(x, revenue, c, reference); }, check);
  }
  return ok && finite(r.attractiveness) && finite(r.relative_value) && std::isfinite(r.our_revenue);
});

/// Returns n Kraljic and n preferencing quadrants (adversarially not enumerators, or one short).
std::pair<std::vector<kam::kraljic_quadrant>, std::vector<kam::preferencing_quadrant>> quadrants(
    draw& d, Eigen::Index n) {
  std::vector<kam::kraljic_quadrant> k;
  std::vector<kam::preferencing_quadrant> p;
  for (Eigen::Index i = 0; i < n; ++i) {
    k.push_back(static_cast<kam::kraljic_quadrant>(
        d.adversarial() && d.chance(0.03) ? 4 : d.between(0, 3)));
    p.push_back(static_cast<kam::preferencing_quadrant>(
        d.adversarial() && d.chance(0.03) ? 9 : d.between(0, 3)));
  }
  if (d.adversarial() && d.chance(0.05) && !p.empty()) p.pop_back();
  return {k, p};
}

const kam_property::registrar position_into_entry("position_into", [](draw& d) {
  const auto drawn = quadrants(d, small(d)), other = quadrants(d, small(d));
  const auto &k = drawn.first, &k2 = other.first;
  const auto &p = drawn.second, &p2 = other.second;
  kam::position_table table = kam::default_position_table();
  if (d.adversarial() && d.chance(0.1)) {
    table.rules[static_cast<std::size_t>(d.between(0, 15))].posture =
        static_cast<kam::posture>(d.between(0, 20));
  }
  kam::position_result r;
  const bool ok = into_like_fresh(
      r, [&](auto& out) { kam::position_into(out, k2, p2, table); },
      [&](auto& out) { kam::position_into(out, k, p, table); },
      [&] { return kam::position(k, p, table); },
      [](const auto& a, const auto& b) { return same_text(a, b); });
  Eigen::Index total = 0;
  for (const auto c : r.risk_counts) total += c;
  return ok && total == static_cast<Eigen::Index>(k.size());
});

/// Returns contact lines of accounts [0, n) (adversarially rows outside, odd values).
std::vector<kam::contact> contacts_of(draw& d, Eigen::Index n) {
  std::vector<kam::contact> lines;
  const auto count = d.between(0, 3 * std::max<Eigen::Index>(n, 1));
  for (std::int64_t i = 0; i < count; ++i) {
    kam::contact c;
    c.account = d.adversarial() && d.chance(0.02) ? d.count()
                                                  : d.between(0, std::max<Eigen::Index>(n - 1, 0));
    c.our_person = kam_property::numbered("o", d.between(0, 3));
    c.their_person = d.chance(0.02) ? "" : kam_property::numbered("t", d.between(0, 4));
    c.role =
        static_cast<kam::buying_role>(d.adversarial() && d.chance(0.02) ? 40 : d.between(0, 5));
    c.level = static_cast<kam::hierarchy_level>(d.between(0, 3));
    c.function = static_cast<kam::business_function>(d.between(0, 4));
    c.weight = d.value_in(0, 10);
    c.days_since_contact = d.value_in(0, 200);
    lines.push_back(c);
  }
  return lines;
}

const kam_property::registrar relationship_entry("relationship", [](draw& d) {
  const Eigen::Index n = small(d);
  const std::vector<kam::contact> lines = contacts_of(d, n);
  const Eigen::Index accounts = d.adversarial() && d.chance(0.1) ? d.count() : n;
  const auto r = kam::relationship(lines, accounts);
  if (static_cast<Eigen::Index>(r.accounts.size()) != accounts) return false;
  // Each account's profile is relationship_of over its own lines.
  Eigen::Index staged = 0;
  for (const auto c : r.stage_counts) staged += c;
  if (staged != accounts) return false;
  for (Eigen::Index i = 0; i < accounts; ++i) {
    std::vector<kam::contact> own;
    for (const auto& c : lines)
      if (c.account == i) own.push_back(c);
    const auto& p = r.accounts[static_cast<std::size_t>(i)];
    if (kam::to_string(p) != kam::to_string(kam::relationship_of(own))) return false;
    if (!(std::isfinite(p.hhi) && std::isfinite(p.score) && std::isfinite(p.effective_contacts)))
      return false;
  }
  return true;
});

const kam_property::registrar stage_entry("relationship_stage_of", [](draw& d) {
  const double score = d.value_in(0, 1);
  std::array<double, 4> edges{0.2, 0.4, 0.6, 0.8};
  if (d.chance(0.5)) {
    for (double& e : edges) e = d.value_in(0, 1);
    if (!d.adversarial()) std::sort(edges.begin(), edges.end());
  }
  const auto stage = static_cast<int>(kam::relationship_stage_of(score, edges));
  // The number of edges at or below the score; a score within 16 epsilons below an edge counts
  // as on it (documented), so the stage lies between the two counts.
  int below = 0, near = 0;
  for (const double e : edges) {
    below += score >= e ? 1 : 0;
    near += score >= e - 16 * std::numeric_limits<double>::epsilon() ? 1 : 0;
  }
  return stage >= below && stage <= near;
});

// --- plan ---------------------------------------------------------------------------------

const kam_property::registrar progress_entry("expected_progress", [](draw& d) {
  const double elapsed = d.value_in(-0.5, 1.5);
  const auto pick = d.between(0, d.adversarial() ? 5 : 2);
  const auto curve = static_cast<kam::pace_curve>(pick);
  const double g = kam::expected_progress(elapsed, curve);
  // g(f) with f = elapsed clamped to [0, 1] (documented): f, f^2, 1 - (1 - f)^2.
  const double f = std::clamp(elapsed, 0.0, 1.0);
  const double want = pick == 0 ? f : (pick == 1 ? f * f : 1 - (1 - f) * (1 - f));
  if (!(std::isfinite(g) && g >= 0 && g <= 1 && g == want)) return false;
  // status_of: the better status on a threshold.
  kam::review_options o;
  if (d.chance(0.3)) {
    o.on_track_from = d.value_in(0, 2);
    o.at_risk_from = d.value_in(0, 2);
  }
  const double attainment = d.value_in(-1, 2);
  const auto s = kam::status_of(attainment, g, o);
  const auto rule = attainment >= o.on_track_from * g
                        ? kam::objective_status::on_track
                        : (attainment >= o.at_risk_from * g ? kam::objective_status::at_risk
                                                            : kam::objective_status::off_track);
  return s == rule;
});

const kam_property::registrar band_entry("health_band", [](draw& d) {
  kam::health_options o;
  if (d.chance(0.4)) {
    o.band_edges.clear();
    o.band_names.clear();
    const auto bands = d.adversarial() ? d.between(0, 300) : d.between(1, 6);
    for (std::int64_t b = 0; b < bands; ++b) o.band_names.push_back(kam_property::numbered("b", b));
    for (std::int64_t b = 0; b + 1 < bands; ++b) o.band_edges.push_back(d.value_in(0, 1));
    if (!d.adversarial()) std::sort(o.band_edges.begin(), o.band_edges.end());
  }
  kam::validate(o);  // health_band does not validate its options (documented): the caller does
  const double score = d.value_in(0, 1);
  const auto band = kam::health_band(score, o);
  // The number of edges at or below the score (on an edge: the upper band).
  const auto want =
      std::count_if(o.band_edges.begin(), o.band_edges.end(), [&](double e) { return e <= score; });
  return static_cast<std::int64_t>(band) == want && band < o.band_names.size();
});

/// Returns the plans of n accounts as of `as_of` (adversarially empty or repeated ids, roles and
/// steps that are not enumerators, dates far outside what plan_table stores or in the future).
std::vector<kam::account_plan> plans_of(draw& d, Eigen::Index n, sys_days as_of) {
  const bool odd = d.adversarial();
  const auto stakeholders =
      static_cast<std::int64_t>(kam::enum_names<kam::stakeholder_role>().size());
  const auto team = static_cast<std::int64_t>(kam::enum_names<kam::team_role>().size());
  std::vector<kam::account_plan> plans;
  for (Eigen::Index i = 0; i < n; ++i) {
    kam::account_plan p;
    p.account = odd && d.chance(0.05) ? std::string(d.chance(0.5) ? "" : "a0")
                                      : kam_property::numbered("a", i);
    for (auto& s : p.sections) {
      s.content = d.chance(0.7);
      if (d.chance(0.6)) s.owner = kam_property::numbered("o", d.between(0, 3));
      if (d.chance(0.8)) s.updated = as_of - days{d.between(0, 400)};
      if (odd && d.chance(0.03)) s.updated = as_of + days{d.between(1, 10)};
      if (odd && d.chance(0.02))
        s.updated =
            sys_days{days{d.chance(0.5) ? -(std::int64_t{1} << 40) : std::int64_t{1} << 40}};
    }
    for (std::int64_t k = 0, m = d.between(0, 4); k < m; ++k)
      p.customer_team.push_back(
          {kam_property::numbered("c", k),
           static_cast<kam::stakeholder_role>(
               odd && d.chance(0.03) ? 200 : d.between(0, stakeholders - 1))});
    for (std::int64_t k = 0, m = d.between(0, 4); k < m; ++k)
      p.our_team.push_back(
          {kam_property::numbered("t", k),
           static_cast<kam::team_role>(odd && d.chance(0.03) ? 100 : d.between(0, team - 1))});
    for (std::int64_t k = 0, m = d.between(0, 3); k < m; ++k)
      p.objectives.push_back(kam_property::numbered("g", k));
    p.step = static_cast<kam::process_step>(odd && d.chance(0.03) ? 9 : d.between(0, 3));
    plans.push_back(std::move(p));
  }
  return plans;
}

/// Whether row i of `t` holds what `p` says: a section's content and owner bits, its date, the
/// roles named, the objectives counted and the step (account_plan.hpp's documented layout).
bool row_holds(const kam::plan_table& t, std::size_t i, const kam::account_plan& p) {
  if (t.account[i] != p.account || t.step[i] != p.step) return false;
  if (t.objectives[i] != static_cast<std::int32_t>(p.objectives.size())) return false;
  for (std::size_t s = 0; s < kam::plan_section_count; ++s) {
    const auto& e = p.sections[s];
    const std::size_t at = i * kam::plan_section_count + s;
    const auto flags = static_cast<std::uint8_t>((e.content ? kam::section_has_content : 0) |
                                                 (e.owner.empty() ? 0 : kam::section_has_owner));
    if (t.section_flags[at] != flags) return false;
    const std::int32_t day = e.updated
                                 ? static_cast<std::int32_t>(e.updated->time_since_epoch().count())
                                 : kam::plan_table::no_date;
    if (t.section_updated[at] != day) return false;
  }
  unsigned customer = 0, ours = 0;
  for (const auto& m : p.customer_team) customer |= 1U << static_cast<unsigned>(m.role);
  for (const auto& m : p.our_team) ours |= 1U << static_cast<unsigned>(m.role);
  return t.customer_roles[i] == customer && t.team_roles[i] == ours;
}

const kam_property::registrar plan_table_entry("make_plan_table", [](draw& d) {
  const sys_days as_of{days{20'400 + d.between(0, 365)}};
  const std::vector<kam::account_plan> plans = plans_of(d, small(d), as_of);
  const kam::plan_table t = kam::make_plan_table(plans);
  // add_plan one by one gives the same table, and each row holds its plan.
  kam::plan_table added;
  for (const auto& p : plans) kam::add_plan(added, p);
  if (!same_text(t, added) || t.size() != static_cast<Eigen::Index>(plans.size())) return false;
  for (std::size_t i = 0; i < plans.size(); ++i)
    if (!row_holds(t, i, plans[i])) return false;
  return true;
});

const kam_property::registrar plans_into_entry("score_plans_into", [](draw& d) {
  const sys_days as_of{days{20'400 + d.between(0, 365)}};
  const kam::plan_table t = kam::make_plan_table(plans_of(d, small(d), as_of));
  const kam::plan_table other = kam::make_plan_table(plans_of(d, small(d), as_of));
  kam::plan_config c;
  if (d.adversarial() && d.chance(0.3)) {
    c.section_weights[static_cast<std::size_t>(d.between(0, 7))] = d.value();
    c.objectives_weight = d.value_in(0, 1);
    c.review_interval_days = static_cast<std::int32_t>(d.between(-1, 400));
  }
  kam::plan_scores r;
  const bool ok = into_like_fresh(
      r, [&](auto& out) { kam::score_plans_into(out, other, as_of, c); },
      [&](auto& out) { kam::score_plans_into(out, t, as_of, c); },
      [&] { return kam::score_plans(t, as_of, c); },
      [](const auto& a, const auto& b) { return same_text(a, b); });
  return ok && finite(r.completeness) && finite(r.freshness);
});

/// Whether two whitespace results hold the same numbers.
bool same_whitespace(const kam::whitespace_result& a, const kam::whitespace_result& b) {
  return same(a.owned, b.owned) && same(a.pipeline, b.pipeline) && same(a.open, b.open) &&
         same(a.eligible, b.eligible) && same(a.account_penetration, b.account_penetration) &&
         same(a.offering_owners, b.offering_owners) &&
         same(a.offering_eligible, b.offering_eligible) &&
         same(a.offering_penetration, b.offering_penetration) &&
         same(a.offering_value, b.offering_value) && same(a.group_propensity, b.group_propensity) &&
         same(a.open_value, b.open_value) && same(a.expected_expansion, b.expected_expansion);
}

/// One drawn whitespace problem: holdings, labels, prices and revenue.
struct whitespace_case {
  kam::holdings_table holdings;
  kam::index_vector labels;
  Eigen::VectorXd price;
  Eigen::MatrixXd revenue;
};

whitespace_case whitespace_case_of(draw& d) {
  const Eigen::Index n = small(d), m = d.between(d.adversarial() ? 0 : 1, 5);
  const Eigen::Index g = d.between(1, 4);
  return {holdings_of(d, n, m), labels_of(d, n, g), d.vector_in(maybe_off(d, m), 0, 1e4),
          ratings(d, n, maybe_off(d, m), 0, 1e5)};
}

kam::whitespace_options whitespace_options_of(draw& d) {
  kam::whitespace_options o;
  o.smoothing = d.chance(0.8) ? d.value_in(0, 5) : d.value();
  if (d.chance(0.2)) o.groups = d.chance(0.5) ? d.between(0, 5) : d.count();
  return o;
}

const kam_property::registrar ws_price_into_entry("whitespace_by_price_into", [](draw& d) {
  const whitespace_case w = whitespace_case_of(d), other = whitespace_case_of(d);
  const kam::whitespace_options o = whitespace_options_of(d);
  kam::whitespace_result r;
  const bool ok = into_like_fresh(
      r,
      [&](auto& out) {
        kam::whitespace_by_price_into(out, other.holdings, other.labels, other.price, o);
      },
      [&](auto& out) { kam::whitespace_by_price_into(out, w.holdings, w.labels, w.price, o); },
      [&] { return kam::whitespace_by_price(w.holdings, w.labels, w.price, o); }, same_whitespace);
  return ok && finite(r.open_value) && finite(r.expected_expansion);
});

const kam_property::registrar ws_peer_into_entry("whitespace_by_peer_revenue_into", [](draw& d) {
  const whitespace_case w = whitespace_case_of(d), other = whitespace_case_of(d);
  const kam::whitespace_options o = whitespace_options_of(d);
  kam::whitespace_result r;
  const bool ok = into_like_fresh(
      r,
      [&](auto& out) {
        kam::whitespace_by_peer_revenue_into(out, other.holdings, other.labels, other.revenue, o);
      },
      [&](auto& out) {
        kam::whitespace_by_peer_revenue_into(out, w.holdings, w.labels, w.revenue, o);
      },
      [&] { return kam::whitespace_by_peer_revenue(w.holdings, w.labels, w.revenue, o); },
      same_whitespace);
  return ok && finite(r.open_value) && finite(r.expected_expansion);
});

// --- segmentation and weights -------------------------------------------------------------

const kam_property::registrar kmeans_pp_entry("kmeans_plus_plus", [](draw& d) {
  const Eigen::Index n = d.size();
  const Eigen::MatrixXd x = d.matrix(n, d.between(1, 4));
  const Eigen::VectorXd w = d.vector_in(maybe_off(d, n), 0.1, 10);
  kam::kmeans_options o;
  o.k = d.chance(0.8) ? d.between(1, 6) : d.count();
  o.standardize = d.chance(0.5);
  o.seed = static_cast<std::uint64_t>(d.between(0, 1000));
  const Eigen::MatrixXd c = kam::kmeans_plus_plus(x, w, o);
  if (c.rows() != o.k || c.cols() != x.cols()) return false;
  // The centroids are rows of x, copied exactly, and distinct rows are drawn.
  for (Eigen::Index k = 0; k < c.rows(); ++k) {
    bool found = false;
    for (Eigen::Index i = 0; i < n && !found; ++i)
      found = (x.row(i).array() == c.row(k).array()).all();
    if (!found) return false;
  }
  return finite(c);
});

const kam_property::registrar weights_entry("equal_weights", [](draw& d) {
  // saaty_random_index: the documented table (ahp.hpp, DESIGN.md).
  const std::vector<double> saaty{0,    0,    0.58, 0.90, 1.12, 1.24, 1.32, 1.41,
                                  1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59};
  if (kam::saaty_random_index() != saaty) return false;
  const Eigen::Index n = d.adversarial() ? d.count() : d.between(1, 50);
  const Eigen::VectorXd w = kam::equal_weights(n);
  return w.size() == n && (w.array() == 1.0 / static_cast<double>(n)).all() && finite(w);
});

/// The member names of crm_account and a few it does not have.
const std::vector<std::string> member_pool{"id",    "revenue", "employees", "strategic", "growth",
                                           "level", "region",  "Revenue",   "",          "other"};

/// Returns drawn crm_accounts (adversarially with special values).
std::vector<remaining::crm_account> crm_accounts_of(draw& d) {
  std::vector<remaining::crm_account> accounts(
      static_cast<std::size_t>(d.chance(0.05) ? 0 : d.between(1, 20)));
  const char* const regions[] = {"north", "south", "east"};
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    auto& a = accounts[i];
    a.id = kam_property::numbered("a", static_cast<long long>(i));
    a.revenue = d.chance(0.5) ? static_cast<double>(d.between(-5, 5)) : d.value();
    a.employees = static_cast<int>(d.between(-5, 5));
    a.strategic = d.chance(0.5);
    if (d.chance(0.8)) a.growth = static_cast<double>(d.between(-5, 5));
    a.level =
        static_cast<remaining::grade>(d.adversarial() && d.chance(0.03) ? 7 : d.between(0, 2));
    if (d.chance(0.8)) a.region = regions[d.between(0, 2)];
  }
  return accounts;
}

const kam_property::registrar to_matrix_entry("to_matrix", [](draw& d) {
  const auto accounts = crm_accounts_of(d);
  std::vector<std::string> members;
  for (std::int64_t j = 0, k = d.between(0, 4); j < k; ++j)
    members.push_back(member_pool[static_cast<std::size_t>(d.between(0, d.adversarial() ? 9 : 4))]);
  const Eigen::MatrixXd m = kam::to_matrix(accounts, members);
  if (m.rows() != static_cast<Eigen::Index>(accounts.size()) ||
      m.cols() != static_cast<Eigen::Index>(members.size()))
    return false;
  // Each cell is the member's value (bool as 0/1, an empty optional as NaN).
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    const auto& a = accounts[i];
    for (std::size_t j = 0; j < members.size(); ++j) {
      const std::string& name = members[j];
      const double want = name == "revenue"     ? a.revenue
                          : name == "employees" ? a.employees
                          : name == "strategic" ? (a.strategic ? 1.0 : 0.0)
                          : a.growth            ? *a.growth
                                                : std::nan("");
      if (!same_value(m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)), want))
        return false;
    }
  }
  return true;  // values as given: a special value is the caller's, passed through
});

const kam_property::registrar enum_entry("enum_from_name", [](draw& d) {
  const std::vector<std::string> names = kam::enum_names<kam::pace_curve>();
  std::string name = names[static_cast<std::size_t>(d.between(0, 2))];
  if (d.adversarial()) {
    const std::vector<std::string> odd{"", "Linear", "linear ", "front", "\xff", "back_loaded\n"};
    name = odd[static_cast<std::size_t>(d.between(0, 5))];
  }
  const auto curve = kam::enum_from_name<kam::pace_curve>(name, "curve");
  return kam::enum_name(curve) == name;  // the name round-trips
});

const kam_property::registrar struct_segments_entry("assign_segments_structs", [](draw& d) {
  const auto accounts = crm_accounts_of(d);
  // One-predicate rules on a numeric, an optional numeric, an enum and an optional text member,
  // and adversarially on members the rules cannot read.
  const std::vector<std::string> conditions{
      "revenue >= 0",        "growth < 2",     "level in ('gold', 'silver')",
      "region in ('north')", "employees != 3", "strategic == 1"};
  const std::vector<std::string> odd{"id >= 1", "level in ('platinum')", "nothing > 1",
                                     "revenue in ('a')"};
  std::vector<kam::segment_rule> rules;
  for (std::int64_t r = 0, m = d.between(0, 4); r < m; ++r) {
    const std::string& text = d.adversarial() && d.chance(0.2)
                                  ? odd[static_cast<std::size_t>(d.between(0, 3))]
                                  : conditions[static_cast<std::size_t>(d.between(0, 5))];
    rules.push_back({kam_property::numbered("s", d.between(0, 2)), kam::parse_condition(text), ""});
  }
  const kam::segment_rules set(rules, d.chance(0.5) ? "other" : "");
  kam::rule_options o;
  o.missing = d.chance(0.7) ? kam::rule_missing::no_match : kam::rule_missing::reject;
  const auto a = kam::assign_segments(accounts, set, o);
  // The same as the field-table overload over the fields read by member name.
  const auto table =
      kam::field_table::from_accounts(accounts, set.fields(), "kam::assign_segments");
  return same_text(a, kam::assign_segments(table, set, o)) &&
         a.segment.size() == static_cast<Eigen::Index>(accounts.size());
});

}  // namespace
