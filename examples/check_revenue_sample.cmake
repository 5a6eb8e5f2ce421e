# Regenerates the sample revenue and compares it with the bundled file, byte for byte.
execute_process(COMMAND "${GENERATOR}" --rows 400 --out "${OUT}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "generate_revenue failed (${rc})")
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${OUT}" "${EXPECTED}" RESULT_VARIABLE diff)
if(NOT diff EQUAL 0)
  message(FATAL_ERROR "${EXPECTED} differs from the generator's output ${OUT}; regenerate it with "
                      "generate_revenue --rows 400 --out ${EXPECTED}")
endif()
