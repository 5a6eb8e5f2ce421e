// Not API. Header-only (the default) or compiled mode, and the one macro that differs between them.
#pragma once

// In header-only mode every kam header carries its definitions. In compiled mode (the kam::compiled
// CMake target, which defines KAM_COMPILED_LIB for its users) the headers carry declarations only
// for the parts that are not templates (parsers, tables, name lookups, validation), and the
// library's one translation unit, src/kam.cpp, defines KAM_SOURCE and compiles them once; the
// templates stay in the headers either way. A program uses one mode throughout.
#if defined(KAM_COMPILED_LIB) && !defined(KAM_SOURCE)
#define KAM_HEADER_ONLY 0
#else
#define KAM_HEADER_ONLY 1
#endif

// KAM_INLINE marks a non-template definition in an `_impl.hpp` file: `inline` when the headers
// carry the definitions, nothing when src/kam.cpp compiles them once.
#if defined(KAM_COMPILED_LIB)
#define KAM_INLINE
#else
#define KAM_INLINE inline
#endif
