# The architecture rule of #14, checked: an area's internals (kam/<area>/detail/) are included only
# by that area's own headers; core's internals serve every area of the library, but nothing outside
# include/kam (the tool, the examples, the benchmarks, src) includes any detail header.
# Usage: cmake -DROOT=<source dir> -P detail_includes.cmake (the tests may include internals).
file(GLOB_RECURSE files "${ROOT}/include/kam/*.hpp" "${ROOT}/tools/*.hpp" "${ROOT}/tools/*.cpp"
     "${ROOT}/examples/*.hpp" "${ROOT}/examples/*.cpp" "${ROOT}/benchmarks/*.cpp"
     "${ROOT}/src/*.cpp")
set(violations "")
foreach(f IN LISTS files)
  file(RELATIVE_PATH rel "${ROOT}" "${f}")
  file(STRINGS "${f}" lines REGEX "#include <kam/[a-z_]+/detail/")
  foreach(line IN LISTS lines)
    string(REGEX MATCH "kam/([a-z_]+)/detail/[a-z_]+\\.hpp" header "${line}")
    set(area "${CMAKE_MATCH_1}")
    if(area STREQUAL "core")
      set(allowed "^include/kam/")
    else()
      set(allowed "^include/kam/${area}/")
    endif()
    if(NOT rel MATCHES "${allowed}")
      string(APPEND violations "\n  ${rel} includes ${header}")
    endif()
  endforeach()
endforeach()
list(LENGTH files count)
if(violations)
  message(FATAL_ERROR "detail headers included outside their area:${violations}")
endif()
message(STATUS "detail headers stay in their area (${count} files checked)")
