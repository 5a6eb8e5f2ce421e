# Renders a report in headless Chromium to a PNG and checks the picture (cmake -P). Either
#   KAM, ACCOUNTS, CONFIG (and optionally CONTACTS, REVENUE): make the report with `kam report`
#     (and check the HTML is self-contained)
#   UNIT_TESTS, HTML: write the every-slot report with the unit tests, then render it
# and CHROMIUM, PYTHON, CHECK_PNG, WORKDIR. Prints KAM-SKIP (the test is skipped) when Chromium or
# Python is missing.
if(NOT CHROMIUM OR NOT PYTHON)
  message("KAM-SKIP: Chromium or Python 3 not found; install Debian's chromium and python3")
  return()
endif()
file(REMOVE_RECURSE "${WORKDIR}")
file(MAKE_DIRECTORY "${WORKDIR}")
set(width 1280)
if(KAM)
  set(HTML "${WORKDIR}/report.html")
  set(height 1800)
  set(extra "")
  if(CONTACTS)
    list(APPEND extra --contacts "${CONTACTS}")
  endif()
  if(REVENUE)
    list(APPEND extra --revenue "${REVENUE}")
    set(height 4200)
  endif()
  execute_process(COMMAND "${KAM}" report -c "${CONFIG}" -o "${HTML}" ${extra} "${ACCOUNTS}"
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "kam report failed (${rc}): ${err}")
  endif()
  file(READ "${HTML}" html)
  foreach(forbidden "http" "<script" "src=" "<link" "url(")
    string(FIND "${html}" "${forbidden}" at)
    if(NOT at EQUAL -1)
      message(FATAL_ERROR "the report is not self-contained: it contains '${forbidden}'")
    endif()
  endforeach()
  # Colours that only drawn SVG shapes have: tier B and C bars (histogram and tier chart), and
  # the first three criteria in the shortlist's stacked bars.
  set(colours "#2e86c1=4000" "#85c1e9=4000" "#4e79a7=1500" "#f28e2b=800" "#e15759=800")
  if(REVENUE)
    # With the position, segment and retention sections (about half of what the sample gives):
    # the matrix's strategic and leverage tints, the moderate-risk posture and intermediate
    # shape bars, and the fourth segment's bar (and the fourth criterion's swatch).
    list(APPEND colours "#fdedec=15000" "#eaf2f8=15000" "#edc948=10000" "#76b7b2=5000")
  endif()
else()
  set(height 1700)
  execute_process(COMMAND "${UNIT_TESTS}" "report: every slot filled (written for the Chromium test)"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the unit test that writes ${HTML} failed:\n${out}")
  endif()
  # Also the matrix's tinted top-right quadrant and the retention chart's dashed projection.
  set(colours "#2e86c1=800" "#4e79a7=300" "#f28e2b=150" "#fdedec=10000")
endif()
execute_process(COMMAND "${CHROMIUM}" --headless --no-sandbox --disable-gpu --disable-quic
                        --no-first-run --disable-background-networking --disable-component-update
                        --disable-sync "--user-data-dir=${WORKDIR}/chromium-profile"
                        "--screenshot=${WORKDIR}/report.png" "--window-size=${width},${height}"
                        "file://${HTML}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 90)
if(NOT rc EQUAL 0 OR NOT EXISTS "${WORKDIR}/report.png")
  message(FATAL_ERROR "Chromium failed (${rc}):\n${out}\n${err}")
endif()
execute_process(COMMAND "${PYTHON}" "${CHECK_PNG}" "${WORKDIR}/report.png" "${width}x${height}"
                        0.2 ${colours}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the screenshot ${WORKDIR}/report.png did not render as expected")
endif()
file(REMOVE_RECURSE "${WORKDIR}/chromium-profile")
