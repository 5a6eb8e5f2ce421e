// Helpers shared by the kam tool's commands to turn configuration into validated library objects:
// the input section, criteria sets, enums read from CSV fields, and library errors about
// configuration reported at their place in the configuration file from the errors' structured
// fields (kam::error::field and index).
#pragma once

#include <boost/describe/class.hpp>
#include <cstddef>
#include <kam/core.hpp>
#include <kam/scoring.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "command.hpp"
#include "json_io.hpp"
#include "table.hpp"

namespace kam_tool {

/// The "input" section of the configuration: how the accounts file is read.
struct input_config {
  std::string id = "id";  ///< the column holding each account's id
};
BOOST_DESCRIBE_STRUCT(input_config, (), (id))

/// Returns the id column named by the "input" section ("id" by default); an empty name is a
/// located_error.
[[nodiscard]] std::string id_column(const configuration& cfg);

/// Returns the CSV dialect the command line asks for: --delimiter (',', ';', 'tab' or a tab
/// character; default: detected) and --decimal-comma. Throws usage_error for another delimiter.
[[nodiscard]] csv_dialect dialect_of(const invocation& args);

/// Returns the accounts input `path` ("-": standard input) with the dialect of the command line.
[[nodiscard]] accounts_source accounts_of(const invocation& args, const std::string& path);

/// Applies --id COL and --row-number (ids are the records' numbers, 1 first) to `layout`: they
/// override input.id. Throws usage_error when both are given.
void apply_id_options(const invocation& args, table_layout& layout);

/// Returns the columns --keep COLS (comma-separated) or --keep-all (every column but the id, in
/// file order) ask to carry into the output, after checking that none is named like one of
/// `reserved` (the command's own output columns) and that --keep names columns of the input
/// (with a "did you mean"); `source` is read for its header. Throws usage_error.
[[nodiscard]] std::vector<std::string> kept_columns(const invocation& args,
                                                    const accounts_source& source,
                                                    const table_layout& layout,
                                                    const std::vector<std::string>& reserved);

/// Adds the columns of kept_columns(args, source, layout, reserved) to the text columns of
/// `layout` (for messages: named by --keep); returns their indices there, in order.
[[nodiscard]] std::vector<std::size_t> keep_columns(const invocation& args,
                                                    const accounts_source& source,
                                                    table_layout& layout,
                                                    const std::vector<std::string>& reserved);

/// Returns the text of the kept columns `kept` (indices into the layout's text columns, named
/// by `layout`) of row `r` of `c`.
[[nodiscard]] carried_columns carried(const table_layout& layout,
                                      const std::vector<std::size_t>& kept, const table_chunk& c,
                                      Eigen::Index r);

/// Returns --precision N (significant digits of the numbers written; 0, the default, writes the
/// shortest form that reads back as the same number). Throws usage_error outside [0, 17].
[[nodiscard]] int precision_of(const invocation& args);

/// Returns `text` split at `sep`, each part without spaces at either end.
[[nodiscard]] std::vector<std::string> split_list(std::string_view text, char sep = ',');

/// Returns the path of the configuration value a library error names, for an object that was
/// read from `base`: the member named by the error's field (`base` itself when it names none),
/// and the element named by its index.
[[nodiscard]] json_path member_path(const json_path& base, const kam::error& e);

/// Throws located_error with the error's reason at member_path(base, e).
[[noreturn]] void fail_at_member(const json_document& doc, const json_path& base,
                                 const kam::error& e);

/// Returns the criteria set of `items` (configured at `path`, an array), validated by
/// kam::criteria_set; a rejection is reported at the criterion it names (the last one of that
/// name, for duplicates), or at the array.
[[nodiscard]] kam::criteria_set criteria_at(const json_document& doc, const json_path& path,
                                            const std::vector<kam::criterion>& items);

/// Returns where each criterion of `items` (configured at `path`) is named in the file: an empty
/// position for criteria the file does not name (defaults), whose missing column is then
/// reported at the data file's header.
[[nodiscard]] std::vector<text_position> name_positions(const json_document& doc,
                                                        const json_path& path,
                                                        const std::vector<kam::criterion>& items);

/// Returns the enumerator of `E` named `text`, read from a CSV field at `where`; throws
/// located_error listing the names `E` knows otherwise. `what` names the field in the message.
template <kam::described_enum E>
[[nodiscard]] E enum_field(std::string_view text, const text_position& where,
                           std::string_view what) {
  try {
    return kam::enum_from_name<E>(text, what, "kam_tool::read_accounts");
  } catch (const kam::unknown_name& e) {
    throw located_error("kam_tool::read_accounts", std::string(what), where,
                        fmt::format("'{}' is not a {}; {}known: {}", text, what,
                                    did_you_mean(text, e.known()), quoted_list(e.known())));
  }
}

/// Counts by name (an enumerator, a quadrant, a posture).
using name_counts = std::vector<std::pair<std::string, long long>>;

/// Returns `"name": count` pairs for counts indexed by the enumerators of `E`, in their order.
template <kam::described_enum E, typename Counts>
[[nodiscard]] name_counts named_counts(const Counts& counts) {
  name_counts out;
  const auto names = kam::enum_names<E>();
  for (std::size_t k = 0; k < names.size(); ++k)
    out.emplace_back(names[k], static_cast<long long>(counts[k]));
  return out;
}

/// Returns `name` with underscores as spaces ("non_critical" -> "non critical"), for labels.
[[nodiscard]] std::string label_of(std::string_view name);

}  // namespace kam_tool
