// The kam tool's visual report as one self-contained HTML file (see report.hpp).
#include "report.hpp"

#include <cstddef>
#include <string>
#include <variant>

namespace kam_tool {

namespace {

std::string render_shortlist(const shortlist_table& t) {
  std::string s = "<div class=\"legend-row\">";
  for (std::size_t j = 0; j < t.criteria.size(); ++j) {
    s += "<span class=\"swatch\" style=\"background:" + std::string(palette[j % palette.size()]) +
         "\"></span>" + escape_html(t.criteria[j]) + " ";
  }
  s += "</div>\n<table class=\"shortlist\">\n<thead><tr><th>rank</th><th>id</th><th>score</th>"
       "<th>tier</th><th>contributions to the score</th></tr></thead>\n<tbody>\n";
  constexpr double bar_width = 300;
  for (const auto& r : t.rows) {
    s += "<tr><td class=\"num\">" + std::to_string(r.rank) + "</td><td>" + escape_html(r.id) +
         "</td><td class=\"num\">" + short_number(r.score, t.scale > 1 ? 1 : 3) + "</td><td>" +
         escape_html(r.tier) + "</td><td><svg class=\"stack\" width=\"" + short_number(bar_width) +
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
    s += "</svg></td></tr>\n";
  }
  s += "</tbody></table>\n";
  if (t.more > 0) {
    s += "<p class=\"note\">and " + std::to_string(t.more) +
         " more key accounts (see the output of kam score)</p>\n";
  }
  return s;
}

std::string render_table(const table_chart& t) {
  std::string s = "<table class=\"data\">\n<thead><tr>";
  for (const auto& h : t.header) s += "<th>" + escape_html(h) + "</th>";
  s += "</tr></thead>\n<tbody>\n";
  for (const auto& row : t.rows) {
    s += "<tr>";
    for (const auto& cell : row) s += "<td>" + escape_html(cell) + "</td>";
    s += "</tr>\n";
  }
  return s + "</tbody></table>\n";
}

// A section's picture: a table, or a chart as SVG.
std::string render_chart(const table_chart& t, std::string_view) { return render_table(t); }
std::string render_chart(const histogram_chart& c, std::string_view h) { return render_svg(c, h); }
std::string render_chart(const bar_chart& c, std::string_view h) { return render_svg(c, h); }
std::string render_chart(const scatter_chart& c, std::string_view h) { return render_svg(c, h); }
std::string render_chart(const line_chart& c, std::string_view h) { return render_svg(c, h); }

template <typename Chart, typename Render>
std::string render_slot(std::string_view id, std::string_view heading,
                        const report_slot<Chart>& slot, Render render, bool wide = false) {
  std::string s = "<section class=\"panel" + std::string(wide ? " wide" : "") + "\" id=\"" +
                  std::string(id) + "\">\n<h2>" + escape_html(heading) + "</h2>\n";
  if (slot.chart) {
    if (!slot.caption.empty()) s += "<p class=\"caption\">" + escape_html(slot.caption) + "</p>\n";
    s += render(*slot.chart);
  } else {
    s += "<div class=\"empty\">" + escape_html(slot.note) + "</div>\n";
  }
  return s + "</section>\n";
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
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
.panel { background: #fff; border-radius: 6px; padding: 12px 16px; box-shadow: 0 1px 2px rgba(0,0,0,.12); }
.panel.wide { grid-column: 1 / span 2; }
.panel h2 { margin: 0 0 8px; font-size: 16px; color: #1f4e79; }
.caption { margin: 0 0 6px; color: #566573; font-size: 12px; }
.empty { border: 2px dashed #c8d0d8; border-radius: 6px; color: #7f8c8d; padding: 60px 20px; text-align: center; }
svg.chart { display: block; max-width: 100%; height: auto; }
svg text { font-size: 11px; fill: #2c3e50; }
svg text.axis { font-size: 12px; fill: #566573; }
svg text.quadrant { font-size: 12px; font-weight: bold; fill: #7f8c8d; }
svg text.point-label { font-size: 10px; }
table.shortlist, table.data { border-collapse: collapse; width: 100%; }
table.data th, table.data td { padding: 3px 8px; border-bottom: 1px solid #eaeded; text-align: right; }
table.shortlist th, table.shortlist td { padding: 3px 8px; border-bottom: 1px solid #eaeded; text-align: left; white-space: nowrap; }
table.shortlist td.num { text-align: right; font-variant-numeric: tabular-nums; }
.legend-row { margin-bottom: 6px; color: #566573; font-size: 12px; }
.swatch { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 8px; }
.note { color: #7f8c8d; font-size: 12px; }
footer { color: #7f8c8d; font-size: 12px; padding: 0 28px 20px; }
)";

}  // namespace

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
  s += render_slot("distribution", "Score distribution and tier edges", r.distribution,
                   [](const histogram_chart& h) {
                     return render_svg(h, "histogram of scores with tier edges");
                   });
  s += render_slot("tiers", "Accounts per tier", r.tiers,
                   [](const bar_chart& b) { return render_svg(b, "accounts per tier"); });
  s += render_slot("portfolio", "Portfolio matrix", r.portfolio, [&](const scatter_chart& c) {
    scatter_chart labelled = c;
    labelled.highlight.insert(r.key_accounts.begin(), r.key_accounts.end());
    return render_svg(labelled, "portfolio matrix");
  });
  s += render_slot("retention", "Retention and projection", r.retention,
                   [](const line_chart& l) { return render_svg(l, "retention curve"); });
  s += render_slot(
      "shortlist", "Key-account shortlist", r.shortlist,
      [](const shortlist_table& t) { return render_shortlist(t); }, true);
  for (const auto& sec : r.sections) {
    s += "<section class=\"panel" + std::string(sec.wide ? " wide" : "") + "\" id=\"" +
         escape_html(sec.id) + "\">\n<h2>" + escape_html(sec.heading) + "</h2>\n";
    if (!sec.caption.empty()) s += "<p class=\"caption\">" + escape_html(sec.caption) + "</p>\n";
    s += std::visit([&](const auto& chart) { return render_chart(chart, sec.heading); }, sec.chart);
    s += "</section>\n";
  }
  s += "</div>\n</main>\n<footer>\n";
  for (const auto& n : r.notes) s += "<p>" + escape_html(n) + "</p>\n";
  s += "</footer>\n</body>\n</html>\n";
  return s;
}

}  // namespace kam_tool
