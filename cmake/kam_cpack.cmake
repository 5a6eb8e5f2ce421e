# Binary packages with CPack: `cpack -G DEB` in a build directory (after building it) writes
#  - libkam-dev: the headers, the CMake package, the pkg-config files and, when built, libkam.a
#    (kam::compiled); it depends on Debian's Eigen and Boost 1.81 headers;
#  - kam: the command-line tool (when built), its shared-library dependencies found by
#    dpkg-shlibdeps.
# Both install under /usr. tests/package/deb_check.cmake unpacks them and builds a consumer.
set(CPACK_PACKAGE_NAME kam)
set(CPACK_PACKAGE_VENDOR "the kam developers")
set(CPACK_PACKAGE_CONTACT "the kam developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL dev)
if(KAM_BUILD_TOOL)
  list(APPEND CPACK_COMPONENTS_ALL tool)
endif()

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # <package>_<version>-<release>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_DEV_PACKAGE_NAME libkam-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "libeigen3-dev (>= 3.4), libboost1.81-dev")
set(CPACK_COMPONENT_DEV_DESCRIPTION
    "kam: key account management models over Eigen (C++20 headers, CMake and pkg-config files)")
if(NOT KAM_BUILD_COMPILED)
  set(CPACK_DEBIAN_DEV_PACKAGE_ARCHITECTURE all)  # headers only
endif()
set(CPACK_DEBIAN_TOOL_PACKAGE_NAME kam)
set(CPACK_DEBIAN_TOOL_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_TOOL_PACKAGE_SHLIBDEPS ON)
set(CPACK_COMPONENT_TOOL_DESCRIPTION
    "kam: the key account management command-line tool (score, position, segment, report)")
include(CPack)
