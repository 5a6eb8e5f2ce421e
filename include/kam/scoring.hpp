// kam/scoring: criteria, weights, normalisation, the scoring methods, ranks, tiers and
// explanations. Umbrella header: includes only.
#pragma once

#include <kam/scoring/ahp.hpp>
#include <kam/scoring/catalogue.hpp>
#include <kam/scoring/compare.hpp>
#include <kam/scoring/contributions.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/normalize.hpp>
#include <kam/scoring/objective_weights.hpp>
#include <kam/scoring/options.hpp>
#include <kam/scoring/rank.hpp>
#include <kam/scoring/reference_builder.hpp>
#include <kam/scoring/sensitivity.hpp>
#include <kam/scoring/subjective_weights.hpp>
#include <kam/scoring/topsis.hpp>
#include <kam/scoring/weight_statistics.hpp>
#include <kam/scoring/weights.hpp>
#include <kam/scoring/wpm.hpp>
#include <kam/scoring/wsm.hpp>
