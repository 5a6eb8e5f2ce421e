// Direction: whether more of a criterion, feature or field is better (benefit) or worse (cost).
#pragma once

#include <boost/describe/enum.hpp>

namespace kam {

/// Whether more of a criterion is better (benefit: revenue, fit) or worse (cost: effort).
/// Shared by scoring (criteria), portfolio (axes) and segmentation (quantile bins).
enum class direction { benefit, cost };
BOOST_DESCRIBE_ENUM(direction, benefit, cost)

}  // namespace kam
