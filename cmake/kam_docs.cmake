# The API reference (Doxygen, from the `///` comments of the public headers): the kam_docs target,
# never part of `all`, writes <build>/docs/html/index.html. Included only when kam is the top-level
# project and Doxygen is found. The Doxyfile (docs/Doxyfile.in) turns every Doxygen warning, an
# undocumented public entity first of all, into a failed build; with KAM_TEST_DOCS (the gcc-dev
# preset) CTest builds it as the test kam.docs, so CI fails on a new undocumented entity.
find_package(Doxygen 1.9.1 COMPONENTS doxygen)  # WARN_AS_ERROR = FAIL_ON_WARNINGS came in 1.9.1
if(NOT DOXYGEN_FOUND)
  message(STATUS "Doxygen not found: no kam_docs target (Debian package doxygen)")
  return()
endif()
set(KAM_DOCS_OUTPUT "${PROJECT_BINARY_DIR}/docs")
configure_file(docs/Doxyfile.in "${KAM_DOCS_OUTPUT}/Doxyfile" @ONLY)
add_custom_target(kam_docs
    COMMAND Doxygen::doxygen "${KAM_DOCS_OUTPUT}/Doxyfile"
    COMMAND ${CMAKE_COMMAND} -E echo "API reference: ${KAM_DOCS_OUTPUT}/html/index.html"
    WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
    COMMENT "Building the API reference with Doxygen"
    VERBATIM)
