// Where in which file a problem is (file, line, column), and the error that carries it.
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <kam/core.hpp>
#include <string>
#include <string_view>
#include <utility>

namespace kam_tool {

/// A place in a text file: 1-based line and column. For CSV files the column is the 1-based field
/// number (what spreadsheets call a column); for JSON files it is the 1-based character (UTF-8
/// code point) on the line. Line 0 means the file as a whole; an empty source means no file (a
/// default of the absent configuration), and messages then carry no position.
struct text_position {
  std::string source;  ///< file name as given by the user
  std::size_t line = 0;
  std::size_t column = 0;

  /// Returns "<source>:<line>:<column>", the form compilers and editors understand, or the
  /// source alone for the whole file.
  [[nodiscard]] std::string str() const {
    return line == 0 ? source : fmt::format("{}:{}:{}", source, line, column);
  }
};

/// Bad input found in a file: a kam::invalid_input whose site names the tool's function and the
/// field, with the file position and the message apart, so that the tool prints
/// "<file>:<line>:<column>: <detail>".
class located_error : public kam::invalid_input {
 public:
  /// An error at `where`: `detail` says what is wrong there.
  located_error(std::string function, std::string field, text_position where,
                std::string_view detail)
      : kam::invalid_input({std::move(function), std::move(field)},
                           where.source.empty() ? std::string(detail)
                                                : fmt::format("{}: {}", where.str(), detail)),
        where_(std::move(where)),
        detail_(detail) {}

  /// Returns the file, line and column of the problem.
  [[nodiscard]] const text_position& where() const noexcept { return where_; }
  /// Returns what went wrong, without the position.
  [[nodiscard]] const std::string& detail() const noexcept { return detail_; }

 private:
  text_position where_;
  std::string detail_;
};

/// Returns the names joined as "'a', 'b', 'c'" (for "known: ..." lists in messages).
[[nodiscard]] inline std::string quoted_list(const auto& names) {
  return names.empty() ? std::string() : fmt::format("'{}'", fmt::join(names, "', '"));
}

}  // namespace kam_tool
