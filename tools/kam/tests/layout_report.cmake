# Checks a report's layout in headless Chromium at 360 and 1920 px with check_layout.py (cmake -P):
# label boxes that intersect or leave their chart, lines through labels, horizontal overflow,
# clipped headings, lone half-panels, absolute paths and network references. Either
#   KAM, ACCOUNTS, CONFIG, CONTACTS, REVENUE, TRANSACTIONS, PLANS, AS_OF, KEEP, HISTORY: make the
#     sample's report with every section, with `kam report` (--keep KEEP: the accounts' names;
#     --history HISTORY: an earlier run's scores, for the trend columns);
#   UNIT_TESTS, HTML: write the every-slot report with the unit tests, then check it;
#   BROKEN: check that file and expect each kind of problem listed in EXPECT (the check can fail);
# and CHROMIUM, PYTHON, CHECK_LAYOUT, WORKDIR, FORBID (directories the HTML must not name).
# Prints KAM-SKIP (the test is skipped) when Chromium or Python is missing.
if(NOT CHROMIUM OR NOT PYTHON)
  message("KAM-SKIP: Chromium or Python 3 not found; install Debian's chromium and python3")
  return()
endif()
file(REMOVE_RECURSE "${WORKDIR}")
file(MAKE_DIRECTORY "${WORKDIR}")
if(KAM)
  set(HTML "${WORKDIR}/report.html")
  execute_process(COMMAND "${KAM}" report -c "${CONFIG}" -o "${HTML}" --contacts "${CONTACTS}"
                          --revenue "${REVENUE}" --transactions "${TRANSACTIONS}"
                          --plans "${PLANS}" --as-of "${AS_OF}" --keep "${KEEP}"
                          --history "${HISTORY}" "${ACCOUNTS}"
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "kam report failed (${rc}): ${err}")
  endif()
elseif(UNIT_TESTS)
  execute_process(COMMAND "${UNIT_TESTS}" "report: every slot filled (written for the Chromium test)"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the unit test that writes ${HTML} failed:\n${out}")
  endif()
elseif(BROKEN)
  set(HTML "${BROKEN}")
endif()
execute_process(COMMAND "${PYTHON}" "${CHECK_LAYOUT}" "${CHROMIUM}" "${HTML}" "${WORKDIR}"
                        360x2400 1920x2400 --forbid ${FORBID}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 200)
message("${out}${err}")
if(BROKEN)
  if(rc EQUAL 0)
    message(FATAL_ERROR "check_layout.py passed a deliberately broken layout")
  endif()
  foreach(kind IN LISTS EXPECT)
    string(FIND "${out}" "${kind}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "check_layout.py did not report '${kind}' on ${BROKEN}")
    endif()
  endforeach()
elseif(NOT rc EQUAL 0)
  message(FATAL_ERROR "the layout of ${HTML} has problems (see above; screenshots in ${WORKDIR})")
endif()
file(REMOVE_RECURSE "${WORKDIR}/chromium-profile")
