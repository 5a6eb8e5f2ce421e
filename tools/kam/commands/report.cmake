# CTest tests of `kam report` (included by examples/cli/CMakeLists.txt).
kam_cli_run_test(report.reference FILES reference.csv reference.json
                 ARGS report -c reference.json -o report.html reference.csv OUTPUT report.html)
kam_cli_run_test(report.without_accounts ARGS report
                 STDOUT "<!DOCTYPE html>.*Give the accounts file \\(kam report ACCOUNTS\\.csv\\)")
kam_cli_run_test(report.bad_input FILES ragged.csv reference.json
                 ARGS report -c reference.json -o report.html ragged.csv
                 RC 1 STDERR "^kam report: error: ragged\\.csv:3:5: record has 4 fields"
                 OUTPUT report.html NO_OUTPUT PRESEED)

# The full report of the bundled sample (score, position with contacts, segment and retention
# sections), and a report with every slot filled (written by the unit tests), rendered by
# headless Chromium to PNG and checked: size, ink, the tier colours of the bars, the criteria
# colours of the shortlist, the matrix's tinted quadrant and the segment bars. Skipped without
# Chromium or Python.
find_program(KAM_CHROMIUM NAMES chromium chromium-browser)
find_package(Python3 COMPONENTS Interpreter)
set(kam_render_tools "-DCHROMIUM=${KAM_CHROMIUM}" "-DPYTHON=${Python3_EXECUTABLE}"
                     "-DCHECK_PNG=${KAM_CLI_TESTS}/check_png.py")
add_test(NAME kam.cli.report.renders_in_chromium
         COMMAND ${CMAKE_COMMAND} -DKAM=$<TARGET_FILE:kam_tool> ${kam_render_tools}
                 -DACCOUNTS=${PROJECT_SOURCE_DIR}/examples/data/sample_portfolio.csv
                 -DCONTACTS=${PROJECT_SOURCE_DIR}/examples/data/sample_contacts.csv
                 -DREVENUE=${PROJECT_SOURCE_DIR}/examples/data/sample_revenue.csv
                 -DCONFIG=${KAM_CLI_DATA}/sample_report.json
                 -DWORKDIR=${CMAKE_CURRENT_BINARY_DIR}/run/report.renders_in_chromium
                 -P "${KAM_CLI_TESTS}/render_report.cmake")
add_test(NAME kam.cli.report.all_slots_render_in_chromium
         COMMAND ${CMAKE_COMMAND} -DUNIT_TESTS=$<TARGET_FILE:kam_cli_tests> ${kam_render_tools}
                 -DHTML=${CMAKE_CURRENT_BINARY_DIR}/report_all_slots.html
                 -DWORKDIR=${CMAKE_CURRENT_BINARY_DIR}/run/report.all_slots_render_in_chromium
                 -P "${KAM_CLI_TESTS}/render_report.cmake")
set_tests_properties(kam.cli.report.renders_in_chromium kam.cli.report.all_slots_render_in_chromium
                     PROPERTIES SKIP_REGULAR_EXPRESSION "KAM-SKIP" TIMEOUT 120)
