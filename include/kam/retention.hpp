// kam/retention: revenue movements, revenue and logo retention, cohorts, retention rates, share of
// wallet, CLV, survival curves, Cox regression, the log-rank test, the shifted-beta-geometric
// model, the BG/NBD and the Gamma-Gamma models, transaction logs summarised for them, and the CLV
// forecast from them. Umbrella header: includes only.
#pragma once

#include <kam/retention/bgbb.hpp>
#include <kam/retention/bgnbd.hpp>
#include <kam/retention/bgnbd_covariates.hpp>
#include <kam/retention/clv.hpp>
#include <kam/retention/clv_forecast.hpp>
#include <kam/retention/cohorts.hpp>
#include <kam/retention/cox.hpp>
#include <kam/retention/cox_fit.hpp>
#include <kam/retention/fit_status.hpp>
#include <kam/retention/gamma_gamma.hpp>
#include <kam/retention/logrank.hpp>
#include <kam/retention/movements.hpp>
#include <kam/retention/pareto_nbd.hpp>
#include <kam/retention/rates.hpp>
#include <kam/retention/revenue_retention.hpp>
#include <kam/retention/sbg.hpp>
#include <kam/retention/survival.hpp>
#include <kam/retention/transaction_summary.hpp>
#include <kam/retention/wallet.hpp>
