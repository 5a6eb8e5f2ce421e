// kam/portfolio: Kraljic position, supplier preferencing, posture, purchasing maturity, the
// relationship map and account focus. Umbrella header: includes only.
#pragma once

#include <kam/portfolio/axis.hpp>
#include <kam/portfolio/focus.hpp>
#include <kam/portfolio/kraljic.hpp>
#include <kam/portfolio/maturity.hpp>
#include <kam/portfolio/position.hpp>
#include <kam/portfolio/preferencing.hpp>
#include <kam/portfolio/relationship.hpp>
