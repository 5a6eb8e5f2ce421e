// The umbrella header compiles on its own (also the translation unit clang-tidy checks).
#include <kam/kam.hpp>

static_assert(kam::version_number ==
              KAM_VERSION_MAJOR * 10000 + KAM_VERSION_MINOR * 100 + KAM_VERSION_PATCH);
