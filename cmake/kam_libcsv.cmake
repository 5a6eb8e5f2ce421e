# kam_libcsv: libcsv (Debian's libcsv-dev), which ships neither a CMake package nor a pkg-config
# file. Used by the examples and the kam tool.
include_guard(GLOBAL)
find_library(KAM_LIBCSV csv REQUIRED)
find_path(KAM_LIBCSV_INCLUDE csv.h REQUIRED)
add_library(kam_libcsv INTERFACE)
target_link_libraries(kam_libcsv INTERFACE "${KAM_LIBCSV}")
target_include_directories(kam_libcsv SYSTEM INTERFACE "${KAM_LIBCSV_INCLUDE}")
