// `kam`: the command-line tool over the kam library. CSV and JSON in; scored portfolios (CSV or
// JSON) and a self-contained HTML report out. See tools/kam/README.md.
//
//   kam <command> [options] [files]      kam help [command]      kam --version
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "tool.hpp"

int main(int argc, char** argv) {
  try {
    return kam_tool::run({argv + 1, argv + argc}, std::cout, std::cerr, std::cin);
  } catch (const std::exception& e) {
    std::cerr << "kam: error: " << e.what() << "\n";
    return 3;
  }
}
