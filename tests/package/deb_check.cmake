# The .deb packages as a newcomer gets them: cpack -G DEB in the build tree, each package unpacked
# (dpkg-deb -x) into one root, its control fields checked, then
#  1. the consumer project (tests/package) built with find_package from <root>/usr and run;
#  2. pkg_config_consumer.cpp built with nothing but pkg-config's flags, against kam and against
#     kam-compiled, and run;
#  3. the tool's --version run from <root>/usr/bin.
# cmake -DBINARY_DIR=<build> -DSOURCE_DIR=<tests/package> -DWORK=<dir> -DGENERATOR=<g>
#       -DCXX=<compiler> -DBUILD_TYPE=<type> -DEXPECT_TOOL=<bool> -DVERSION=<x.y.z> -P deb_check.cmake
cmake_minimum_required(VERSION 3.25)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE "${WORK}")
run(cpack -G DEB --config "${BINARY_DIR}/CPackConfig.cmake" -B "${WORK}/debs")

set(expected libkam-dev)
if(EXPECT_TOOL)
  list(APPEND expected kam)
endif()
set(root "${WORK}/root")
foreach(package IN LISTS expected)
  file(GLOB deb "${WORK}/debs/${package}_${VERSION}-1_*.deb")
  list(LENGTH deb found)
  if(NOT found EQUAL 1)
    file(GLOB all "${WORK}/debs/*.deb")
    message(FATAL_ERROR "expected one ${package}_${VERSION}-1_<arch>.deb; cpack wrote: ${all}")
  endif()
  run(dpkg-deb -f "${deb}" Package Version Depends)
  message(STATUS "${deb}:\n${run_output}")
  if(package STREQUAL "libkam-dev" AND NOT run_output MATCHES "libboost1.81-dev")
    message(FATAL_ERROR "libkam-dev does not depend on libboost1.81-dev")
  endif()
  run(dpkg-deb -x "${deb}" "${root}")
endforeach()

# 1. find_package from the unpacked tree.
run(ctest --build-and-test "${SOURCE_DIR}" "${WORK}/consumer" --build-generator "${GENERATOR}"
    --build-options "-DCMAKE_PREFIX_PATH=${root}/usr" "-DKAM_EXPECTED_PREFIX=${root}/usr"
                    "-DKAM_EXPECT_TOOL=${EXPECT_TOOL}" "-DCMAKE_CXX_COMPILER=${CXX}"
                    "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}"
    --test-command ctest --output-on-failure)
message(STATUS "find_package consumer: passed")

# 2. pkg-config only.
file(GLOB_RECURSE pc_files "${root}/*.pc")
set(pc_path "")
foreach(pc IN LISTS pc_files)
  get_filename_component(dir "${pc}" DIRECTORY)
  list(APPEND pc_path "${dir}")
endforeach()
list(REMOVE_DUPLICATES pc_path)
string(REPLACE ";" ":" pc_path "${pc_path}")
set(ENV{PKG_CONFIG_PATH} "${pc_path}")
foreach(module kam kam-compiled)
  run(pkg-config --cflags --libs ${module})
  string(STRIP "${run_output}" flags)
  separate_arguments(flags UNIX_COMMAND "${flags}")
  # Flags after the source, as a linker needs -l after the objects that use it.
  run("${CXX}" -std=c++20 "${SOURCE_DIR}/pkg_config_consumer.cpp" ${flags}
      -o "${WORK}/pkg_config_${module}")
  run("${WORK}/pkg_config_${module}")
  message(STATUS "pkg-config ${module}: ${run_output}")
endforeach()

# 3. The tool.
if(EXPECT_TOOL)
  run("${root}/usr/bin/kam" --version)
  if(NOT run_output STREQUAL "kam ${VERSION}\n")
    message(FATAL_ERROR "the packaged tool says '${run_output}', expected 'kam ${VERSION}'")
  endif()
  message(STATUS "tool: ${run_output}")
endif()
message(STATUS "deb check passed")
