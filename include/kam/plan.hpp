// kam/plan: account plans (completeness, freshness, what is missing), objectives and KPI review,
// health over time, whitespace, the next best play and the programme's self-assessment.
// Umbrella header: includes only.
#pragma once

#include <kam/plan/account_plan.hpp>
#include <kam/plan/dates.hpp>
#include <kam/plan/health_history.hpp>
#include <kam/plan/kpi_series.hpp>
#include <kam/plan/kpi_trend.hpp>
#include <kam/plan/next_play.hpp>
#include <kam/plan/objectives.hpp>
#include <kam/plan/plan_scores.hpp>
#include <kam/plan/self_assessment.hpp>
#include <kam/plan/whitespace.hpp>
