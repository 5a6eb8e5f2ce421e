// The kam tool's visual report: a model with one slot per picture, filled by the commands, and
// its rendering as one self-contained HTML file (inline CSS and SVG; no script, no network).
#pragma once

#include <Eigen/Core>
#include <boost/describe/class.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

#include "command.hpp"
#include "progress.hpp"
#include "svg.hpp"

namespace kam_cli {

/// The "report" section of the configuration.
struct report_config {
  std::string title = "Key account portfolio";
  Eigen::Index shortlist = 30;  ///< key accounts listed (best first) and labelled in the matrix
  Eigen::Index bins = 20;       ///< bins of the score distribution
};
BOOST_DESCRIBE_STRUCT(report_config, (), (title, shortlist, bins))

/// A number shown at the top of the report.
struct report_card {
  std::string label;
  std::string value;
  std::string note;
};

/// The key-account shortlist: one row per account, best first, with each criterion's
/// contribution to its score (drawn as a stacked bar).
struct shortlist_table {
  struct entry {
    std::string id;
    double score = 0;
    Eigen::Index rank = 0;
    std::string tier;
    std::vector<double> contributions;
  };
  std::vector<std::string> criteria;
  double scale = 1;  ///< the top of the score scale
  std::vector<entry> rows;
  Eigen::Index more = 0;  ///< key accounts not listed
};

/// A plain table of text (e.g. a cohort table): a header row and rows of cells.
struct table_chart {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

/// A section beyond the fixed slots, added by a command (segment sizes, a cohort table, ...),
/// so that a new kind of result needs no change to the report itself. Sections appear in the
/// order added, after the fixed slots; `wide` spans both columns.
struct report_section {
  std::string id;
  std::string heading;
  std::string caption;
  std::variant<histogram_chart, bar_chart, scatter_chart, line_chart, table_chart> chart;
  bool wide = false;
};

/// A slot of the report: a picture, or a note saying how to get it.
template <typename Chart>
struct report_slot {
  std::optional<Chart> chart;
  std::string note;
  std::string caption;
};

/// The report. The commands fill the slots (`kam score`: distribution, tiers, shortlist;
/// `kam position`: portfolio matrix; `kam retention`: retention curve); empty slots keep their
/// note. Other results go to `sections`. `key_accounts` (ids, filled by scoring) are highlighted
/// and labelled in the matrix.
struct report {
  std::string title;
  std::string subtitle;
  std::vector<report_card> cards;
  report_slot<histogram_chart> distribution;
  report_slot<bar_chart> tiers;
  report_slot<shortlist_table> shortlist;
  report_slot<scatter_chart> portfolio;
  report_slot<line_chart> retention;
  std::vector<report_section> sections;
  std::unordered_set<std::string> key_accounts;
  std::vector<std::string> notes;
};

/// What a command's report contribution gets: the report's command line (its positional
/// arguments and the options listed in command::report_options), the configuration and the
/// report settings.
struct report_input {
  const invocation& args;
  const configuration& config;
  const report_config& settings;
  progress& bar;
};

namespace detail {

inline std::string render_shortlist(const shortlist_table& t) {
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

inline std::string render_table(const table_chart& t) {
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

template <typename Chart, typename Render>
std::string render_slot(std::string_view id, std::string_view heading,
                        const report_slot<Chart>& slot, Render render) {
  std::string s = "<section class=\"panel\" id=\"" + std::string(id) + "\">\n<h2>" +
                  escape_html(heading) + "</h2>\n";
  if (slot.chart) {
    if (!slot.caption.empty()) s += "<p class=\"caption\">" + escape_html(slot.caption) + "</p>\n";
    s += render(*slot.chart);
  } else {
    s += "<div class=\"empty\">" + escape_html(slot.note) + "</div>\n";
  }
  return s + "</section>\n";
}

inline constexpr const char* report_css = R"(
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

}  // namespace detail

/// Returns the report as one self-contained HTML page.
[[nodiscard]] inline std::string render_html(const report& r) {
  std::string s = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
                  escape_html(r.title) + "</title>\n<style>" + detail::report_css +
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
  s += detail::render_slot("distribution", "Score distribution and tier edges", r.distribution,
                           [](const histogram_chart& h) {
                             return render_svg(h, "histogram of scores with tier edges");
                           });
  s += detail::render_slot("tiers", "Accounts per tier", r.tiers,
                           [](const bar_chart& b) { return render_svg(b, "accounts per tier"); });
  s += detail::render_slot(
      "portfolio", "Portfolio matrix", r.portfolio, [&](const scatter_chart& c) {
        scatter_chart labelled = c;
        labelled.highlight.insert(r.key_accounts.begin(), r.key_accounts.end());
        return render_svg(labelled, "portfolio matrix");
      });
  s += detail::render_slot("retention", "Retention and projection", r.retention,
                           [](const line_chart& l) { return render_svg(l, "retention curve"); });
  std::string shortlist =
      detail::render_slot("shortlist", "Key-account shortlist", r.shortlist,
                          [](const shortlist_table& t) { return detail::render_shortlist(t); });
  shortlist.replace(shortlist.find("class=\"panel\""), 13, "class=\"panel wide\"");
  s += shortlist;
  for (const auto& sec : r.sections) {
    s += "<section class=\"panel" + std::string(sec.wide ? " wide" : "") + "\" id=\"" +
         escape_html(sec.id) + "\">\n<h2>" + escape_html(sec.heading) + "</h2>\n";
    if (!sec.caption.empty()) s += "<p class=\"caption\">" + escape_html(sec.caption) + "</p>\n";
    s += std::visit(
        [&](const auto& chart) -> std::string {
          if constexpr (std::is_same_v<std::decay_t<decltype(chart)>, table_chart>) {
            return detail::render_table(chart);
          } else {
            return render_svg(chart, sec.heading);
          }
        },
        sec.chart);
    s += "</section>\n";
  }
  s += "</div>\n</main>\n<footer>\n";
  for (const auto& n : r.notes) s += "<p>" + escape_html(n) + "</p>\n";
  s += "</footer>\n</body>\n</html>\n";
  return s;
}

}  // namespace kam_cli
