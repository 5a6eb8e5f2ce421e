// kam version: the single source of truth (CMake reads the project version from here).
#pragma once

#define KAM_VERSION_MAJOR 0
#define KAM_VERSION_MINOR 2
#define KAM_VERSION_PATCH 0

namespace kam {

/// The library version as "major.minor.patch".
inline constexpr const char* version_string = "0.2.0";

/// The library version as a single number, major * 10000 + minor * 100 + patch.
inline constexpr int version_number =
    KAM_VERSION_MAJOR * 10000 + KAM_VERSION_MINOR * 100 + KAM_VERSION_PATCH;

}  // namespace kam
