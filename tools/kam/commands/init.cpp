// `kam init`: writes a starter configuration from the header of an accounts CSV: the id column
// (guessed), the numeric columns as criteria (equal weights, a direction guessed from the name),
// the default key accounts and tiers, and every other key of the sections it writes with its
// default. The file is strict JSON; its documentation lives in "_comment" keys, which the reader
// skips (json_io.hpp), so `kam score -c` takes it as it is.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <filesystem>
#include <kam/scoring.hpp>
#include <kam/version.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "command.hpp"
#include "output.hpp"
#include "position.hpp"
#include "report.hpp"
#include "retention.hpp"
#include "score_pipeline.hpp"
#include "setup.hpp"
#include "suggest.hpp"

namespace kam_tool {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

/// Returns the words of a column name (split at anything but letters and digits), lower case.
std::vector<std::string> words_of(std::string_view name) {
  std::vector<std::string> out;
  std::string w;
  for (const char ch : lower(name)) {
    if (std::isalnum(static_cast<unsigned char>(ch)) != 0) {
      w += ch;
    } else if (!w.empty()) {
      out.push_back(std::move(w));
      w.clear();
    }
  }
  if (!w.empty()) out.push_back(std::move(w));
  return out;
}

/// The direction guessed from a column's name: a cost (more is worse) when one of its words is
/// effort, churn, complaint(s), debt, overdue, delay(s), dso or arrears, or it is cost(s) alone
/// or followed by to/of ("cost_to_serve"; not "cost_focus" or "switching_cost"); else a benefit.
kam::direction guess_direction(std::string_view name) {
  static const std::set<std::string, std::less<>> cost_words{
      "effort",  "churn", "complaint", "complaints", "debt",
      "overdue", "delay", "delays",    "dso",        "arrears"};
  const auto words = words_of(name);
  if (!words.empty() && (words[0] == "cost" || words[0] == "costs") &&
      (words.size() == 1 || words[1] == "to" || words[1] == "of"))
    return kam::direction::cost;
  for (const auto& w : words)
    if (cost_words.contains(w)) return kam::direction::cost;
  return kam::direction::benefit;
}

/// What kam init learns from the first records of the accounts file.
struct header_facts {
  input_preview preview;
  std::vector<bool> unique;  ///< per column: every value present and distinct
};

header_facts facts_of(const accounts_source& source, std::size_t records) {
  header_facts f{preview(source, records), {}};
  const auto stream = source.open();
  csv_reader reader(*stream, source.name(), source.dialect());
  const std::size_t n = reader.header().size();
  std::vector<std::set<std::string, std::less<>>> seen(n);
  f.unique.assign(n, true);
  csv_record r;
  for (std::size_t k = 0; k < records && reader.next(r); ++k) {
    for (std::size_t c = 0; c < n && c < r.size(); ++c) {
      if (!f.unique[c]) continue;
      if (!r.present(c) || !seen[c].emplace(r.field(c)).second) f.unique[c] = false;
    }
  }
  return f;
}

/// The id column and why it was chosen.
struct id_guess {
  std::string column;
  std::string reason;
};

id_guess guess_id(const invocation& args, const header_facts& f, const std::string& source) {
  const auto& h = f.preview.header;
  if (const auto id = args.get("id")) {
    if (std::find(h.begin(), h.end(), *id) == h.end()) {
      throw usage_error(fmt::format("--id: '{}' is not a column of {}; {}columns: {}", *id, source,
                                    did_you_mean(*id, h), quoted_list(h)));
    }
    return {*id, "given with --id"};
  }
  static const std::vector<std::string_view> names{"id",       "account_id",  "accountid",
                                                   "account",  "customer_id", "customerid",
                                                   "customer", "client_id",   "account_number"};
  for (const auto name : names) {
    for (const auto& col : h)
      if (lower(col) == name) return {col, fmt::format("its name is '{}'", col)};
  }
  for (const auto& col : h) {
    const auto w = words_of(col);
    if (!w.empty() && w.back() == "id") return {col, "its name ends in id"};
  }
  static const std::set<std::string, std::less<>> key_words{"no",   "nr",  "number",
                                                            "code", "key", "ref"};
  for (std::size_t c = 0; c < h.size(); ++c) {
    const auto w = words_of(h[c]);
    if (w.size() > 1 && key_words.contains(w.back()) && f.unique[c]) {
      return {h[c], fmt::format("its name ends in {} and its values are all present and distinct",
                                w.back())};
    }
  }
  for (std::size_t c = 0; c < h.size(); ++c) {
    if (!f.preview.numeric[c] && f.unique[c])
      return {h[c], "the first text column whose values are all present and distinct"};
  }
  return {h.front(), "no better candidate: the first column; check it"};
}

/// Returns the criteria: every numeric column but the id, weight 1, min-max, direction guessed.
std::vector<kam::criterion> criteria_of(const header_facts& f, const std::string& id,
                                        const std::string& source) {
  const auto& p = f.preview;
  std::vector<kam::criterion> out;
  for (std::size_t k = 0; k < p.header.size(); ++k) {
    if (!p.comma_number[k].empty()) {
      throw located_error(
          "kam_tool::init", p.header[k], {source, 1, k + 1},
          fmt::format("column '{}' holds numbers written with a decimal comma ('{}'); give "
                      "--decimal-comma to read them",
                      p.header[k], p.comma_number[k]));
    }
    if (!p.numeric[k] || p.header[k] == id) continue;
    kam::criterion c;
    c.name = p.header[k];
    c.direction = guess_direction(c.name);
    out.push_back(c);
  }
  return out;
}

// Writing: strict JSON, laid out for reading: a value goes on one line when it fits in 120
// columns and holds no comment, else its members one per line.

bool has_comment(const boost::json::value& v) {
  if (v.is_object()) {
    for (const auto& kv : v.get_object())
      if (is_comment_key(kv.key()) || has_comment(kv.value())) return true;
  } else if (v.is_array()) {
    for (const auto& e : v.get_array())
      if (has_comment(e)) return true;
  }
  return false;
}

std::string one_line(const boost::json::value& v) {
  std::string s;
  if (v.is_object()) {
    s += '{';
    bool first = true;
    for (const auto& kv : v.get_object()) {
      if (!first) s += ", ";
      first = false;
      append_json(s, boost::json::value(kv.key()));
      s += ": " + one_line(kv.value());
    }
    return s + '}';
  }
  if (v.is_array()) {
    s += '[';
    bool first = true;
    for (const auto& e : v.get_array()) {
      if (!first) s += ", ";
      first = false;
      s += one_line(e);
    }
    return s + ']';
  }
  append_json(s, v);
  return s;
}

void write_pretty(std::string& out, const boost::json::value& v, std::size_t indent) {
  const std::string line = one_line(v);
  const bool container = v.is_object() || v.is_array();
  // An object of plain values (a criterion) stays on one line, however long.
  const bool flat = v.is_object() && !has_comment(v) &&
                    std::none_of(v.get_object().begin(), v.get_object().end(), [](const auto& kv) {
                      return kv.value().is_object() || kv.value().is_array();
                    });
  if (!container || flat || (indent + line.size() <= 100 && !has_comment(v)) ||
      (v.is_object() && v.get_object().empty()) || (v.is_array() && v.get_array().empty())) {
    out += line;
    return;
  }
  const std::string pad(indent + 2, ' ');
  out += v.is_object() ? "{\n" : "[\n";
  bool first = true;
  if (v.is_object()) {
    for (const auto& kv : v.get_object()) {
      if (!first) out += ",\n";
      first = false;
      out += pad;
      append_json(out, boost::json::value(kv.key()));
      out += ": ";
      write_pretty(out, kv.value(), indent + 2);
    }
  } else {
    for (const auto& e : v.get_array()) {
      if (!first) out += ",\n";
      first = false;
      out += pad;
      write_pretty(out, e, indent + 2);
    }
  }
  out += '\n' + std::string(indent, ' ') + (v.is_object() ? '}' : ']');
}

boost::json::object score_section(const std::vector<kam::criterion>& criteria,
                                  const std::string& source) {
  const score_config d{};
  boost::json::object s;
  s["_comment_criteria"] = fmt::format(
      "every numeric column of {} but the id, each weight 1 (equal weights), min-max normalised; "
      "direction cost (more is worse) guessed for names with effort, churn, complaint(s), debt, "
      "overdue, delay(s), dso, arrears, or cost, cost_to_..., cost_of_..., else benefit: check "
      "them. Drop or re-weight criteria here, or override them with --criteria",
      source);
  boost::json::array list;
  for (const auto& c : criteria) list.push_back(to_json(c));
  s["criteria"] = std::move(list);
  s["options"] = to_json(d.options);
  s["_comment_key_accounts"] =
      "the best share (0.2: 20 %, rounded up) are key accounts; write \"cap\": N instead of "
      "\"share\" for at most N, \"cap\": null for no cap; min_score (null: none) is on the score "
      "scale";
  boost::json::object ka;
  ka["share"] = default_key_share;
  ka["min_score"] = nullptr;
  s["key_accounts"] = std::move(ka);
  s["_comment_tiers"] =
      "shares of accounts from the top: tier 1 the best 20 %, tier 2 the next 30 %, tier 3 the "
      "rest; or \"edges\" (score edges, ascending) instead of \"shares\"; names best first";
  boost::json::object tiers;
  tiers["shares"] =
      to_json(std::vector<double>(default_tier_shares.begin(), default_tier_shares.end()));
  tiers["names"] = boost::json::array{};
  s["tiers"] = std::move(tiers);
  s["ties"] = to_json(d.ties);
  s["weights"] = to_json(d.weights);
  s["method"] = to_json(d.method);
  s["topsis"] = to_json(d.topsis);
  s["product"] = to_json(d.product);
  return s;
}

/// Returns whether `header` has every column the defaults of the "position" section read (as
/// the bundled sample does): then the section is written, with its defaults.
bool has_position_columns(const std::vector<std::string>& header) {
  const configuration none(json_document("{}", ""), known_sections());
  const auto setup = load_position_setup(none);
  const auto has = [&](const column_request& c) {
    return std::find(header.begin(), header.end(), c.name) != header.end();
  };
  return std::all_of(setup.layout.numeric.begin(), setup.layout.numeric.end(), has) &&
         std::all_of(setup.layout.text.begin(), setup.layout.text.end(), has);
}

boost::json::value starter_configuration(const accounts_source& in, const id_guess& id,
                                         const std::vector<kam::criterion>& criteria,
                                         bool position) {
  const std::string& source = in.name();
  boost::json::object root;
  boost::json::array notes{
      fmt::format("kam configuration for {}, written by kam init (kam {}).", source,
                  kam::version_string),
      "Strict JSON: keys starting with _comment are notes, skipped by kam.",
      "`kam help config` documents every key; flags (--criteria, --cap, --tiers, --id, ...) "
      "override this file.",
      position ? "Not written: segment (rules, bins, k-means of your own); see `kam help config`."
               : "Not written: position (its default columns, those of the bundled sample, are "
                 "not all in this file) and segment (rules, bins, k-means of your own); see `kam "
                 "help config` to add them."};
  if (in.dialect().decimal_comma)
    notes.emplace_back("Read with --decimal-comma: give it to the other commands too.");
  root["_comment"] = std::move(notes);
  boost::json::object input;
  input["_comment"] = fmt::format("the id column, guessed: {}", id.reason);
  input["id"] = id.column;
  root["input"] = std::move(input);
  root["score"] = score_section(criteria, source);
  if (position) {
    boost::json::object p;
    p["_comment"] =
        "the library's portfolio models with their default columns, all in this file; this "
        "section also puts the portfolio matrix into kam report";
    const boost::json::value defaults = to_json(position_settings{});
    for (const auto& kv : defaults.get_object()) p.emplace(kv.key(), kv.value());
    root["position"] = std::move(p);
  }
  root["retention"] = to_json(retention_settings{});
  root["report"] = to_json(report_config{});
  return root;
}

int run_init(const invocation& args) {
  if (args.positional.size() != 1) throw usage_error("expected exactly one accounts file (CSV)");
  if (args.has("config"))
    throw usage_error("kam init writes a configuration and reads none (drop --config)");
  const std::string out_path = args.get("output").value_or("-");
  const std::string& in_path = args.positional[0];
  const auto source = accounts_of(args, in_path);
  const auto facts = facts_of(source, 1000);
  const auto id = guess_id(args, facts, source.name());
  const auto criteria = criteria_of(facts, id.column, source.name());
  if (criteria.empty()) {
    throw located_error("kam_tool::init", "criteria", {source.name(), 1, 1},
                        fmt::format("{} has no numeric column besides the id '{}' to score",
                                    source.name(), id.column));
  }
  output_file out(out_path, *args.out, {in_path});
  std::error_code ec;
  if (out_path != "-" && !args.has("force") &&
      std::filesystem::exists(std::filesystem::symlink_status(out_path, ec))) {
    throw usage_error(fmt::format(
        "the output {} exists; kam init does not overwrite it (give --force to replace it)",
        out_path));
  }
  std::string text;
  write_pretty(
      text, starter_configuration(source, id, criteria, has_position_columns(facts.preview.header)),
      0);
  out.stream() << text << '\n';
  out.commit();
  return 0;
}

}  // namespace

namespace commands {

command init() {
  return {
      .name = "init",
      .summary = "write a starter configuration (JSON) from an accounts file's header",
      .usage =
          "kam init [options] ACCOUNTS.csv\n\n"
          "Writes a configuration for ACCOUNTS.csv that `kam score -c` takes as it is: the id\n"
          "column (guessed, or --id), every numeric column as a criterion with equal weights\n"
          "and a direction guessed from its name, the default key accounts (the best 20 %)\n"
          "and tiers (20 %, 30 %, the rest), and every other key of the score, retention and\n"
          "report sections (and of position, when the file has its default columns) with its\n"
          "default. Notes are in \"_comment\" keys, which kam skips; `kam help config`\n"
          "documents every key. An existing file is not replaced without --force, and never\n"
          "one of the inputs. It reads no configuration (no -c).",
      .options = {{"output", "FILE", "where to write (default: standard output)", 'o'},
                  {"force", "", "replace FILE if it exists"},
                  {"id", "COL", "the id column (default: guessed from the header)"}},
      .section = "",
      .run = &run_init,
      .contribute = nullptr,
      .report_options = {},
  };
}

}  // namespace commands
}  // namespace kam_tool
