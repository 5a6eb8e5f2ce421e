# CTest tests of `kam score` (included by examples/cli/CMakeLists.txt). Inputs are in testdata/,
# expected outputs in testdata/expected/.

# The issue #2 reference case (hand computation in tests/scoring/score_test.cpp):
# A = .4 * 50/350 + .35 * .25 + .25 * 2/3 = 0.3113095..., B = 0.4, C = 0.7410714..., D = 0.6;
# ranks 4, 3, 1, 2; cap 2 and min 0.5 keep C and D; the edge 0.5 puts C and D in tier A.
kam_cli_run_test(score.reference_csv FILES reference.csv reference.json
                 ARGS score -c reference.json -o scores.csv reference.csv
                 OUTPUT scores.csv EXPECTED reference_scores.csv)
kam_cli_run_test(score.reference_json FILES reference.csv reference.json
                 ARGS score --config=reference.json --output scores.json reference.csv
                 OUTPUT scores.json EXPECTED reference_scores.json)
kam_cli_run_test(score.reference_stdout FILES reference.csv reference.json
                 ARGS score -c reference.json reference.csv
                 STDOUT "^id,score,rank,tier,tier_name,key_account,coverage,contributions\\.revenue,contributions\\.growth,contributions\\.effort\nA,0\\.3113095238095238,4,2,B,false,1,")
# One account per chunk, two, three: the same bytes as in one piece.
foreach(rows 1 2 3)
  kam_cli_run_test(score.chunk_rows_${rows} FILES reference.csv reference.json
                   ARGS score -c reference.json --chunk-rows ${rows} -o scores.csv reference.csv
                   OUTPUT scores.csv EXPECTED reference_scores.csv)
endforeach()

# RFC 4180 in full: a byte-order mark, CRLF line ends, ids with a comma, spaces, a CRLF inside
# quotes and non-ASCII letters, quoted names with doubled quotes and line breaks, and an empty
# (missing) value scored under renormalize. Hand computation (as in score_test.cpp's renormalize
# case): growth over A, C, D: min .10, max .25 -> A 0, C 2/3, D 1; B has revenue 1 and effort 0
# on weight .65: 0.4 / 0.65 = 0.6153846...; A = .4/7 + .25 * 2/3 = 0.2238095...,
# C = .4 * 4/7 + .35 * 2/3 + .25 = 0.7119047..., D = 0.6. Ids come out exactly as they went in.
kam_cli_run_test(score.rfc4180_csv FILES tricky.csv renormalize.json
                 ARGS score -c renormalize.json -o scores.csv tricky.csv
                 OUTPUT scores.csv EXPECTED tricky_scores.csv)
kam_cli_run_test(score.rfc4180_json FILES tricky.csv renormalize.json
                 ARGS score -c renormalize.json --format json -o scores.json tricky.csv
                 OUTPUT scores.json EXPECTED tricky_scores.json)
kam_cli_run_test(score.rfc4180_chunked FILES tricky.csv renormalize.json
                 ARGS score -c renormalize.json --chunk-rows 1 -o scores.csv tricky.csv
                 OUTPUT scores.csv EXPECTED tricky_scores.csv)

# Bad input: a clear error with file, line and column, exit code 1, and no output file left
# behind (PRESEED: an older file at the output path survives the failed run untouched).
function(kam_cli_bad_input name input config stderr)
  kam_cli_run_test(score.bad.${name} FILES ${input} ${config}
                   ARGS score -c ${config} -o scores.csv ${input}
                   RC 1 STDERR "${stderr}" OUTPUT scores.csv NO_OUTPUT ${ARGN})
endfunction()
kam_cli_bad_input(ragged_row ragged.csv reference.json
                  "^kam score: error: ragged\\.csv:3:5: record has 4 fields where the header has 5")
kam_cli_bad_input(unterminated_quote unterminated.csv reference.json
                  "^kam score: error: unterminated\\.csv:3:1: unterminated quoted field" PRESEED)
kam_cli_bad_input(stray_quote stray_quote.csv reference.json
                  "^kam score: error: stray_quote\\.csv:3:2: malformed field")
kam_cli_bad_input(text_for_number not_a_number.csv reference.json
                  "^kam score: error: not_a_number\\.csv:4:4: 'abc' is not a number \\(column 'growth'")
kam_cli_bad_input(missing_id_column no_id.csv reference.json
                  "^kam score: error: no_id\\.csv:1:1: no id column 'id'")
kam_cli_bad_input(duplicate_ids duplicate_ids.csv reference.json
                  "^kam score: error: duplicate_ids\\.csv:5:1: duplicate id 'B' \\(first on line 3\\)" PRESEED)
kam_cli_bad_input(missing_value_rejected missing_value.csv reference.json
                  "^kam score: error: missing_value\\.csv:3:4: column 'growth': value is NaN \\(missing\\) and missing_policy is reject")
kam_cli_bad_input(value_off_its_scale off_rating.csv rating_scale.json
                  "^kam score: error: off_rating\\.csv:3:5: column 'effort': value 7 is outside the scale \\[1, 5\\]")
kam_cli_bad_input(unknown_criterion reference.csv unknown_criterion.json
                  "^kam score: error: unknown_criterion\\.json:5:16: criterion 'growht' is not a column of reference\\.csv")
kam_cli_bad_input(invalid_json reference.csv invalid.json
                  "^kam score: error: invalid\\.json:6:7: invalid JSON: syntax error" PRESEED)
kam_cli_bad_input(unknown_key reference.csv unknown_key.json
                  "^kam score: error: unknown_key\\.json:5:26: unknown key 'wieght' in score\\.criteria\\[1\\]")
kam_cli_bad_input(unknown_direction reference.csv unknown_direction.json
                  "^kam score: error: unknown_direction\\.json:5:53: unknown name 'costs' for score\\.criteria\\[1\\]\\.direction; known: 'benefit', 'cost'")
kam_cli_bad_input(negative_weight reference.csv bad_weight.json
                  "^kam score: error: bad_weight\\.json:5:7: criterion 'effort': weight -25 is negative")
kam_cli_bad_input(min_score_off_scale reference.csv off_scale.json
                  "^kam score: error: off_scale\\.json:4:35: min_score 55 is outside the score scale \\[0, 1\\]")
kam_cli_bad_input(unknown_section reference.csv unknown_section.json
                  "^kam score: error: unknown_section\\.json:2:3: unknown section 'scores'")
kam_cli_run_test(score.bad.no_such_file ARGS score -o scores.csv nowhere.csv
                 RC 1 STDERR "kam_cli::read_accounts: 'nowhere\\.csv': cannot open the file"
                 OUTPUT scores.csv NO_OUTPUT)
# Mistakes on the command line: exit code 2 and a pointer to --help.
kam_cli_run_test(score.usage.unknown_option ARGS score --colour reference.csv
                 RC 2 STDERR "^kam score: unknown option --colour.\\(see `kam score --help`\\)")
kam_cli_run_test(score.usage.no_file ARGS score RC 2 STDERR "needs exactly one accounts file")
kam_cli_run_test(score.usage.bad_chunk_rows ARGS score --chunk-rows 0 x.csv
                 RC 2 STDERR "option --chunk-rows needs an integer >= 1, not '0'")
kam_cli_run_test(score.usage.unknown_command ARGS scroe RC 2 STDERR "kam: unknown command 'scroe'")
kam_cli_run_test(score.help ARGS score --help STDOUT "usage: kam score \\[options\\] ACCOUNTS\\.csv")
kam_cli_run_test(version ARGS --version STDOUT "^kam [0-9]+\\.[0-9]+\\.[0-9]+.$")

# A generated portfolio of 10000 accounts (three fit units of 4096), read in chunks of 999 and in
# one piece: the same bytes. The progress line appears on a terminal only (script(1) provides
# one); every other test checks that standard error stays empty.
if(TARGET generate_portfolio)
  add_test(NAME kam.cli.score.chunks_generated
           COMMAND ${CMAKE_COMMAND} -DKAM=$<TARGET_FILE:kam_tool>
                   -DGENERATOR=$<TARGET_FILE:generate_portfolio>
                   -DWORKDIR=${CMAKE_CURRENT_BINARY_DIR}/run/score.chunks_generated
                   -P "${KAM_CLI_TESTS}/chunks_generated.cmake")
endif()
