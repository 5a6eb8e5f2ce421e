// Tests of tools/kam/report.hpp: the page is self-contained, empty slots say how to fill them,
// and a report with every slot filled is written for the headless-Chromium test.
#include "report.hpp"

#include <cmath>
#include <cstddef>
#include <fstream>
#include <sstream>
#include <string>

#include "catch.hpp"
#include "tool.hpp"

namespace {
std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

// A report with every slot filled from hand-made numbers: what position and retention will
// produce once they land.
kam_tool::report full_report() {
  kam_tool::report r;
  r.title = "Every slot <filled>";
  r.subtitle = "synthetic";
  r.cards = {{"accounts", "12", "synthetic"}, {"key accounts", "3", "of 5 eligible"}};
  kam_tool::histogram_chart h;
  h.counts = {0, 1, 2, 4, 3, 1, 1, 0, 0, 0};
  h.colors = {"#85c1e9", "#85c1e9", "#85c1e9", "#85c1e9", "#85c1e9",
              "#2e86c1", "#2e86c1", "#1f4e79", "#1f4e79", "#1f4e79"};
  h.markers = {{0.5, "B from 0.5"}, {0.7, "A from 0.7"}};
  h.legend = {{"A", "#1f4e79"}, {"B", "#2e86c1"}, {"C", "#85c1e9"}};
  r.distribution.chart = h;
  r.tiers.chart =
      kam_tool::bar_chart{{"A", "B", "C"}, {1, 2, 9}, {"#1f4e79", "#2e86c1", "#85c1e9"}};
  kam_tool::shortlist_table t;
  t.criteria = {"revenue", "growth", "effort"};
  t.columns = {"name"};
  t.rows = {{"K-1", 0.74, 1, "A", {0.23, 0.26, 0.25}, {"Kilo & Sons"}},
            {"K-2", 0.6, 2, "A", {0.0, 0.35, 0.25}, {""}}};
  r.shortlist.chart = t;
  kam_tool::scatter_chart c;
  c.x_label = "supply risk (how hard we are to replace)";
  c.y_label = "profit impact";
  c.x_cut = 0.5;
  c.y_cut = 0.5;
  c.quadrants = {"leverage", "strategic", "non-critical", "bottleneck"};
  for (int i = 0; i < 40; ++i) {
    c.points.push_back(
        {std::fmod(0.37 * i, 1.0), std::fmod(0.61 * i + 0.1, 1.0), "P-" + std::to_string(i)});
  }
  r.portfolio.chart = c;
  r.key_accounts = {"P-3", "P-7", "P-11"};
  r.facts["K-1"] = {{"posture", "partner"}, {"relationship", "diamond, 4 contacts"}};
  r.health["K-1"] = {"red", "high relationship risk"};
  kam_tool::line_chart l;
  l.x_label = "period";
  l.y_label = "accounts retained";
  l.x_lo = 0;
  l.x_hi = 12;
  l.y_percent = true;
  kam_tool::line_chart::series observed{"observed", {}, false, kam_tool::palette[0]};
  kam_tool::line_chart::series projected{"sBG projection", {}, true, kam_tool::palette[1]};
  for (int t2 = 0; t2 <= 12; ++t2) {
    const double s = std::pow(0.85, t2);  // a made-up survival curve
    if (t2 <= 7) observed.points.emplace_back(t2, s);
    if (t2 >= 7) projected.points.emplace_back(t2, s);
  }
  l.lines = {observed, projected};
  l.divider = kam_tool::chart_marker{7, "projection"};
  r.retention.chart = l;
  // Sections beyond the slots, as segmentation and retention will add them.
  r.sections.push_back({"segments", "Segments", "accounts per segment",
                        kam_tool::bar_chart{{"champions", "at risk", "others"}, {3, 4, 5}, {}}});
  r.sections.push_back(
      {"cohorts", "Cohorts", "",
       kam_tool::table_chart{{"cohort", "period 1", "period 2"},
                             {{"2024-Q1", "100%", "81%"}, {"2024-Q2", "100%", "<88%>"}}}});
  // Skewed revenue on a log scale (its tick labels are checked in the browser too).
  r.sections.push_back({"key-revenue", "Key-account revenue", "log scale",
                        kam_tool::bar_chart{{"K-1", "K-2", "K-3"}, {120, 4500, 380000}, {}, true}});
  return r;
}
}  // namespace

TEST_CASE("report: an empty report is self-contained and explains its empty slots", "[report]") {
  kam_tool::report r;
  r.title = "T";
  r.portfolio.note = "comes with kam position";
  const std::string html = kam_tool::render_html(r);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(count(html, "http") == 0);  // no links, no namespaces, nothing fetched
  CHECK(count(html, "<script") == 0);
  CHECK(count(html, "src=") == 0);
  // The five empty slots are listed once, in one panel, rather than drawn as empty panels.
  CHECK(count(html, "<section class=\"panel") == 1);
  CHECK(count(html, "<ul class=\"missing\">") == 1);
  CHECK(count(html, "<li><b>") == 5);
  CHECK(count(html, "<li><b>Portfolio matrix</b>: comes with kam position</li>") == 1);
}

TEST_CASE("report: every slot filled (written for the Chromium test)", "[report]") {
  const std::string html = kam_tool::render_html(full_report());
  // Distribution, tiers, matrix, retention, and the segments and revenue sections.
  CHECK(count(html, "<svg class=\"chart\"") == 6);
  CHECK(count(html, "class=\"tick\">1000000</text>") == 1);  // the log scale's last decade
  CHECK(count(html, "<table class=\"data\">") == 1);         // the cohort section
  CHECK(count(html, "<td>&lt;88%&gt;</td>") == 1);
  CHECK(count(html, "id=\"missing\"") == 0);
  CHECK(count(html, "Every slot &lt;filled&gt;") == 2);  // escaped, in <title> and <h1>
  CHECK(count(html, "class=\"key\"") == 3);              // the key accounts, labelled in the matrix
  CHECK(count(html, "<tr><td class=\"num\">") == 2);     // shortlist rows
  CHECK(count(html, "<th>name</th>") ==
        2);  // the shortlist's and the at-risk table's              // a kept column beside the id
  CHECK(count(html, "<td>Kilo &amp; Sons</td>") == 2);
  // The drill-down: one <details> per listed key account, K-1's with what position knows.
  CHECK(count(html, "<details class=\"account\">") == 2);
  CHECK(count(html, "<summary>2. K-2 · A <span class=\"status none\">no status</span></summary>") ==
        1);
  CHECK(count(html, "<dt>posture</dt><dd>partner</dd>") == 1);
  CHECK(count(html, "<dt>relationship</dt><dd>diamond, 4 contacts</dd>") == 1);
  // Swatches: the criteria's legend, each drill-down's criteria, the tiers' legend above the
  // histogram, the observed line's (the projection's is a dashed line).
  CHECK(count(html, "<span class=\"swatch\"") == 3 + 2 * 3 + 3 + 1);
  CHECK(count(html, "<span class=\"swatch\" style=\"background:#2e86c1\"></span>B</span>") == 1);
  CHECK(count(html,
              "<span class=\"swatch dashed\" style=\"border-color:#f28e2b\"></span>sBG "
              "projection</span>") == 1);
  // Health: a column of the shortlist and a status in each drill-down summary; K-2 has none.
  CHECK(count(html, "<th>health</th>") == 1);
  const std::string red = "<span class=\"status red\" title=\"high relationship risk\">red</span>";
  CHECK(count(html, "<td>" + red + "</td>") == 1);
  CHECK(count(html, "<summary>1. K-1 · Kilo &amp; Sons · A " + red + "</summary>") == 1);
  CHECK(count(html, "<span class=\"status none\">no status</span>") == 2);
  // The at-risk table: the red key accounts only, with the first kept column and why.
  CHECK(count(html, "1 of 2 listed key accounts are red") == 1);
  CHECK(count(html,
              "<tr><td>K-1</td><td>Kilo &amp; Sons</td><td>A</td><td>high relationship "
              "risk</td></tr>") == 1);
  CHECK(count(html, "<tr><td>K-2</td>") == 0);
  CHECK(count(html, "http") == 0);
  std::ofstream(KAM_TOOL_BINARY_DIR "/report_all_slots.html", std::ios::binary) << html;
}

TEST_CASE("report: --plans adds the account plans section, and only then", "[report][plan]") {
  const std::string dir = KAM_SAMPLE_DIR "/plans";
  std::ostringstream out, err;
  REQUIRE(kam_tool::run({"report", "--plans", dir, "--as-of", "2026-06-30"}, out, err) == 0);
  const std::string html = out.str();
  CHECK(count(html, "<section class=\"panel wide\" id=\"account-plans\">") == 1);
  CHECK(count(html, "<h2>Account plans</h2>") == 1);
  // One table row per plan of plans.csv (ACME, BOREAL, CIRRUS, DELTA, EMBER), with its numbers.
  CHECK(count(html, "<tr><td>ACME</td><td>execute</td><td>93%</td><td>88%</td>") == 1);
  CHECK(count(html, "<tr><td>BOREAL</td><td>review</td><td>100%</td><td>100%</td><td>nothing") ==
        1);
  CHECK(count(html, "<tr><td>DELTA</td><td>plan</td><td>14%</td>") == 1);
  CHECK(count(html, "plan completeness") == 1);

  std::ostringstream without, err2;
  REQUIRE(kam_tool::run({"report"}, without, err2) == 0);
  CHECK(count(without.str(), "account-plans") == 0);

  std::ostringstream no_date, err3;
  CHECK(kam_tool::run({"report", "--plans", dir}, no_date, err3) == 2);
  CHECK(count(err3.str(), "--as-of DATE is required with --plans") == 1);
}
