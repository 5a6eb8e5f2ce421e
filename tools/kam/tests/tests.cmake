# Tests of the kam tool: Catch2 tests of its library layer, and golden-file runs of the binary.

# Catch2 tests of the tool's own code (kam.tool.<test name>). Not through kam_add_test_suite: the
# tests take the tool's compile flags (see CMakeLists.txt), so they cannot share the suites'
# precompiled header.
add_executable(kam_tool_tests
    tests/config_keys_test.cpp
    tests/csv_test.cpp
    tests/init_test.cpp
    tests/json_io_test.cpp
    tests/output_test.cpp
    tests/report_test.cpp
    tests/score_pipeline_test.cpp
    tests/suggest_test.cpp
    tests/svg_test.cpp)
target_link_libraries(kam_tool_tests PRIVATE kam_tool_core kam_test_main kam_warnings)
target_include_directories(kam_tool_tests PRIVATE "${PROJECT_SOURCE_DIR}/tests")
catch_discover_tests(kam_tool_tests TEST_PREFIX "kam.tool.")
target_compile_definitions(kam_tool_tests PRIVATE
    "KAM_TOOL_DATA=\"${CMAKE_CURRENT_SOURCE_DIR}/testdata\""
    "KAM_SAMPLE_DIR=\"${PROJECT_SOURCE_DIR}/examples/data\""
    "KAM_TOOL_BINARY_DIR=\"${CMAKE_CURRENT_BINARY_DIR}\"")

# Golden-file runs of the binary (kam.tool.golden.<case>): every directory of tests/golden is a
# command line, its input files and the expected standard output, standard error, exit code and
# output files, compared byte for byte by tests/golden_runner.cpp, which shows a unified diff on
# failure. `cmake --build <dir> --target kam_tool_update_golden` rewrites every case from the
# current binary instead (review the result with git diff).
add_executable(kam_tool_golden_runner tests/golden_runner.cpp)
target_compile_features(kam_tool_golden_runner PRIVATE cxx_std_20)
if(TARGET kam_warnings)
  target_link_libraries(kam_tool_golden_runner PRIVATE kam_warnings)
endif()
file(GLOB kam_tool_golden_cases CONFIGURE_DEPENDS LIST_DIRECTORIES true
     "${CMAKE_CURRENT_SOURCE_DIR}/tests/golden/*")
set(kam_tool_golden_update "")
foreach(case IN LISTS kam_tool_golden_cases)
  if(NOT IS_DIRECTORY "${case}")
    continue()
  endif()
  get_filename_component(name "${case}" NAME)
  set(golden_args $<TARGET_FILE:kam_tool> "${case}" "${CMAKE_CURRENT_SOURCE_DIR}/testdata"
                  "${PROJECT_SOURCE_DIR}/examples/data"
                  "${CMAKE_CURRENT_BINARY_DIR}/golden/${name}" "${PROJECT_VERSION}")
  add_test(NAME kam.tool.golden.${name} COMMAND kam_tool_golden_runner ${golden_args})
  list(APPEND kam_tool_golden_update COMMAND kam_tool_golden_runner ${golden_args} --update)
endforeach()
add_custom_target(kam_tool_update_golden ${kam_tool_golden_update}
                  DEPENDS kam_tool kam_tool_golden_runner VERBATIM)

# `kam score` on 10000 generated accounts: in chunks of 999 (held, or read in every pass with
# --memory 0) and in one piece, on one thread or several, the same bytes (CSV and JSON); every
# account once, in order; the progress line only on a terminal (script(1)), naming the step in
# `kam report`.
if(TARGET generate_portfolio)
  add_test(NAME kam.tool.score.chunks_generated
           COMMAND ${CMAKE_COMMAND} -DKAM=$<TARGET_FILE:kam_tool>
                   -DGENERATOR=$<TARGET_FILE:generate_portfolio>
                   -DWORKDIR=${CMAKE_CURRENT_BINARY_DIR}/run/score.chunks_generated
                   -P "${CMAKE_CURRENT_SOURCE_DIR}/tests/chunks_generated.cmake")
endif()

# The full report of the bundled sample (score, position with contacts, segment and retention
# sections), and a report with every slot filled (written by the unit tests), rendered by
# headless Chromium to PNG and checked: size, ink, the tier colours of the bars, the criteria
# colours of the shortlist, the matrix's tinted quadrant and the segment bars. Skipped without
# Chromium or Python.
find_program(KAM_CHROMIUM NAMES chromium chromium-browser)
find_package(Python3 COMPONENTS Interpreter)
set(kam_render_tools "-DCHROMIUM=${KAM_CHROMIUM}" "-DPYTHON=${Python3_EXECUTABLE}"
                     "-DCHECK_PNG=${CMAKE_CURRENT_SOURCE_DIR}/tests/check_png.py")
add_test(NAME kam.tool.report.renders_in_chromium
         COMMAND ${CMAKE_COMMAND} -DKAM=$<TARGET_FILE:kam_tool> ${kam_render_tools}
                 -DACCOUNTS=${PROJECT_SOURCE_DIR}/examples/data/sample_portfolio.csv
                 -DCONTACTS=${PROJECT_SOURCE_DIR}/examples/data/sample_contacts.csv
                 -DREVENUE=${PROJECT_SOURCE_DIR}/examples/data/sample_revenue.csv
                 -DCONFIG=${CMAKE_CURRENT_SOURCE_DIR}/testdata/sample_report.json
                 -DWORKDIR=${CMAKE_CURRENT_BINARY_DIR}/run/report.renders_in_chromium
                 -P "${CMAKE_CURRENT_SOURCE_DIR}/tests/render_report.cmake")
add_test(NAME kam.tool.report.all_slots_render_in_chromium
         COMMAND ${CMAKE_COMMAND} -DUNIT_TESTS=$<TARGET_FILE:kam_tool_tests> ${kam_render_tools}
                 -DHTML=${CMAKE_CURRENT_BINARY_DIR}/report_all_slots.html
                 -DWORKDIR=${CMAKE_CURRENT_BINARY_DIR}/run/report.all_slots_render_in_chromium
                 -P "${CMAKE_CURRENT_SOURCE_DIR}/tests/render_report.cmake")
set_tests_properties(kam.tool.report.renders_in_chromium
                     kam.tool.report.all_slots_render_in_chromium
                     PROPERTIES SKIP_REGULAR_EXPRESSION "KAM-SKIP" TIMEOUT 120)

# The layout in headless Chromium at 360 and 1920 px, measured in the DOM (check_layout.py): the
# sample's report with every section (scores, position, segments, retention, repeat buyers,
# plans) and the trend since an earlier run (testdata/sample_history.csv), the every-slot report
# (with the list of every key account), and a deliberately broken page that must fail with each
# kind of problem. Skipped without Chromium or Python.
set(kam_layout_tools "-DCHROMIUM=${KAM_CHROMIUM}" "-DPYTHON=${Python3_EXECUTABLE}"
                     "-DCHECK_LAYOUT=${CMAKE_CURRENT_SOURCE_DIR}/tests/check_layout.py"
                     "-DFORBID=${PROJECT_SOURCE_DIR};${PROJECT_BINARY_DIR}")
add_test(NAME kam.tool.report.layout_in_chromium
         COMMAND ${CMAKE_COMMAND} -DKAM=$<TARGET_FILE:kam_tool> ${kam_layout_tools}
                 -DACCOUNTS=${PROJECT_SOURCE_DIR}/examples/data/sample_portfolio.csv
                 -DCONTACTS=${PROJECT_SOURCE_DIR}/examples/data/sample_contacts.csv
                 -DREVENUE=${PROJECT_SOURCE_DIR}/examples/data/sample_revenue.csv
                 -DTRANSACTIONS=${CMAKE_CURRENT_SOURCE_DIR}/testdata/cdnow_transactions.csv
                 -DPLANS=${PROJECT_SOURCE_DIR}/examples/data/plans -DAS_OF=2026-06-30
                 -DCONFIG=${CMAKE_CURRENT_SOURCE_DIR}/testdata/sample_report.json -DKEEP=name
                 -DHISTORY=${CMAKE_CURRENT_SOURCE_DIR}/testdata/sample_history.csv
                 -DWORKDIR=${CMAKE_CURRENT_BINARY_DIR}/run/report.layout_in_chromium
                 -P "${CMAKE_CURRENT_SOURCE_DIR}/tests/layout_report.cmake")
add_test(NAME kam.tool.report.all_slots_layout_in_chromium
         COMMAND ${CMAKE_COMMAND} -DUNIT_TESTS=$<TARGET_FILE:kam_tool_tests> ${kam_layout_tools}
                 -DHTML=${CMAKE_CURRENT_BINARY_DIR}/report_all_slots.html
                 -DWORKDIR=${CMAKE_CURRENT_BINARY_DIR}/run/report.all_slots_layout_in_chromium
                 -P "${CMAKE_CURRENT_SOURCE_DIR}/tests/layout_report.cmake")
add_test(NAME kam.tool.report.layout_check_fails_on_broken_page
         COMMAND ${CMAKE_COMMAND} ${kam_layout_tools}
                 -DBROKEN=${CMAKE_CURRENT_SOURCE_DIR}/testdata/broken_layout.html
                 "-DEXPECT=overflow:;overlap:;outside:;crossed:;window:;half-empty:;clipped:;tiny:;path:;network:"
                 -DWORKDIR=${CMAKE_CURRENT_BINARY_DIR}/run/report.layout_check_fails
                 -P "${CMAKE_CURRENT_SOURCE_DIR}/tests/layout_report.cmake")
set_tests_properties(kam.tool.report.layout_in_chromium kam.tool.report.all_slots_layout_in_chromium
                     kam.tool.report.layout_check_fails_on_broken_page
                     PROPERTIES SKIP_REGULAR_EXPRESSION "KAM-SKIP" TIMEOUT 240)
