// Output of the kam tool (see output.hpp).
#include "output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json/serialize.hpp>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <ostream>
#include <stdexcept>
#include <system_error>

#include "command.hpp"

namespace kam_tool {
namespace {

// Throws usage_error when `path` names the same file as one of `inputs`.
void check_not_an_input(const std::string& path, const std::vector<std::string>& inputs) {
  for (const auto& input : inputs) {
    std::error_code ec;
    if (std::filesystem::equivalent(path, input, ec)) {
      throw usage_error(fmt::format(
          "the output {} is the input {}; kam never writes over its input (choose another -o)",
          path, input));
    }
  }
}

}  // namespace

output_file::output_file(std::string path, std::ostream& standard_output,
                         const std::vector<std::string>& inputs)
    : path_(std::move(path)), standard_output_(standard_output) {
  if (path_ == "-") return;
  check_not_an_input(path_, inputs);
  std::string templ = path_ + ".kam-tmp-XXXXXX";
  const int fd = ::mkstemp(templ.data());
  if (fd < 0) {
    throw std::runtime_error(fmt::format("cannot create a temporary file next to {}: {}", path_,
                                         std::generic_category().message(errno)));
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

output_file::~output_file() {
  if (temp_.empty()) return;
  file_.close();
  std::error_code ec;
  std::filesystem::remove(temp_, ec);
}

void output_file::commit() {
  if (path_ == "-") {
    standard_output_.flush();
    if (!standard_output_) throw std::runtime_error("cannot write to standard output");
    return;
  }
  file_.close();
  if (!file_) throw std::runtime_error(fmt::format("cannot write {} (disk full?)", path_));
  std::filesystem::rename(temp_, path_);
  temp_.clear();
}

std::string format_number(double v) {
  if (!std::isfinite(v)) return {};
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return {buf, r.ptr};
}

void append_json(std::string& out, const boost::json::value& v) {
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

std::string serialize_json(const boost::json::value& v) {
  std::string out;
  append_json(out, v);
  return out;
}

void append_csv_field(std::string& line, std::string_view field) {
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

std::string column_name(const std::string& prefix, std::string_view name) {
  return prefix.empty() ? std::string(name) : fmt::format("{}.{}", prefix, name);
}

void add_cells(const boost::json::object& value, const std::string& prefix,
               std::vector<csv_cell>& cells) {
  for (const auto& kv : value) add_cells(kv.value(), column_name(prefix, kv.key()), cells);
}

void add_cells(const boost::json::value& value, const std::string& prefix,
               std::vector<csv_cell>& cells) {
  switch (value.kind()) {
    case boost::json::kind::object:
      add_cells(value.get_object(), prefix, cells);
      break;
    case boost::json::kind::null:
      cells.push_back({prefix, {}});
      break;
    case boost::json::kind::string:
      add_cells(std::string_view(value.get_string()), prefix, cells);
      break;
    case boost::json::kind::bool_:
      add_cells(value.get_bool(), prefix, cells);
      break;
    case boost::json::kind::double_:
      add_cells(value.get_double(), prefix, cells);
      break;
    default:  // integers, and arrays as their JSON text
      cells.push_back({prefix, serialize_json(value)});
  }
}

void add_cells(std::string_view value, const std::string& prefix, std::vector<csv_cell>& cells) {
  cells.push_back({prefix, std::string(value)});
}

void add_cells(bool value, const std::string& prefix, std::vector<csv_cell>& cells) {
  cells.push_back({prefix, value ? "true" : "false"});
}

void add_cells(double value, const std::string& prefix, std::vector<csv_cell>& cells) {
  cells.push_back({prefix, format_number(value)});
}

void add_cells(long long value, const std::string& prefix, std::vector<csv_cell>& cells) {
  cells.push_back({prefix, std::to_string(value)});
}

table_format choose_format(const std::optional<std::string>& format, const std::string& path) {
  if (format) {
    if (*format == "csv") return table_format::csv;
    if (*format == "json") return table_format::json;
    throw usage_error(fmt::format("--format must be csv or json, not '{}'", *format));
  }
  return path.ends_with(".json") ? table_format::json : table_format::csv;
}

table_sink::table_sink(std::ostream& out, table_format format, std::string rows_name,
                       const boost::json::object& head)
    : out_(out), format_(format), rows_name_(std::move(rows_name)) {
  if (format_ != table_format::json) return;
  out_ << '{';
  for (const auto& kv : head) {
    out_ << boost::json::serialize(boost::json::value(kv.key())) << ':'
         << serialize_json(kv.value()) << ",\n";
  }
  out_ << boost::json::serialize(boost::json::value(rows_name_)) << ":[";
}

void table_sink::write(const std::vector<csv_cell>& cells, const boost::json::value& json) {
  line_.clear();
  if (format_ == table_format::csv) {
    if (rows_ == 0) {
      for (std::size_t k = 0; k < cells.size(); ++k) {
        if (k > 0) line_ += ',';
        append_csv_field(line_, cells[k].name);
      }
      line_ += '\n';
    }
    for (std::size_t k = 0; k < cells.size(); ++k) {
      if (k > 0) line_ += ',';
      append_csv_field(line_, cells[k].text);
    }
    line_ += '\n';
  } else {
    line_ = rows_ == 0 ? "\n" : ",\n";
    append_json(line_, json);
  }
  out_ << line_;
  ++rows_;
}

void table_sink::finish(const boost::json::object& tail) {
  if (format_ != table_format::json) return;
  out_ << (rows_ == 0 ? "]" : "\n]");
  for (const auto& kv : tail) {
    out_ << ",\n"
         << boost::json::serialize(boost::json::value(kv.key())) << ':'
         << serialize_json(kv.value());
  }
  out_ << "}\n";
}

}  // namespace kam_tool
