// Tests of tools/kam/svg.hpp: escaping, number and tick formatting, and the charts' geometry.
#include "svg.hpp"

#include <cstddef>
#include <string>
#include <vector>

#include "catch.hpp"

namespace {
std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}
}  // namespace

TEST_CASE("svg: text is escaped", "[svg]") {
  CHECK(kam_tool::escape_html("<A & \"B\" 'C'>") == "&lt;A &amp; &quot;B&quot; &#39;C&#39;&gt;");
}

TEST_CASE("svg: short numbers and nice ticks", "[svg]") {
  CHECK(kam_tool::short_number(0.5) == "0.5");
  CHECK(kam_tool::short_number(12.0) == "12");
  CHECK(kam_tool::short_number(-0.001) == "0");  // rounds to 0.00, printed as 0, not -0
  CHECK(kam_tool::short_number(2.345, 1) == "2.3");
  // [0, 1] in about 5 steps: step 0.2. [0, 100]: 20. [0, 57]: raw step 11.4 rounds up to 20.
  CHECK(kam_tool::nice_ticks(0, 1) == std::vector<double>{0, 0.2, 0.4, 0.6000000000000001, 0.8, 1});
  CHECK(kam_tool::nice_ticks(0, 100) == std::vector<double>{0, 20, 40, 60, 80, 100});
  CHECK(kam_tool::nice_ticks(0, 57) == std::vector<double>{0, 20, 40});
  CHECK(kam_tool::nice_ticks(3, 3) == std::vector<double>{3});  // empty range
}

TEST_CASE("svg: histogram bars are proportional to the counts", "[svg]") {
  kam_tool::histogram_chart h;
  h.lo = 0;
  h.hi = 1;
  h.counts = {1, 0, 4, 2};
  h.markers.push_back({0.5, "tier A from 0.5"});
  const std::string s = kam_tool::render_svg(h, "test");
  CHECK(count(s, "class=\"bar\"") == 3);  // the empty bin draws nothing
  // One marker row: top margin 10 + 14 = 24, the SVG 8 pixels taller (308), so the plot is
  // 308 - 24 - 44 = 240 pixels for counts up to 4 * 1.12 = 4.48. The bar of count 4 is
  // 4 / 4.48 * 240 = 214.3 pixels high, the bar of count 1 53.6.
  CHECK(count(s, "height=\"214.3\"") == 1);
  CHECK(count(s, "height=\"53.6\"") == 1);
  CHECK(count(s, "stroke-dasharray") == 1);  // the tier edge
  CHECK(count(s, ">tier A from 0.5<") == 1);
}

TEST_CASE("svg: a histogram's counts in the tens of thousands clear the axis label", "[svg]") {
  kam_tool::histogram_chart h;
  h.counts = {12000, 3000};  // ticks up to 10000 (13440 = 12000 * 1.12: steps of 5000)
  const std::string s = kam_tool::render_svg(h, "test");
  CHECK(count(s, ">10000</text>") == 1);
  // Five digits of at most 7 px each end 6 px left of the y axis, which sits at
  // 30 + 5 * 7 = 65 px (not the default 52): the tick starts at 65 - 6 - 35 = 24 px, right of
  // the rotated axis label (11-12 px text centred at x = 12). No marker: the plot runs from
  // y = 10 (top margin) to 294 - 44 = 250 (an SVG of 300 + 10 - 16 = 294 px).
  CHECK(count(s, "<line x1=\"65\" y1=\"250\" x2=\"65\" y2=\"10\"") == 1);
  // Counts below 1000 keep the default margin (30 + 3 * 7 = 51 < 52).
  h.counts = {120, 30};
  CHECK(count(kam_tool::render_svg(h, "test"), "<line x1=\"52\" y1=\"250\" x2=\"52\" y2=\"10\"") ==
        1);
}

TEST_CASE("svg: bars show value and share", "[svg]") {
  kam_tool::bar_chart b;
  b.labels = {"A", "B"};
  b.values = {1, 3};
  const std::string s = kam_tool::render_svg(b, "test");
  CHECK(count(s, ">1 (25%)<") == 1);
  CHECK(count(s, ">3 (75%)<") == 1);
}

TEST_CASE("svg: scatter with quadrant lines, labelled highlights, density for many", "[svg]") {
  kam_tool::scatter_chart c;
  c.x_cut = 0.5;
  c.y_cut = 0.25;
  c.quadrants = {"bottleneck", "strategic", "non-critical", "leverage"};
  c.points = {{0.1, 0.1, "a"}, {0.9, 0.9, "b"}, {0.6, 0.2, "key-1"}};
  c.highlight = {"key-1"};
  const std::string s = kam_tool::render_svg(c, "test");
  CHECK(count(s, "class=\"dot\"") == 2);
  CHECK(count(s, "class=\"key\"") == 1);
  CHECK(count(s, "class=\"point-label\">key-1<") == 1);
  CHECK(count(s, "<title>key-1</title>") == 1);  // and its tooltip
  CHECK(count(s, ">strategic<") == 1);
  // x cut at 0.5: left 52 + 0.5 * (560 - 52 - 16) = 298; y cut at 0.25: 420 - 44 - 0.25 * 360 =
  // 286.
  CHECK(count(s, "x1=\"298\" y1=\"16\" x2=\"298\" y2=\"376\" stroke=\"#c0392b\"") == 1);
  CHECK(count(s, "x1=\"52\" y1=\"286\" x2=\"544\" y2=\"286\" stroke=\"#c0392b\"") == 1);
  c.max_points = 1;  // two ordinary points: too many for dots, drawn as density cells
  const std::string dense = kam_tool::render_svg(c, "test");
  CHECK(count(dense, "class=\"dot\"") == 0);
  CHECK(count(dense, "class=\"cell\"") == 2);
  CHECK(count(dense, "class=\"key\"") == 1);  // highlights are always drawn
}

TEST_CASE("svg: labels of crowded key accounts do not overlap", "[svg]") {
  kam_tool::scatter_chart c;
  // Five key accounts on the same spot (0.5, 0.5) -> pixel (298, 196), where the two cut lines
  // cross. A label box of "kN" is 13 x 12 px, its corner 7 px from the dot: right above
  // (305..318, 177..189), left above (278..291), right below (203..215), left below; the sides
  // and the spots straight above and below touch a cut line, so the fifth goes to the next
  // ring, 14 px further out, right above (319..332, 163..175), with a leader line.
  for (const char* id : {"k1", "k2", "k3", "k4", "k5"}) {
    c.points.push_back({0.5, 0.5, id});
    c.highlight.insert(id);
  }
  const std::string s = kam_tool::render_svg(c, "test");
  CHECK(count(s, "class=\"key\"") == 5);
  CHECK(count(s, "class=\"point-label\"") == 5);
  CHECK(count(s, "x=\"305\" y=\"186.5\" text-anchor=\"start\" class=\"point-label\">k1<") == 1);
  CHECK(count(s, "x=\"278\" y=\"186.5\" text-anchor=\"start\" class=\"point-label\">k2<") == 1);
  CHECK(count(s, "x=\"305\" y=\"212.5\" text-anchor=\"start\" class=\"point-label\">k3<") == 1);
  CHECK(count(s, "x=\"278\" y=\"212.5\" text-anchor=\"start\" class=\"point-label\">k4<") == 1);
  CHECK(count(s, "x=\"319\" y=\"172.5\" text-anchor=\"start\" class=\"point-label\">k5<") == 1);
  CHECK(count(s, "<line x1=\"298\" y1=\"196\" x2=\"319\" y2=\"175\"") == 1);  // k5's leader
  CHECK(count(s, "class=\"leader\"") == 1);
  CHECK(count(s, "too crowded") == 0);
}

TEST_CASE("svg: key accounts without room for a label are counted in a note", "[svg]") {
  kam_tool::scatter_chart c;
  for (int i = 0; i < 200; ++i) {
    const std::string id = "key-" + std::to_string(i);
    c.points.push_back({0.5, 0.5, id});
    c.highlight.insert(id);
  }
  const std::string s = kam_tool::render_svg(c, "test");
  const std::size_t labelled = count(s, "class=\"point-label\"");
  CHECK(labelled > 5);
  CHECK(labelled <= 40U);  // five rings of eight spots at most
  CHECK(count(s, ">" + std::to_string(200 - labelled) +
                     " key accounts too crowded to label (hover a dot)<") == 1);
  CHECK(count(s, "<title>key-199</title>") == 1);  // every dot keeps its id as a tooltip
}

TEST_CASE("svg: skewed values go on a log scale", "[svg]") {
  CHECK_FALSE(kam_tool::skewed({1, 20}));  // 20 times: not more than the ratio
  CHECK(kam_tool::skewed({1, 21}));
  CHECK(kam_tool::skewed({0, 5, -3, 200}));  // zeros and negatives are left out
  CHECK_FALSE(kam_tool::skewed({0, -5, 3}));
  CHECK_FALSE(kam_tool::skewed({}));
  kam_tool::bar_chart b{{"a", "b", "c"}, {100, 1000, 50000}, {}, true};
  const std::string s = kam_tool::render_svg(b, "test");
  // Bars from 10^2 to 10^5 over 560 - 60 - 120 = 380 px: 100 -> 0 (drawn 1 px), 1000 -> 1/3,
  // 50000 -> (log10(50000) - 2) / 3 = 0.89966 -> 341.9 px; a tick at each power of ten.
  CHECK(count(s, "width=\"1\" height=\"22\"") == 1);
  CHECK(count(s, "width=\"126.7\" height=\"22\"") == 1);
  CHECK(count(s, "width=\"341.9\" height=\"22\"") == 1);
  for (const char* tick : {">100<", ">1000<", ">10000<", ">100000<"}) CHECK(count(s, tick) == 1);
  CHECK(count(s, "class=\"grid\"") == 4);
  b.log_scale = false;  // linear: 1000 / 50000 of 380 px
  CHECK(count(kam_tool::render_svg(b, "test"), "width=\"7.6\" height=\"22\"") == 1);
}

TEST_CASE("svg: periods named on the time axis", "[svg]") {
  kam_tool::line_chart l;
  l.x_lo = 1;
  l.x_hi = 4;
  l.x_names = {"2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"};
  l.lines.push_back({"NRR", {{1, 1.0}, {4, 1.1}}, false});
  const std::string s = kam_tool::render_svg(l, "test");
  // Ticks 1, 1.5, ..., 4 (nice_ticks): the whole numbers get their period's name, the halves
  // nothing; no number is written on the x axis.
  for (const char* name : {"2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"})
    CHECK(count(s, std::string("class=\"tick\">") + name + "<") == 1);
  CHECK(count(s, "class=\"tick\">1.5<") == 0);
  CHECK(count(s, "class=\"tick\"></text>") == 0);
}

TEST_CASE("svg: lines, dashed projections and the divider", "[svg]") {
  kam_tool::line_chart l;
  l.x_lo = 0;
  l.x_hi = 10;
  l.y_percent = true;
  l.lines.push_back({"observed", {{0, 1}, {5, 0.6}}, false});
  l.lines.push_back({"projected", {{5, 0.6}, {10, 0.4}}, true});
  l.divider = kam_tool::chart_marker{5, "projection"};
  const std::string s = kam_tool::render_svg(l, "test");
  CHECK(count(s, "class=\"series\"") == 2);
  CHECK(count(s, "stroke-dasharray=\"6 4\"") == 1);
  CHECK(count(s, ">100%<") == 1);  // y ticks in percent
  CHECK(count(s, ">projection<") == 1);
}
