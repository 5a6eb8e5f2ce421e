// A kam::invalid_input that says where in which file the problem is: file, line and column.
#pragma once

#include <cstddef>
#include <kam/core/error.hpp>
#include <string>
#include <string_view>
#include <utility>

namespace kam_examples {

/// A place in a text file: 1-based line and column. For CSV files the column is the 1-based field
/// number (what spreadsheets call a column); for JSON files it is the 1-based character (UTF-8
/// code point) on the line.
struct text_position {
  std::string source;  ///< file name as given by the user
  std::size_t line = 0;
  std::size_t column = 0;

  /// Returns "<source>:<line>:<column>", the form compilers and editors understand.
  [[nodiscard]] std::string str() const { return kam::detail::cat(source, ":", line, ":", column); }
};

/// Bad input found in a file. `what()` is "<function>: '<field>': <file>:<line>:<column>: <detail>"
/// like every kam::error; `where()` and `detail()` give the parts, so a command-line tool can print
/// "<file>:<line>:<column>: <detail>".
class located_error : public kam::invalid_input {
 public:
  located_error(std::string function, std::string field, text_position where,
                std::string_view detail)
      : kam::invalid_input({std::move(function), std::move(field), std::nullopt},
                           kam::detail::cat(where.str(), ": ", detail)),
        where_(std::move(where)),
        detail_(detail) {}

  /// Returns the file, line and column of the problem.
  [[nodiscard]] const text_position& where() const noexcept { return where_; }
  /// Returns what went wrong, without the function, field and position.
  [[nodiscard]] const std::string& detail() const noexcept { return detail_; }

 private:
  text_position where_;
  std::string detail_;
};

}  // namespace kam_examples
