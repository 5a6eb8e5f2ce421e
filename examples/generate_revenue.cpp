// Writes the synthetic monthly revenue of accounts as CSV: deterministic for a seed, any number
// of rows.
//
//   generate_revenue [--rows N] [--seed S] [--out FILE]
//
// `--rows 400` with the default seed reproduces examples/data/sample_revenue.csv exactly (a test
// checks it). The generator is described in common/sample_revenue.hpp.
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iostream>
#include <string>

#include "common/sample_revenue.hpp"

int main(int argc, char** argv) try {
  std::uint64_t rows = 400;
  std::uint64_t seed = kam_examples::revenue_seed;
  std::string out_path;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << "usage: generate_revenue [--rows N] [--seed S] [--out FILE]\n";
      return 0;
    }
    if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value (see --help)");
    const std::string value = argv[++i];
    if (arg == "--rows" || arg == "--seed") {
      std::size_t used = 0;
      const auto v = std::stoull(value, &used);
      if (used != value.size())
        throw std::invalid_argument(arg + ": '" + value + "' is not a number");
      (arg == "--rows" ? rows : seed) = v;
    } else if (arg == "--out") {
      out_path = value;
    } else {
      throw std::invalid_argument("unknown option " + arg + " (see --help)");
    }
  }
  if (out_path.empty()) {
    kam_examples::write_revenue_csv(std::cout, rows, seed);
    return std::cout ? 0 : 1;
  }
  std::ofstream out(out_path, std::ios::binary);
  kam_examples::write_revenue_csv(out, rows, seed);
  out.close();
  if (!out) throw std::runtime_error("cannot write " + out_path);
  return 0;
} catch (const std::exception& e) {
  std::cerr << "error: " << e.what() << '\n';
  return 1;
}
