# kam's version, the same everywhere it is written (docs/versioning.md, "Where the version lives").
# cmake -DROOT=<source dir> -DVERSION=<CMake's project version> [-DKAM=<kam tool>] -P version_check.cmake
# CMake's project version comes from the KAM_VERSION_* macros of include/kam/version.hpp; checked:
#  - kam::version_string in that header (which the kam tool and the Python module's
#    kam.__version__ report);
#  - the Python package's version in python/pyproject.toml;
#  - a dated section "## [<version>] - YYYY-MM-DD" in CHANGELOG.md;
#  - every `find_package(kam <major>.<minor> ...)` in README.md and docs/*.md: kam's CMake package
#    accepts only its own major.minor (SameMinorVersion), so an older one there fails for a reader;
#  - with -DKAM, the tool's `kam --version` output.
cmake_minimum_required(VERSION 3.25)
set(failures "")

file(STRINGS "${ROOT}/include/kam/version.hpp" line REGEX "version_string = ")
if(NOT line MATCHES "version_string = \"([^\"]*)\"")
  message(FATAL_ERROR "no kam::version_string in include/kam/version.hpp")
endif()
if(NOT CMAKE_MATCH_1 STREQUAL VERSION)
  list(APPEND failures "include/kam/version.hpp: version_string is '${CMAKE_MATCH_1}'")
endif()

file(STRINGS "${ROOT}/python/pyproject.toml" line REGEX "^version *= ")
if(NOT line MATCHES "^version *= *\"([^\"]*)\"")
  message(FATAL_ERROR "no version in python/pyproject.toml")
endif()
if(NOT CMAKE_MATCH_1 STREQUAL VERSION)
  list(APPEND failures "python/pyproject.toml: version is '${CMAKE_MATCH_1}'")
endif()

string(REPLACE "." "\\." version_regex "${VERSION}")
file(STRINGS "${ROOT}/CHANGELOG.md" line
     REGEX "^## \\[${version_regex}\\] - [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$")
if(NOT line)
  list(APPEND failures "CHANGELOG.md: no section '## [${VERSION}] - YYYY-MM-DD'")
endif()

string(REGEX MATCH "^[0-9]+\\.[0-9]+" major_minor "${VERSION}")
file(GLOB pages "${ROOT}/README.md" "${ROOT}/docs/*.md")
set(requests 0)
foreach(page IN LISTS pages)
  file(STRINGS "${page}" lines REGEX "find_package\\(kam [0-9]")
  foreach(line IN LISTS lines)
    math(EXPR requests "${requests} + 1")
    string(REGEX MATCH "find_package\\(kam ([0-9.]+)" _ "${line}")
    if(NOT CMAKE_MATCH_1 STREQUAL major_minor)
      file(RELATIVE_PATH name "${ROOT}" "${page}")
      list(APPEND failures "${name}: find_package(kam ${CMAKE_MATCH_1} ...), not ${major_minor}")
    endif()
  endforeach()
endforeach()

set(tool "not built")
if(KAM)
  set(tool "${KAM}")
  execute_process(COMMAND "${KAM}" --version OUTPUT_VARIABLE out RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR NOT out STREQUAL "kam ${VERSION}\n")
    list(APPEND failures "kam --version says '${out}' (exit ${rc})")
  endif()
endif()

if(failures)
  list(JOIN failures "\n  " text)
  message(FATAL_ERROR "kam's version is ${VERSION} (include/kam/version.hpp's macros), but:\n  ${text}")
endif()
message(STATUS "version ${VERSION} consistent (header, Python package, CHANGELOG, "
               "${requests} find_package line(s) in the docs, tool: ${tool})")
