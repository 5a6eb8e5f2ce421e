// Property entry points of the portfolio and plan areas: the relationship map of contact lines
// and the next best play.
#include <Eigen/Core>
#include <cmath>
#include <kam/plan/next_play.hpp>
#include <kam/portfolio/relationship.hpp>
#include <string>
#include <vector>

#include "property.hpp"

namespace {

using kam_property::draw;
using kam_property::finite;

const kam_property::registrar relationship_entry("relationship_of", [](draw& d) {
  std::vector<kam::contact> lines;
  const auto n = d.between(0, 12);
  for (std::int64_t i = 0; i < n; ++i) {
    kam::contact c;
    c.account = 0;
    c.our_person = kam_property::numbered("o", d.between(0, 3));
    c.their_person = d.chance(0.05) ? "" : kam_property::numbered("t", d.between(0, 4));
    c.role = static_cast<kam::buying_role>(d.between(0, 5));
    c.level = static_cast<kam::hierarchy_level>(d.between(0, 3));
    c.function = static_cast<kam::business_function>(d.between(0, 4));
    c.weight = d.value_in(0, 10);
    c.days_since_contact = d.value_in(0, 200);
    lines.push_back(c);
  }
  const auto p = kam::relationship_of(lines);
  return std::isfinite(p.hhi) && std::isfinite(p.effective_contacts) &&
         std::isfinite(p.effective_their_people) && std::isfinite(p.score);
});

const kam_property::registrar play_entry("next_best_play", [](draw& d) {
  const Eigen::Index n = d.size();
  const auto maybe = [&](double lo, double hi) {
    Eigen::VectorXd v = d.vector_in(n, lo, hi);
    for (Eigen::Index i = 0; i < n; ++i)
      if (d.chance(0.1)) v(i) = std::nan("");  // missing: documented, not an error
    return v;
  };
  const auto r =
      kam::next_best_play(maybe(0, 1), maybe(0, 1e6), maybe(0, 1e6), maybe(0, 1), maybe(0, 1e6));
  if (!finite(r.value)) return false;
  for (Eigen::Index i = 0; i < n; ++i) (void)kam::play_reason(r, i);
  return true;
});

}  // namespace
