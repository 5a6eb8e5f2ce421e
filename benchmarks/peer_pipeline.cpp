// The side of kam in the peer comparison of benchmarks/peers/scoring_numpy.py: reads an accounts x
// 8 criteria float64 matrix (raw, row-major, as numpy's tofile writes it), runs the key-account
// pipeline (statistics, min-max normalisation, weighted sum, top 1000) several times and prints
// the timings as JSON; also a plain streaming read of the same bytes (the bandwidth bound), and
// the scores, written to a file for the agreement check.
//
//   peer_pipeline MATRIX ROWS [--repeat R] [--threads T] [--layout row|col] [--scores OUT]
//                 [--method pipeline|topsis]
//
// `--method topsis` times kam::topsis (vector normalisation, the weights and directions of the
// default catalogue; `--threads` as for the pipeline) instead, and writes the closeness as the
// scores.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <kam/kam.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;
using row_major = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

kam::criteria_set min_max_catalogue() {
  std::vector<kam::criterion> items = kam::selection_catalogue().items();
  for (auto& c : items) c.normalization = kam::normalization::min_max;
  return kam::criteria_set(std::move(items));
}

double seconds_since(clock_type::time_point t0) {
  return std::chrono::duration<double>(clock_type::now() - t0).count();
}

// The bandwidth bound: one streaming read of every value, eight independent sums.
double read_everything(const double* p, std::size_t n) {
  double s[8] = {};
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (std::size_t l = 0; l < 8; ++l) s[l] += p[i + l];
  for (; i < n; ++i) s[0] += p[i];
  return s[0] + s[1] + s[2] + s[3] + s[4] + s[5] + s[6] + s[7];
}

// The process's peak resident memory: VmHWM of /proc/self/status, in KiB. (getrusage's
// ru_maxrss would not do: it survives exec, so it reports the Python parent's peak.)
double peak_rss_mb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return -1;
}

template <typename Matrix>
void run(const Matrix& x, int repeat, unsigned threads, const std::string& scores_path,
         const std::string& layout, const std::string& method) {
  const auto criteria = min_max_catalogue();
  kam::score_options options;
  options.threads = threads;
  kam::topsis_options topsis_options;
  topsis_options.threads = threads;
  kam::score_result<double> scored;
  kam::topsis_result<double> closeness;
  std::vector<double> pipeline;
  std::vector<double> probe;
  kam::index_vector top;
  double sink = 0;
  for (int r = 0; r < repeat; ++r) {
    auto t0 = clock_type::now();
    if (method == "topsis") {
      kam::topsis_into(closeness, x, criteria, topsis_options);
      top = kam::top_k(closeness.closeness, 1000);
    } else {
      const auto reference = kam::fit_reference(x, criteria, options);
      kam::score_into(scored, x, criteria, reference, options);
      top = kam::top_k(scored.scores, 1000);
    }
    pipeline.push_back(seconds_since(t0));
    t0 = clock_type::now();
    sink += read_everything(x.data(), static_cast<std::size_t>(x.size()));
    probe.push_back(seconds_since(t0));
  }
  std::sort(pipeline.begin(), pipeline.end());
  std::sort(probe.begin(), probe.end());
  if (!scores_path.empty()) {
    const auto& v = method == "topsis" ? closeness.closeness : scored.scores;
    std::ofstream out(scores_path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * 8));
  }
  std::printf(
      "{\"layout\": \"%s\", \"threads\": %u, \"pipeline_best_s\": %.6f, \"pipeline_median_s\": "
      "%.6f, "
      "\"read_best_s\": %.6f, \"top1\": %td, \"peak_rss_mb\": %.1f, \"sink\": %g}\n",
      layout.c_str(), threads, pipeline.front(), pipeline[pipeline.size() / 2], probe.front(),
      top(0), peak_rss_mb(), sink);
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc < 3)
    throw std::invalid_argument(
        "usage: peer_pipeline MATRIX ROWS [--repeat R] [--threads T] [--layout row|col] [--scores "
        "OUT] [--method pipeline|topsis]");
  const std::string path = argv[1];
  const Eigen::Index rows = std::stol(argv[2]);
  int repeat = 5;
  unsigned threads = 1;
  std::string layout = "row";
  std::string scores;
  std::string method = "pipeline";
  for (int i = 3; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--repeat")
      repeat = std::stoi(argv[i + 1]);
    else if (a == "--threads")
      threads = static_cast<unsigned>(std::stoul(argv[i + 1]));
    else if (a == "--layout")
      layout = argv[i + 1];
    else if (a == "--scores")
      scores = argv[i + 1];
    else if (a == "--method")
      method = argv[i + 1];
    else
      throw std::invalid_argument("unknown option " + a);
  }
  if (method != "pipeline" && method != "topsis")
    throw std::invalid_argument("--method must be pipeline or topsis, not " + method);
  std::ifstream in(path, std::ios::binary);
  const auto fail = [&] {
    throw std::runtime_error("cannot read " + std::to_string(rows) + " x 8 doubles from " + path);
  };
  if (layout == "col") {
    // Read in chunks of rows, each transposed into place: no second full copy of the matrix, so
    // the peak memory is that of the column-major matrix itself.
    Eigen::MatrixXd c(rows, 8);
    row_major chunk;
    for (Eigen::Index first = 0; first < rows; first += 65536) {
      chunk.resize(std::min<Eigen::Index>(65536, rows - first), 8);
      in.read(reinterpret_cast<char*>(chunk.data()),
              static_cast<std::streamsize>(chunk.size() * 8));
      if (!in) fail();
      c.middleRows(first, chunk.rows()) = chunk;
    }
    chunk.resize(0, 0);
    run(c, repeat, threads, scores, layout, method);
  } else {
    row_major x(rows, 8);
    in.read(reinterpret_cast<char*>(x.data()), static_cast<std::streamsize>(x.size() * 8));
    if (!in) fail();
    run(x, repeat, threads, scores, layout, method);
  }
  return 0;
} catch (const std::exception& e) {
  std::cerr << "error: " << e.what() << '\n';
  return 1;
}
