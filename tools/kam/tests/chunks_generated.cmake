# `kam score` on 10000 generated accounts: in chunks of 999 (held, or read in every pass with
# --memory 0) and in one piece, parsed and written on one thread or several, the same bytes (CSV
# and JSON); every account once, in order; the progress line only on a terminal (cmake -P).
#   KAM, GENERATOR (generate_portfolio), WORKDIR
file(REMOVE_RECURSE "${WORKDIR}")
file(MAKE_DIRECTORY "${WORKDIR}")
execute_process(COMMAND "${GENERATOR}" --rows 10000 --out "${WORKDIR}/big.csv" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "generate_portfolio failed (${rc})")
endif()

function(score out)
  execute_process(COMMAND "${KAM}" score -o "${WORKDIR}/${out}" ${ARGN} "${WORKDIR}/big.csv"
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0 OR NOT err STREQUAL "")
    message(FATAL_ERROR "kam score ${ARGN} failed (${rc}) or wrote to stderr:\n${err}")
  endif()
endfunction()
function(same a b)
  execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${WORKDIR}/${a}" "${WORKDIR}/${b}"
                  RESULT_VARIABLE diff)
  if(NOT diff EQUAL 0)
    message(FATAL_ERROR "${a} and ${b} differ")
  endif()
endfunction()

score(whole.csv)
score(chunked.csv --chunk-rows 999)
same(whole.csv chunked.csv)
# Held in memory after the first pass (the default) or read again in every pass (--memory 0):
# the same bytes.
score(streamed.csv --chunk-rows 999 --memory 0)
same(whole.csv streamed.csv)
# The CSV lines written on several threads (each a run of at least 1024 consecutive rows, in
# rounds of at most 8192 rows a thread; commands/score.cpp): the same bytes for any number, over
# one chunk (2 runs of 5000 rows), several chunks (4000, 4000, 2000 rows: 3, 3 and 2 runs),
# chunks too small to share (999 rows: one run), and with the kept columns.
score(threads2.csv --threads 2)
same(whole.csv threads2.csv)
score(threads3.csv --threads 3 --chunk-rows 4000)
same(whole.csv threads3.csv)
score(threads3_small.csv --threads 3 --chunk-rows 999)
same(whole.csv threads3_small.csv)
score(threads0.csv --threads 0 --chunk-rows 4000)
same(whole.csv threads0.csv)
score(keep.csv --keep-all)
score(keep_threads3.csv --keep-all --threads 3 --chunk-rows 4000 --memory 0)
same(keep.csv keep_threads3.csv)
# Records cut first, then parsed on 2 or 3 threads (in chunks of 7 rows: every thread gets
# rows in every chunk; and in one piece): the same bytes as on one thread.
score(threads1_7.csv --chunk-rows 7 --threads 1)
same(whole.csv threads1_7.csv)
score(threads2_7.csv --chunk-rows 7 --threads 2)
same(whole.csv threads2_7.csv)
score(threads3_7.csv --chunk-rows 7 --threads 3)
same(whole.csv threads3_7.csv)
score(whole.json)
score(chunked.json --chunk-rows 999)
same(whole.json chunked.json)

file(STRINGS "${WORKDIR}/whole.csv" lines)
list(LENGTH lines n)
list(GET lines 1 first)
list(GET lines 10000 last)
if(NOT n EQUAL 10001 OR NOT first MATCHES "^AC-000001," OR NOT last MATCHES "^AC-010000,")
  message(FATAL_ERROR "expected a header and 10000 accounts AC-000001 .. AC-010000 in order")
endif()

# script(1) runs kam on a pseudo-terminal: now stderr is a terminal and the progress line shows.
find_program(SCRIPT script)
if(NOT SCRIPT)
  message(WARNING "script(1) not found (util-linux): progress line not checked")
  return()
endif()
execute_process(COMMAND "${SCRIPT}" -qec "'${KAM}' score --chunk-rows 999 -o '${WORKDIR}/tty.csv' '${WORKDIR}/big.csv'" /dev/null
                RESULT_VARIABLE rc OUTPUT_VARIABLE terminal)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "kam under script(1) failed (${rc}):\n${terminal}")
endif()
if(NOT terminal MATCHES "kam score: pass 1/3 \\(fit\\) [0-9]+ rows")
  message(FATAL_ERROR "no progress line on the terminal:\n${terminal}")
endif()
same(whole.csv tty.csv)

# `kam report` runs one step per section, each reading its file in passes of its own: the one
# progress line names the step, so "pass 1/3" of the position step is not read as a restart.
file(WRITE "${WORKDIR}/position.json" "{\"position\": {}}")
execute_process(COMMAND "${SCRIPT}" -qec "'${KAM}' report --chunk-rows 999 --config '${WORKDIR}/position.json' -o '${WORKDIR}/tty.html' '${WORKDIR}/big.csv'" /dev/null
                RESULT_VARIABLE rc OUTPUT_VARIABLE terminal)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "kam report under script(1) failed (${rc}):\n${terminal}")
endif()
if(NOT terminal MATCHES "kam report: score, pass 1/3 \\(fit\\) [0-9]+ rows" OR
   NOT terminal MATCHES "kam report: position, pass 1/3 \\(fit\\) [0-9]+ rows")
  message(FATAL_ERROR "the report's progress line does not name its steps:\n${terminal}")
endif()
