// Inline SVG charts for the kam tool's report (see svg.hpp).
#include "svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

namespace kam_tool {

/// Returns `text` with &, <, >, " and ' escaped for HTML and SVG.
std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

/// Returns `v` with at most `decimals` decimals and no trailing zeros ("0.5", "12", "-3.25").
std::string short_number(double v, int decimals) {
  if (!std::isfinite(v)) return std::string(1, '-');
  char buf[64];
  const int n = std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string_view s(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
  if (s.find('.') != std::string_view::npos) {
    while (s.back() == '0') s.remove_suffix(1);
    if (s.back() == '.') s.remove_suffix(1);
  }
  if (s == "-0") s.remove_prefix(1);
  return std::string(s);
}

/// Returns about `count` round tick values (1, 2 or 5 times a power of ten apart) covering
/// [lo, hi]. Returns {lo} when the range is empty.
std::vector<double> nice_ticks(double lo, double hi, int count) {
  if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) return {lo};
  const double raw = (hi - lo) / std::max(count, 1);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (const double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * mag;
    if (step >= raw) break;
  }
  std::vector<double> ticks;
  const auto first = static_cast<long long>(std::ceil(lo / step - 1e-9));
  const auto last = static_cast<long long>(std::floor(hi / step + 1e-9));
  for (long long k = first; k <= last; ++k) ticks.push_back(static_cast<double>(k) * step);
  return ticks;
}

/// Returns the legend as one HTML row of swatches and names.
std::string render_legend(const std::vector<legend_entry>& entries) {
  if (entries.empty()) return {};
  std::string s = "<div class=\"legend-row\">";
  for (const auto& e : entries) {
    s += "<span class=\"legend-item\"><span class=\"swatch" +
         std::string(e.dashed ? " dashed\" style=\"border-color:" : "\" style=\"background:") +
         escape_html(e.color) + "\"></span>" + escape_html(e.name) + "</span> ";
  }
  return s + "</div>\n";
}

/// Returns whether the largest positive value is more than `ratio` times the smallest.
bool skewed(const std::vector<double>& values, double ratio) {
  double least = 0, peak = 0;
  for (const double v : values) {
    if (!(v > 0) || !std::isfinite(v)) continue;
    least = least > 0 ? std::min(least, v) : v;
    peak = std::max(peak, v);
  }
  return least > 0 && peak > ratio * least;
}

const char* tier_color(std::size_t t) {
  return tier_colors[std::min(t == 0 ? 0 : t - 1, tier_colors.size() - 1)];
}

namespace {

/// Plot geometry: an SVG of width x height with margins, mapping data to pixels.
struct frame {
  double width = 560, height = 300;
  double left = 52, right = 16, top = 16, bottom = 44;
  double x_lo = 0, x_hi = 1, y_lo = 0, y_hi = 1;

  /// Sets the data ranges; an empty or non-finite range becomes [lo, lo + 1] (or [0, 1]).
  void set_range(double xl, double xh, double yl, double yh) {
    const auto fix = [](double& lo, double& hi) {
      if (!std::isfinite(lo)) lo = 0;
      if (!std::isfinite(hi) || !(hi > lo)) hi = lo + 1;
    };
    fix(xl, xh);
    fix(yl, yh);
    x_lo = xl;
    x_hi = xh;
    y_lo = yl;
    y_hi = yh;
  }

  [[nodiscard]] double px(double x) const {
    return left + (x - x_lo) / (x_hi - x_lo) * (width - left - right);
  }
  [[nodiscard]] double py(double y) const {
    return height - bottom - (y - y_lo) / (y_hi - y_lo) * (height - top - bottom);
  }
};

std::string n(double v) { return short_number(v, 1); }

/// The widest a glyph of 11 px text is taken to be, to leave room for labels.
constexpr double glyph_width = 7;

std::string open_svg(const frame& f, std::string_view label) {
  return "<svg class=\"chart\" viewBox=\"0 0 " + n(f.width) + " " + n(f.height) + "\" width=\"" +
         n(f.width) + "\" height=\"" + n(f.height) + "\" role=\"img\" aria-label=\"" +
         escape_html(label) + "\">\n";
}

std::string text(double x, double y, std::string_view s, std::string_view anchor = "middle",
                 std::string_view extra = {}) {
  return "<text x=\"" + n(x) + "\" y=\"" + n(y) + "\" text-anchor=\"" + std::string(anchor) + "\"" +
         (extra.empty() ? "" : " " + std::string(extra)) + ">" + escape_html(s) + "</text>\n";
}

std::string line(double x1, double y1, double x2, double y2, std::string_view stroke,
                 std::string_view extra = {}) {
  return "<line x1=\"" + n(x1) + "\" y1=\"" + n(y1) + "\" x2=\"" + n(x2) + "\" y2=\"" + n(y2) +
         "\" stroke=\"" + std::string(stroke) + "\"" +
         (extra.empty() ? "" : " " + std::string(extra)) + "/>\n";
}

std::string rect(double x, double y, double w, double h, std::string_view fill,
                 std::string_view extra = {}) {
  return "<rect x=\"" + n(x) + "\" y=\"" + n(y) + "\" width=\"" + n(std::max(w, 0.0)) +
         "\" height=\"" + n(std::max(h, 0.0)) + "\" fill=\"" + std::string(fill) + "\"" +
         (extra.empty() ? "" : " " + std::string(extra)) + "/>\n";
}

/// Formats a tick value.
using tick_format = std::function<std::string(double)>;

std::string plain_tick(double v) { return short_number(v); }

/// Axes with ticks and labels; `x_fmt`/`y_fmt` format the tick values.
std::string axes(const frame& f, std::string_view x_label, std::string_view y_label,
                 const tick_format& x_fmt, const tick_format& y_fmt) {
  std::string s;
  const double x0 = f.px(f.x_lo), x1 = f.px(f.x_hi), y0 = f.py(f.y_lo), y1 = f.py(f.y_hi);
  for (const double t : nice_ticks(f.y_lo, f.y_hi)) {
    s += line(x0, f.py(t), x1, f.py(t), "#e5e5e5");
    s += text(x0 - 6, f.py(t) + 4, y_fmt(t), "end", "class=\"tick\"");
  }
  for (const double t : nice_ticks(f.x_lo, f.x_hi, 6)) {
    const std::string name = x_fmt(t);
    if (!name.empty()) s += text(f.px(t), y0 + 16, name, "middle", "class=\"tick\"");
  }
  s += line(x0, y0, x1, y0, "#888", "class=\"axis-line\"");  // the layout check finds the
  s += line(x0, y0, x0, y1, "#888", "class=\"axis-line\"");  // plot's window by them
  s += text((x0 + x1) / 2, f.height - 6, x_label, "middle", "class=\"axis\"");
  if (!y_label.empty()) {
    s += "<text class=\"axis\" text-anchor=\"middle\" transform=\"translate(12 " +
         n((y0 + y1) / 2) + ") rotate(-90)\">" + escape_html(y_label) + "</text>\n";
  }
  return s;
}

/// Grid lines and labels at each power of ten from 10^lo to 10^hi along a bar chart's length,
/// labels at `bottom`.
std::string log_ticks(const frame& f, double lo, double hi, double bottom) {
  std::string s;
  const double span = f.width - f.left - f.right;
  for (double k = lo; k <= hi; k += 1) {
    const double x = f.left + (k - lo) / (hi - lo) * span;
    s += line(x, 10, x, bottom, "#e5e5e5", "class=\"grid\"");
    s += text(x, bottom + 14, short_number(std::pow(10.0, k), 0), "middle", "class=\"tick\"");
  }
  return s;
}

/// A vertical marker line from the plot's top down; its label sits on its own row (`slot`) above
/// the plot, on the side of the line with more room, in the line's colour, so labels never
/// overlap and no line crosses a label.
std::string marker(const frame& f, const chart_marker& m, int slot) {
  if (m.x < f.x_lo || m.x > f.x_hi) return {};
  const double x = f.px(m.x);
  const double label_y = 12.0 + 14.0 * slot;
  std::string s = line(x, f.top - 2, x, f.py(f.y_lo), m.color,
                       m.solid ? "class=\"marker\" stroke-width=\"1.5\""
                               : "class=\"marker\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"");
  const bool left_half = x < (f.px(f.x_lo) + f.px(f.x_hi)) / 2;
  s += text(left_half ? x + 4 : x - 4, label_y, m.label, left_half ? "start" : "end",
            "class=\"marker\" fill=\"" + m.color + "\"");
  return s;
}

}  // namespace

/// Returns the histogram as an inline SVG element.
std::string render_svg(const histogram_chart& h, std::string_view label) {
  frame f;
  f.set_range(h.lo, h.hi, 0, 1);
  f.top = 10 + 14.0 * static_cast<double>(h.markers.size());
  f.height += f.top - 16;
  double peak = 0;
  for (const double c : h.counts) peak = std::max(peak, c);
  f.y_hi = peak > 0 ? peak * 1.12 : 1;
  const auto count_fmt = [](double v) { return short_number(v, 0); };
  std::size_t widest = 0;  // counts of ten thousand and more must clear the axis label
  for (const double t : nice_ticks(f.y_lo, f.y_hi)) widest = std::max(widest, count_fmt(t).size());
  f.left = std::max(f.left, 30 + glyph_width * static_cast<double>(widest));
  std::string s = open_svg(f, label);
  s += axes(f, h.x_label, "accounts", plain_tick, count_fmt);
  const double w = h.counts.empty() ? 0 : (f.x_hi - f.x_lo) / static_cast<double>(h.counts.size());
  for (std::size_t i = 0; i < h.counts.size(); ++i) {
    if (h.counts[i] <= 0) continue;
    const double x0 = f.px(f.x_lo + w * static_cast<double>(i));
    const double x1 = f.px(f.x_lo + w * static_cast<double>(i + 1));
    const std::string& color =
        h.colors.empty() ? std::string(palette[0]) : h.colors[std::min(i, h.colors.size() - 1)];
    s += rect(x0 + 0.5, f.py(h.counts[i]), x1 - x0 - 1, f.py(0) - f.py(h.counts[i]), color,
              "class=\"bar\"");
  }
  for (std::size_t m = 0; m < h.markers.size(); ++m)
    s += marker(f, h.markers[m], static_cast<int>(m));
  return s + "</svg>\n";
}

/// Returns the bar chart as an inline SVG element.
std::string render_svg(const bar_chart& b, std::string_view label) {
  const double row = 30;
  frame f;
  f.height = 20 + row * static_cast<double>(b.labels.size()) + (b.log_scale ? 20 : 0);
  std::size_t longest = 0;
  for (const auto& l : b.labels) longest = std::max(longest, l.size());
  f.left = std::max(60.0, 14 + glyph_width * static_cast<double>(longest));  // labels fit
  f.right = 120;
  f.width = std::max(f.width, f.left + 260 + f.right);
  double total = 0, peak = 0, least = 0;
  for (const double v : b.values) {
    total += v;
    peak = std::max(peak, v);
    if (v > 0) least = least > 0 ? std::min(least, v) : v;
  }
  const double span = f.width - f.left - f.right;
  // Log scale: from the power of ten at or below the smallest value to the one at or above the
  // largest (at least one decade).
  const double lo = least > 0 ? std::floor(std::log10(least)) : 0;
  const double hi = peak > 0 ? std::max(std::ceil(std::log10(peak)), lo + 1) : lo + 1;
  const auto length = [&](double v) {
    if (v <= 0 || peak <= 0) return 0.0;
    return b.log_scale ? (std::log10(v) - lo) / (hi - lo) * span : v / peak * span;
  };
  std::string s = open_svg(f, label);
  if (b.log_scale) s += log_ticks(f, lo, hi, 10 + row * static_cast<double>(b.labels.size()));
  for (std::size_t i = 0; i < b.labels.size(); ++i) {
    const double v = i < b.values.size() ? b.values[i] : 0;
    const double y = 10 + row * static_cast<double>(i);
    const double w = length(v);
    const std::string& color =
        b.colors.empty() ? std::string(palette[0]) : b.colors[std::min(i, b.colors.size() - 1)];
    s += text(f.left - 8, y + 15, b.labels[i], "end", "class=\"label\"");
    s += rect(f.left, y + 3, std::max(w, v > 0 ? 1.0 : 0.0), row - 8, color, "class=\"bar\"");
    s +=
        text(f.left + w + 6, y + 15,
             short_number(v, 0) + (total > 0 ? " (" + short_number(100 * v / total, 1) + "%)" : ""),
             "start", "class=\"value\"");
  }
  return s + "</svg>\n";
}

/// Returns the scatter as an inline SVG element.
namespace {

// The four quadrants tinted under the grid (the top right, high on both axes, stands out), and
// their names in the outer corners.
std::string quadrants(const scatter_chart& c, double xl, double xc, double xr, double yt, double yc,
                      double yb) {
  std::string s = rect(xl, yt, xc - xl, yc - yt, c.tints[0], "class=\"quadrant\"");
  s += rect(xc, yt, xr - xc, yc - yt, c.tints[1], "class=\"quadrant\"");
  s += rect(xl, yc, xc - xl, yb - yc, c.tints[2], "class=\"quadrant\"");
  s += rect(xc, yc, xr - xc, yb - yc, c.tints[3], "class=\"quadrant\"");
  return s;
}

std::string quadrant_names(const scatter_chart& c, double xl, double xr, double yt, double yb) {
  std::string s = text(xl + 6, yt + 14, c.quadrants[0], "start", "class=\"quadrant\"");
  s += text(xr - 6, yt + 14, c.quadrants[1], "end", "class=\"quadrant\"");
  s += text(xl + 6, yb - 8, c.quadrants[2], "start", "class=\"quadrant\"");
  s += text(xr - 6, yb - 8, c.quadrants[3], "end", "class=\"quadrant\"");
  return s;
}

bool finite(const scatter_chart::point& p) { return std::isfinite(p.x) && std::isfinite(p.y); }

// The ordinary points as a 50 x 50 density grid (too many for dots).
std::string density(const scatter_chart& c, double xl, double xr, double yt, double yb) {
  constexpr std::size_t grid = 50;
  std::vector<double> cells(grid * grid, 0.0);
  double peak = 0;
  const auto cell_of = [&](double v, double lo, double hi) {
    const double k = std::floor((v - lo) / (hi - lo) * static_cast<double>(grid));
    return std::min(grid - 1, static_cast<std::size_t>(std::max(k, 0.0)));
  };
  for (const auto& p : c.points) {
    if (c.highlight.contains(p.id) || !finite(p)) continue;
    auto& cell = cells[cell_of(p.y, c.y_lo, c.y_hi) * grid + cell_of(p.x, c.x_lo, c.x_hi)];
    cell += 1;
    peak = std::max(peak, cell);
  }
  const double cw = (xr - xl) / grid, ch = (yb - yt) / grid;
  std::string s;
  for (std::size_t gy = 0; gy < grid; ++gy) {
    for (std::size_t gx = 0; gx < grid; ++gx) {
      const double v = cells[gy * grid + gx];
      if (v <= 0) continue;
      const std::string extra = "class=\"cell\" fill-opacity=\"" +
                                short_number(0.15 + 0.85 * std::log1p(v) / std::log1p(peak), 2) +
                                '"';
      s += rect(xl + cw * static_cast<double>(gx), yb - ch * static_cast<double>(gy + 1), cw, ch,
                "#7f8c8d", extra);
    }
  }
  return s;
}

// The ordinary points as dots.
std::string dots(const scatter_chart& c, const frame& f) {
  std::string s;
  for (const auto& p : c.points) {
    if (c.highlight.contains(p.id) || !finite(p)) continue;
    s += "<circle class=\"dot\" cx=\"" + n(f.px(std::clamp(p.x, c.x_lo, c.x_hi))) + "\" cy=\"" +
         n(f.py(std::clamp(p.y, c.y_lo, c.y_hi))) +
         "\" r=\"2.5\" fill=\"#95a5a6\" fill-opacity=\"0.7\"/>\n";
  }
  return s;
}

struct box {
  double x0, y0, x1, y1;
  [[nodiscard]] bool meets(const box& o) const {
    return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1;
  }
};

// Where a label may go: inside the plot, clear of every box taken (labels, dots, cut lines).
struct label_space {
  box plot;
  std::vector<box> taken;
  [[nodiscard]] bool free(const box& b) const {
    return b.x0 >= plot.x0 && b.x1 <= plot.x1 && b.y0 >= plot.y0 && b.y1 <= plot.y1 &&
           std::none_of(taken.begin(), taken.end(), [&](const box& o) { return b.meets(o); });
  }
};

// Places the label of the dot at (x, y): at the first free spot of rings of eight around it,
// nearest first; a spot away from the dot gets a leader line. Returns the SVG, empty when no
// spot is free.
std::string place_label(label_space& space, double x, double y, const std::string& id) {
  const double w = 6.5 * static_cast<double>(id.size()), h = 12;  // 10 px text
  // Rings out to 110 px: the sample's 30 key accounts all find a spot (to 62 px one did not).
  for (const double ring : {0.0, 14.0, 28.0, 44.0, 62.0, 84.0, 110.0}) {
    for (const auto& [ux, uy] : {std::pair{1.0, -1.0},
                                 {-1.0, -1.0},
                                 {1.0, 1.0},
                                 {-1.0, 1.0},
                                 {1.0, 0.0},
                                 {-1.0, 0.0},
                                 {0.0, -1.0},
                                 {0.0, 1.0}}) {
      // The box's corner nearest the dot sits 7 px (plus the ring) away along (ux, uy).
      const double cx = x + ux * (7 + ring), cy = y + uy * (7 + ring);
      const double x0 = ux > 0 ? cx : ux < 0 ? cx - w : cx - w / 2;
      const double y0 = uy > 0 ? cy : uy < 0 ? cy - h : cy - h / 2;
      const box b{x0, y0, x0 + w, y0 + h};
      if (!space.free(b)) continue;
      space.taken.push_back(b);
      std::string s;
      if (ring > 0) {
        const double lx = std::clamp(x, b.x0, b.x1), ly = std::clamp(y, b.y0, b.y1);
        s += line(x, y, lx, ly, "#7f8c8d", "class=\"leader\" stroke-width=\"0.75\"");
      }
      return s + text(b.x0, b.y1 - 2.5, id, "start", "class=\"point-label\"");
    }
  }
  return {};
}

// Key accounts: every dot, then the labels (greedily, in input order, clear of the dots, the cut
// lines and each other, inside the plot); a dot with no free spot keeps its id as a tooltip and
// is counted in the chart's note.
std::string key_points(const scatter_chart& c, const frame& f, const box& plot, double xc,
                       double yc) {
  label_space space{plot, {{xc - 1, plot.y0, xc + 1, plot.y1}, {plot.x0, yc - 1, plot.x1, yc + 1}}};
  for (std::size_t q = 0; q < 4; ++q) {  // the quadrant names (12 px bold, see quadrant_names)
    const double w = 8 * static_cast<double>(c.quadrants[q].size());
    const double y0 = q < 2 ? plot.y0 + 2 : plot.y1 - 20;
    space.taken.push_back(q % 2 == 0 ? box{plot.x0 + 4, y0, plot.x0 + 8 + w, y0 + 16}
                                     : box{plot.x1 - 8 - w, y0, plot.x1 - 4, y0 + 16});
  }
  std::vector<std::pair<double, double>> at;
  std::string s;
  for (const auto& p : c.points) {
    if (!c.highlight.contains(p.id) || !finite(p)) continue;
    const double x = f.px(std::clamp(p.x, c.x_lo, c.x_hi));
    const double y = f.py(std::clamp(p.y, c.y_lo, c.y_hi));
    s += "<circle class=\"key\" cx=\"" + n(x) + "\" cy=\"" + n(y) + "\" r=\"5\" fill=\"" +
         std::string(tier_colors[0]) + "\" stroke=\"#fff\" stroke-width=\"1\"><title>" +
         escape_html(p.id) + "</title></circle>\n";
    space.taken.push_back({x - 5, y - 5, x + 5, y + 5});
  }
  std::string labels;
  std::size_t unlabelled = 0;
  for (const auto& p : c.points) {
    if (!c.highlight.contains(p.id) || !finite(p)) continue;
    const std::string l = place_label(space, f.px(std::clamp(p.x, c.x_lo, c.x_hi)),
                                      f.py(std::clamp(p.y, c.y_lo, c.y_hi)), p.id);
    unlabelled += l.empty() ? 1U : 0U;
    labels += l;
  }
  if (unlabelled > 0) {
    labels +=
        text(f.width - f.right, f.height - 25,
             std::to_string(unlabelled) + (unlabelled == 1 ? " key account" : " key accounts") +
                 " too crowded to label (hover a dot)",
             "end", "class=\"note\"");
  }
  return s + labels;
}

}  // namespace

std::string render_svg(const scatter_chart& c, std::string_view label) {
  frame f;
  f.height = 436;
  f.bottom = 60;  // ticks, the note on unlabelled key accounts, the axis label
  f.set_range(c.x_lo, c.x_hi, c.y_lo, c.y_hi);
  std::string s = open_svg(f, label);
  const double xl = f.px(c.x_lo), xr = f.px(c.x_hi), yt = f.py(c.y_hi), yb = f.py(c.y_lo);
  const double xc = c.x_cut ? f.px(*c.x_cut) : (xl + xr) / 2;
  const double yc = c.y_cut ? f.py(*c.y_cut) : (yt + yb) / 2;
  s += quadrants(c, xl, xc, xr, yt, yc, yb);
  s += axes(f, c.x_label, c.y_label, plain_tick, plain_tick);
  s += quadrant_names(c, xl, xr, yt, yb);
  std::size_t ordinary = 0;
  for (const auto& p : c.points) ordinary += c.highlight.contains(p.id) ? 0u : 1u;
  s += ordinary > c.max_points ? density(c, xl, xr, yt, yb) : dots(c, f);
  s += line(xc, yt, xc, yb, "#c0392b", "stroke-width=\"1.5\" class=\"cut\"");
  s += line(xl, yc, xr, yc, "#c0392b", "stroke-width=\"1.5\" class=\"cut\"");
  return s + key_points(c, f, {xl, yt, xr, yb}, xc, yc) + "</svg>\n";
}

/// Returns the line chart as an inline SVG element.
std::string render_svg(const line_chart& c, std::string_view label) {
  frame f;
  f.set_range(c.x_lo, c.x_hi, c.y_lo, c.y_hi);
  f.right = 120;
  const bool pct = c.y_percent;
  const tick_format y_fmt = [pct](double v) {
    return pct ? short_number(100 * v, 0) + "%" : short_number(v);
  };
  std::size_t widest = 0;
  for (const double t : nice_ticks(f.y_lo, f.y_hi)) widest = std::max(widest, y_fmt(t).size());
  f.left =
      std::max(f.left, 30 + glyph_width * static_cast<double>(widest));  // ticks clear the label
  const auto& names = c.x_names;
  const tick_format x_fmt = [&names](double v) {
    const double k = std::round(v);
    if (names.empty()) return short_number(v);
    if (std::abs(v - k) > 1e-9 || k < 1 || k > static_cast<double>(names.size()))
      return std::string();
    return names[static_cast<std::size_t>(k) - 1];
  };
  std::string s = open_svg(f, label);
  s += axes(f, c.x_label, c.y_label, x_fmt, y_fmt);
  if (c.divider) s += marker(f, *c.divider, 0);
  for (std::size_t k = 0; k < c.lines.size(); ++k) {
    const auto& l = c.lines[k];
    if (l.points.empty()) continue;
    std::string d;
    for (std::size_t i = 0; i < l.points.size(); ++i) {
      d += (i == 0 ? "M" : " L") + n(f.px(l.points[i].first)) + " " + n(f.py(l.points[i].second));
    }
    s += "<path class=\"series\" d=\"" + d + "\" fill=\"none\" stroke=\"" + l.color +
         "\" stroke-width=\"2\"" + (l.dashed ? " stroke-dasharray=\"6 4\"" : "") + "/>\n";
    const auto& last = l.points.back();
    s += text(f.width - f.right + 6, f.py(last.second) + 4 + 12.0 * static_cast<double>(k % 2),
              l.name, "start", "class=\"legend\" fill=\"" + l.color + "\"");
  }
  return s + "</svg>\n";
}

}  // namespace kam_tool
