// kam: key account management scoring and segmentation. Umbrella header: includes only.
#pragma once

#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/core/stats.hpp>
#include <kam/portfolio/axis.hpp>
#include <kam/portfolio/focus.hpp>
#include <kam/portfolio/kraljic.hpp>
#include <kam/portfolio/maturity.hpp>
#include <kam/portfolio/position.hpp>
#include <kam/portfolio/preferencing.hpp>
#include <kam/portfolio/relationship.hpp>
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
#include <kam/scoring/weights.hpp>
#include <kam/version.hpp>
