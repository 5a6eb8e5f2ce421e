// A small CSV reader for kam's examples: a whole RFC 4180 file in memory (libcsv does the
// quoting), with the line each record starts on, for messages. The kam tool has its own,
// streaming reader (tools/kam/csv.hpp).
#pragma once

#include <csv.h>

#include <Eigen/Core>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <fstream>
#include <iterator>
#include <kam/core/error.hpp>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kam_examples {

/// A CSV table held in memory: the header and the records, each with the line it starts on.
struct csv_table {
  std::string source;  ///< file name, for messages
  std::vector<std::string> header;
  std::vector<std::vector<std::optional<std::string>>> rows;  ///< nullopt = empty field
  std::vector<std::size_t> lines;                             ///< 1-based line of each row

  /// Returns the position of column `name`; throws kam::unknown_name listing the header.
  [[nodiscard]] std::size_t column(std::string_view name) const {
    for (std::size_t c = 0; c < header.size(); ++c)
      if (header[c] == name) return c;
    throw kam::unknown_name({"kam_examples::read_csv", source}, name, header);
  }

  /// Returns field (row, col) as a number; an empty field is NaN (a missing value). Throws
  /// kam::invalid_input naming the file and line for text that is not a number.
  [[nodiscard]] double number(std::size_t row, std::size_t col) const {
    const auto& f = rows[row][col];
    if (!f) return std::numeric_limits<double>::quiet_NaN();
    double v = 0;
    const auto [end, ec] = std::from_chars(f->data(), f->data() + f->size(), v);
    if (ec == std::errc() && end == f->data() + f->size() && std::isfinite(v)) return v;
    throw kam::invalid_input(
        {"kam_examples::read_csv", header[col]},
        "'" + *f + "' is not a number (" + source + " line " + std::to_string(lines[row]) + ")");
  }

  /// Returns field (row, col) as text ("" when empty).
  [[nodiscard]] std::string text(std::size_t row, std::size_t col) const {
    return rows[row][col].value_or(std::string());
  }
};

namespace detail {

// libcsv calls these for every field and at the end of every record.
struct csv_builder {
  csv_table* table = nullptr;
  std::vector<std::optional<std::string>> record;
  std::size_t line = 1;         // line of the text being fed
  std::size_t record_line = 0;  // line where the current record starts (0: none yet)
  std::size_t ragged_line = 0;  // first record whose field count differs from the header's

  static void on_field(void* data, std::size_t len, void* self) {
    auto& b = *static_cast<csv_builder*>(self);
    if (b.record_line == 0) b.record_line = b.line;
    if (data == nullptr || len == 0) {
      b.record.emplace_back(std::nullopt);
    } else {
      b.record.emplace_back(std::string(static_cast<const char*>(data), len));
    }
  }
  static void on_record(int, void* self) {
    auto& b = *static_cast<csv_builder*>(self);
    csv_table& t = *b.table;
    if (t.header.empty()) {
      for (auto& f : b.record) t.header.push_back(f.value_or(std::string()));
    } else {
      // No exception may cross libcsv's C code: a ragged record is noted and reported after.
      if (b.record.size() != t.header.size() && b.ragged_line == 0) b.ragged_line = b.record_line;
      t.rows.push_back(std::move(b.record));
      t.lines.push_back(b.record_line);
    }
    b.record.clear();
    b.record_line = 0;
  }
};

}  // namespace detail

/// Returns the columns named `names` of `t` as an accounts x columns matrix (an empty field is
/// NaN, a missing value). Throws as csv_table::column and csv_table::number do.
inline Eigen::MatrixXd numbers(const csv_table& t, const std::vector<std::string>& names) {
  Eigen::MatrixXd x(static_cast<Eigen::Index>(t.rows.size()),
                    static_cast<Eigen::Index>(names.size()));
  for (std::size_t j = 0; j < names.size(); ++j) {
    const std::size_t col = t.column(names[j]);
    for (std::size_t i = 0; i < t.rows.size(); ++i)
      x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = t.number(i, col);
  }
  return x;
}

/// Returns column `name` of `t` as a vector of numbers.
inline Eigen::VectorXd numbers(const csv_table& t, const std::string& name) {
  return numbers(t, std::vector<std::string>{name}).col(0);
}

/// Reads a whole CSV file (RFC 4180, header first); throws kam::invalid_input if it cannot be
/// opened or is not valid CSV.
inline csv_table read_csv_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw kam::invalid_input({"kam_examples::read_csv", path}, "cannot open the file");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  csv_table table;
  table.source = path;
  detail::csv_builder b;
  b.table = &table;
  csv_parser p{};
  csv_init(&p, CSV_STRICT | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL);
  csv_set_space_func(&p, [](unsigned char) { return 0; });  // RFC 4180: spaces are data
  // Fed one line at a time, so that each record knows the line it starts on.
  bool ok = true;
  for (std::size_t pos = 0; ok && pos < text.size();) {
    const std::size_t eol = text.find('\n', pos);
    const std::size_t end = eol == std::string::npos ? text.size() : eol + 1;
    ok = csv_parse(&p, text.data() + pos, end - pos, detail::csv_builder::on_field,
                   detail::csv_builder::on_record, &b) == end - pos;
    ++b.line;
    pos = end;
  }
  ok = ok && csv_fini(&p, detail::csv_builder::on_field, detail::csv_builder::on_record, &b) == 0;
  csv_free(&p);
  if (!ok) throw kam::invalid_input({"kam_examples::read_csv", path}, "not a valid CSV file");
  if (b.ragged_line != 0) {
    throw kam::invalid_input({"kam_examples::read_csv", path},
                             "line " + std::to_string(b.ragged_line) +
                                 ": the record's field count differs from the header's");
  }
  return table;
}

}  // namespace kam_examples
