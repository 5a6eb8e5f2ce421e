// Output of the kam tool: files that appear whole or not at all, and tables of described rows
// written as RFC 4180 CSV or as JSON (through Boost.JSON), with no per-field code.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/describe/members.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <kam/core/describe.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

#include "json_io.hpp"

namespace kam_cli {

/// A file that appears at its path whole or not at all: the content goes to a temporary file in
/// the same directory, renamed over the path by `commit()`. Destroyed without `commit()` (an
/// error on the way), it removes the temporary file and leaves any previous file at the path
/// untouched. The path "-" writes to standard output instead (no such guarantee there).
class output_file {
 public:
  /// Opens a temporary file next to `path`; throws std::runtime_error if that is not possible.
  explicit output_file(std::string path) : path_(std::move(path)) {
    if (path_ == "-") return;
    std::string templ = path_ + ".kam-tmp-XXXXXX";
    const int fd = ::mkstemp(templ.data());
    if (fd < 0) {
      throw std::runtime_error("cannot create a temporary file next to " + path_ + ": " +
                               std::generic_category().message(errno));
    }
    // mkstemp makes the file private (0600); give it the mode a plain new file would get.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, static_cast<mode_t>(0666 & ~mask));
    ::close(fd);
    temp_ = templ;
    file_.open(temp_, std::ios::binary | std::ios::trunc);
    if (!file_) {
      std::filesystem::remove(temp_);
      throw std::runtime_error("cannot write " + temp_);
    }
  }
  output_file(const output_file&) = delete;
  output_file& operator=(const output_file&) = delete;
  ~output_file() {
    if (temp_.empty()) return;
    file_.close();
    std::error_code ec;
    std::filesystem::remove(temp_, ec);
  }

  /// Returns the stream to write to.
  [[nodiscard]] std::ostream& stream() { return path_ == "-" ? std::cout : file_; }

  /// Completes the file: flushes, closes and renames it into place. Throws std::runtime_error
  /// (and leaves no file at the path) if any write failed.
  void commit() {
    if (path_ == "-") {
      std::cout.flush();
      if (!std::cout) throw std::runtime_error("cannot write to standard output");
      return;
    }
    file_.close();
    if (!file_) throw std::runtime_error("cannot write " + path_ + " (disk full?)");
    std::filesystem::rename(temp_, path_);
    temp_.clear();
  }

 private:
  std::string path_;
  std::string temp_;
  std::ofstream file_;
};

/// Returns `v` in the shortest form that reads back as the same double ("0.5", "74.10714285714286",
/// "1e-07"); empty for a non-finite value.
[[nodiscard]] inline std::string format_number(double v) {
  if (!std::isfinite(v)) return {};
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return {buf, r.ptr};
}

/// Appends the JSON text of `v` to `out`: Boost.JSON's serializer, except that doubles are written
/// in their shortest round-trip form ("0.25", "100", "1e-07") where Boost 1.81 writes "2.5E-1",
/// "1E2".
inline void append_json(std::string& out, const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::double_: {
      const std::string text = format_number(v.get_double());
      out += text.empty() ? "null" : text;
      return;
    }
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out += ',';
        first = false;
        append_json(out, e);
      }
      out += ']';
      return;
    }
    case boost::json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& kv : v.get_object()) {
        if (!first) out += ',';
        first = false;
        out += boost::json::serialize(boost::json::value(kv.key()));
        out += ':';
        append_json(out, kv.value());
      }
      out += '}';
      return;
    }
    default:
      out += boost::json::serialize(v);
  }
}

/// Returns the JSON text of `v` (see append_json).
[[nodiscard]] inline std::string serialize_json(const boost::json::value& v) {
  std::string out;
  append_json(out, v);
  return out;
}

/// Appends `field` to `line` as one RFC 4180 field: quoted (with inner quotes doubled) when it
/// holds a comma, a quote, a line break, or spaces at either end that a reader might trim.
inline void append_csv_field(std::string& line, std::string_view field) {
  const bool edge_space = !field.empty() && (field.front() == ' ' || field.front() == '\t' ||
                                             field.back() == ' ' || field.back() == '\t');
  if (field.find_first_of(",\"\r\n") == std::string_view::npos && !edge_space) {
    line += field;
    return;
  }
  line += '"';
  for (const char c : field) {
    if (c == '"') line += '"';
    line += c;
  }
  line += '"';
}

namespace detail {

/// Calls `column(name, text)` for every CSV column of `value`: one per member, nested described
/// structs and (name, value) lists flattened as "member.name". An empty optional value is one
/// empty field; an empty optional described struct (a group of columns a run does not compute,
/// such as the relationship columns without a contacts file) gives no columns, so a table must
/// have such a group in every row or in none.
template <typename T, typename F>
void csv_columns(const T& value, const std::string& prefix, F&& column) {
  if constexpr (std::is_same_v<T, boost::json::object>) {
    // Rows whose columns depend on the configuration: members in order, nested objects
    // flattened as "member.name", null as an empty field.
    for (const auto& kv : value) {
      std::string name = prefix;
      if (!name.empty()) name += '.';
      name += std::string_view(kv.key());
      csv_columns(kv.value(), name, column);
    }
  } else if constexpr (std::is_same_v<T, boost::json::value>) {
    switch (value.kind()) {
      case boost::json::kind::object:
        csv_columns(value.get_object(), prefix, column);
        break;
      case boost::json::kind::null:
        column(prefix, std::string());
        break;
      case boost::json::kind::string:
        column(prefix, std::string(std::string_view(value.get_string())));
        break;
      case boost::json::kind::bool_:
        column(prefix, std::string(value.get_bool() ? "true" : "false"));
        break;
      case boost::json::kind::double_:
        column(prefix, format_number(value.get_double()));
        break;
      default:  // integers, and arrays as their JSON text
        column(prefix, serialize_json(value));
    }
  } else if constexpr (kam::described_struct<T>) {
    boost::mp11::mp_for_each<described_members<T>>([&](auto d) {
      std::string name = prefix;
      if (!name.empty()) name += '.';
      name += d.name;
      csv_columns(value.*d.pointer, name, column);
    });
  } else if constexpr (is_named_list<T>::value) {
    for (const auto& [k, v] : value) {
      std::string name = prefix;
      name += '.';
      name += k;
      csv_columns(v, name, column);
    }
  } else if constexpr (is_optional<T>::value) {
    if (value) {
      csv_columns(*value, prefix, column);
    } else if constexpr (!kam::described_struct<typename T::value_type>) {
      column(prefix, std::string());  // an absent value: an empty field
    }  // an absent group of columns (a described struct): no columns at all
  } else if constexpr (kam::described_enum<T>) {
    column(prefix, std::string(kam::enum_name(value)));
  } else if constexpr (std::is_convertible_v<T, std::string_view>) {
    column(prefix, std::string(std::string_view(value)));
  } else if constexpr (std::is_same_v<T, bool>) {
    column(prefix, std::string(value ? "true" : "false"));
  } else if constexpr (std::is_integral_v<T>) {
    column(prefix, std::to_string(value));
  } else if constexpr (std::is_floating_point_v<T>) {
    column(prefix, format_number(static_cast<double>(value)));
  } else {
    static_assert(sizeof(T) == 0, "kam_cli::csv_columns: no CSV form for this member type");
  }
}

}  // namespace detail

/// The formats a table can be written in.
enum class table_format { csv, json };
BOOST_DESCRIBE_ENUM(table_format, csv, json)

/// Returns the format asked for with --format, else the one the output path's extension implies
/// (".json" is JSON; anything else, and standard output, is CSV).
[[nodiscard]] inline table_format choose_format(const std::optional<std::string>& format,
                                                const std::string& path) {
  if (format) {
    if (*format == "csv") return table_format::csv;
    if (*format == "json") return table_format::json;
    throw std::invalid_argument("--format must be csv or json, not '" + *format + "'");
  }
  return path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0 ? table_format::json
                                                                            : table_format::csv;
}

/// Writes rows of the described struct `Row` as a table, one row per call, in order:
/// CSV (a header from the member names, then one line per row, LF line ends) or JSON
/// (`{<head members>, "<rows name>": [ one object per line ], <tail members>}`).
template <typename Row>
class table_writer {
 public:
  /// Starts the table on `out`. `head` (JSON only) is written before the rows.
  table_writer(std::ostream& out, table_format format, std::string rows_name,
               const boost::json::object& head = {})
      : out_(out), format_(format), rows_name_(std::move(rows_name)) {
    if (format_ == table_format::json) {
      out_ << '{';
      for (const auto& kv : head) {
        out_ << boost::json::serialize(boost::json::value(kv.key())) << ':'
             << serialize_json(kv.value()) << ",\n";
      }
      out_ << boost::json::serialize(boost::json::value(rows_name_)) << ":[";
    }
  }

  /// Writes one row.
  void write(const Row& row) {
    line_.clear();
    if (format_ == table_format::csv) {
      if (rows_ == 0) {
        bool first = true;
        detail::csv_columns(row, {}, [&](const std::string& name, const std::string&) {
          if (!first) line_ += ',';
          first = false;
          append_csv_field(line_, name);
        });
        line_ += '\n';
      }
      bool first = true;
      detail::csv_columns(row, {}, [&](const std::string&, const std::string& text) {
        if (!first) line_ += ',';
        first = false;
        append_csv_field(line_, text);
      });
      line_ += '\n';
    } else {
      line_ = rows_ == 0 ? "\n" : ",\n";
      append_json(line_, to_json(row));
    }
    out_ << line_;
    ++rows_;
  }

  /// Ends the table; `tail` (JSON only) is written after the rows.
  void finish(const boost::json::object& tail = {}) {
    if (format_ == table_format::json) {
      out_ << (rows_ == 0 ? "]" : "\n]");
      for (const auto& kv : tail) {
        out_ << ",\n"
             << boost::json::serialize(boost::json::value(kv.key())) << ':'
             << serialize_json(kv.value());
      }
      out_ << "}\n";
    }
  }

 private:
  std::ostream& out_;
  table_format format_;
  std::string rows_name_;
  std::string line_;
  std::size_t rows_ = 0;
};

}  // namespace kam_cli
