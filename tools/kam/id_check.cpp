// The id overlap check of `kam report` (see id_check.hpp).
#include "id_check.hpp"

#include <fmt/format.h>

#include <string_view>
#include <unordered_set>

#include "csv.hpp"

namespace kam_tool {
namespace {

constexpr std::size_t max_examples = 5;

std::string examples(const std::vector<std::string>& ids, std::size_t count) {
  std::string s = fmt::format("{}", fmt::join(ids, ", "));
  if (count > ids.size()) s += ", ...";
  return s;
}

}  // namespace

std::string id_overlap::describe() const {
  std::string s = fmt::format("the ids of {} ({}, column '{}') do not match the accounts':", name,
                              label, column);
  if (not_accounts > 0) {
    s += fmt::format(" {} of its {} ids {} not among the accounts ({})", not_accounts, ids,
                     not_accounts == 1 ? "is" : "are",
                     examples(not_accounts_examples, not_accounts));
  }
  if (accounts_missing > 0) {
    s += fmt::format("{} {} of the {} accounts {} not in it ({})", not_accounts > 0 ? ";" : "",
                     accounts_missing, accounts, accounts_missing == 1 ? "is" : "are",
                     examples(accounts_missing_examples, accounts_missing));
  }
  return s;
}

std::optional<std::vector<std::string>> ids_of(const accounts_source& source,
                                               const std::string& column, bool row_numbers) {
  try {
    const auto stream = source.open();
    csv_reader reader(*stream, source.name(), source.dialect());
    std::size_t col = 0;
    if (!row_numbers) {
      const auto found = reader.find(column);
      if (!found) return std::nullopt;
      col = *found;
      std::vector<bool> keep(reader.header().size(), false);
      keep[col] = true;
      reader.keep_only(keep);
    }
    std::vector<std::string> ids;
    std::unordered_set<std::string> seen;
    csv_record r;
    while (reader.next(r)) {
      std::string id = row_numbers ? std::to_string(r.index() + 1) : std::string(r.field(col));
      if (id.empty()) continue;
      if (seen.insert(id).second) ids.push_back(std::move(id));
    }
    return ids;
  } catch (const located_error&) {
    return std::nullopt;
  }
}

std::optional<id_overlap> compare_ids(const std::vector<std::string>& accounts,
                                      const id_input& input) {
  const auto ids = ids_of(input.source, input.column);
  if (!ids) return std::nullopt;
  id_overlap o;
  o.label = input.label;
  o.name = input.source.name();
  o.column = input.column;
  o.ids = ids->size();
  o.accounts = accounts.size();
  const std::unordered_set<std::string_view> account_set(accounts.begin(), accounts.end());
  const std::unordered_set<std::string_view> id_set(ids->begin(), ids->end());
  for (const auto& id : *ids) {
    if (account_set.contains(id)) continue;
    if (++o.not_accounts <= max_examples) o.not_accounts_examples.push_back(id);
  }
  for (const auto& a : accounts) {
    if (id_set.contains(a)) continue;
    if (++o.accounts_missing <= max_examples) o.accounts_missing_examples.push_back(a);
  }
  return o;
}

}  // namespace kam_tool
