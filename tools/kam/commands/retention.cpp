// `kam retention`: from an account x period revenue CSV, every account's revenue movements, and
// for the file GRR and NRR by window, the cohort table and a shifted-beta-geometric fit with its
// projection. Also draws the report's retention curve.
#include "retention.hpp"

#include <fmt/format.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <kam/retention.hpp>
#include <kam/version.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "command.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "report.hpp"
#include "setup.hpp"
#include "svg.hpp"

namespace kam_tool {
namespace {

constexpr long long default_chunk_rows = 65536;

template <typename Row>
boost::json::array json_rows(const std::vector<Row>& rows) {
  boost::json::array a;
  for (const auto& r : rows) a.push_back(to_json(r));
  return a;
}

template <typename Row>
void write_table(std::ostream& out, const std::vector<Row>& rows, int precision) {
  table_writer<Row> w(out, table_format::csv, "rows");
  w.set_precision(precision);
  for (const auto& r : rows) w.write(r);
  w.finish();
}

int run_retention(const invocation& args) {
  if (args.positional.size() != 1)
    throw usage_error("expected exactly one revenue file (CSV: id, one column per period)");
  const std::string table = args.get("table").value_or("accounts");
  if (table != "accounts" && table != "windows" && table != "cohorts" && table != "projection") {
    throw usage_error(
        fmt::format("--table must be accounts, windows, cohorts or projection, not '{}'", table));
  }
  const std::string out_path = args.get("output").value_or("-");
  const auto format = choose_format(args.get("format"), out_path);
  if (format == table_format::json && args.get("table"))
    throw usage_error("--table chooses the CSV table; JSON output holds all of them");
  const auto chunk_rows = integer_option(args, "chunk-rows", default_chunk_rows, 1);
  const int precision = precision_of(args);
  const auto config = configuration::load(args.get("config"));
  auto source = accounts_of(args, args.positional[0]);
  const auto setup = load_retention_setup(config, source);
  progress bar("kam retention");
  retention_pipeline pipeline(setup, std::move(source), chunk_rows, bar);
  output_file out(out_path, *args.out, {args.positional[0], args.get("config").value_or("")});
  std::optional<table_writer<retention_row>> writer;
  const bool accounts = format == table_format::json || table == "accounts";
  pipeline.run([&](const std::vector<retention_row>& rows) {
    if (!accounts) return;
    if (!writer) {
      boost::json::object head;
      head["kam"] = kam::version_string;
      head["command"] = "retention";
      head["input"] = pipeline.summary().input;
      writer.emplace(out.stream(), format, "accounts", head);
      writer->set_precision(precision);
    }
    for (const auto& r : rows) writer->write(r);
  });
  if (format == table_format::json) {
    boost::json::object tail;
    tail["summary"] = to_json(pipeline.summary());
    tail["windows"] = json_rows(pipeline.windows());
    tail["cohorts"] = json_rows(pipeline.cohorts());
    tail["sbg"] = to_json(pipeline.sbg());
    tail["projection"] = json_rows(pipeline.projection());
    writer->finish(tail);
  } else if (accounts) {
    writer->finish();
  } else if (table == "windows") {
    write_table(out.stream(), pipeline.windows(), precision);
  } else if (table == "cohorts") {
    write_table(out.stream(), pipeline.cohorts(), precision);
  } else {
    write_table(out.stream(), pipeline.projection(), precision);
  }
  bar.clear();
  out.commit();
  return 0;
}

std::string percent(double v, int digits = 1) {
  return std::isfinite(v) ? short_number(100 * v, digits) + "%" : std::string("-");
}

// The retention curve: observed survival of the fitted cohorts (solid), the sBG fit over the
// observed ages and its projection beyond them (dashed).
line_chart retention_curve(const retention_pipeline& pipeline) {
  const auto& proj = pipeline.projection();
  line_chart l;
  l.x_label = "periods since acquisition";
  l.y_label = "share of a cohort still a customer";
  l.y_percent = true;
  l.x_hi = static_cast<double>(proj.back().age);
  line_chart::series observed{"observed", {}, false, palette[0]};
  line_chart::series fitted{"sBG fit", {}, false, palette[1]};
  line_chart::series projected{"sBG projection", {}, true, palette[1]};
  const auto last = pipeline.observed_ages();
  for (const auto& p : proj) {
    const auto t = static_cast<double>(p.age);
    if (std::isfinite(p.observed)) observed.points.emplace_back(t, p.observed);
    if (!std::isfinite(p.survival)) continue;
    if (p.age <= last) fitted.points.emplace_back(t, p.survival);
    if (p.age >= last) projected.points.emplace_back(t, p.survival);
  }
  l.lines = {observed};
  if (!fitted.points.empty()) l.lines.push_back(fitted);
  if (!projected.points.empty()) l.lines.push_back(projected);
  if (pipeline.sbg().fitted)
    l.divider = chart_marker{static_cast<double>(last), "projection", "#444"};
  double lowest = 1;
  for (const auto& series : l.lines)
    for (const auto& [x, y] : series.points) lowest = std::min(lowest, y);
  l.y_lo = std::max(0.0, std::floor(lowest * 10 - 0.5) / 10);
  return l;
}

std::string curve_caption(const sbg_summary& sbg) {
  std::string caption =
      "Accounts of the cohorts acquired after the first period still customers, pooled by age "
      "(solid), against the shifted-beta-geometric fit (Fader & Hardie 2007) and its projection "
      "(dashed). ";
  if (!sbg.fit) return caption + sbg.note + ".";
  const auto& f = *sbg.fit;
  caption += fmt::format("alpha {}, beta {}, {}; ", short_number(f.params.alpha, 3),
                         short_number(f.params.beta, 3), kam::enum_name(f.status));
  return caption + (f.mean_lifetime ? fmt::format("mean lifetime {} periods.",
                                                  short_number(*f.mean_lifetime, 1))
                                    : "alpha <= 1: the mean lifetime is infinite.");
}

// NRR and GRR by window, with the last window's figures in the caption and on a card.
void add_windows(const std::vector<window_row>& w, const retention_setup& setup, report& r) {
  line_chart l;
  l.x_label = "window (closing period)";
  l.y_label = "revenue retention";
  l.y_percent = true;
  l.x_lo = 1;
  l.x_hi = static_cast<double>(w.size());
  line_chart::series nrr{"NRR", {}, false, palette[0]};
  line_chart::series grr{"GRR", {}, false, palette[2]};
  double lo = 1, hi = 1;
  for (std::size_t k = 0; k < w.size(); ++k) {
    const auto x = static_cast<double>(k + 1);
    l.x_names.push_back(w[k].closing_period);
    if (std::isfinite(w[k].nrr)) {
      nrr.points.emplace_back(x, w[k].nrr);
      hi = std::max(hi, w[k].nrr);
    }
    if (std::isfinite(w[k].grr)) {
      grr.points.emplace_back(x, w[k].grr);
      lo = std::min(lo, w[k].grr);
    }
  }
  l.y_lo = std::floor(lo * 20) / 20;
  l.y_hi = std::ceil(hi * 20) / 20 + 0.05;
  l.lines = {nrr, grr};
  const auto& lw = w.back();
  r.sections.push_back(
      {"revenue-retention", "Revenue retention by window",
       fmt::format("{} windows of {} period(s), opening cohort only; last ({} to {}): NRR {}, GRR "
                   "{}, logo churn {}.",
                   w.size(), setup.settings.windows.step, lw.opening_period, lw.closing_period,
                   percent(lw.nrr), percent(lw.grr), percent(lw.logo_churn)),
       std::move(l)});
  r.cards.push_back(
      {"net revenue retention", percent(lw.nrr),
       fmt::format("GRR {}, {} to {}", percent(lw.grr), lw.opening_period, lw.closing_period)});
}

// The cohort table: logo retention by age, at most 13 ages.
void add_cohorts(const retention_pipeline& pipeline, const retention_setup& setup, report& r) {
  const auto& c = pipeline.cohorts();
  table_chart t;
  t.header = {"cohort", "accounts"};
  std::size_t ages = 0;
  for (const auto& row : c) ages = std::max(ages, row.logo_retention.size());
  ages = std::min<std::size_t>(ages, 13);
  for (std::size_t a = 0; a < ages; ++a) t.header.push_back(fmt::format("+{}", a));
  for (const auto& row : c) {
    std::vector<std::string> cells{row.cohort, std::to_string(row.size)};
    for (std::size_t a = 0; a < ages; ++a) {
      cells.push_back(a < row.logo_retention.size() ? percent(row.logo_retention[a].second, 0)
                                                    : std::string());
    }
    t.rows.push_back(std::move(cells));
  }
  r.sections.push_back(
      {"cohorts", "Cohorts: accounts with revenue by age",
       fmt::format("Cohorts by first period with revenue (groups of {} periods); the first holds "
                   "every account already a customer then. {} accounts never had revenue.",
                   setup.settings.cohort_group, pipeline.summary().never_active),
       std::move(t), true});
}

// Fills the retention slot (observed survival of the fitted cohorts and the sBG projection) and
// adds revenue retention by window and the cohort table.
void contribute_retention(const report_input& in, report& r) {
  const auto path = in.args.get("revenue");
  if (!path) return;  // the report's note says how to ask for it
  auto source = accounts_of(in.args, *path);
  const auto setup = load_retention_setup(in.config, source);
  retention_pipeline pipeline(setup, std::move(source),
                              integer_option(in.args, "chunk-rows", default_chunk_rows, 1), in.bar);
  pipeline.run([](const std::vector<retention_row>&) {});
  const auto& sbg = pipeline.sbg();
  if (!pipeline.projection().empty()) {
    r.retention.chart = retention_curve(pipeline);
    r.retention.caption = curve_caption(sbg);
  } else {
    r.retention.note = fmt::format("No cohort to draw: {}.", sbg.note);
  }
  if (!pipeline.windows().empty()) add_windows(pipeline.windows(), setup, r);
  if (!pipeline.cohorts().empty()) add_cohorts(pipeline, setup, r);
  if (sbg.discounted_lifetime) {
    r.cards.push_back(
        {"discounted lifetime", short_number(*sbg.discounted_lifetime, 1),
         fmt::format("periods, a new account at {} per period (sBG)", percent(*sbg.discount, 2))});
  }
}

}  // namespace

namespace commands {

command retention() {
  return {
      .name = "retention",
      .summary = "revenue movements, GRR/NRR, cohorts and an sBG projection from revenue by period",
      .usage =
          "kam retention [options] REVENUE.csv\n\n"
          "Reads an account x period revenue file (an id column and one column per period,\n"
          "revenue >= 0, 0 = not a customer then) and writes every account's revenue\n"
          "movements (one row per account, in input order); with JSON output also GRR and\n"
          "NRR by window, the cohort table, the shifted-beta-geometric fit and its\n"
          "projection. --table writes one of those as CSV instead. The configuration's\n"
          "\"retention\" section sets the periods, windows, cohort grouping and the fit.",
      .options = {{"output", "FILE", "where to write (default: standard output)", 'o'},
                  {"precision", "N", "write numbers with N significant digits"},
                  {"format", "csv|json", "output format (default: from the file name, else csv)"},
                  {"table", "NAME",
                   "the CSV table: accounts (default), windows, cohorts or projection"},
                  {"chunk-rows", "N", "accounts held in memory at a time (default 65536)"}},
      .section = "retention",
      .run = &run_retention,
      .contribute = &contribute_retention,
      .report_options = {{"revenue", "FILE",
                          "account x period revenue (CSV): the retention curve in the report"}},
  };
}

}  // namespace commands
}  // namespace kam_tool
