// Boost.JSON, header-only: its implementation is compiled once, here, for the kam tool, its tests
// and its fuzzers (so sanitizers and the fuzzers' coverage see inside the parser too).
#include <boost/json/src.hpp>
