// Tests of kam/plan/self_assessment.hpp: the eight practices scored, the profile, the weakest.
#include <Eigen/Core>
#include <cmath>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/plan/self_assessment.hpp>
#include <limits>
#include <string>
#include <vector>

#include "catch.hpp"

using Catch::Matchers::WithinAbs;
using practice = kam::kam_practice;

namespace {

constexpr double na = std::numeric_limits<double>::quiet_NaN();

/// Two respondents on the default five levels (0 absent ... 4 leading); NaN: not answered.
Eigen::MatrixXd answers() {
  Eigen::MatrixXd a(2, 8);
  a << 4, 3, 2, 1, 0, 2, 3, na,  //
      4, 1, 2, 2, 1, na, 3, na;
  return a;
}

}  // namespace

TEST_CASE("self_assessment: the maturity profile by hand", "[self_assessment]") {
  const auto r = kam::assess_programme(answers());
  // Mean levels: 4, (3 + 1) / 2 = 2, 2, (1 + 2) / 2 = 1.5, 0.5, 2 (one answer), 3, none.
  // Scores = mean / 4: 1, 0.5, 0.5, 0.375, 0.125, 0.5, 0.75, NaN.
  CHECK(r.score(0) == 1);
  CHECK(r.score(1) == 0.5);
  CHECK(r.score(3) == 0.375);
  CHECK(r.score(4) == 0.125);
  CHECK(r.score(6) == 0.75);
  CHECK(std::isnan(r.score(7)));
  CHECK(r.answered == (kam::index_vector(8) << 2, 2, 2, 2, 2, 1, 2, 0).finished());
  // Levels of the rounded mean (half up): 1.5 -> 2 developing, 0.5 -> 1 initial.
  CHECK(r.level[3] == "developing");
  CHECK(r.level[4] == "initial");
  CHECK(r.level[0] == "leading");
  CHECK(r.level[7].empty());
  // Maturity over the 7 answered practices of weight 1: (1 + 0.5 + 0.5 + 0.375 + 0.125 + 0.5 +
  // 0.75) / 7 = 3.75 / 7 = 0.535714...; coverage 7 / 8; level 0.5357 x 4 = 2.14 -> developing.
  CHECK_THAT(r.maturity, WithinAbs(3.75 / 7, 1e-15));
  CHECK(r.coverage == 0.875);
  CHECK(r.maturity_level == "developing");
  CHECK(r.weakest == std::vector<practice>{practice::people, practice::process,
                                           practice::identification, practice::planning,
                                           practice::selling_vs_management, practice::collaboration,
                                           practice::definition});
  CHECK(r.weak == std::vector<practice>{practice::people, practice::process});
  CHECK(r.unanswered == std::vector<practice>{practice::management_support});
  CHECK(kam::to_string(r).find("weak: [people, process]") != std::string::npos);
  CHECK(kam::assessment_gaps(r) ==
        std::vector<std::string>{"weak: the right people in the right roles scores 0.125 (initial)",
                                 "weak: a structured account process scores 0.375 (developing)",
                                 "not answered: management support"});
  CHECK(kam::practice_text(practice::selling_vs_management) ==
        "knowing the difference between selling and account management");
}

TEST_CASE("self_assessment: configured levels and weights", "[self_assessment]") {
  kam::assessment_config c;
  c.weights[2] = 3;  // planning counts three times
  c.weak_below = 0.375;
  kam::validate(c);
  const auto r = kam::assess_programme(answers(), c);
  // (1 + 0.5 + 3 x 0.5 + 0.375 + 0.125 + 0.5 + 0.75) / 9 = 4.75 / 9; coverage 9 / 10.
  CHECK_THAT(r.maturity, WithinAbs(4.75 / 9, 1e-15));
  CHECK_THAT(r.coverage, WithinAbs(0.9, 1e-15));
  CHECK(r.weak == std::vector<practice>{practice::people});  // 0.375 is not below 0.375
  kam::assessment_config yes_no;
  yes_no.levels = {"no", "yes"};
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(1, 8);
  a(0, 0) = 1;
  const auto y = kam::assess_programme(a, yes_no);
  CHECK(y.maturity == 0.125);       // 1 of 8 practices at "yes"
  CHECK(y.maturity_level == "no");  // 0.125 x 1 rounds to 0
  CHECK(kam::level_index(yes_no, "yes") == 1);
  // Nobody answered anything: maturity NaN, coverage 0.
  const auto none = kam::assess_programme(Eigen::MatrixXd::Constant(1, 8, na));
  CHECK(std::isnan(none.maturity));
  CHECK(none.coverage == 0);
  CHECK(none.maturity_level.empty());
  CHECK(none.unanswered.size() == 8);
}

TEST_CASE("self_assessment: bad input names the function, the field and the row",
          "[self_assessment][bad-input]") {
  using kam_test::message_of;
  auto a = answers();
  a(1, 3) = 2.5;
  CHECK(message_of<kam::out_of_bounds>([&] { (void)kam::assess_programme(a); }) ==
        "kam::assess_programme: 'process[3]', row 1: answer 2.5 is not a level 0 to 4 ('absent', "
        "'initial', 'developing', 'established', 'leading')");
  a(1, 3) = 5;
  CHECK_THROWS_AS(kam::assess_programme(a), kam::out_of_bounds);
  a(1, 3) = -std::numeric_limits<double>::infinity();
  CHECK(message_of<kam::non_finite_value>([&] { (void)kam::assess_programme(a); }) ==
        "kam::assess_programme: 'process[3]', row 1: answer -inf is infinite");
  CHECK(message_of<kam::shape_mismatch>(
            [&] { (void)kam::assess_programme(answers().leftCols(7)); }) ==
        "kam::assess_programme: 'answers': 7 columns; one per practice, 8, in kam_practice order");
  CHECK_THROWS_AS(kam::assess_programme(Eigen::MatrixXd(0, 8)), kam::empty_input);
  CHECK(message_of<kam::unknown_name>([] { (void)kam::level_index({}, "great", 4); }) ==
        "kam::level_index: 'levels', row 4: unknown name 'great'; known: 'absent', 'initial', "
        "'developing', 'established', 'leading'");

  const auto bad = [](auto change) {
    kam::assessment_config c;
    change(c);
    return [c] { kam::validate(c); };
  };
  CHECK(message_of<kam::invalid_input>(bad([](auto& c) { c.levels = {"only"}; })) ==
        "kam::validate: 'levels': 1 levels; a questionnaire needs at least 2");
  CHECK(message_of<kam::duplicate_name>(bad([](auto& c) { c.levels[3] = "initial"; })) ==
        "kam::validate: 'levels[3]': level 'initial' is named at 1 already");
  CHECK_THROWS_AS(bad([](auto& c) { c.levels[0].clear(); })(), kam::invalid_input);
  CHECK(message_of<kam::out_of_bounds>(bad([](auto& c) { c.weights[5] = -1; })) ==
        "kam::validate: 'weights[5]': weight -1 is negative");
  CHECK_THROWS_AS(bad([](auto& c) { c.weights[0] = na; })(), kam::non_finite_value);
  CHECK(message_of<kam::invalid_input>(bad([](auto& c) { c.weights.fill(0); })) ==
        "kam::validate: 'weights': every weight is zero");
  CHECK(message_of<kam::out_of_bounds>(bad([](auto& c) { c.weak_below = 1.5; })) ==
        "kam::validate: 'weak_below': threshold 1.5 is outside [0, 1]");
  CHECK_THROWS_AS(kam::practice_text(static_cast<practice>(8)), kam::invalid_input);
}
