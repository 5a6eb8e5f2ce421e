// Weights and methods of `kam score`: where the criteria weights come from (as configured,
// equal, rank-order centroid, AHP, or derived from the data by entropy, CRITIC or standard
// deviation) and how accounts are scored (weighted sum, weighted product, TOPSIS).
//
// Weights derived from data come from kam::weight_statistics, built piece by piece over fixed
// units of accounts (kam::weight_statistics_builder), so a file larger than memory gets the same
// weights, to the bit, whatever the chunk size.
#pragma once

#include <Eigen/Core>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <boost/json/value.hpp>
#include <kam/scoring.hpp>
#include <vector>

#include "json_io.hpp"

namespace kam_tool {

/// How accounts are scored. `weighted_sum` (default): kam::score, whose per-criterion
/// contributions add up to the score; `weighted_product`: kam::weighted_product; `topsis`:
/// kam::topsis (the closeness to the ideal point). The last two have no missing-value policy.
enum class score_method { weighted_sum, weighted_product, topsis };
BOOST_DESCRIBE_ENUM(score_method, weighted_sum, weighted_product, topsis)

/// Where the criteria weights come from. `direct` (default): the criteria's own weights;
/// `equal`; `rank_order`: rank-order centroid from `ranks` (kam::rank_order_centroid_weights);
/// `ahp`: the principal eigenvector (or geometric mean) of `pairwise` (kam::ahp); `entropy`,
/// `critic`, `std_dev`: derived from the accounts (kam::entropy_weights, kam::critic_weights,
/// kam::std_dev_weights on kam::weight_statistics), over `data`.
enum class weight_source { direct, equal, rank_order, ahp, entropy, critic, std_dev };
BOOST_DESCRIBE_ENUM(weight_source, direct, equal, rank_order, ahp, entropy, critic, std_dev)

/// What weights derived from data are computed on: `normalized` (default): the directed,
/// normalised values that the weighted sum weights (kam::normalize: each criterion's own
/// normalisation, cost criteria inverted), so units and scales do not decide the weights;
/// `raw`: the values as in the file (as kam::entropy_weights and friends take them; entropy then
/// needs values >= 0, CRITIC applies each criterion's direction itself).
enum class weight_data { normalized, raw };
BOOST_DESCRIBE_ENUM(weight_data, normalized, raw)

/// The "score.weights" configuration.
struct weight_config {
  weight_source source = weight_source::direct;
  /// rank_order: each criterion's importance rank, in criteria order (1 = most important; ties
  /// share their positions' weights).
  std::vector<Eigen::Index> ranks;
  /// ahp: the pairwise comparison matrix, rows and columns in criteria order; entries are
  /// numbers or fractions written as text ("1/3").
  std::vector<std::vector<boost::json::value>> pairwise;
  kam::ahp_options ahp{};
  weight_data data = weight_data::normalized;
  Eigen::Index ddof = 1;  ///< std_dev only (it does not change the weights with complete data)
};
BOOST_DESCRIBE_STRUCT(weight_config, (), (source, ranks, pairwise, ahp, data, ddof))

/// Returns whether weights from `source` are derived from the accounts.
[[nodiscard]] bool from_data(weight_source source) noexcept;

/// Returns the AHP matrix of `w` (configured at `path`), each entry a number or "p/q"; throws
/// located_error at an entry that is neither, or for a matrix that is not `n` x `n`.
[[nodiscard]] Eigen::MatrixXd pairwise_matrix(const json_document& doc, const json_path& path,
                                              const weight_config& w, Eigen::Index n);

/// Returns the weights `source` (entropy, CRITIC or standard deviation) derives from `stats`,
/// the statistics of the accounts' values under `data` for `criteria` (CRITIC takes the
/// criteria's directions on raw data; normalised values are directed already).
[[nodiscard]] kam::derived_weights<double> derive_weights(
    const kam::weight_statistics<double>& stats, const weight_config& w,
    const kam::criteria_set& criteria);

}  // namespace kam_tool
