// RFC 4180 CSV reading for kam's examples and command-line tool, on libcsv (Debian's libcsv-dev).
//
// Quoted fields with commas, quotes and newlines, CRLF or LF line ends and a UTF-8 byte-order mark
// are accepted; an empty field is a missing value. A ragged row, an unterminated quote or an
// empty header is a kam::invalid_input naming the file, the line and the column.
#pragma once

#include <csv.h>

#include <charconv>
#include <cmath>
#include <cstddef>
#include <exception>
#include <fstream>
#include <istream>
#include <kam/core/error.hpp>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kam_examples {

/// A CSV table held in memory: the header and the records, each with its first physical line.
struct csv_table {
  std::string source;  ///< file name, for messages
  std::vector<std::string> header;
  std::vector<std::vector<std::optional<std::string>>> rows;  ///< nullopt = empty field
  std::vector<std::size_t> lines;  ///< 1-based line where each row starts

  /// Returns the position of column `name`; throws kam::unknown_name listing the header.
  [[nodiscard]] std::size_t column(std::string_view name) const {
    for (std::size_t c = 0; c < header.size(); ++c)
      if (header[c] == name) return c;
    throw kam::unknown_name({"kam::read_csv", source, std::nullopt}, name, header);
  }

  /// Returns field (row, col) as a number; an empty field is NaN (a missing value).
  /// Throws kam::invalid_input naming the file, line and column for text that is not a number.
  [[nodiscard]] double number(std::size_t row, std::size_t col) const {
    const auto& f = rows[row][col];
    if (!f || f->empty()) return std::numeric_limits<double>::quiet_NaN();
    double v = 0;
    const char* first = f->data();
    const char* last = first + f->size();
    while (first < last && *first == ' ') ++first;
    while (last > first && last[-1] == ' ') --last;
    if (first < last && *first == '+') ++first;
    const auto [end, ec] = std::from_chars(first, last, v);
    if (ec != std::errc() || end != last || first == last) {
      throw kam::invalid_input({"kam::read_csv", header[col], static_cast<std::ptrdiff_t>(row)},
                               kam::detail::cat(source, ":", lines[row], ": column ", col + 1,
                                                ": '", *f, "' is not a number"));
    }
    return v;
  }

  /// Returns field (row, col) as text ("" when empty).
  [[nodiscard]] std::string text(std::size_t row, std::size_t col) const {
    return rows[row][col].value_or(std::string());
  }
};

namespace detail {

struct csv_state {
  csv_table* table = nullptr;
  std::vector<std::optional<std::string>> record;
  bool in_header = true;
  std::size_t line = 1;         // physical line being parsed
  std::size_t record_line = 1;  // line where the current record started
  bool record_started = false;
  // Callbacks run inside libcsv's C code, which exceptions must not cross: they park the first
  // error here and ignore everything after it; read_csv rethrows it once csv_parse returns.
  std::exception_ptr failure;
};

inline void on_field(void* data, std::size_t len, void* user) noexcept {
  auto& s = *static_cast<csv_state*>(user);
  if (s.failure) return;
  s.record_started = true;
  try {
    if (data == nullptr) {
      s.record.emplace_back(std::nullopt);
    } else {
      s.record.emplace_back(std::string(static_cast<const char*>(data), len));
    }
  } catch (...) {
    s.failure = std::current_exception();
  }
}

inline void take_record(csv_state& s) {
  auto& t = *s.table;
  if (s.in_header) {
    for (std::size_t c = 0; c < s.record.size(); ++c) {
      if (!s.record[c] || s.record[c]->empty()) {
        throw kam::invalid_input({"kam::read_csv", "header", std::nullopt},
                                 kam::detail::cat(t.source, ":", s.record_line, ": column ", c + 1,
                                                  " has an empty name"));
      }
      for (std::size_t k = 0; k < c; ++k) {
        if (*s.record[k] == *s.record[c]) {
          throw kam::duplicate_name({"kam::read_csv", *s.record[c], std::nullopt},
                                    kam::detail::cat(t.source, ":", s.record_line, ": columns ",
                                                     k + 1, " and ", c + 1, " have the same name"));
        }
      }
      t.header.push_back(*s.record[c]);
    }
    s.in_header = false;
  } else {
    if (s.record.size() != t.header.size()) {
      throw kam::invalid_input({"kam::read_csv", "", static_cast<std::ptrdiff_t>(t.rows.size())},
                               kam::detail::cat(t.source, ":", s.record_line, ": ", s.record.size(),
                                                " fields where the header has ", t.header.size()));
    }
    t.rows.push_back(std::move(s.record));
    t.lines.push_back(s.record_line);
  }
  s.record.clear();
  s.record_started = false;
}

inline void on_record(int /*terminator*/, void* user) noexcept {
  auto& s = *static_cast<csv_state*>(user);
  if (s.failure) return;
  try {
    take_record(s);
  } catch (...) {
    s.failure = std::current_exception();
  }
}

}  // namespace detail

/// Reads a whole CSV stream; `source` names it in error messages.
inline csv_table read_csv(std::istream& in, std::string source) {
  csv_table table;
  table.source = std::move(source);
  csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0) {
    throw kam::invalid_input({"kam::read_csv", table.source, std::nullopt}, "cannot start libcsv");
  }
  struct guard {
    csv_parser* p;
    ~guard() { csv_free(p); }
  } g{&parser};
  detail::csv_state state;
  state.table = &table;
  std::string line;
  bool first = true;
  // One physical line at a time, so every callback knows the line it is on.
  while (std::getline(in, line)) {
    if (first && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // UTF-8 byte-order mark
    first = false;
    line.push_back('\n');
    if (!state.record_started && state.record.empty()) state.record_line = state.line;
    const auto parsed =
        csv_parse(&parser, line.data(), line.size(), detail::on_field, detail::on_record, &state);
    if (state.failure) std::rethrow_exception(state.failure);
    if (parsed != line.size()) {
      throw kam::invalid_input(
          {"kam::read_csv", table.source, std::nullopt},
          kam::detail::cat(table.source, ":", state.line, ": ", csv_strerror(csv_error(&parser))));
    }
    ++state.line;
  }
  const int fini = csv_fini(&parser, detail::on_field, detail::on_record, &state);
  if (state.failure) std::rethrow_exception(state.failure);
  if (fini != 0) {
    throw kam::invalid_input(
        {"kam::read_csv", table.source, std::nullopt},
        kam::detail::cat(table.source, ":", state.record_line,
                         ": unterminated quoted field (it starts on this line)"));
  }
  if (table.header.empty()) {
    throw kam::empty_input({"kam::read_csv", table.source, std::nullopt}, "no header line");
  }
  return table;
}

/// Reads a whole CSV file; throws kam::invalid_input if it cannot be opened.
inline csv_table read_csv_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw kam::invalid_input({"kam::read_csv", path, std::nullopt}, "cannot open the file");
  return read_csv(in, path);
}

}  // namespace kam_examples
