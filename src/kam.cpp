// The one translation unit of kam::compiled. CMake defines KAM_COMPILED_LIB and KAM_SOURCE for it:
// every header then includes its `_impl.hpp` definitions, compiled here once as ordinary
// (non-inline) functions, and every user of kam::compiled sees the declarations only.
#include <kam/kam.hpp>
