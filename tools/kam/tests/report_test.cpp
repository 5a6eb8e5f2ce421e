// Tests of tools/kam/report.hpp: the page is self-contained, empty slots say how to fill them,
// and a report with every slot filled is written for the headless-Chromium test.
#include "report.hpp"

#include <cmath>
#include <cstddef>
#include <fstream>
#include <optional>
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
            {"K-2", 0.6, 2, "A", {0.0, 0.35, 0.25}, {""}},
            {"K-3", 0.55, 3, "B", {0.1, 0.2, 0.25}, {"Kappa"}}};
  r.shortlist.chart = t;
  r.labelled = 2;  // K-3 only in the list of every key account
  r.revenue_column = "revenue";
  r.revenue = {{"K-1", 1234567.4}, {"K-2", 45.5}, {"K-3", 380000}};
  // An earlier run: K-1 was green at 0.8, K-2 is new, K-3 was in tier A and amber; Z-9 is gone.
  kam_tool::account_history past;
  past.name = "prev.csv";
  past.id_column = "id";
  past.has_score = past.has_tier = past.has_health = past.has_key = past.compared = true;
  past.accounts["K-1"] = {0.8, 1, "", "green", true, true};
  past.accounts["K-3"] = {0.5, std::nullopt, "A", "amber", true, true};
  past.accounts["Z-9"] = {0.9, 1, "A", "green", true, false};
  r.history = past;
  kam_tool::scatter_chart c;
  c.x_label = "supply risk (how hard we are to replace)";
  c.y_label = "profit impact";
  c.x_cut = 0.5;
  c.y_cut = 0.5;
  c.quadrants = {"leverage", "strategic", "non-critical", "bottleneck"};
  for (int i = 0; i < 40; ++i) {  // points 3, 7 and 11 are the key accounts
    const std::string id = i == 3    ? "K-1"
                           : i == 7  ? "K-2"
                           : i == 11 ? "K-3"
                                     : "P-" + std::to_string(i);
    c.points.push_back({std::fmod(0.37 * i, 1.0), std::fmod(0.61 * i + 0.1, 1.0), id});
  }
  r.portfolio.chart = c;
  r.key_accounts = {"K-1", "K-2", "K-3"};
  r.facts["K-1"] = {{"posture", "partner"}, {"relationship", "diamond, 4 contacts"}};
  r.health["K-1"] = {"red", "high relationship risk"};
  r.health["K-3"] = {"green", "low relationship risk"};
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
  // The matrix labels the best report::labelled (2) key accounts only.
  CHECK(count(html, "class=\"key\"") == 2);
  CHECK(count(html, "class=\"point-label\">K-1</text>") == 1);
  CHECK(count(html, "class=\"point-label\">K-3</text>") == 0);
  // The best two with their bars (and the at-risk table's rows), then every key account.
  CHECK(count(html, "<svg class=\"stack\"") == 2);
  CHECK(count(html, "The best 2 of the 3 key accounts (report.shortlist)") == 1);
  CHECK(count(html, "<table class=\"shortlist all\">") == 1);
  CHECK(count(html, "<h3>Every key account</h3>") == 1);
  CHECK(count(html, "All 3 key accounts, best first") == 1);
  // The kept column beside the id in the shortlist, the at-risk table and the full list.
  CHECK(count(html, "<th>name</th>") == 3);
  CHECK(count(html, "<td>Kilo &amp; Sons</td>") == 3);
  // Revenue: whole numbers with narrow no-break spaces between thousands (U+202F), 45.5 as is.
  CHECK(count(html, "<th>revenue</th>") == 2);
  CHECK(count(html, "<td class=\"num\">1\u202f234\u202f567</td>") == 2);
  CHECK(count(html, "<td class=\"num\">45.5</td>") == 2);
  CHECK(count(html, "<td class=\"num\">380\u202f000</td>") == 1);  // K-3: the full list only
  CHECK(count(html, "<dt>revenue</dt><dd>1\u202f234\u202f567</dd>") == 1);
  // The drill-down: one <details> per labelled key account, K-1's with what position knows.
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
  // Health: a column of both tables of key accounts and a status in each drill-down summary.
  CHECK(count(html, "<th>health</th>") == 3);
  const std::string red = "<span class=\"status red\" title=\"high relationship risk\">red</span>";
  CHECK(count(html, "<td>" + red + "</td>") == 1);
  CHECK(count(html, "<summary>1. K-1 · Kilo &amp; Sons · A " + red + "</summary>") == 1);
  CHECK(count(html, "<span class=\"status none\">no status</span>") == 3);
  // Trend since prev.csv: K-1 0.8 -> 0.74 (-0.06) and green -> red (worse); K-2 new; K-3
  // 0.5 -> 0.55 (+0.05), tier A -> B (worse; A is tier 1 of the tier chart), amber -> green
  // (better).
  CHECK(count(html, "<th>trend</th>") == 3);
  const std::string k1 =
      "<span class=\"trend down\" title=\"score 0.8 then\">\u25bc -0.06</span> <span "
      "class=\"change worse\">green \u2192 red</span>";
  CHECK(count(html, "<td>" + k1 + "</td>") == 2);  // the shortlist and the at-risk table
  CHECK(count(html, "<dd>" + k1 + " (then: score 0.8, tier A, green)</dd>") == 1);
  CHECK(count(html, "<td><span class=\"trend new\">new</span></td>") == 2);
  CHECK(count(html,
              "<td><span class=\"trend up\">\u25b2 +0.05</span> <span class=\"change worse\">A "
              "\u2192 B</span> <span class=\"change better\">amber \u2192 green</span></td>") ==
        1);  // the full list, without the titles
  CHECK(count(html,
              "Trend since prev.csv (3 accounts, id column 'id'): 1 of the 3 key accounts "
              "is new (not in it); 1 of its ids is not among the accounts (Z-9).") == 1);
  // The at-risk table: K-1 red and worse, K-3 worse (its tier); K-2 neither.
  CHECK(count(html,
              "2 of 3 key accounts are red or worse than in prev.csv: 1 red (high or critical "
              "relationship risk), 2 worsening (a worse tier or health than then).") == 1);
  CHECK(count(html, "<td>high relationship risk; health green \u2192 red</td></tr>") == 1);
  CHECK(count(html, "<td>tier A \u2192 B</td></tr>") == 1);
  CHECK(count(html, "<tr><td class=\"num\">3</td><td>K-3</td>") == 2);  // at risk, full list
  CHECK(count(html, "<tr><td class=\"num\">2</td><td>K-2</td>") == 2);  // shortlist, full list
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

namespace {
// Where and why reading `text` as a history fails ("" if it does not): "file:line:col: detail".
std::string history_error(const std::string& text, const std::string& id_column = "id") {
  try {
    (void)kam_tool::read_history(kam_tool::accounts_source::text(text, "h.csv"), id_column);
  } catch (const kam_tool::located_error& e) {
    CHECK(std::string(e.what()).starts_with("kam_tool::read_history: "));  // the function
    return e.where().str() + ": " + e.detail();
  }
  return {};
}
}  // namespace

TEST_CASE("report: a history is read as a spreadsheet writes it", "[report][history]") {
  // ';'-separated with decimal commas, CRLF, any case for true and red; empty fields unknown.
  const auto h = kam_tool::read_history(
      kam_tool::accounts_source::text("id;score;tier_name;key_account;health\r\n"
                                      "A;0,5;B;TRUE;Red\r\nB;;;;\r\n",
                                      "h.csv", {'\0', true}),
      "account");
  CHECK(h.name == "h.csv");
  CHECK(h.id_column == "id");
  CHECK((h.has_score && h.has_tier && h.has_health && h.has_key));
  REQUIRE(h.accounts.size() == 2);
  const auto& a = h.accounts.at("A");
  CHECK(a.score == 0.5);
  CHECK(a.tier_name == "B");
  CHECK_FALSE(a.tier.has_value());
  CHECK(a.key == true);
  CHECK(a.health == "red");
  const auto& b = h.accounts.at("B");
  CHECK_FALSE((b.score || b.key || b.tier));
  CHECK(b.health.empty());
  // Without an 'id' column, the accounts' id column (--id) names the accounts.
  const auto own = kam_tool::read_history(
      kam_tool::accounts_source::text("account,tier\nK-1,2\n", "h.csv"), "account");
  CHECK(own.id_column == "account");
  CHECK(own.accounts.at("K-1").tier == 2);
  CHECK_FALSE(own.has_score);
}

TEST_CASE("report: a bad history names its file, line and column", "[report][history]") {
  CHECK(history_error("id,score\nA,1\nA,2\n") == "h.csv:3:1: --history: the id 'A' is given twice");
  CHECK(history_error("id,tier\nA,1.5\n") ==
        "h.csv:2:2: --history: '1.5' is not a tier (a whole number, 1 the best)");
  CHECK(history_error("id,tier\nA,0\n") ==
        "h.csv:2:2: --history: '0' is not a tier (a whole number, 1 the best)");
  CHECK(history_error("id,key_account\nA,maybe\n")
            .starts_with("h.csv:1:1: --history: h.csv has "
                         "none of the columns 'score'"));
  CHECK(history_error("id,score,key_account\nA,1,maybe\n") ==
        "h.csv:2:3: --history: 'maybe' is not true or false");
  CHECK(history_error("id,score\n,1\n") == "h.csv:2:1: --history: an empty id");
  CHECK(history_error("acount,score\nA,1\n", "account") ==
        "h.csv:1:1: --history: no id column 'id' or 'account' in h.csv (kam score writes 'id'); "
        "did you mean 'acount'? columns: 'acount', 'score'");
}

TEST_CASE("report: a history on another score scale is refused", "[report][history]") {
  const auto h = kam_tool::read_history(
      kam_tool::accounts_source::text("id,score\nA,0.5\nB,87.5\nC,\n", "h.csv"), "id");
  CHECK(h.max_score == 87.5);
  CHECK(h.min_score == 0.5);
  CHECK_NOTHROW(kam_tool::check_history_scale(h, 100));
  try {
    kam_tool::check_history_scale(h, 1);
    FAIL("a score of 87.5 passed on the 0-1 scale");
  } catch (const kam_tool::located_error& e) {
    CHECK(e.where().str() == "h.csv:3:2");  // B's score
  }
  const auto negative =
      kam_tool::read_history(kam_tool::accounts_source::text("id,score\nA,-3\n", "h.csv"), "id");
  CHECK_THROWS_AS(kam_tool::check_history_scale(negative, 100), kam_tool::located_error);
}

TEST_CASE("report: every key account is listed, the best report.shortlist drawn in full",
          "[report]") {
  kam_tool::report r = full_report();
  r.labelled = 1;
  const std::string html = kam_tool::render_html(r);
  CHECK(count(html, "The best 1 of the 3 key accounts (report.shortlist)") == 1);
  CHECK(count(html, "<svg class=\"stack\"") == 1);
  CHECK(count(html, "<details class=\"account\">") == 1);
  CHECK(count(html, "class=\"key\"") == 1);  // K-1 alone labelled in the matrix
  CHECK(count(html, "<p class=\"note\">The best 1 (report.shortlist).</p>") == 1);
  // report.shortlist 0: the list alone, no bars, drill-downs or labels.
  r.labelled = 0;
  const std::string none = kam_tool::render_html(r);
  CHECK(count(none, "report.shortlist is 0: no bars, drill-downs or labels") == 1);
  CHECK(count(none, "<table class=\"shortlist all\">") == 1);
  CHECK(count(none, "<svg class=\"stack\"") + count(none, "<details") +
            count(none, "class=\"key\"") ==
        0);
  // Every key account when they are no more than report.shortlist: one table, no second list.
  r.labelled = 3;
  const std::string all = kam_tool::render_html(r);
  CHECK(count(all, "<table class=\"shortlist all\">") == 0);
  CHECK(count(all, "<svg class=\"stack\"") == 3);
  CHECK(count(all, "<details class=\"account\">") == 3);
  // Without a history there is no trend column, and the page says how to get one.
  r.history.reset();
  const std::string plain = kam_tool::render_html(r);
  CHECK(count(plain, "<th>trend</th>") == 0);
  CHECK(count(plain, "<li><b>Trend</b>: keep this run's scores") == 1);
  // Without health and without a history, there is no at-risk table.
  r.health.clear();
  CHECK(count(kam_tool::render_html(r), "Key accounts at risk") == 0);
}

TEST_CASE("report: the sample's 30 key accounts are all labelled in the matrix", "[report]") {
  // sample_report.json: a cap of 30 with a minimum score of 55 keeps 30 of the 300 accounts
  // (report.sample_full); report.shortlist is 30, so every one is labelled, none crowded out.
  std::ostringstream out, err;
  REQUIRE(kam_tool::run({"report", "-c", KAM_TOOL_DATA "/sample_report.json", "--keep", "name",
                         KAM_SAMPLE_DIR "/sample_portfolio.csv"},
                        out, err) == 0);
  const std::string html = out.str();
  CHECK(count(html, "<circle class=\"key\"") == 30);
  CHECK(count(html, "class=\"point-label\"") == 30);
  CHECK(count(html, "too crowded to label") == 0);
}
