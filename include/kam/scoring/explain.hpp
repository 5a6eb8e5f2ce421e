// Deprecated: include kam/scoring/contributions.hpp, kam/scoring/compare.hpp,
// kam/scoring/sensitivity.hpp or kam/core/rank_correlation.hpp (spearman, kendall_tau_b) instead,
// or kam/scoring.hpp for all of scoring. This header forwards to them and will be removed in the
// next release.
#pragma once

#include <kam/core/describe.hpp>
#include <kam/core/random.hpp>
#include <kam/core/rank_correlation.hpp>
#include <kam/scoring/compare.hpp>
#include <kam/scoring/contributions.hpp>
#include <kam/scoring/rank.hpp>
#include <kam/scoring/score.hpp>
#include <kam/scoring/sensitivity.hpp>
