// Deprecated: include kam/scoring/wsm.hpp (weighted sum), kam/scoring/wpm.hpp (weighted product)
// or kam/scoring/topsis.hpp (TOPSIS) instead, or kam/scoring.hpp for all of scoring. This header
// forwards to the three and will be removed in the next release.
#pragma once

#include <kam/core/concepts.hpp>
#include <kam/core/error.hpp>
#include <kam/core/stats.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/normalize.hpp>
#include <kam/scoring/options.hpp>
#include <kam/scoring/topsis.hpp>
#include <kam/scoring/wpm.hpp>
#include <kam/scoring/wsm.hpp>
