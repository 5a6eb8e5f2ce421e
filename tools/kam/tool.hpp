// The kam tool as a function: what `main` runs, callable from tests in the same process.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace kam_tool {

/// Runs `kam <args...>` (args without the program name), writing to `out` and `err` what the
/// tool writes to standard output and error (files named with -o are written as usual), and
/// returns its exit code: 0 success, 1 bad input or configuration (the message names file, line
/// and column), 2 a mistake on the command line, 3 anything else (a file that cannot be
/// written, ...).
[[nodiscard]] int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

/// As above, reading the input file "-" from `in` (the executable passes standard input).
[[nodiscard]] int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                      std::istream& in);

}  // namespace kam_tool
