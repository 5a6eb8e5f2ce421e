// kam/core: the shared vocabulary (errors, concepts, direction, threads, random numbers, column
// statistics, rank correlation, Boost.Describe bridge). Umbrella header: includes only.
#pragma once

#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/direction.hpp>
#include <kam/core/error.hpp>
#include <kam/core/merge_tree.hpp>
#include <kam/core/parallel.hpp>
#include <kam/core/random.hpp>
#include <kam/core/rank_correlation.hpp>
#include <kam/core/stats.hpp>
