// Helpers shared by the kam tool's commands (see setup.hpp).
#include "setup.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace kam_tool {

std::string id_column(const configuration& cfg) {
  const auto input = cfg.section<input_config>("input");
  if (input.id.empty())
    cfg.document().fail(json_path{}.key("input").key("id"), "the id column has no name");
  return input.id;
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
