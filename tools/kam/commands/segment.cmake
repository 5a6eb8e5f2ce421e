# CTest tests of `kam segment` (included by examples/cli/CMakeLists.txt).
#
# testdata/segment.csv with segment.json, by hand. Rules, first match wins:
#   innovation (tech >= 4 and industry in (energy, retail)): S1, S2; S3 and S7 have tech >= 4 but
#   bank; disloyal -> at_risk (loyalty <= 2): S4, S7; large (employees >= 1000): S5 (S1 has 1200
#   employees but an earlier rule took it); the fallback core: S3, S6, S8.
# Revenue 100..800 in 4 bins: numpy's linear quantiles at h = 7k/4 give edges 100, 275, 450,
#   625, 800, so codes 1 1 2 2 3 3 4 4. Loyalty 5 1 4 2 3 4 1 5 in 2 bins: median 3.5, a cost
#   field (codes reversed): 1 2 1 2 2 1 2 1. Combined: 1-1 1-2 2-1 2-2 3-2 3-1 4-2 4-1.
# k-means on (price, tech), revenue-weighted, k = 2: two well separated groups, {S1, S2, S3, S7}
#   around (1.5, 4.5) and {S4, S5, S6, S8} around (4.75, 1.5); weighted centroids (2300 / 1300,
#   5600 / 1300) = (1.769231, 4.307692) and (10900 / 2300, 3600 / 2300) = (4.739130, 1.565217).
#   Inertia (weighted squared distances to the centroids) 1516.3879599. Which group is cluster 1
#   comes from the seeded k-means++ (kam::kmeans, seed 7).
kam_cli_run_test(segment.reference_csv FILES segment.csv segment.json
                 ARGS segment -c segment.json -o out.csv segment.csv
                 OUTPUT out.csv EXPECTED segment_rows.csv)
kam_cli_run_test(segment.reference_json FILES segment.csv segment.json
                 ARGS segment -c segment.json -o out.json segment.csv
                 OUTPUT out.json EXPECTED segment_rows.json)
foreach(rows 1 3)
  kam_cli_run_test(segment.chunk_rows_${rows} FILES segment.csv segment.json
                   ARGS segment -c segment.json --chunk-rows ${rows} -o out.csv segment.csv
                   OUTPUT out.csv EXPECTED segment_rows.csv)
endforeach()
# Bins and k-means fitted on a seeded sample of 5 of the 8 accounts, then applied to all: every
# account still gets one row, and the accounts outside the sample's range are counted.
kam_cli_run_test(segment.fit_sample FILES segment.csv segment_sample.json
                 ARGS segment -c segment_sample.json --format json segment.csv
                 STDOUT "\"fitted_on\":5,.*\"id\":\"S8\".*\"outside\"")

function(kam_cli_segment_bad name)
  cmake_parse_arguments(B "" "STDERR" "FILES;ARGS" ${ARGN})
  kam_cli_run_test(segment.bad.${name} FILES ${B_FILES} ARGS segment ${B_ARGS} -o out.csv
                   RC 1 STDERR "${B_STDERR}" OUTPUT out.csv NO_OUTPUT)
endfunction()
kam_cli_segment_bad(condition_syntax FILES segment.csv segment_bad_condition.json
                    ARGS -c segment_bad_condition.json segment.csv
                    STDERR "^kam segment: error: segment_bad_condition\\.json:5:64: column 26: expected a number in \"loyalty <= 2 and tech >= high\"")
kam_cli_segment_bad(unknown_field FILES segment.csv segment_unknown_field.json
                    ARGS -c segment_unknown_field.json segment.csv
                    STDERR "^kam segment: error: segment\\.csv:1:1: rule field 'lyalty' is not a column of segment\\.csv")
kam_cli_segment_bad(missing_feature FILES segment_missing.csv segment.json
                    ARGS -c segment.json segment_missing.csv
                    STDERR "^kam segment: error: segment_missing\\.csv:4:6: the value is missing \\(column 'price'\\); k-means features need a value for every account")
kam_cli_segment_bad(k_too_large FILES segment.csv segment_k9.json
                    ARGS -c segment_k9.json segment.csv
                    STDERR "^kam segment: error: segment_k9\\.json:11:74: k-means on 8 accounts of segment\\.csv: k = 9 must be between 1 and the number of accounts \\(8\\)")
kam_cli_segment_bad(nothing_to_do FILES segment.csv segment_empty.json
                    ARGS -c segment_empty.json segment.csv
                    STDERR "^kam segment: error: segment_empty\\.json:1:13: nothing to do")
