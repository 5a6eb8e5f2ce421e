# Tests of the kam tool: Catch2 unit tests of its headers, and helpers for the CTest tests that
# run the binary (each command's own tests are in commands/<name>.cmake).
set(KAM_CLI_DATA "${CMAKE_CURRENT_SOURCE_DIR}/testdata")
set(KAM_CLI_TESTS "${CMAKE_CURRENT_SOURCE_DIR}/tests")

kam_add_test_suite(cli
    tests/csv_test.cpp
    tests/json_io_test.cpp
    tests/output_test.cpp
    tests/report_test.cpp
    tests/score_pipeline_test.cpp
    tests/svg_test.cpp)
target_link_libraries(kam_cli_tests PRIVATE kam_cli_base kam_cli_json)
target_include_directories(kam_cli_tests PRIVATE "${PROJECT_SOURCE_DIR}/tests" "${PROJECT_SOURCE_DIR}/examples")
target_compile_definitions(kam_cli_tests PRIVATE
    "KAM_CLI_DATA=\"${KAM_CLI_DATA}\"" "KAM_CLI_BINARY_DIR=\"${CMAKE_CURRENT_BINARY_DIR}\"")

# kam_cli_run_test(<name> [RC <code>] [STDERR <regex>] [STDOUT <regex>] [OUTPUT <file>]
#                  [EXPECTED <file>] [NO_OUTPUT] [PRESEED] [FILES <testdata files...>]
#                  ARGS <arguments...>)
# Copies FILES (names in testdata/) into a fresh directory, runs `kam <arguments>` there and
# checks the run with tests/run_kam.cmake (see there). EXPECTED names a file in
# testdata/expected/.
function(kam_cli_run_test name)
  cmake_parse_arguments(T "NO_OUTPUT;PRESEED" "RC;STDERR;STDOUT;OUTPUT;EXPECTED" "ARGS;FILES"
                        ${ARGN})
  string(REPLACE ";" "|" args "${T_ARGS}")
  list(TRANSFORM T_FILES PREPEND "${KAM_CLI_DATA}/")
  string(REPLACE ";" "|" files "${T_FILES}")
  if(DEFINED T_EXPECTED)
    set(T_EXPECTED "${KAM_CLI_DATA}/expected/${T_EXPECTED}")
  endif()
  set(defs "-DKAM=$<TARGET_FILE:kam_tool>" "-DARGS=${args}" "-DFILES=${files}"
           "-DWORKDIR=${CMAKE_CURRENT_BINARY_DIR}/run/${name}")
  foreach(v RC STDERR STDOUT OUTPUT EXPECTED)
    if(DEFINED T_${v})
      list(APPEND defs "-D${v}=${T_${v}}")
    endif()
  endforeach()
  foreach(v NO_OUTPUT PRESEED)
    if(T_${v})
      list(APPEND defs "-D${v}=ON")
    endif()
  endforeach()
  add_test(NAME kam.cli.${name} COMMAND ${CMAKE_COMMAND} ${defs} -P "${KAM_CLI_TESTS}/run_kam.cmake")
endfunction()
