# `kam retention` on Fader & Hardie's (2007) "regular" customers (cmake -P): writes a revenue
# file of 1000 accounts acquired in period p1 (nobody is a customer in p0) whose survivors at
# the start of p1..p8 are the published 1000, 631, 468, 382, 326, 289, 262, 241, runs the tool
# and checks the fit: the paper reports alpha 0.704, beta 1.182 (scipy on the same likelihood:
# 0.70407732, 1.18204307, as in tests/retention/sbg_test.cpp). At age 7 the observed share is
# 241 / 1000 (a product of yearly ratios, so up to rounding) and the fitted survival
# B(alpha, beta + 7) / B(alpha, beta) = 0.239024 at the published parameters. Variables: KAM,
# WORKDIR.
file(REMOVE_RECURSE "${WORKDIR}")
file(MAKE_DIRECTORY "${WORKDIR}")
set(alive 1000 631 468 382 326 289 262 241)
set(csv "id,p0,p1,p2,p3,p4,p5,p6,p7,p8\n")
set(account 0)
set(previous 1000)
set(age 0)
# Accounts that leave after `age` renewals pay in p1..p(age+1) and nothing after.
foreach(count IN LISTS alive ITEMS 0)
  if(age GREATER 0)
    math(EXPR leaving "${previous} - ${count}")
    math(EXPR paid "${age}")
    set(row "")
    foreach(p RANGE 1 8)
      if(p LESS_EQUAL paid)
        string(APPEND row ",1")
      else()
        string(APPEND row ",0")
      endif()
    endforeach()
    foreach(k RANGE 1 ${leaving})
      if(leaving GREATER 0)
        math(EXPR account "${account} + 1")
        string(APPEND csv "R${account},0${row}\n")
      endif()
    endforeach()
    set(previous ${count})
  endif()
  math(EXPR age "${age} + 1")
endforeach()
file(WRITE "${WORKDIR}/regular.csv" "${csv}")
if(NOT account EQUAL 1000)
  message(FATAL_ERROR "wrote ${account} accounts, expected 1000")
endif()
execute_process(COMMAND "${KAM}" retention --format json "${WORKDIR}/regular.csv"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT err STREQUAL "")
  message(FATAL_ERROR "kam retention failed (${rc}):\n${err}")
endif()
foreach(want "\"alpha\":0\\.70407[0-9]*,\"beta\":1\\.18204[0-9]*" "\"status\":\"converged\""
        "\"cohorts\":1,\"periods\":7,\"accounts\":1000"
        "\\{\"age\":7,\"observed\":0\\.24(1|09999999[0-9]*),\"survival\":0\\.23902")
  if(NOT out MATCHES "${want}")
    message(FATAL_ERROR "the output does not match '${want}':\n${out}")
  endif()
endforeach()
