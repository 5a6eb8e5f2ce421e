// Helpers shared by the kam tool's commands to turn configuration into validated library objects:
// criteria sets, enums read from CSV fields, and library errors about configuration reported at
// their place in the configuration file.
#pragma once

#include <cstddef>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <kam/scoring/criteria.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json_io.hpp"
#include "score_pipeline.hpp"

namespace kam_cli {

/// Throws located_error for a library error about the configuration under `base`: the error's
/// field names a member of `base` ("cut", "our_revenue") or an element of one ("value_edges[2]"),
/// and the message points at that value (or its closest ancestor present in the file).
[[noreturn]] inline void fail_config_field(const json_document& doc, const json_path& base,
                                           const kam::error& e) {
  json_path at = base;
  const std::string& f = e.field();
  const auto open = f.find('[');
  if (!f.empty() && open != std::string::npos && f.ends_with("]")) {
    at = detail::indexed_field(base, f, std::string_view(f).substr(0, open));
  } else if (!f.empty()) {
    at = base.key(f);
  }
  throw located_error(e.function(), e.field(), doc.position(at.pointer),
                      kam::detail::cat(without_site(e), " (", e.function(), ")"));
}

/// Returns the criteria set of `items` (configured at `path`, an array), validated by
/// kam::criteria_set; a rejection is reported at the criterion it names (the last one of that
/// name, for duplicates), or at the array.
[[nodiscard]] inline kam::criteria_set criteria_at(const json_document& doc, const json_path& path,
                                                   const std::vector<kam::criterion>& items) {
  try {
    return kam::criteria_set(items);
  } catch (const kam::error& e) {
    for (std::size_t j = items.size(); j-- > 0;) {
      if (items[j].name == e.field()) {
        throw located_error(e.function(), e.field(), doc.position(path.index(j).pointer),
                            kam::detail::cat("criterion '", e.field(), "': ", without_site(e)));
      }
    }
    throw located_error(e.function(), e.field(), doc.position(path.pointer), without_site(e));
  }
}

/// Returns where each criterion of `items` (configured at `path`) is named in the file.
[[nodiscard]] inline std::vector<text_position> name_positions(
    const json_document& doc, const json_path& path, const std::vector<kam::criterion>& items) {
  std::vector<text_position> out;
  for (std::size_t j = 0; j < items.size(); ++j)
    out.push_back(doc.position(path.index(j).key("name").pointer));
  return out;
}

/// Returns the enumerator of `E` named `text`, read from a CSV field at `where`; throws
/// located_error listing the names `E` knows otherwise. `what` names the field in the message.
template <kam::described_enum E>
[[nodiscard]] E enum_field(std::string_view text, const text_position& where,
                           std::string_view what) {
  try {
    return kam::enum_from_name<E>(text, what, "kam_cli::read_accounts");
  } catch (const kam::unknown_name& e) {
    throw located_error("kam_cli::read_accounts", std::string(what), where,
                        kam::detail::cat("'", text, "' is not a ", what,
                                         "; known: ", kam::detail::quoted_list(e.known())));
  }
}

/// Returns `"name": count` pairs for counts indexed by the enumerators of `E`, in their order.
template <kam::described_enum E, typename Counts>
[[nodiscard]] std::vector<std::pair<std::string, long long>> named_counts(const Counts& counts) {
  std::vector<std::pair<std::string, long long>> out;
  const auto names = kam::enum_names<E>();
  for (std::size_t k = 0; k < names.size(); ++k)
    out.emplace_back(names[k], static_cast<long long>(counts[k]));
  return out;
}

}  // namespace kam_cli
