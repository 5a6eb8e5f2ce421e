# libFuzzer harnesses (Clang: -fsanitize=fuzzer), run as tests for KAM_FUZZ_SECONDS each from the
# committed seed corpus. Findings are crashes, sanitizer reports and exceptions that are not a
# kam::error. New inputs go to a corpus directory in the build tree, never into the sources.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "KAM_BUILD_FUZZERS needs Clang (libFuzzer); got ${CMAKE_CXX_COMPILER_ID}")
endif()
set(KAM_FUZZ_SECONDS 10 CACHE STRING "How long each fuzzer runs as a test, in seconds")

# The tool's library layer and Boost.JSON get coverage instrumentation so the fuzzers see inside
# them. The tool and its tests link the same instrumented libraries (the counters cost them little
# and the sanitizer runtime serves them), which saves compiling the layer twice.
target_compile_options(kam_tool_json PRIVATE -fsanitize=fuzzer-no-link)
target_compile_options(kam_tool_core PRIVATE -fsanitize=fuzzer-no-link)

foreach(fuzzer csv config rule)
  add_executable(kam_fuzz_${fuzzer} fuzz/${fuzzer}_fuzz.cpp)
  target_link_libraries(kam_fuzz_${fuzzer} PRIVATE kam_tool_core)
  target_compile_definitions(kam_fuzz_${fuzzer} PRIVATE
                             "KAM_SAMPLE_DIR=\"${PROJECT_SOURCE_DIR}/examples/data\"")
  if(TARGET kam_warnings)
    target_link_libraries(kam_fuzz_${fuzzer} PRIVATE kam_warnings)
  endif()
  target_compile_options(kam_fuzz_${fuzzer} PRIVATE -fsanitize=fuzzer)
  target_link_options(kam_fuzz_${fuzzer} PRIVATE -fsanitize=fuzzer)
  if(KAM_BUILD_TESTS)
    set(corpus "${CMAKE_CURRENT_BINARY_DIR}/fuzz_corpus/${fuzzer}")
    file(MAKE_DIRECTORY "${corpus}")
    add_test(NAME kam.tool.fuzz.${fuzzer}
             COMMAND kam_fuzz_${fuzzer} -max_total_time=${KAM_FUZZ_SECONDS} -seed=1 -max_len=4096
                     -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
                     "${corpus}" "${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/${fuzzer}")
    set_tests_properties(kam.tool.fuzz.${fuzzer} PROPERTIES TIMEOUT 300)
  endif()
endforeach()
