// The id overlap check of `kam report`: before a report is written, the ids of the accounts file
// are compared with those of every other input given (revenue, contacts, transactions, plans),
// so that a section silently empty because its file names other accounts is told, not drawn.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "table.hpp"

namespace kam_tool {

/// An input whose ids are compared with the accounts': what it is ("--revenue"), where it is
/// and its id column.
struct id_input {
  std::string label;
  accounts_source source;
  std::string column;
};

/// The ids of one input against the accounts': how many of its distinct ids are not accounts
/// and how many accounts it does not name, each with up to five examples in file order.
struct id_overlap {
  std::string label;
  std::string name;    ///< the input's file name
  std::string column;  ///< its id column
  std::size_t ids = 0;
  std::size_t not_accounts = 0;
  std::vector<std::string> not_accounts_examples;
  std::size_t accounts = 0;
  std::size_t accounts_missing = 0;
  std::vector<std::string> accounts_missing_examples;

  /// Returns whether every id is an account and every account is named.
  [[nodiscard]] bool matches() const noexcept { return not_accounts == 0 && accounts_missing == 0; }
  /// Returns the mismatch in words (one line, no line end).
  [[nodiscard]] std::string describe() const;
};

/// Returns the ids of column `column` of `source`, distinct, in file order (with `row_numbers`,
/// the records' numbers 1, 2, ...), or nothing when the input cannot be read or has no such
/// column (the command that reads it then says why).
[[nodiscard]] std::optional<std::vector<std::string>> ids_of(const accounts_source& source,
                                                             const std::string& column,
                                                             bool row_numbers = false);

/// Returns the overlap of `input` with `accounts` (distinct, in file order), or nothing when the
/// input's ids cannot be read (see ids_of).
[[nodiscard]] std::optional<id_overlap> compare_ids(const std::vector<std::string>& accounts,
                                                    const id_input& input);

}  // namespace kam_tool
