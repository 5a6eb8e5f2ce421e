// kam/scoring: criteria, weights, normalisation, the scoring methods, ranks, tiers and
// explanations. Umbrella header: includes only.
#pragma once

#include <kam/scoring/catalogue.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/explain.hpp>
#include <kam/scoring/normalize.hpp>
#include <kam/scoring/options.hpp>
#include <kam/scoring/rank.hpp>
#include <kam/scoring/reference_builder.hpp>
#include <kam/scoring/score.hpp>
#include <kam/scoring/weight_statistics.hpp>
#include <kam/scoring/weights.hpp>
