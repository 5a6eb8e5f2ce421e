// kam: key account management scoring and segmentation. Umbrella header: includes only.
#pragma once

#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/core/stats.hpp>
#include <kam/retention/clv.hpp>
#include <kam/retention/metrics.hpp>
#include <kam/retention/sbg.hpp>
#include <kam/retention/survival.hpp>
#include <kam/scoring/catalogue.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/explain.hpp>
#include <kam/scoring/normalize.hpp>
#include <kam/scoring/options.hpp>
#include <kam/scoring/rank.hpp>
#include <kam/scoring/score.hpp>
#include <kam/version.hpp>
