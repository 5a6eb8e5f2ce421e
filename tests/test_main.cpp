// Catch2 v2's main, compiled once and shared by every test suite.
#define CATCH_CONFIG_MAIN
#include "catch.hpp"
