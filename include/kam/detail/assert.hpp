// KAM_ASSERT: internal invariants only (user input is validated by throwing kam::error).
#pragma once

#ifndef KAM_ASSERT
#include <cassert>
/// Checks an internal invariant. Defaults to `assert`; define `KAM_ASSERT(cond, msg)` before
/// including any kam header to route it elsewhere. Never used to validate user data.
#define KAM_ASSERT(cond, msg) assert((cond) && (msg))
#endif
