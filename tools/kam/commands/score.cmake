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

# Weights and methods on reference.csv (revenue 100 400 250 50, growth .10 .05 .20 .25, effort
# 3 5 2 2 as a cost). Min-max normalised and directed: revenue 1/7 1 4/7 0, growth .25 0 .75 1,
# effort 2/3 0 1 1. The expected values were computed by hand with the textbook formulas
# (written out below; a plain Python transcription gives the same digits).
function(kam_cli_score_rows name config stdout)
  kam_cli_run_test(score.${name} FILES reference.csv ${config}
                   ARGS score -c ${config} ${ARGN} reference.csv STDOUT "${stdout}")
endfunction()
set(kam_num "[0-9]*,")
# Equal weights 1/3: A = (1/7 + .25 + 2/3) / 3 = 0.3531746, B = 1/3, C = (4/7 + .75 + 1) / 3 =
# 0.7738095, D = 2/3; ranks 3 4 1 2.
kam_cli_score_rows(weights.equal weights_equal.json
                   "\nA,0\\.353174603${kam_num}3,.*\nB,0\\.333333333${kam_num}4,.*\nC,0\\.773809523${kam_num}1,.*\nD,0\\.666666666${kam_num}2,")
# Rank-order centroid for ranks 1 2 3 (Barron & Barrett 1996): w = (11/18, 5/18, 2/18);
# A = 11/126 + 5/72 + 2/27 = 0.2308201, B = 11/18 = 0.6111111, C = 44/126 + 15/72 + 2/18 =
# 0.6686508, D = 5/18 + 2/18 = 0.3888889.
kam_cli_score_rows(weights.rank_order weights_roc.json
                   "\nA,0\\.230820105${kam_num}4,.*\nB,0\\.61111111${kam_num}2,.*\nC,0\\.66865079${kam_num}1,.*\nD,0\\.38888888${kam_num}3,")
# AHP on the consistent matrix [[1, 2, 4], [1/2, 1, 2], [1/4, 1/2, 1]]: every column is
# proportional to (4, 2, 1), so the principal eigenvector is (4/7, 2/7, 1/7) with lambda_max 3
# and CR 0 (Saaty 1980). A = 4/49 + 1/14 + 2/21 = 0.2482993, C = 16/49 + 3/14 + 1/7 = 0.6836735.
kam_cli_score_rows(weights.ahp weights_ahp.json
                   "\nA,0\\.248299319${kam_num}4,.*\nB,0\\.571428571${kam_num}2,.*\nC,0\\.683673469${kam_num}1,.*\nD,0\\.428571428${kam_num}3,")
# A cyclic matrix (1 beats 2 by 9, 2 beats 3 by 9, 3 beats 1 by 9) is a circulant: the
# eigenvector is (1, 1, 1)/3 and lambda_max = 1 + 9 + 1/9 = 10.111; CI = (10.111 - 3) / 2 =
# 3.5556, CR = 3.5556 / 0.58 (Saaty's random index for n = 3) = 6.1303 > 0.1: inconsistent, which
# is reported in the summary and is not an error.
kam_cli_score_rows(weights.ahp_inconsistent weights_ahp_inconsistent.json
                   "\"lambda_max\":10\\.111111[0-9]*,\"consistency_index\":3\\.555555[0-9]*,\"random_index\":0\\.58,\"consistency_ratio\":6\\.13026819[0-9]*,\"consistent\":false"
                   --format json)
# Entropy weights (Shannon; Zeleny 1982) on the normalised values: p = x / column sum,
# e = -sum p ln p / ln 4, w = (1 - e) / sum (1 - e) = (0.4104790, 0.3391676, 0.2503533);
# A = 0.4104790 / 7 + 0.3391676 / 4 + 0.2503533 * 2 / 3 = 0.3103340.
kam_cli_score_rows(weights.entropy weights_entropy.json
                   "\"weights\":\\[0\\.41047904873[0-9]*,0\\.33916760681[0-9]*,0\\.25035334445[0-9]*\\].*\"id\":\"A\",\"score\":0\\.31033399544[0-9]*,"
                   --format json)
# Weights from the data come from mergeable sums: one account per chunk gives the same weights.
kam_cli_score_rows(weights.entropy_chunked weights_entropy.json
                   "\"weights\":\\[0\\.41047904873[0-9]*,0\\.33916760681[0-9]*,0\\.25035334445[0-9]*\\]"
                   --format json --chunk-rows 1)
# The same on the raw values (100 400 250 50 and so on): (0.5167128, 0.3181031, 0.1651841).
kam_cli_score_rows(weights.entropy_raw entropy_raw.json
                   "\"weights\":\\[0\\.51671284296[0-9]*,0\\.31810309750[0-9]*,0\\.16518405952[0-9]*\\]"
                   --format json)
# CRITIC (Diakoulaki, Mavrotas & Papayannakis 1995): min-max directed columns, their standard
# deviations s_j and correlations r_jk, C_j = s_j sum_k (1 - r_jk), w = C / sum C =
# (0.4793904, 0.2480779, 0.2725318).
kam_cli_score_rows(weights.critic_raw weights_critic_raw.json
                   "\"weights\":\\[0\\.47939036953[0-9]*,0\\.24807787246[0-9]*,0\\.27253175800[0-9]*\\]"
                   --format json)
# Weighted product (Bridgman 1922; max scaling as JMcDM): prod (x / max)^w over benefit criteria
# times (min / x)^w over cost ones, w = (.4, .35, .25): A = (1/4)^.4 (.4)^.35 (2/3)^.25 =
# 0.3765947, B = 1 (.2)^.35 (.4)^.25 = 0.4527678, C = (.625)^.4 (.8)^.35 = 0.7663612,
# D = (.125)^.4 = 0.4352753; ranks 4 2 1 3.
kam_cli_score_rows(method.weighted_product method_product.json
                   "\nA,0\\.376594684${kam_num}4,.*\nB,0\\.452767761${kam_num}2,.*\nC,0\\.766361188${kam_num}1,.*\nD,0\\.435275281${kam_num}3,")
# The same with the "threads" key of weighted_product_options.
kam_cli_score_rows(method.weighted_product_threads method_product_threads.json
                   "\nA,0\\.376594684${kam_num}4,.*\nB,0\\.452767761${kam_num}2,.*\nC,0\\.766361188${kam_num}1,.*\nD,0\\.435275281${kam_num}3,")
# TOPSIS (Hwang & Yoon 1981) with vector normalisation: v = w x / ||column||; ideal (max, max,
# min), anti-ideal the reverse; A: d+ = 0.2945031, d- = 0.1015754, closeness 0.2564526;
# B 0.5496261, C 0.6546115, D 0.4503739; the cap of 2 keeps C and B.
kam_cli_score_rows(method.topsis method_topsis.json
                   "\nA,0\\.256452600${kam_num}4,[^\n]*,false,.*\nB,0\\.549626063${kam_num}2,[^\n]*,true,.*\nC,0\\.654611494${kam_num}1,[^\n]*,true,.*\nD,0\\.450373936${kam_num}3,[^\n]*,false,")
# The same with the "threads" key of topsis_options: the same closeness (any thread count gives
# the same bits).
kam_cli_score_rows(method.topsis_threads method_topsis_threads.json
                   "\nA,0\\.256452600${kam_num}4,[^\n]*,false,.*\nB,0\\.549626063${kam_num}2,[^\n]*,true,.*\nC,0\\.654611494${kam_num}1,[^\n]*,true,.*\nD,0\\.450373936${kam_num}3,[^\n]*,false,")

# Bad weights and methods: at the place in the configuration.
kam_cli_bad_input(ahp_fraction reference.csv ahp_bad_fraction.json
                  "^kam score: error: ahp_bad_fraction\\.json:8:81: expected a number or a fraction such as \"1/3\"")
kam_cli_bad_input(ahp_size reference.csv ahp_bad_size.json
                  "^kam score: error: ahp_bad_size\\.json:8:46: the pairwise matrix has 2 rows for 3 criteria")
kam_cli_bad_input(ahp_not_reciprocal reference.csv ahp_not_reciprocal.json
                  "^kam score: error: ahp_not_reciprocal\\.json:8:47: entries \\(0, 1\\) = 2 and \\(1, 0\\) = 2 are not reciprocal")
kam_cli_bad_input(rank_count reference.csv roc_wrong_count.json
                  "^kam score: error: roc_wrong_count\\.json:8:50: 2 ranks for 3 criteria")
kam_cli_bad_input(topsis_missing_policy reference.csv topsis_renormalize.json
                  "^kam score: error: topsis_renormalize\\.json:8:28: topsis has no missing-value policy")
kam_cli_bad_input(entropy_raw_negative negative_growth.csv entropy_raw.json
                  "^kam score: error: negative_growth\\.csv:3:4: column 'growth': value -0\\.05[0-9]* is negative; entropy weights on raw data need values >= 0")
