// kam: key account management scoring and segmentation. Umbrella header: includes only.
#pragma once

#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/core/stats.hpp>
#include <kam/scoring/catalogue.hpp>
#include <kam/scoring/criteria.hpp>
#include <kam/scoring/explain.hpp>
#include <kam/scoring/normalize.hpp>
#include <kam/scoring/options.hpp>
#include <kam/scoring/rank.hpp>
#include <kam/scoring/score.hpp>
#include <kam/segmentation/kmeans.hpp>
#include <kam/segmentation/quantile_bins.hpp>
#include <kam/segmentation/rules.hpp>
#include <kam/version.hpp>
