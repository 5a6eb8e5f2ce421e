// Anchor for the shared precompiled header of the test suites (see tests/CMakeLists.txt).
