// The kam tool's visual report as one self-contained HTML file (see report.hpp).
#include "report.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace kam_tool {

namespace {

// The swatches naming the criteria's colours.
std::string criteria_legend(const shortlist_table& t) {
  std::string s = "<div class=\"legend-row\">";
  for (std::size_t j = 0; j < t.criteria.size(); ++j) {
    s += "<span class=\"legend-item\"><span class=\"swatch\" style=\"background:" +
         std::string(palette[j % palette.size()]) + "\"></span>" + escape_html(t.criteria[j]) +
         "</span> ";
  }
  return s + "</div>\n";
}

// One key account's stacked bar: each criterion's contribution to its score.
std::string contribution_bar(const shortlist_table& t, const shortlist_table::entry& r) {
  constexpr double bar_width = 300;
  std::string s = "<svg class=\"stack\" width=\"" + short_number(bar_width) +
                  "\" height=\"14\" viewBox=\"0 0 " + short_number(bar_width) + " 14\">";
  double x = 0;
  for (std::size_t j = 0; j < r.contributions.size(); ++j) {
    const double w = t.scale > 0 ? r.contributions[j] / t.scale * bar_width : 0;
    if (w <= 0) continue;
    s += "<rect x=\"" + short_number(x, 1) + "\" y=\"1\" width=\"" + short_number(w, 1) +
         "\" height=\"12\" fill=\"" + std::string(palette[j % palette.size()]) + "\"><title>" +
         escape_html(t.criteria[j]) + ": " + short_number(r.contributions[j], 3) +
         "</title></rect>";
    x += w;
  }
  return s + "</svg>";
}

using account_health = std::unordered_map<std::string, std::pair<std::string, std::string>>;

// A key account's health as a coloured status with its name and what it rests on.
std::string status_chip(const account_health& health, const std::string& id) {
  const auto it = health.find(id);
  if (it == health.end()) return "<span class=\"status none\">no status</span>";
  return "<span class=\"status " + escape_html(it->second.first) + "\" title=\"" +
         escape_html(it->second.second) + "\">" + escape_html(it->second.first) + "</span>";
}

// The table of every listed key account: rank, id, the kept columns, score, tier, health, bar.
std::string shortlist_rows(const shortlist_table& t, const account_health& health) {
  std::string s =
      "<div class=\"scroll\"><table class=\"shortlist\">\n<thead><tr><th>rank</th><th>id</th>";
  for (const auto& c : t.columns) s += "<th>" + escape_html(c) + "</th>";
  s += "<th>score</th><th>tier</th>";
  if (!health.empty()) s += "<th>health</th>";
  s += "<th>contributions to the score</th></tr></thead>\n<tbody>\n";
  for (const auto& r : t.rows) {
    s += "<tr><td class=\"num\">" + std::to_string(r.rank) + "</td><td>" + escape_html(r.id) +
         "</td>";
    for (const auto& v : r.kept) s += "<td>" + escape_html(v) + "</td>";
    s += "<td class=\"num\">" + short_number(r.score, t.scale > 1 ? 1 : 3) + "</td><td>" +
         escape_html(r.tier) + "</td>";
    if (!health.empty()) s += "<td>" + status_chip(health, r.id) + "</td>";
    s += "<td>" + contribution_bar(t, r) + "</td></tr>\n";
  }
  return s + "</tbody></table></div>\n";
}

// The key accounts whose health is red, in shortlist order: the at-risk table.
std::string at_risk(const shortlist_table& t, const account_health& health) {
  if (health.empty()) return {};
  std::string rows;
  std::size_t n = 0;
  for (const auto& r : t.rows) {
    const auto it = health.find(r.id);
    if (it == health.end() || it->second.first != "red") continue;
    ++n;
    rows += "<tr><td>" + escape_html(r.id) + "</td><td>" +
            escape_html(r.kept.empty() ? std::string() : r.kept[0]) + "</td><td>" +
            escape_html(r.tier) + "</td><td>" + escape_html(it->second.second) + "</td></tr>\n";
  }
  std::string s = "<h3>Key accounts at risk</h3>\n";
  if (n == 0) return s + "<p class=\"note\">No listed key account is red.</p>\n";
  s += "<p class=\"note\">" + std::to_string(n) + " of " + std::to_string(t.rows.size()) +
       " listed key accounts are red (high or critical relationship risk).</p>\n";
  s += "<div class=\"scroll\"><table class=\"data risk\">\n<thead><tr><th>id</th><th>" +
       escape_html(t.columns.empty() ? std::string() : t.columns[0]) +
       "</th><th>tier</th><th>why</th></tr></thead>\n<tbody>\n" + rows;
  return s + "</tbody></table></div>\n";
}

using account_facts =
    std::unordered_map<std::string, std::vector<std::pair<std::string, std::string>>>;

// One `<details>` per listed key account: its contributions, its kept columns, and what other
// commands know of it (position, maturity, relationship). No script: the browser opens them.
std::string drill_down(const shortlist_table& t, const account_facts& facts,
                       const account_health& health) {
  std::string s = "<h3>Each key account</h3>\n<div class=\"accounts\">\n";
  for (const auto& r : t.rows) {
    s += "<details class=\"account\"><summary>" + std::to_string(r.rank) + ". " +
         escape_html(r.id) +
         (r.kept.empty() || r.kept[0].empty() ? "" : " · " + escape_html(r.kept[0])) + " · " +
         escape_html(r.tier) + (health.empty() ? "" : " " + status_chip(health, r.id)) +
         "</summary>\n<dl>";
    for (std::size_t k = 0; k < r.kept.size() && k < t.columns.size(); ++k)
      s += "<dt>" + escape_html(t.columns[k]) + "</dt><dd>" + escape_html(r.kept[k]) + "</dd>";
    s += "<dt>score</dt><dd>" + short_number(r.score, t.scale > 1 ? 1 : 3) + "</dd>";
    for (std::size_t j = 0; j < r.contributions.size() && j < t.criteria.size(); ++j) {
      s += "<dt><span class=\"swatch\" style=\"background:" +
           std::string(palette[j % palette.size()]) + "\"></span>" + escape_html(t.criteria[j]) +
           "</dt><dd>" + short_number(r.contributions[j], 3) + "</dd>";
    }
    if (const auto it = facts.find(r.id); it != facts.end())
      for (const auto& [name, value] : it->second)
        s += "<dt>" + escape_html(name) + "</dt><dd>" + escape_html(value) + "</dd>";
    s += "</dl></details>\n";
  }
  return s + "</div>\n";
}

std::string render_shortlist(const shortlist_table& t, const account_facts& facts,
                             const account_health& health) {
  std::string s = criteria_legend(t);
  if (!health.empty()) {
    s += "<div class=\"legend-row\">health: <span class=\"status green\">green</span> low, "
         "<span class=\"status amber\">amber</span> moderate, <span class=\"status "
         "red\">red</span> high or critical relationship risk (position section)</div>\n";
  }
  s += shortlist_rows(t, health);
  if (t.more > 0) {
    s += "<p class=\"note\">and " + std::to_string(t.more) +
         " more key accounts (raise report.shortlist, or see the output of kam score)</p>\n";
  }
  return s + at_risk(t, health) + drill_down(t, facts, health);
}

std::string render_table(const table_chart& t) {
  std::string s = "<div class=\"scroll\"><table class=\"data\">\n<thead><tr>";
  for (const auto& h : t.header) s += "<th>" + escape_html(h) + "</th>";
  s += "</tr></thead>\n<tbody>\n";
  for (const auto& row : t.rows) {
    s += "<tr>";
    for (const auto& cell : row) s += "<td>" + escape_html(cell) + "</td>";
    s += "</tr>\n";
  }
  return s + "</tbody></table></div>\n";
}

// A section's picture: a table, or a chart as SVG.
std::string render_chart(const table_chart& t, std::string_view) { return render_table(t); }
// The legend of a line chart: one swatch per named series, dashed for projections.
std::vector<legend_entry> series_legend(const line_chart& c) {
  std::vector<legend_entry> entries;
  for (const auto& l : c.lines)
    if (!l.name.empty()) entries.push_back({l.name, l.color, l.dashed});
  return entries;
}

// A chart in a box that scrolls sideways when the chart would otherwise shrink below a readable
// size (svg.chart's min-width; on a phone).
std::string boxed(const std::string& svg) { return "<div class=\"scroll\">" + svg + "</div>\n"; }

std::string render_chart(const histogram_chart& c, std::string_view h) {
  return render_legend(c.legend) + boxed(render_svg(c, h));
}
std::string render_chart(const bar_chart& c, std::string_view h) { return boxed(render_svg(c, h)); }
std::string render_chart(const scatter_chart& c, std::string_view h) {
  return boxed(render_svg(c, h));
}
std::string render_chart(const line_chart& c, std::string_view h) {
  return render_legend(series_legend(c)) + boxed(render_svg(c, h));
}

// A filled slot as a panel; an empty one adds its heading and note to `missing` instead (listed
// once at the end, so that no panel is left empty).
template <typename Chart, typename Render>
std::string render_slot(std::string_view id, std::string_view heading,
                        const report_slot<Chart>& slot, Render render,
                        std::vector<std::string>& missing, bool wide = false) {
  if (!slot.chart) {
    missing.push_back("<li><b>" + escape_html(heading) + "</b>: " + escape_html(slot.note) +
                      "</li>\n");
    return {};
  }
  std::string s = "<section class=\"panel" + std::string(wide ? " wide" : "") + "\" id=\"" +
                  std::string(id) + "\">\n<h2>" + escape_html(heading) + "</h2>\n";
  if (!slot.caption.empty()) s += "<p class=\"caption\">" + escape_html(slot.caption) + "</p>\n";
  return s + render(*slot.chart) + "</section>\n";
}

// The empty slots, listed in one wide panel.
std::string render_missing(const std::vector<std::string>& missing) {
  if (missing.empty()) return {};
  std::string s =
      "<section class=\"panel wide\" id=\"missing\">\n<h2>Not in this report</h2>\n"
      "<ul class=\"missing\">\n";
  for (const auto& m : missing) s += m;
  return s + "</ul>\n</section>\n";
}

constexpr const char* report_css = R"(
body { margin: 0; background: #f4f6f8; color: #1c2833; font: 14px/1.4 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
header { background: #1f4e79; color: #fff; padding: 18px 28px; }
header h1 { margin: 0 0 4px; font-size: 24px; }
header p { margin: 0; opacity: .85; }
main { padding: 18px 28px 28px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 18px; }
.card { background: #fff; border-radius: 6px; padding: 10px 16px; min-width: 150px; box-shadow: 0 1px 2px rgba(0,0,0,.12); }
.card .value { font-size: 22px; font-weight: bold; color: #1f4e79; }
.card .label { color: #566573; }
.card .note { color: #7f8c8d; font-size: 12px; }
.grid { display: flex; flex-wrap: wrap; gap: 18px; }
.panel { flex: 1 1 calc(50% - 9px); box-sizing: border-box; min-width: 0; background: #fff; border-radius: 6px; padding: 12px 16px; box-shadow: 0 1px 2px rgba(0,0,0,.12); }
.panel.wide { flex-basis: 100%; }
.scroll { overflow-x: auto; }
.panel h2 { margin: 0 0 8px; font-size: 16px; color: #1f4e79; }
.caption { margin: 0 0 6px; color: #566573; font-size: 12px; }
svg.chart { display: block; max-width: 100%; min-width: 420px; height: auto; margin: 0 auto; }
svg text { font-size: 11px; fill: #2c3e50; }
svg text.axis { font-size: 12px; fill: #566573; }
svg text.quadrant { font-size: 12px; font-weight: bold; fill: #7f8c8d; }
svg text.point-label { font-size: 10px; }
svg text.note { font-size: 10px; fill: #7f8c8d; }
table.shortlist, table.data { border-collapse: collapse; width: 100%; }
table.data th, table.data td { padding: 3px 8px; border-bottom: 1px solid #eaeded; text-align: right; }
table.shortlist th, table.shortlist td { padding: 3px 8px; border-bottom: 1px solid #eaeded; text-align: left; white-space: nowrap; }
table.shortlist td.num { text-align: right; font-variant-numeric: tabular-nums; }
.legend-row { margin-bottom: 6px; color: #566573; font-size: 12px; }
.swatch { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 0; }
.legend-item { display: inline-block; margin-right: 12px; white-space: nowrap; }
.swatch.dashed { width: 16px; height: 0; border-top: 2px dashed; vertical-align: middle; }
.panel h3 { margin: 14px 0 6px; font-size: 14px; color: #1f4e79; }
.accounts { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 6px 14px; }
details.account { border-bottom: 1px solid #eaeded; padding: 2px 0; min-width: 0; }
details.account summary { cursor: pointer; overflow-wrap: anywhere; }
details.account dl { display: grid; grid-template-columns: auto 1fr; gap: 1px 10px; margin: 4px 0 6px 14px; font-size: 12px; }
details.account dt { color: #566573; }
.status { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 11px; color: #fff; }
.status.green { background: #1e8449; }
.status.amber { background: #b9770e; }
.status.red { background: #c0392b; }
.status.none { background: #aeb6bf; }
table.risk th, table.risk td { text-align: left; }
details.account dd { margin: 0; overflow-wrap: anywhere; }
.note { color: #7f8c8d; font-size: 12px; }
footer { color: #7f8c8d; font-size: 12px; padding: 0 28px 20px; }
.missing li { color: #566573; margin: 2px 0; }
h1, h2, .caption, .note, .card { overflow-wrap: anywhere; }
@media (max-width: 900px) {
  .panel { flex-basis: 100%; }
  header, main, footer { padding-left: 12px; padding-right: 12px; }
}
)";

}  // namespace

/// Returns how the report names an input: its file name without directories.
std::string file_label(std::string_view path) {
  if (path == "-") return "standard input";
  const std::string name = std::filesystem::path(path).filename().string();
  return name.empty() ? std::string(path) : name;
}

/// Returns the report as one self-contained HTML page.
std::string render_html(const report& r) {
  std::string s = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
                  escape_html(r.title) + "</title>\n<style>" + report_css +
                  "</style>\n</head>\n<body>\n<header>\n<h1>" + escape_html(r.title) +
                  "</h1>\n<p>" + escape_html(r.subtitle) + "</p>\n</header>\n<main>\n";
  s += "<div class=\"cards\">\n";
  for (const auto& c : r.cards) {
    s += "<div class=\"card\"><div class=\"value\">" + escape_html(c.value) +
         "</div><div class=\"label\">" + escape_html(c.label) + "</div>" +
         (c.note.empty() ? "" : "<div class=\"note\">" + escape_html(c.note) + "</div>") +
         "</div>\n";
  }
  s += "</div>\n<div class=\"grid\">\n";
  std::vector<std::string> missing;
  s += render_slot(
      "distribution", "Score distribution and tier edges", r.distribution,
      [](const histogram_chart& h) {
        return render_legend(h.legend) +
               boxed(render_svg(h, "histogram of scores with tier edges"));
      },
      missing);
  s += render_slot(
      "tiers", "Accounts per tier", r.tiers,
      [](const bar_chart& b) { return boxed(render_svg(b, "accounts per tier")); }, missing);
  s += render_slot(
      "portfolio", "Portfolio matrix", r.portfolio,
      [&](const scatter_chart& c) {
        scatter_chart labelled = c;
        labelled.highlight.insert(r.key_accounts.begin(), r.key_accounts.end());
        return boxed(render_svg(labelled, "portfolio matrix"));
      },
      missing);
  s += render_slot(
      "retention", "Retention and projection", r.retention,
      [](const line_chart& l) {
        return render_legend(series_legend(l)) + boxed(render_svg(l, "retention curve"));
      },
      missing);
  s += render_slot(
      "shortlist", "Key-account shortlist", r.shortlist,
      [&](const shortlist_table& t) { return render_shortlist(t, r.facts, r.health); }, missing,
      true);
  for (const auto& sec : r.sections) {
    s += "<section class=\"panel" + std::string(sec.wide ? " wide" : "") + "\" id=\"" +
         escape_html(sec.id) + "\">\n<h2>" + escape_html(sec.heading) + "</h2>\n";
    if (!sec.caption.empty()) s += "<p class=\"caption\">" + escape_html(sec.caption) + "</p>\n";
    s += std::visit([&](const auto& chart) { return render_chart(chart, sec.heading); }, sec.chart);
    s += "</section>\n";
  }
  s += render_missing(missing);
  s += "</div>\n</main>\n<footer>\n";
  for (const auto& n : r.notes) s += "<p>" + escape_html(n) + "</p>\n";
  s += "</footer>\n</body>\n</html>\n";
  return s;
}

}  // namespace kam_tool
