// Weight sources: subjective (direct, equal, rank-order centroid), objective (standard deviation,
// entropy, CRITIC) and AHP. Include-only: each source has its own header.
#pragma once

#include <kam/core/describe.hpp>  // as this header always has: the results by name (to_string)
#include <kam/scoring/ahp.hpp>
#include <kam/scoring/objective_weights.hpp>
#include <kam/scoring/subjective_weights.hpp>
