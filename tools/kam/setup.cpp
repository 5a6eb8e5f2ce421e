// Helpers shared by the kam tool's commands (see setup.hpp).
#include "setup.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "suggest.hpp"

namespace kam_tool {

std::string id_column(const configuration& cfg) {
  const auto input = cfg.section<input_config>("input");
  if (input.id.empty())
    cfg.document().fail(json_path{}.key("input").key("id"), "the id column has no name");
  return input.id;
}

csv_dialect dialect_of(const invocation& args) {
  csv_dialect d;
  d.decimal_comma = args.has("decimal-comma");
  if (const auto text = args.get("delimiter")) {
    if (*text == "," || *text == ";") {
      d.delimiter = (*text)[0];
    } else if (*text == "tab" || *text == "\t" || *text == "\\t") {
      d.delimiter = '\t';
    } else {
      throw usage_error(fmt::format("--delimiter must be ',', ';' or tab, not '{}'", *text));
    }
  }
  return d;
}

accounts_source accounts_of(const invocation& args, const std::string& path) {
  return accounts_source::path_or_stdin(path, *args.in, dialect_of(args));
}

void apply_id_options(const invocation& args, table_layout& layout) {
  const auto id = args.get("id");
  if (id && args.has("row-number")) throw usage_error("give --id or --row-number, not both");
  if (id) {
    if (id->empty()) throw usage_error("--id needs a column name");
    layout.id = *id;
    layout.row_numbers = false;
  }
  if (args.has("row-number")) layout.row_numbers = true;
}

std::vector<std::string> split_list(std::string_view text, char sep) {
  std::vector<std::string> out;
  while (true) {
    const auto at = text.find(sep);
    std::string_view part = text.substr(0, at);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    out.emplace_back(part);
    if (at == std::string_view::npos) return out;
    text.remove_prefix(at + 1);
  }
}

std::vector<std::string> kept_columns(const invocation& args, const accounts_source& source,
                                      const table_layout& layout,
                                      const std::vector<std::string>& reserved) {
  const auto keep = args.get("keep");
  if (keep && args.has("keep-all")) throw usage_error("give --keep or --keep-all, not both");
  if (!keep && !args.has("keep-all")) return {};
  const auto header = preview(source, 0).header;
  std::vector<std::string> out;
  if (keep) {
    for (auto& name : split_list(*keep)) {
      if (std::find(header.begin(), header.end(), name) == header.end()) {
        throw usage_error(fmt::format("--keep: '{}' is not a column of {}; {}columns: {}", name,
                                      source.name(), did_you_mean(name, header),
                                      quoted_list(header)));
      }
      if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
    }
  } else {
    for (const auto& name : header)
      if (layout.row_numbers || name != layout.id) out.push_back(name);
  }
  for (const auto& name : out) {
    const bool clash = std::find(reserved.begin(), reserved.end(), name) != reserved.end() ||
                       name.starts_with("contributions.") || name.starts_with("topsis.");
    if (clash) {
      throw usage_error(fmt::format(
          "--keep: the column '{}' has the name of one of kam's output columns ({}); keep the "
          "others with --keep COLS",
          name, quoted_list(reserved)));
    }
  }
  return out;
}

std::vector<std::size_t> keep_columns(const invocation& args, const accounts_source& source,
                                      table_layout& layout,
                                      const std::vector<std::string>& reserved) {
  std::vector<std::size_t> out;
  for (auto& name : kept_columns(args, source, layout, reserved)) {
    out.push_back(layout.text.size());
    layout.text.emplace_back(std::move(name), text_position{"--keep"}, "kept column");
  }
  return out;
}

carried_columns carried(const table_layout& layout, const std::vector<std::size_t>& kept,
                        const table_chunk& c, Eigen::Index r) {
  carried_columns out;
  for (const auto k : kept) {
    const auto text = c.text_of(k, r);
    out.values.emplace_back(layout.text[k].name,
                            text ? std::optional<std::string>(*text) : std::nullopt);
  }
  return out;
}

int precision_of(const invocation& args) {
  const auto p = integer_option(args, "precision", 0, 0);
  if (p > 17) throw usage_error(fmt::format("--precision must be at most 17, not {}", p));
  return static_cast<int>(p);
}

json_path member_path(const json_path& base, const kam::error& e) {
  json_path at = e.field().empty() ? base : base.key(e.field());
  if (e.index()) at = at.index(static_cast<std::size_t>(*e.index()));
  return at;
}

void fail_at_member(const json_document& doc, const json_path& base, const kam::error& e) {
  const json_path at = member_path(base, e);
  throw located_error(e.function(), e.field(), doc.position(at.pointer), e.reason());
}

kam::criteria_set criteria_at(const json_document& doc, const json_path& path,
                              const std::vector<kam::criterion>& items) {
  try {
    return kam::criteria_set(items);
  } catch (const kam::error& e) {
    for (std::size_t j = items.size(); j-- > 0;) {
      if (items[j].name != e.field()) continue;
      throw located_error(e.function(), e.field(), doc.position(path.index(j).pointer),
                          fmt::format("criterion '{}': {}", e.field(), e.reason()));
    }
    throw located_error(e.function(), e.field(), doc.position(path.pointer), e.reason());
  }
}

std::vector<text_position> name_positions(const json_document& doc, const json_path& path,
                                          const std::vector<kam::criterion>& items) {
  std::vector<text_position> out;
  for (std::size_t j = 0; j < items.size(); ++j)
    out.push_back(doc.position_if_given(path.index(j).key("name").pointer));
  return out;
}

std::string label_of(std::string_view name) {
  std::string s(name);
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

}  // namespace kam_tool
