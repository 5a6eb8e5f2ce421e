// Weights and methods of `kam score` (see weights.hpp).
#include "weights.hpp"

#include <fmt/format.h>

#include <charconv>
#include <string_view>
#include <system_error>

namespace kam_tool {
namespace {

// Returns the number written as "p/q", or nothing.
std::optional<double> fraction(std::string_view t) {
  const auto slash = t.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  double num = 0;
  double den = 0;
  const auto a = std::from_chars(t.data(), t.data() + slash, num);
  const auto b = std::from_chars(t.data() + slash + 1, t.data() + t.size(), den);
  if (a.ec != std::errc() || a.ptr != t.data() + slash || b.ec != std::errc() ||
      b.ptr != t.data() + t.size() || !(den > 0))
    return std::nullopt;
  return num / den;
}

// Returns one pairwise judgement: a number, or a fraction written as text.
double judgement(const json_document& doc, const boost::json::value& v, const json_path& at) {
  if (v.is_number()) return v.to_number<double>();
  const auto f = v.is_string() ? fraction(v.get_string()) : std::nullopt;
  if (!f) doc.fail(at, "expected a number or a fraction such as \"1/3\" for a pairwise judgement");
  return *f;
}

}  // namespace

bool from_data(weight_source source) noexcept {
  return source == weight_source::entropy || source == weight_source::critic ||
         source == weight_source::std_dev;
}

Eigen::MatrixXd pairwise_matrix(const json_document& doc, const json_path& path,
                                const weight_config& w, Eigen::Index n) {
  const auto rows = static_cast<Eigen::Index>(w.pairwise.size());
  if (rows != n) {
    doc.fail(path, fmt::format("the pairwise matrix has {} rows for {} criteria (one row and "
                               "column per criterion, in order)",
                               rows, n));
  }
  Eigen::MatrixXd m(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto& row = w.pairwise[static_cast<std::size_t>(i)];
    const json_path at = path.index(static_cast<std::size_t>(i));
    if (static_cast<Eigen::Index>(row.size()) != n)
      doc.fail(at, fmt::format("row {} has {} entries for {} criteria", i, row.size(), n));
    for (Eigen::Index j = 0; j < n; ++j) {
      const auto e = static_cast<std::size_t>(j);
      m(i, j) = judgement(doc, row[e], at.index(e));
    }
  }
  return m;
}

kam::derived_weights<double> derive_weights(const kam::weight_statistics<double>& stats,
                                            const weight_config& w,
                                            const kam::criteria_set& criteria) {
  switch (w.source) {
    case weight_source::entropy:
      return kam::entropy_weights(stats);
    case weight_source::std_dev:
      return kam::std_dev_weights(stats, w.ddof);
    default: {
      std::vector<kam::direction> directions;
      for (const auto& c : criteria)
        directions.push_back(w.data == weight_data::raw ? c.direction : kam::direction::benefit);
      return kam::critic_weights(stats, directions);
    }
  }
}

}  // namespace kam_tool
