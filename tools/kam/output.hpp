// Output of the kam tool: files that appear whole or not at all (and never replace an input),
// and tables of described rows written as RFC 4180 CSV or as JSON (through Boost.JSON), with no
// per-field code.
#pragma once

#include <boost/describe/enum.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>
#include <fstream>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json_io.hpp"

namespace kam_tool {

/// A file that appears at its path whole or not at all: the content goes to a temporary file in
/// the same directory, renamed over the path by `commit()`. Destroyed without `commit()` (an
/// error on the way), it removes the temporary file and leaves any previous file at the path
/// untouched. The path "-" writes to `standard_output` instead (no such guarantee there).
///
/// It never loses data: a path that is (or links to) one of `inputs`, a read-only file, or
/// anything but a regular file (a directory, a FIFO, a device, a socket) is refused. A symbolic
/// link is followed: the link stays, the file it points to gets the content. An existing file
/// keeps its permission mode (and, where the process may set it, its owner).
class output_file {
 public:
  /// Checks `path` and opens a temporary file next to the file it resolves to. Throws
  /// usage_error for a path refused as above (the message names the path and the reason),
  /// std::runtime_error when no temporary file can be made there.
  output_file(std::string path, std::ostream& standard_output,
              const std::vector<std::string>& inputs = {});
  output_file(const output_file&) = delete;
  output_file& operator=(const output_file&) = delete;
  ~output_file();

  /// Returns the stream to write to.
  [[nodiscard]] std::ostream& stream() { return path_ == "-" ? standard_output_ : file_; }

  /// Completes the file: flushes, closes and renames it into place. Throws std::runtime_error
  /// (and leaves no file at the path and no temporary file) if any write or the rename failed,
  /// usage_error if the target has become something it may not replace.
  void commit();

 private:
  std::string path_;
  std::ostream& standard_output_;
  std::string target_;  // path_ with symbolic links followed: where the content goes
  std::string temp_;
  std::ofstream file_;
};

/// Returns `v` in the shortest form that reads back as the same double ("0.5", "74.10714285714286",
/// "1e-07"); empty for a non-finite value. With `precision` > 0, `v` is first rounded to that many
/// significant digits (3: 74.10714285714286 -> "74.1", 15.000000000000002 -> "15", 123456 ->
/// "123000"), then written the same way.
[[nodiscard]] std::string format_number(double v, int precision = 0);

/// Appends the JSON text of `v` to `out`: Boost.JSON's serializer, except that doubles are written
/// as format_number writes them ("0.25", "100", "1e-07") where Boost 1.81 writes "2.5E-1", "1E2".
void append_json(std::string& out, const boost::json::value& v, int precision = 0);

/// Returns the JSON text of `v` (see append_json).
[[nodiscard]] std::string serialize_json(const boost::json::value& v);

/// Appends `field` to `line` as one RFC 4180 field: quoted (with inner quotes doubled) when it
/// holds a comma, a quote, a line break, or spaces at either end that a reader might trim.
void append_csv_field(std::string& line, std::string_view field);

/// One CSV column of a row: its name ("member.name" for nested members), its text, and the
/// number it was written from (for --precision).
struct csv_cell {
  csv_cell(std::string n, std::string t, std::optional<double> v = std::nullopt)
      : name(std::move(n)), text(std::move(t)), number(v) {}
  std::string name;
  std::string text;
  std::optional<double> number;
};

/// Returns `prefix.name` ("name" for an empty prefix).
[[nodiscard]] std::string column_name(const std::string& prefix, std::string_view name);

// CSV cells: add_cells(value, prefix, cells) appends the columns of `value`, one per member,
// nested described structs and (name, value) lists flattened as "member.name". An empty optional
// value is one empty field; an empty optional described struct (a group of columns a run does
// not compute, such as the relationship columns without a contacts file) gives no columns, so a
// table must have such a group in every row or in none.

/// Adds the members of a JSON object (nested objects flattened, null as an empty field).
void add_cells(const boost::json::object& value, const std::string& prefix,
               std::vector<csv_cell>& cells);
/// Adds a JSON value (integers and arrays as their JSON text).
void add_cells(const boost::json::value& value, const std::string& prefix,
               std::vector<csv_cell>& cells);
/// Adds a string.
void add_cells(std::string_view value, const std::string& prefix, std::vector<csv_cell>& cells);
/// Adds true or false.
void add_cells(bool value, const std::string& prefix, std::vector<csv_cell>& cells);
/// Adds a number in its shortest round-trip form (empty when not finite).
void add_cells(double value, const std::string& prefix, std::vector<csv_cell>& cells);
/// Adds an integer.
void add_cells(long long value, const std::string& prefix, std::vector<csv_cell>& cells);

/// Adds an integer of another type.
template <std::integral T>
requires(!std::same_as<T, bool> &&
         !std::same_as<T, long long>) void add_cells(T value, const std::string& prefix,
                                                     std::vector<csv_cell>& cells) {
  add_cells(static_cast<long long>(value), prefix, cells);
}

/// Adds the carried columns under their own names (no prefix).
void add_cells(const carried_columns& value, const std::string& prefix,
               std::vector<csv_cell>& cells);

/// Adds the name of a described enum.
template <kam::described_enum E>
void add_cells(E value, const std::string& prefix, std::vector<csv_cell>& cells) {
  add_cells(kam::enum_name(value), prefix, cells);
}

template <typename T>
void add_cells(const std::vector<std::pair<std::string, T>>& value, const std::string& prefix,
               std::vector<csv_cell>& cells);
template <typename T>
void add_cells(const std::optional<T>& value, const std::string& prefix,
               std::vector<csv_cell>& cells);

/// Adds the members of a described struct.
template <kam::described_struct T>
void add_cells(const T& value, const std::string& prefix, std::vector<csv_cell>& cells) {
  boost::mp11::mp_for_each<described_members<T>>([&](auto member) {
    add_cells(value.*member.pointer, column_name(prefix, member.name), cells);
  });
}

/// Adds (name, value) pairs as "prefix.name" columns.
template <typename T>
void add_cells(const std::vector<std::pair<std::string, T>>& value, const std::string& prefix,
               std::vector<csv_cell>& cells) {
  for (const auto& [k, v] : value) add_cells(v, column_name(prefix, k), cells);
}

/// Adds an optional value: one empty field when absent.
template <typename T>
void add_cells(const std::optional<T>& value, const std::string& prefix,
               std::vector<csv_cell>& cells) {
  if (value) {
    add_cells(*value, prefix, cells);
  } else {
    cells.push_back({prefix, {}});
  }
}

/// Adds an optional group of columns: no columns at all when absent.
template <kam::described_struct T>
void add_cells(const std::optional<T>& value, const std::string& prefix,
               std::vector<csv_cell>& cells) {
  if (value) add_cells(*value, prefix, cells);
}

/// The formats a table can be written in.
enum class table_format { csv, json };
BOOST_DESCRIBE_ENUM(table_format, csv, json)

/// Returns the format asked for with --format, else the one the output path's extension implies
/// (".json" is JSON; anything else, and standard output, is CSV). Throws usage_error for another.
[[nodiscard]] table_format choose_format(const std::optional<std::string>& format,
                                         const std::string& path);

/// Writes rows as a table, in order: CSV (a header from the column names of the first row, then
/// one line per row, LF line ends) or JSON (`{<head members>, "<rows name>": [ one object per
/// line ], <tail members>}`). The row-independent part of table_writer.
class table_sink {
 public:
  /// Starts the table on `out`. `head` (JSON only) is written before the rows.
  table_sink(std::ostream& out, table_format format, std::string rows_name,
             const boost::json::object& head = {});

  /// Writes one row given as CSV cells and as JSON.
  void write(const std::vector<csv_cell>& cells, const boost::json::value& json);

  /// Returns the format.
  [[nodiscard]] table_format format() const noexcept { return format_; }

  /// Writes numbers rounded to `digits` significant digits (0: exactly; see format_number).
  void set_precision(int digits) noexcept { precision_ = digits; }

  /// Ends the table; `tail` (JSON only) is written after the rows.
  void finish(const boost::json::object& tail = {});

 private:
  std::ostream& out_;
  table_format format_;
  std::string rows_name_;
  std::string line_;
  std::size_t rows_ = 0;
  int precision_ = 0;
};

/// Writes rows of the described struct (or JSON object) `Row` as a table (see table_sink).
template <typename Row>
class table_writer {
 public:
  /// Starts the table on `out`. `head` (JSON only) is written before the rows.
  table_writer(std::ostream& out, table_format format, std::string rows_name,
               const boost::json::object& head = {})
      : sink_(out, format, std::move(rows_name), head) {}

  /// Writes one row.
  void write(const Row& row) {
    cells_.clear();
    if (sink_.format() == table_format::csv) add_cells(row, {}, cells_);
    sink_.write(cells_, sink_.format() == table_format::json ? to_json(row) : nullptr);
  }

  /// Ends the table; `tail` (JSON only) is written after the rows.
  void finish(const boost::json::object& tail = {}) { sink_.finish(tail); }

  /// Writes numbers rounded to `digits` significant digits (0: exactly; see format_number).
  void set_precision(int digits) noexcept { sink_.set_precision(digits); }

 private:
  table_sink sink_;
  std::vector<csv_cell> cells_;
};

}  // namespace kam_tool
