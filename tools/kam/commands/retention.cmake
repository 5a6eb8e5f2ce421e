# CTest tests of `kam retention` (included by examples/cli/CMakeLists.txt).
#
# testdata/revenue.csv, by hand (periods p1..p4; E never a customer):
#   A 100 100 120 120: flat, expansion, flat.      B 100 80 0 0: contraction, churned, inactive.
#   C 0 50 50 60: new, flat, expansion.            D 200 0 100 100: churned, reactivated, flat.
# Windows of one period (reactivations separate, the library's default):
#   p1->p2: opening A, B, D = 400; B -20, D churned 200; C new 50: GRR = NRR = (400 - 20 - 200)
#           / 400 = 0.45; 2 of 3 logos kept: CRR 0.6667.
#   p2->p3: opening A, B, C = 230; A +20, B churned 80; D reactivated 100: GRR = 150 / 230 =
#           0.652174, NRR = 170 / 230 = 0.739130, CRR 2/3.
#   p3->p4: opening A, C, D = 270; C +10: GRR 1, NRR 280 / 270 = 1.037037, CRR 1.
# Cohorts: p1 = {A, B, D}: 3 accounts, 400; active 3, 2, 2, 2 (D returns); survived 3, 2, 1, 1;
#   revenue 400, 180, 220, 220 -> 1, .45, .55, .55. p2 = {C}: 1, 1, 1; revenue 50, 50, 60.
#   One account never active.
# sBG: the only cohort after the first (C) never churns: no finite fit (status boundary), which
#   is reported, not an error.
kam_cli_run_test(retention.accounts FILES revenue.csv retention.json
                 ARGS retention -c retention.json -o out.csv revenue.csv
                 OUTPUT out.csv EXPECTED retention_accounts.csv)
kam_cli_run_test(retention.windows FILES revenue.csv retention.json
                 ARGS retention -c retention.json --table windows -o out.csv revenue.csv
                 OUTPUT out.csv EXPECTED retention_windows.csv)
kam_cli_run_test(retention.cohorts FILES revenue.csv retention.json
                 ARGS retention -c retention.json --table cohorts -o out.csv revenue.csv
                 OUTPUT out.csv EXPECTED retention_cohorts.csv)
kam_cli_run_test(retention.json FILES revenue.csv retention.json
                 ARGS retention -c retention.json -o out.json revenue.csv
                 OUTPUT out.json EXPECTED retention_all.json)
foreach(rows 1 2)
  kam_cli_run_test(retention.chunk_rows_${rows} FILES revenue.csv retention.json
                   ARGS retention -c retention.json --chunk-rows ${rows} -o out.json revenue.csv
                   OUTPUT out.json EXPECTED retention_all.json)
endforeach()
# Quarterly windows on the bundled 400 accounts x 36 months: the first opens at m03 (index 2),
# steps of 3 months: m03->m06, ..., m33->m36 = (36 - 3) / 3 = 11 windows; every account once
# (the last id, RA-000400, is there); the sBG fit converges.
# (CMake regexes have no {n}: the window pattern is repeated by hand.)
string(REPEAT "\\{[^}]*\\}," 10 kam_ten_windows)
kam_cli_run_test(retention.sample_quarters FILES sample_quarters.json
                 ARGS retention -c sample_quarters.json --format json
                      ${PROJECT_SOURCE_DIR}/examples/data/sample_revenue.csv
                 STDOUT "\"id\":\"RA-000400\".*\"windows\":\\[${kam_ten_windows}\\{[^}]*\\}\\].*\"status\":\"converged\"")
# The published fit of Fader & Hardie (2007), through a revenue file.
add_test(NAME kam.cli.retention.fader_hardie_regular
         COMMAND ${CMAKE_COMMAND} -DKAM=$<TARGET_FILE:kam_tool>
                 -DWORKDIR=${CMAKE_CURRENT_BINARY_DIR}/run/retention.fader_hardie_regular
                 -P "${KAM_CLI_TESTS}/sbg_regular.cmake")

function(kam_cli_retention_bad name)
  cmake_parse_arguments(B "" "STDERR" "FILES;ARGS" ${ARGN})
  kam_cli_run_test(retention.bad.${name} FILES ${B_FILES} ARGS retention ${B_ARGS} -o out.csv
                   RC 1 STDERR "${B_STDERR}" OUTPUT out.csv NO_OUTPUT)
endfunction()
kam_cli_retention_bad(negative FILES revenue_negative.csv
                      ARGS revenue_negative.csv
                      STDERR "^kam retention: error: revenue_negative\\.csv:4:4: column 'p3': revenue -5 is negative")
kam_cli_retention_bad(missing FILES revenue_missing.csv
                      ARGS revenue_missing.csv
                      STDERR "^kam retention: error: revenue_missing\\.csv:3:3: column 'p2': the revenue is missing \\(write 0 for a period without revenue\\)")
kam_cli_retention_bad(text FILES revenue_text.csv
                      ARGS revenue_text.csv
                      STDERR "^kam retention: error: revenue_text\\.csv:2:5: 'n/a' is not a number")
kam_cli_retention_bad(no_window FILES revenue.csv retention_no_window.json
                      ARGS -c retention_no_window.json revenue.csv
                      STDERR "^kam retention: error: retention_no_window\\.json:1:27: .*no complete window")
kam_cli_retention_bad(unknown_period FILES revenue.csv retention_unknown_period.json
                      ARGS -c retention_unknown_period.json revenue.csv
                      STDERR "^kam retention: error: retention_unknown_period\\.json:1:34: period 'p5' is not a column of revenue\\.csv")
kam_cli_retention_bad(cohort_group FILES revenue.csv retention_group.json
                      ARGS -c retention_group.json revenue.csv
                      STDERR "^kam retention: error: retention_group\\.json:1:32: cohort_group 3 must be >= 1 and divide the 4 periods")
kam_cli_retention_bad(duplicate_ids FILES revenue_duplicate.csv
                      ARGS revenue_duplicate.csv
                      STDERR "^kam retention: error: revenue_duplicate\\.csv:4:1: duplicate id 'A' \\(first on line 2\\)")
kam_cli_run_test(retention.usage.table ARGS retention --table nope x.csv
                 RC 2 STDERR "--table must be accounts, windows, cohorts or projection")
