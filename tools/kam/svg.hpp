// Inline SVG charts for the kam tool's report: histogram with markers, horizontal bars, scatter
// with quadrant lines and labels, line chart with a projection. Text only, no scripts, no fonts
// or images from anywhere: the output is self-contained.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace kam_tool {

/// Returns `text` with &, <, >, " and ' escaped for HTML and SVG.
[[nodiscard]] std::string escape_html(std::string_view text);

/// Returns `v` with at most `decimals` decimals and no trailing zeros ("0.5", "12", "-3.25").
[[nodiscard]] std::string short_number(double v, int decimals = 2);

/// Returns about `count` round tick values (1, 2 or 5 times a power of ten apart) covering
/// [lo, hi]. Returns {lo} when the range is empty.
[[nodiscard]] std::vector<double> nice_ticks(double lo, double hi, int count = 5);

/// Colours: tiers from dark (best) to light, and a ten-colour palette for criteria and series.
inline constexpr std::array<const char*, 6> tier_colors{"#1f4e79", "#2e86c1", "#85c1e9",
                                                        "#aeb6bf", "#d5d8dc", "#e5e8e8"};
inline constexpr std::array<const char*, 10> palette{"#4e79a7", "#f28e2b", "#e15759", "#76b7b2",
                                                     "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                                                     "#9c755f", "#bab0ac"};

/// Returns the colour of tier `t` (1-based).
[[nodiscard]] const char* tier_color(std::size_t t);

/// A vertical line across a chart at `x`, with a label; dashed unless `solid`.
struct chart_marker {
  double x = 0;
  std::string label;
  std::string color = "#444";
  bool solid = false;
};

/// An entry of a chart's legend: a swatch of `color` (a dashed line when `dashed`) and a name.
struct legend_entry {
  std::string name;
  std::string color;
  bool dashed = false;
};

/// Returns the legend as one HTML row of swatches and names (empty for no entries), to go above
/// the chart: HTML text wraps on a narrow screen, where labels inside the SVG would not.
[[nodiscard]] std::string render_legend(const std::vector<legend_entry>& entries);

/// A histogram: `counts` of equal-width bins over [lo, hi], each bar in `colors[i]` (or one
/// colour), with vertical markers (tier edges, a minimum score).
struct histogram_chart {
  std::string x_label;
  double lo = 0;
  double hi = 1;
  std::vector<double> counts;
  std::vector<std::string> colors;
  std::vector<chart_marker> markers;
  std::vector<legend_entry> legend;  ///< what the bar colours mean (e.g. the tiers)
};

/// Horizontal bars, one per label, with the value and a share of the total printed at the end.
/// On a log scale the bars start at the power of ten below the smallest positive value, with a
/// tick at every power of ten (for skewed values: see `skewed`).
struct bar_chart {
  std::vector<std::string> labels;
  std::vector<double> values;
  std::vector<std::string> colors;
  bool log_scale = false;
};

/// Returns whether the largest positive value is more than `ratio` times the smallest: a linear
/// scale would flatten the small ones to slivers, so draw them on a log scale.
[[nodiscard]] bool skewed(const std::vector<double>& values, double ratio = 20);

/// A scatter of accounts on two axes with quadrant lines (the portfolio matrix). Highlighted
/// points are drawn on top, larger, with their id as a tooltip, and labelled where a label has
/// room (see render_svg). More than `max_points` ordinary points are drawn as a density grid
/// instead of dots.
struct scatter_chart {
  struct point {
    double x = 0;
    double y = 0;
    std::string id;
  };
  std::string x_label;
  std::string y_label;
  double x_lo = 0, x_hi = 1, y_lo = 0, y_hi = 1;
  std::optional<double> x_cut;
  std::optional<double> y_cut;
  /// Quadrant names and background tints: top-left, top-right, bottom-left, bottom-right.
  std::array<std::string, 4> quadrants;
  std::array<std::string, 4> tints{"#eaf2f8", "#fdedec", "#f8f9f9", "#fef9e7"};
  std::vector<point> points;
  std::unordered_set<std::string> highlight;  ///< ids drawn larger and labelled
  std::size_t max_points = 3000;
};

/// Lines over x (periods): observed series solid, projections dashed, optional bands, and a
/// vertical divider where the projection starts.
struct line_chart {
  struct series {
    std::string name;
    std::vector<std::pair<double, double>> points;
    bool dashed = false;
    std::string color = palette[0];
  };
  std::string x_label;
  std::string y_label;
  double x_lo = 0, x_hi = 1, y_lo = 0, y_hi = 1;
  bool y_percent = false;  ///< label the y axis as percentages of 1
  /// Names of the x values 1, 2, ... (periods: "2024-03"), written at the ticks instead of the
  /// numbers; ticks fall on whole numbers only.
  std::vector<std::string> x_names;
  std::vector<series> lines;
  std::optional<chart_marker> divider;
};

/// Returns the histogram as an inline SVG element; `label` is its accessible name.
[[nodiscard]] std::string render_svg(const histogram_chart& h, std::string_view label);
/// Returns the bar chart as an inline SVG element.
[[nodiscard]] std::string render_svg(const bar_chart& b, std::string_view label);
/// Returns the scatter as an inline SVG element: tinted quadrants, cut lines, the points (or a
/// density grid), and the highlighted points labelled where a label has room.
[[nodiscard]] std::string render_svg(const scatter_chart& c, std::string_view label);
/// Returns the line chart as an inline SVG element.
[[nodiscard]] std::string render_svg(const line_chart& c, std::string_view label);

}  // namespace kam_tool
