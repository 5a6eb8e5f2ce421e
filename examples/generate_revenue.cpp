// Writes the synthetic monthly revenue of accounts as CSV: deterministic for a seed, any number
// of rows.
//
//   generate_revenue [--rows N] [--seed S] [--out FILE]
//
// `--rows 400` with the default seed reproduces examples/data/sample_revenue.csv exactly (a test
// checks it). The generator is described in common/sample_revenue.hpp.
#include <cstdint>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>

#include "common/example.hpp"
#include "common/sample_revenue.hpp"

int main(int argc, char** argv) {
  return kam_examples::run_example([&] {
    const kam_examples::arguments args(
        argc, argv, "generate_revenue [--rows N] [--seed S] [--out FILE]", {"rows", "seed", "out"});
    const std::uint64_t rows = args.count("rows", 400);
    const std::uint64_t seed = args.count("seed", kam_examples::revenue_seed);
    const std::string path = args.text("out", "");
    if (path.empty()) {
      kam_examples::write_revenue_csv(std::cout, rows, seed);
      return std::cout ? 0 : 1;
    }
    std::ofstream out(path, std::ios::binary);
    kam_examples::write_revenue_csv(out, rows, seed);
    out.close();
    if (!out) throw std::runtime_error("cannot write " + path);
    return 0;
  });
}
