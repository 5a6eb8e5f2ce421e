// The kam tool's visual report as one self-contained HTML file (see report.hpp).
#include "report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "csv.hpp"
#include "suggest.hpp"

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
using account_facts =
    std::unordered_map<std::string, std::vector<std::pair<std::string, std::string>>>;

// A key account's health as a coloured status with its name and what it rests on.
std::string status_chip(const account_health& health, const std::string& id) {
  const auto it = health.find(id);
  if (it == health.end()) return "<span class=\"status none\">no status</span>";
  return "<span class=\"status " + escape_html(it->second.first) + "\" title=\"" +
         escape_html(it->second.second) + "\">" + escape_html(it->second.first) + "</span>";
}

// The same status without what it rests on (the long tables: the bytes add up).
std::string plain_chip(const account_health& health, const std::string& id) {
  const auto it = health.find(id);
  if (it == health.end()) return "<span class=\"status none\">no status</span>";
  return "<span class=\"status " + escape_html(it->second.first) + "\">" +
         escape_html(it->second.first) + "</span>";
}

// A health's place from good to bad: green 0, amber 1, red 2; -1 when unknown.
int health_rank(std::string_view h) {
  if (h == "green") return 0;
  if (h == "amber") return 1;
  if (h == "red") return 2;
  return -1;
}

// Revenue as a whole number with its thousands apart (a narrow no-break space, as SI writes
// them: neither the English comma nor the European point), small values with two decimals.
std::string revenue_text(double v) {
  if (!std::isfinite(v)) return {};
  if (std::abs(v) < 100) return short_number(v, 2);
  std::string digits = std::to_string(static_cast<long long>(std::llround(std::abs(v))));
  std::string s;
  for (std::size_t k = 0; k < digits.size(); ++k) {
    if (k > 0 && (digits.size() - k) % 3 == 0) s += "\u202f";
    s += digits[k];
  }
  return (v < 0 ? "-" : "") + s;
}

// What the key-account list shows: the table, the report's per-account knowledge, the tiers in
// order (best first, as the tier chart names them) and the digits of a score.
struct list_context {
  const shortlist_table& t;
  const report& r;
  std::vector<std::string> tiers;
  int digits = 3;

  [[nodiscard]] std::string score(double v) const { return short_number(v, digits); }
  // Returns the tier's number (1 the best) for its name, or nothing for an unknown name.
  [[nodiscard]] std::optional<long long> tier_number(std::string_view name) const {
    for (std::size_t k = 0; k < tiers.size(); ++k)
      if (tiers[k] == name) return static_cast<long long>(k + 1);
    return std::nullopt;
  }
  [[nodiscard]] std::string tier_name(long long number) const {
    return number >= 1 && static_cast<std::size_t>(number) <= tiers.size()
               ? tiers[static_cast<std::size_t>(number - 1)]
               : "tier " + std::to_string(number);
  }
};

// A key account's change since the history: its score, tier and health then and now.
struct account_trend {
  const past_account* past = nullptr;   ///< nothing: a new account (not in the history)
  std::optional<double> delta;          ///< score now minus then
  std::string tier_then, tier_now;      ///< both set when the tier changed
  std::string health_then, health_now;  ///< both set when the health changed
  int tier_move = 0;                    ///< 1 a worse tier, -1 a better one, 0 the same or unknown
  int health_move = 0;  ///< 1 a worse health, -1 a better one, 0 the same or unknown
  bool worse = false;   ///< a worse tier or a worse health
};

account_trend trend_of(const list_context& c, const shortlist_table::entry& e) {
  account_trend tr;
  const auto it = c.r.history->accounts.find(e.id);
  if (it == c.r.history->accounts.end()) return tr;
  const past_account& p = it->second;
  tr.past = &p;
  if (p.score) tr.delta = e.score - *p.score;
  const auto now = c.tier_number(e.tier);
  const auto then = p.tier ? p.tier : c.tier_number(p.tier_name);
  const std::string then_name = !p.tier_name.empty() ? p.tier_name
                                : p.tier             ? c.tier_name(*p.tier)
                                                     : std::string();
  if (!then_name.empty() && then_name != e.tier) {
    tr.tier_then = then_name;
    tr.tier_now = e.tier;
  }
  if (then && now && *then != *now) {
    tr.tier_move = *then < *now ? 1 : -1;
    if (tr.tier_then.empty()) {
      tr.tier_then = c.tier_name(*then);
      tr.tier_now = e.tier;
    }
  }
  if (const auto h = c.r.health.find(e.id); h != c.r.health.end() && !p.health.empty()) {
    const int was = health_rank(p.health), is = health_rank(h->second.first);
    if (was != is) {
      tr.health_then = p.health;
      tr.health_now = h->second.first;
      tr.health_move = was < is ? 1 : -1;
    }
  }
  tr.worse = tr.tier_move > 0 || tr.health_move > 0;
  return tr;
}

// The trend as a cell's text: new, or the score change (up, down, or = at the digits shown),
// then the tier's and the health's changes.
std::string trend_text(const list_context& c, const account_trend& tr, bool plain = false) {
  if (tr.past == nullptr) return "<span class=\"trend new\">new</span>";
  std::string s;
  if (tr.delta) {
    const std::string d = c.score(std::abs(*tr.delta));
    const bool same = d == c.score(0);
    s += "<span class=\"trend " +
         std::string(same            ? "same"
                     : *tr.delta > 0 ? "up"
                                     : "down") +
         (plain ? "\">" : "\" title=\"score " + c.score(*tr.past->score) + " then\">") +
         (same ? std::string("= 0") : (*tr.delta > 0 ? "\u25b2 +" : "\u25bc -") + d) + "</span>";
  }
  const auto change = [&](const std::string& then, const std::string& now, int move) {
    if (then.empty()) return;
    s += std::string(s.empty() ? "" : " ") + "<span class=\"change" +
         (move > 0   ? " worse"
          : move < 0 ? " better"
                     : "") +
         "\">" + escape_html(then) + " \u2192 " + escape_html(now) + "</span>";
  };
  change(tr.tier_then, tr.tier_now, tr.tier_move);
  change(tr.health_then, tr.health_now, tr.health_move);
  return s.empty() ? std::string("<span class=\"trend same\">=</span>") : s;
}

// The cells after the id and the kept columns, shared by both tables of key accounts:
// revenue, score, tier, health, trend.
std::string account_cells(const list_context& c, const shortlist_table::entry& e,
                          bool plain = false) {
  std::string s;
  if (!c.r.revenue_column.empty()) {
    const auto it = c.r.revenue.find(e.id);
    s += "<td class=\"num\">" + (it == c.r.revenue.end() ? "" : revenue_text(it->second)) + "</td>";
  }
  s += "<td class=\"num\">" + c.score(e.score) + "</td><td>" + escape_html(e.tier) + "</td>";
  if (!c.r.health.empty())
    s += "<td>" + (plain ? plain_chip(c.r.health, e.id) : status_chip(c.r.health, e.id)) + "</td>";
  if (c.r.history) s += "<td>" + trend_text(c, trend_of(c, e), plain) + "</td>";
  return s;
}

std::string account_heads(const list_context& c) {
  std::string s = "<th>rank</th><th>id</th>";
  for (const auto& col : c.t.columns) s += "<th>" + escape_html(col) + "</th>";
  if (!c.r.revenue_column.empty()) s += "<th>" + escape_html(c.r.revenue_column) + "</th>";
  s += "<th>score</th><th>tier</th>";
  if (!c.r.health.empty()) s += "<th>health</th>";
  if (c.r.history) s += "<th>trend</th>";
  return s;
}

std::string account_row(const list_context& c, const shortlist_table::entry& e,
                        bool plain = false) {
  std::string s =
      "<tr><td class=\"num\">" + std::to_string(e.rank) + "</td><td>" + escape_html(e.id) + "</td>";
  for (const auto& v : e.kept) s += "<td>" + escape_html(v) + "</td>";
  return s + account_cells(c, e, plain);
}

// The table of the first `n` key accounts with their contributions drawn as a stacked bar.
std::string shortlist_rows(const list_context& c, std::size_t n) {
  std::string s = "<div class=\"scroll\"><table class=\"shortlist\">\n<thead><tr>" +
                  account_heads(c) + "<th>contributions to the score</th></tr></thead>\n<tbody>\n";
  for (std::size_t k = 0; k < n; ++k) {
    const auto& e = c.t.rows[k];
    s += account_row(c, e) + "<td>" + contribution_bar(c.t, e) + "</td></tr>\n";
  }
  return s + "</tbody></table></div>\n";
}

// Every key account, best first, without the bars: a box of its own height that scrolls, with
// the header kept in view, so that thousands of rows leave the page usable.
std::string every_key_account(const list_context& c) {
  std::string s = "<h3>Every key account</h3>\n<p class=\"note\">All " +
                  std::to_string(c.t.rows.size()) +
                  " key accounts, best first (the table scrolls; kam score writes them as CSV)."
                  "</p>\n<div class=\"scroll list\"><table class=\"shortlist all\">\n<thead><tr>" +
                  account_heads(c) + "</tr></thead>\n<tbody>\n";
  for (const auto& e : c.t.rows) s += account_row(c, e, true) + "</tr>\n";
  return s + "</tbody></table></div>\n";
}

// The key accounts whose health is red or that got worse since the history (a worse tier or
// health), best first: the at-risk table.
std::string at_risk(const list_context& c) {
  const auto& health = c.r.health;
  if (health.empty() && !c.r.history) return {};
  std::string rows;
  std::size_t n = 0, red = 0, worse = 0;
  for (const auto& e : c.t.rows) {
    const auto it = health.find(e.id);
    const bool is_red = it != health.end() && it->second.first == "red";
    const auto tr = c.r.history ? trend_of(c, e) : account_trend{};
    if (!is_red && !tr.worse) continue;
    ++n;
    red += is_red ? 1U : 0U;
    worse += tr.worse ? 1U : 0U;
    std::vector<std::string> why;
    if (is_red) why.push_back(escape_html(it->second.second));
    if (tr.tier_move > 0)
      why.push_back("tier " + escape_html(tr.tier_then + " \u2192 " + tr.tier_now));
    if (tr.health_move > 0)
      why.push_back("health " + escape_html(tr.health_then + " \u2192 " + tr.health_now));
    rows += "<tr><td class=\"num\">" + std::to_string(e.rank) + "</td><td>" + escape_html(e.id) +
            "</td>";
    if (!c.t.columns.empty())
      rows += "<td>" + escape_html(e.kept.empty() ? "" : e.kept[0]) + "</td>";
    rows += "<td>" + escape_html(e.tier) + "</td>";
    if (!health.empty()) rows += "<td>" + plain_chip(health, e.id) + "</td>";
    if (c.r.history) rows += "<td>" + trend_text(c, tr) + "</td>";
    rows += "<td>";
    for (std::size_t k = 0; k < why.size(); ++k) rows += (k > 0 ? "; " : "") + why[k];
    rows += "</td></tr>\n";
  }
  std::string s = "<h3>Key accounts at risk</h3>\n";
  const std::string what = !health.empty() && c.r.history
                               ? "red or worse than in " + escape_html(c.r.history->name)
                           : !health.empty() ? std::string("red")
                                             : "worse than in " + escape_html(c.r.history->name);
  if (n == 0) return s + "<p class=\"note\">No key account is " + what + ".</p>\n";
  s += "<p class=\"note\">" + std::to_string(n) + " of " + std::to_string(c.t.rows.size()) +
       " key accounts " + (n == 1 ? "is " : "are ") + what;
  if (!health.empty() && c.r.history) {
    s += ": " + std::to_string(red) + " red (high or critical relationship risk), " +
         std::to_string(worse) + " worsening (a worse tier or health than then)";
  } else {
    s += !health.empty() ? " (high or critical relationship risk)" : " (a worse tier or health)";
  }
  s += ".</p>\n<div class=\"scroll list\"><table class=\"data risk\">\n<thead><tr><th>rank</th>"
       "<th>id</th>";
  if (!c.t.columns.empty()) s += "<th>" + escape_html(c.t.columns[0]) + "</th>";
  s += "<th>tier</th>";
  if (!health.empty()) s += "<th>health</th>";
  if (c.r.history) s += "<th>trend</th>";
  s += "<th>why</th></tr></thead>\n<tbody>\n" + rows;
  return s + "</tbody></table></div>\n";
}

// One `<details>` per labelled key account: its contributions, its kept columns, its revenue and
// trend, and what other commands know of it (position, maturity, relationship). No script: the
// browser opens them.
std::string drill_down(const list_context& c, std::size_t n) {
  const auto& t = c.t;
  const auto& health = c.r.health;
  std::string s = "<h3>Each key account</h3>\n";
  if (n < t.rows.size()) {
    s += "<p class=\"note\">The best " + std::to_string(n) + " (report.shortlist).</p>\n";
  }
  s += "<div class=\"accounts\">\n";
  for (std::size_t k = 0; k < n; ++k) {
    const auto& r = t.rows[k];
    s += "<details class=\"account\"><summary>" + std::to_string(r.rank) + ". " +
         escape_html(r.id) +
         (r.kept.empty() || r.kept[0].empty() ? "" : " · " + escape_html(r.kept[0])) + " · " +
         escape_html(r.tier) + (health.empty() ? "" : " " + status_chip(health, r.id)) +
         "</summary>\n<dl>";
    for (std::size_t j = 0; j < r.kept.size() && j < t.columns.size(); ++j)
      s += "<dt>" + escape_html(t.columns[j]) + "</dt><dd>" + escape_html(r.kept[j]) + "</dd>";
    if (!c.r.revenue_column.empty())
      if (const auto it = c.r.revenue.find(r.id); it != c.r.revenue.end())
        s += "<dt>" + escape_html(c.r.revenue_column) + "</dt><dd>" + revenue_text(it->second) +
             "</dd>";
    s += "<dt>score</dt><dd>" + c.score(r.score) + "</dd>";
    if (c.r.history) {
      const auto tr = trend_of(c, r);
      s += "<dt>since " + escape_html(c.r.history->name) + "</dt><dd>" + trend_text(c, tr);
      if (tr.past != nullptr) {
        std::vector<std::string> then;
        if (tr.past->score) then.push_back("score " + c.score(*tr.past->score));
        if (!tr.past->tier_name.empty() || tr.past->tier)
          then.push_back("tier " + escape_html(!tr.past->tier_name.empty()
                                                   ? tr.past->tier_name
                                                   : c.tier_name(*tr.past->tier)));
        if (!tr.past->health.empty()) then.push_back(escape_html(tr.past->health));
        s += " (then: ";
        for (std::size_t j = 0; j < then.size(); ++j) s += (j > 0 ? ", " : "") + then[j];
        s += ")";
      }
      s += "</dd>";
    }
    for (std::size_t j = 0; j < r.contributions.size() && j < t.criteria.size(); ++j) {
      s += "<dt><span class=\"swatch\" style=\"background:" +
           std::string(palette[j % palette.size()]) + "\"></span>" + escape_html(t.criteria[j]) +
           "</dt><dd>" + short_number(r.contributions[j], 3) + "</dd>";
    }
    if (const auto it = c.r.facts.find(r.id); it != c.r.facts.end())
      for (const auto& [name, value] : it->second)
        s += "<dt>" + escape_html(name) + "</dt><dd>" + escape_html(value) + "</dd>";
    s += "</dl></details>\n";
  }
  return s + "</div>\n";
}

// What the history says beyond the listed key accounts: how many are new, how many of its ids
// are not accounts (gone), and how many were key accounts then but are not now.
std::string history_note(const list_context& c) {
  const auto& h = *c.r.history;
  std::size_t fresh = 0;
  for (const auto& e : c.t.rows) fresh += h.accounts.contains(e.id) ? 0U : 1U;
  std::size_t gone = 0, dropped = 0;
  std::vector<std::string> gone_examples, dropped_examples;
  for (const auto& [id, p] : h.accounts) {
    if (h.compared && !p.in_accounts) {
      ++gone;
      gone_examples.push_back(id);
    } else if (p.key.value_or(false) && !c.r.key_accounts.contains(id)) {
      ++dropped;
      dropped_examples.push_back(id);
    }
  }
  const auto examples = [](std::vector<std::string> ids) {
    std::sort(ids.begin(), ids.end());  // the map has no order: examples sorted, for a stable page
    std::string s;
    for (std::size_t k = 0; k < ids.size() && k < 5; ++k) s += (k > 0 ? ", " : "") + ids[k];
    return escape_html(s + (ids.size() > 5 ? ", ..." : ""));
  };
  std::string s = "<p class=\"note\">Trend since " + escape_html(h.name) + " (" +
                  std::to_string(h.accounts.size()) + " accounts, id column '" +
                  escape_html(h.id_column) + "'): " + std::to_string(fresh) + " of the " +
                  std::to_string(c.t.rows.size()) + " key accounts " + (fresh == 1 ? "is" : "are") +
                  " new (not in it)";
  if (!h.compared) {
    s += "; its ids were not compared with the accounts (read from standard input)";
  } else if (gone > 0) {
    s += "; " + std::to_string(gone) + " of its ids " + (gone == 1 ? "is" : "are") +
         " not among the accounts (" + examples(gone_examples) + ")";
  }
  if (h.has_key && dropped > 0) {
    s += "; " + std::to_string(dropped) + (dropped == 1 ? " account was" : " accounts were") +
         " key then and " + (dropped == 1 ? "is" : "are") + " not now (" +
         examples(dropped_examples) + ")";
  }
  return s + ".</p>\n";
}

std::string render_shortlist(const report& r, const shortlist_table& t) {
  list_context c{t, r, r.tiers.chart ? r.tiers.chart->labels : std::vector<std::string>{},
                 t.scale > 1 ? 1 : 3};
  const std::size_t n = std::min(r.labelled, t.rows.size());
  std::string s = criteria_legend(t);
  if (!r.health.empty()) {
    s += "<div class=\"legend-row\">health: <span class=\"status green\">green</span> low, "
         "<span class=\"status amber\">amber</span> moderate, <span class=\"status "
         "red\">red</span> high or critical relationship risk (position section)</div>\n";
  }
  if (r.history) {
    s += "<div class=\"legend-row\">trend: <span class=\"trend up\">\u25b2</span> score up, "
         "<span class=\"trend down\">\u25bc</span> down, <span class=\"trend same\">=</span> "
         "unchanged (at the digits shown), then tier and health changes (<span class=\"change "
         "worse\">worse</span>, <span class=\"change better\">better</span>); "
         "<span class=\"trend new\">new</span>: not in the history</div>\n" +
         history_note(c);
  }
  if (n == 0 && !t.rows.empty()) {
    s += "<p class=\"note\">report.shortlist is 0: no bars, drill-downs or labels; every key "
         "account is listed below.</p>\n";
  } else if (n < t.rows.size()) {
    s += "<p class=\"note\">The best " + std::to_string(n) + " of the " +
         std::to_string(t.rows.size()) +
         " key accounts (report.shortlist) with their contributions; every key account is listed "
         "below.</p>\n";
  }
  if (r.revenue_column.empty()) {
    s += "<p class=\"note\">No revenue column: a \"position\" section names it "
         "(position.revenue, default current_revenue); --keep COLUMN shows any column of "
         "yours.</p>\n";
  }
  if (n > 0) s += shortlist_rows(c, n);
  if (t.more > 0) {
    s += "<p class=\"note\">and " + std::to_string(t.more) +
         " more key accounts (see the output of kam score)</p>\n";
  }
  s += at_risk(c);
  if (n < t.rows.size()) s += every_key_account(c);
  if (n > 0) s += drill_down(c, n);
  return s;
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
table.risk th, table.risk td { text-align: left; white-space: nowrap; }
.scroll.list { max-height: 420px; overflow-y: auto; border: 1px solid #eaeded; }
.list thead th { position: sticky; top: 0; background: #fff; }
.trend { white-space: nowrap; }
.trend.up, .change.better { color: #1e8449; }
.trend.down, .change.worse { color: #c0392b; }
.trend.same { color: #7f8c8d; }
.trend.new { padding: 0 6px; border-radius: 8px; font-size: 11px; background: #d6eaf8; color: #1f4e79; }
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

namespace {

std::string lower(std::string_view text) {
  std::string s(text);
  for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

}  // namespace

/// Returns the history in `source` (see report.hpp).
account_history read_history(const accounts_source& source, const std::string& id_column) {
  const auto stream = source.open();
  csv_reader reader(*stream, source.name(), source.dialect());
  const auto& header = reader.header();
  const auto at_header = reader.position(reader.header_line(), 1);
  account_history h;
  h.name = file_label(source.name());
  h.id_column = "id";
  auto id = reader.find("id");
  if (!id && id_column != "id") {
    id = reader.find(id_column);
    h.id_column = id_column;
  }
  if (!id) {
    throw located_error(
        "kam_tool::read_history", "id", at_header,
        fmt::format("--history: no id column 'id'{} in {} (kam score writes 'id'); {}columns: {}",
                    id_column == "id" ? "" : " or '" + id_column + "'", source.name(),
                    did_you_mean(id_column, header), quoted_list(header)));
  }
  const auto score = reader.find("score");
  const auto tier = reader.find("tier");
  const auto tier_name = reader.find("tier_name");
  const auto health = reader.find("health");
  const auto key = reader.find("key_account");
  h.has_score = score.has_value();
  h.has_tier = tier || tier_name;
  h.has_health = health.has_value();
  h.has_key = key.has_value();
  if (!h.has_score && !h.has_tier && !h.has_health) {
    throw located_error(
        "kam_tool::read_history", "score", at_header,
        fmt::format("--history: {} has none of the columns 'score', 'tier', 'tier_name' and "
                    "'health' (give an earlier output of kam score); columns: {}",
                    source.name(), quoted_list(header)));
  }
  const bool decimal_comma = source.dialect().decimal_comma;
  csv_record rec;
  bool scored = false;  // a score was read: max_score and min_score are set
  const auto fail = [&](std::size_t col, const std::string& detail) {
    throw located_error("kam_tool::read_history", header[col],
                        reader.position(rec.field_line(col), col + 1), "--history: " + detail);
  };
  const auto number = [&](std::size_t col) {
    const auto v = parse_number(rec.field(col), decimal_comma);
    if (!v) fail(col, not_a_number(rec.field(col), header[col]));
    return *v;
  };
  while (reader.next(rec)) {
    if (!rec.present(*id)) fail(*id, "an empty id");
    past_account p;
    if (score && rec.present(*score)) {
      const double v = number(*score);
      if (!scored || v > h.max_score) {
        h.max_score = v;
        h.max_score_at = reader.position(rec.field_line(*score), *score + 1);
      }
      if (!scored || v < h.min_score) {
        h.min_score = v;
        h.min_score_at = reader.position(rec.field_line(*score), *score + 1);
      }
      p.score = v;
      scored = true;
    }
    if (tier && rec.present(*tier)) {
      const double v = number(*tier);
      if (v < 1 || v != std::floor(v) || v > 1e9) {
        fail(*tier,
             fmt::format("'{}' is not a tier (a whole number, 1 the best)", rec.field(*tier)));
      }
      p.tier = static_cast<long long>(v);
    }
    if (tier_name) p.tier_name = std::string(rec.field(*tier_name));
    if (health && rec.present(*health)) {
      p.health = lower(rec.field(*health));
      if (p.health != "red" && p.health != "amber" && p.health != "green") {
        fail(*health,
             fmt::format("'{}' is not a health (red, amber or green)", rec.field(*health)));
      }
    }
    if (key && rec.present(*key)) {
      const auto v = lower(rec.field(*key));
      if (v != "true" && v != "false" && v != "1" && v != "0")
        fail(*key, fmt::format("'{}' is not true or false", rec.field(*key)));
      p.key = v == "true" || v == "1";
    }
    if (!h.accounts.emplace(std::string(rec.field(*id)), std::move(p)).second)
      fail(*id, fmt::format("the id '{}' is given twice", rec.field(*id)));
  }
  return h;
}

/// Throws located_error when the history's scores are off this run's score scale.
void check_history_scale(const account_history& h, double top) {
  const auto off = [&](double v, const text_position& at) {
    throw located_error(
        "kam_tool::check_history_scale", "score", at,
        fmt::format("--history: the score {} is off this run's score scale (0 to {}): the "
                    "history was scored on another scale (score.options.scale); give scores of "
                    "the same configuration",
                    short_number(v, 6), short_number(top)));
  };
  if (!h.has_score || h.max_score_at.source.empty()) return;  // no score read
  if (h.max_score > top * (1 + 1e-9)) off(h.max_score, h.max_score_at);
  if (h.min_score < -1e-9 * top) off(h.min_score, h.min_score_at);
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
        if (r.shortlist.chart) {  // the best key accounts (report.shortlist)
          const auto& rows = r.shortlist.chart->rows;
          for (std::size_t k = 0; k < rows.size() && k < r.labelled; ++k)
            labelled.highlight.insert(rows[k].id);
        } else {
          labelled.highlight.insert(r.key_accounts.begin(), r.key_accounts.end());
        }
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
      [&](const shortlist_table& t) { return render_shortlist(r, t); }, missing, true);
  for (const auto& sec : r.sections) {
    s += "<section class=\"panel" + std::string(sec.wide ? " wide" : "") + "\" id=\"" +
         escape_html(sec.id) + "\">\n<h2>" + escape_html(sec.heading) + "</h2>\n";
    if (!sec.caption.empty()) s += "<p class=\"caption\">" + escape_html(sec.caption) + "</p>\n";
    s += std::visit([&](const auto& chart) { return render_chart(chart, sec.heading); }, sec.chart);
    s += "</section>\n";
  }
  if (r.shortlist.chart && !r.history) {
    missing.push_back(
        "<li><b>Trend</b>: keep this run's scores (kam score -o scores.csv with the same "
        "configuration) and give them next time (kam report --history scores.csv): each key "
        "account's score, tier and health change, and the worsening ones among the accounts at "
        "risk.</li>\n");
  }
  s += render_missing(missing);
  s += "</div>\n</main>\n<footer>\n";
  for (const auto& n : r.notes) s += "<p>" + escape_html(n) + "</p>\n";
  s += "</footer>\n</body>\n</html>\n";
  return s;
}

}  // namespace kam_tool
