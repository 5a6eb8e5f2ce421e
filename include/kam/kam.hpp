// kam: key account management scoring and segmentation. Umbrella header: includes only. Each
// area has its own umbrella (kam/scoring.hpp, ...): include only what you use to compile faster.
#pragma once

#include <kam/core.hpp>
#include <kam/plan.hpp>
#include <kam/portfolio.hpp>
#include <kam/retention.hpp>
#include <kam/scoring.hpp>
#include <kam/segmentation.hpp>
#include <kam/version.hpp>
