// Writes the synthetic sample portfolio as CSV: deterministic for a seed, any number of rows.
//
//   generate_portfolio [--rows N] [--seed S] [--out FILE]
//
// `--rows 300` with the default seed reproduces examples/data/sample_portfolio.csv exactly (a
// test checks it); `--rows 10000000` writes a ten-million-account file for the benchmarks and the
// kam tool's chunked mode. The generator is described in common/sample_portfolio.hpp.
#include <cstdint>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>

#include "common/example.hpp"
#include "common/sample_portfolio.hpp"

int main(int argc, char** argv) {
  return kam_examples::run_example([&] {
    const kam_examples::arguments args(argc, argv,
                                       "generate_portfolio [--rows N] [--seed S] [--out FILE]",
                                       {"rows", "seed", "out"});
    const std::uint64_t rows = args.count("rows", 300);
    const std::uint64_t seed = args.count("seed", kam_examples::default_seed);
    const std::string path = args.text("out", "");
    if (path.empty()) {
      kam_examples::write_sample_csv(std::cout, rows, seed);
      return std::cout ? 0 : 1;
    }
    std::ofstream out(path, std::ios::binary);
    kam_examples::write_sample_csv(out, rows, seed);
    out.close();
    if (!out) throw std::runtime_error("cannot write " + path);
    return 0;
  });
}
