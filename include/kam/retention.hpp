// kam/retention: churn and revenue retention, cohorts, CLV, survival curves and the
// shifted-beta-geometric model. Umbrella header: includes only.
#pragma once

#include <kam/retention/clv.hpp>
#include <kam/retention/metrics.hpp>
#include <kam/retention/sbg.hpp>
#include <kam/retention/survival.hpp>
