# CTest tests of `kam position` (included by examples/cli/CMakeLists.txt). Inputs in testdata/,
# expected outputs in testdata/expected/.
#
# testdata/position.csv with position.json: one 1-5 rating per axis (fixed range: score =
# (rating - 1) / 4), midpoint cuts (0.5; on the cut counts as high), value bands at 5 %, 10 % and
# 30 % of our revenue (the accounts' total, 1000; high value from the medium band, 10 %), the
# strategic x nuisance cell replaced. By hand:
#   A: impact 1, risk .75 -> strategic; attractiveness .75, share .5 (high) -> core -> low,
#      partner. Maturity (4 + 5) / 2 = 4.5 -> integrative, business partner; served problem
#      solver: behind by 1. Focus: largest (top round(20 % of 5) = 1), churn .4 >= .3 -> protect.
#   B: impact .5 (on the cut: high), risk .25 -> leverage; attractiveness .25, share .3 (on the
#      30 % edge: high) -> exploitable -> high, harvest_cautiously. Index 3 (on the edge: the
#      later stage) -> supportive, problem solver = served: matched. Wallet share .15, growth 4
#      -> win.
#   C: impact .25, risk 1 -> bottleneck; attractiveness .5 (on the cut), share .15 (medium) ->
#      core -> moderate, secure_and_broaden. Index 1.5 -> passive, entertainer; served informer:
#      ahead by 1. Share .5, growth 3 -> expand.
#   D: 0, 0 -> non_critical; attractiveness 0, share .05 (low) -> nuisance -> low,
#      serve_at_low_cost. Index 2 -> independent, informer = served. Share 1, growth 1 -> maintain.
#   E: impact .75, risk .5 -> strategic; attractiveness 0, share 0 -> nuisance -> the replaced
#      cell: high, commit_or_exit (the library's default says critical). Index 4.5 ->
#      integrative, business partner = served. Maintain.
# Contacts (position_contacts.csv): A one active pair -> bow-tie, single-threaded, HHI 1,
# coverage 1/6 roles, 1/4 levels, 1/5 functions: score .3 (1 / 6.8) + .3 / 6 + .2 / 4 + .2 / 5
# = 0.1841176 -> exploratory. B: its second line is 200 days old (stale), so the same as A.
# C: two equal pairs (the 180-day line is on the limit: active) -> HHI .5, 2 effective
# contacts, 2 people a side -> intermediate; score .3 (2 / 6.8) + .3 / 3 + .2 / 2 + .2 * 2 / 5 =
# 0.3682353 -> basic. D, E: no contact.
kam_cli_run_test(position.reference_csv FILES position.csv position.json position_contacts.csv
                 ARGS position -c position.json --contacts position_contacts.csv -o out.csv
                      position.csv
                 OUTPUT out.csv EXPECTED position_rows.csv)
kam_cli_run_test(position.reference_json FILES position.csv position.json position_contacts.csv
                 ARGS position -c position.json --contacts position_contacts.csv -o out.json
                      position.csv
                 OUTPUT out.json EXPECTED position_rows.json)
foreach(rows 1 2)
  kam_cli_run_test(position.chunk_rows_${rows}
                   FILES position.csv position.json position_contacts.csv
                   ARGS position -c position.json --contacts position_contacts.csv
                        --chunk-rows ${rows} -o out.csv position.csv
                   OUTPUT out.csv EXPECTED position_rows.csv)
endforeach()
# Without contacts there are no relationship columns; with the library's defaults on the
# bundled sample every one of the 300 accounts gets a row. The shapes were recounted from
# sample_contacts.csv (1109 lines) with the documented rule, in a few lines of Python: a contact
# is active with weight > 0 and at most 180 days; no active contact -> no_contact (6 accounts,
# all with stale lines only); one person on a side or 1 / HHI of the pair weights < 2 -> bow_tie
# (143); at least 4 people a side, 1 / HHI >= 5 and role, level, function coverage >= .5, .75,
# .6 of the required 6 roles, 4 levels, 5 functions -> diamond (18); else intermediate (133).
kam_cli_run_test(position.without_contacts FILES position.csv position.json
                 ARGS position -c position.json position.csv
                 STDOUT "^id,kraljic\\.impact,kraljic\\.risk,kraljic\\.quadrant,[^\n]*maturity\\.served\\.gap,focus\\.focus,focus\\.share_of_wallet,focus\\.revenue_rank\nA,1,0\\.75,strategic,")
kam_cli_run_test(position.sample_defaults
                 ARGS position --contacts ${PROJECT_SOURCE_DIR}/examples/data/sample_contacts.csv
                      --format json ${PROJECT_SOURCE_DIR}/examples/data/sample_portfolio.csv
                 STDOUT "\"accounts\":300,.*\"contact_lines\":1109,.*\"relationship_shapes\":\\{\"no_contact\":6,\"bow_tie\":143,\"intermediate\":133,\"diamond\":18\\}")

# Bad input: file, line and column; exit code 1; no output file.
function(kam_cli_position_bad name)
  cmake_parse_arguments(B "PRESEED" "STDERR" "FILES;ARGS" ${ARGN})
  kam_cli_run_test(position.bad.${name} FILES ${B_FILES} ARGS position ${B_ARGS} -o out.csv
                   RC 1 STDERR "${B_STDERR}" OUTPUT out.csv NO_OUTPUT ${B_PRESEED})
endfunction()
kam_cli_position_bad(unknown_served_role FILES position_bad_role.csv position.json
                     ARGS -c position.json position_bad_role.csv
                     STDERR "^kam position: error: position_bad_role\\.csv:4:8: 'sales_guy' is not a seller role; known: 'entertainer', 'informer', 'problem_solver', 'business_partner'")
kam_cli_position_bad(rating_off_scale FILES position_bad_rating.csv position.json PRESEED
                     ARGS -c position.json position_bad_rating.csv
                     STDERR "^kam position: error: position_bad_rating\\.csv:3:3: column 'impact': value 7 is outside the scale \\[1, 5\\]")
kam_cli_position_bad(unknown_column FILES position.csv position_unknown_column.json
                     ARGS -c position_unknown_column.json position.csv
                     STDERR "^kam position: error: position_unknown_column\\.json:9:48: criterion 'atract' is not a column of position\\.csv")
kam_cli_position_bad(cell_twice FILES position.csv position_duplicate_cell.json
                     ARGS -c position_duplicate_cell.json position.csv
                     STDERR "^kam position: error: position_duplicate_cell\\.json:15:7: the cell \\(strategic, nuisance\\) is given twice")
kam_cli_position_bad(cut_off_scale FILES position.csv position_bad_cut.json
                     ARGS -c position_bad_cut.json position.csv
                     STDERR "^kam position: error: position_bad_cut\\.json:7:23: cut point 2 is outside the score scale \\[0, 1\\]")
kam_cli_position_bad(contact_of_unknown_account
                     FILES position.csv position.json position_contacts_unknown.csv
                     ARGS -c position.json --contacts position_contacts_unknown.csv position.csv
                     STDERR "^kam position: error: position_contacts_unknown\\.csv:3:1: account 'Z' of the contact map is not in position\\.csv")
kam_cli_position_bad(contact_role FILES position.csv position.json position_contacts_bad_role.csv
                     ARGS -c position.json --contacts position_contacts_bad_role.csv position.csv
                     STDERR "^kam position: error: position_contacts_bad_role\\.csv:3:4: 'boss' is not a buying role")
kam_cli_position_bad(contact_weight FILES position.csv position.json position_contacts_negative.csv
                     ARGS -c position.json --contacts position_contacts_negative.csv position.csv
                     STDERR "^kam position: error: position_contacts_negative\\.csv:2:7: contact has a negative weight -2")
kam_cli_position_bad(ragged FILES position_ragged.csv position.json
                     ARGS -c position.json position_ragged.csv
                     STDERR "^kam position: error: position_ragged\\.csv:3:10: record has 9 fields where the header has 11")
