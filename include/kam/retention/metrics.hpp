// Deprecated: the retention metrics now have a header per concept. Include
// <kam/retention/movements.hpp>, <kam/retention/revenue_retention.hpp>,
// <kam/retention/cohorts.hpp>, <kam/retention/rates.hpp> or <kam/retention/wallet.hpp> (or
// <kam/retention.hpp> for all of them) instead; this header forwards to all five for one release.
#pragma once

#include <kam/retention/cohorts.hpp>
#include <kam/retention/movements.hpp>
#include <kam/retention/rates.hpp>
#include <kam/retention/revenue_retention.hpp>
#include <kam/retention/wallet.hpp>
