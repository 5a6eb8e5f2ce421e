// The KAM programme's self-assessment: the deck's eight practices of those who succeed as a
// scored questionnaire, giving a maturity profile and the weakest practices.
#pragma once

#include <Eigen/Core>
#include <array>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <cstddef>
#include <cstdint>
#include <kam/core/concepts.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kam {

/// The deck's eight practices of those who succeed at KAM: `definition` (an effective definition
/// of KAM), `identification` (knowing how to identify key accounts), `planning` (mastering
/// account planning and execution), `process` (a structured account process), `people` (the
/// right people in the right roles), `selling_vs_management` (knowing the difference between
/// selling and account management), `collaboration` (internal trust and frequent
/// collaboration), `management_support` (management support).
enum class kam_practice : std::uint8_t {
  definition,
  identification,
  planning,
  process,
  people,
  selling_vs_management,
  collaboration,
  management_support
};
BOOST_DESCRIBE_ENUM(kam_practice, definition, identification, planning, process, people,
                    selling_vs_management, collaboration, management_support)

/// The number of practices.
inline constexpr std::size_t kam_practice_count = 8;

/// Returns the deck's wording of `practice`, e.g. "a structured account process". Throws
/// kam::invalid_input for a value that is not an enumerator.
[[nodiscard]] std::string_view practice_text(kam_practice practice);

/// The questionnaire: answer levels, lowest first (L >= 2 names, non-empty and unique; level l
/// scores l / (L - 1), so the lowest 0 and the highest 1), the weight of each practice in the
/// maturity index (finite, >= 0, not all zero), and the score below which a practice is weak.
struct assessment_config {
  /// Answer levels, lowest first; by default a five-level maturity scale.
  std::vector<std::string> levels{"absent", "initial", "developing", "established", "leading"};
  /// Per kam_practice; by default every practice counts 1.
  std::array<double, kam_practice_count> weights{1, 1, 1, 1, 1, 1, 1, 1};
  double weak_below = 0.5;  ///< a practice scoring below this is weak, in [0, 1]
};
BOOST_DESCRIBE_STRUCT(assessment_config, (), (levels, weights, weak_below))

/// The maturity profile of a KAM programme, by kam_practice (element p is practice p).
struct assessment_result {
  /// Mean answer level / (L - 1), in [0, 1]; NaN for a practice nobody answered.
  Eigen::VectorXd score;
  Eigen::VectorXd mean_level;  ///< mean answer level (0 = the lowest); NaN when unanswered
  index_vector answered;       ///< respondents who answered each practice
  /// The level name of each practice's mean level, rounded half up; empty when unanswered.
  std::vector<std::string> level;
  /// The weighted mean score over the answered practices (weights renormalised over them); NaN
  /// when no practice was answered.
  double maturity = 0;
  double coverage = 0;         ///< weight of the answered practices / total weight
  std::string maturity_level;  ///< the level of maturity x (L - 1), rounded half up
  /// The answered practices, lowest score first (equal scores in practice order).
  std::vector<kam_practice> weakest;
  std::vector<kam_practice> weak;        ///< answered practices scoring below weak_below
  std::vector<kam_practice> unanswered;  ///< practices nobody answered
  BOOST_DESCRIBE_CLASS(assessment_result, (),
                       (score, mean_level, answered, level, maturity, coverage, maturity_level,
                        weakest, weak, unanswered),
                       (), ())
};

/// Returns the index of the level named `name` in `config.levels`. Throws kam::unknown_name
/// (listing the levels) naming kam::level_index, 'levels' and `row` for any other name.
[[nodiscard]] Eigen::Index level_index(const assessment_config& config, std::string_view name,
                                       std::optional<std::ptrdiff_t> row = std::nullopt);

/// Scores the questionnaire `answers`: R respondents x 8 practices (columns in kam_practice
/// order), each a whole level index in [0, L), NaN when a respondent did not answer. A practice
/// scores the mean of its answers / (L - 1). Complexity O(R).
///
/// Throws, naming kam::assess_programme: kam::empty_input without respondents;
/// kam::shape_mismatch for other than 8 columns; kam::non_finite_value for an infinite answer
/// and kam::out_of_bounds for an answer that is not a whole level in [0, L), each naming the
/// practice, the row and the column; and what validate(assessment_config) throws.
[[nodiscard]] assessment_result assess_programme(const Eigen::Ref<const Eigen::MatrixXd>& answers,
                                                 const assessment_config& config = {});

/// Returns the weak and unanswered practices of `result` in words, weakest first, e.g. "weak: the
/// right people in the right roles scores 0.125 (initial)", then "not answered: management
/// support"; an empty list when every practice was answered and none is weak.
[[nodiscard]] std::vector<std::string> assessment_gaps(const assessment_result& result);

/// Checks `config` as assess_programme does: at least two levels, non-empty and unique; weights
/// finite, >= 0 and not all zero; weak_below in [0, 1]. Throws kam::invalid_input,
/// kam::duplicate_name, kam::non_finite_value or kam::out_of_bounds naming kam::validate and the
/// field (with the element).
void validate(const assessment_config& config);

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/plan/detail/self_assessment_impl.hpp>
#endif
