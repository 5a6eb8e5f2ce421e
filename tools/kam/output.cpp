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
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string_view>
#include <system_error>

#include "command.hpp"

namespace kam_tool {
namespace {

namespace fs = std::filesystem;

// Throws usage_error when `path` names the same file as one of `inputs` (through any spelling,
// symbolic link or hard link: the same device and inode).
void check_not_an_input(const std::string& path, const std::vector<std::string>& inputs) {
  for (const auto& input : inputs) {
    std::error_code ec;
    if (fs::equivalent(path, input, ec)) {
      throw usage_error(fmt::format(
          "the output {} is the input {}; kam never writes over its input (choose another -o)",
          path, input));
    }
  }
}

// Returns where a write to `path` lands: `path` itself, or for a symbolic link the file at the
// end of its chain of links (which need not exist yet). Throws usage_error for a loop of links.
std::string follow_links(const std::string& path) {
  fs::path p = path;
  for (int hops = 0; hops < 40; ++hops) {  // Linux's own limit (MAXSYMLINKS)
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(p, ec))) return p.string();
    const fs::path link = fs::read_symlink(p, ec);
    if (ec) return p.string();
    p = link.is_absolute() ? link : p.parent_path() / link;
  }
  throw usage_error(fmt::format("the output {} is a loop of symbolic links", path));
}

// Returns what a file of `mode` is, for one that is not a regular file.
std::string_view kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a named pipe (FIFO)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// Returns the status of `target` (the file `path` resolves to) when it exists, after checking
// that kam may replace it: a regular file with write permission for its owner (the mode bits,
// which hold for root too) that the process may write. Throws usage_error otherwise.
std::optional<struct stat> replaceable(const std::string& path, const std::string& target) {
  struct stat st {};
  if (::stat(target.c_str(), &st) != 0) return std::nullopt;  // a new file
  const std::string name = target == path ? path : fmt::format("{} (a link to {})", path, target);
  if (!S_ISREG(st.st_mode)) {
    throw usage_error(fmt::format(
        "the output {} is {}; kam writes only regular files (-o - writes to standard output)", name,
        kind_of(st.st_mode)));
  }
  if ((st.st_mode & S_IWUSR) == 0) {
    throw usage_error(
        fmt::format("the output {} is read-only (mode {:04o}); kam does not "
                    "overwrite it (make it writable or choose another -o)",
                    name, st.st_mode & 07777));
  }
  if (::access(target.c_str(), W_OK) != 0) {
    throw usage_error(
        fmt::format("the output {} is not writable for this user (mode {:04o}); kam "
                    "does not replace it (choose another -o)",
                    name, st.st_mode & 07777));
  }
  return st;
}

// Gives the temporary file `fd` the owner and mode of the file it replaces, or the mode a new
// file gets (mkstemp makes it private, 0600). The owner first: chown clears set-id bits.
void take_mode(int fd, const std::optional<struct stat>& existing) {
  if (!existing) {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, static_cast<mode_t>(0666 & ~mask));
    return;
  }
  if (existing->st_uid != ::geteuid() || existing->st_gid != ::getegid()) {
    // Only root may give a file away; for anyone else the new file is theirs, as with cp.
    [[maybe_unused]] const int given = ::fchown(fd, existing->st_uid, existing->st_gid);
  }
  ::fchmod(fd, existing->st_mode & 07777);
}

}  // namespace

output_file::output_file(std::string path, std::ostream& standard_output,
                         const std::vector<std::string>& inputs)
    : path_(std::move(path)), standard_output_(standard_output) {
  if (path_ == "-") return;
  if (path_.empty()) throw usage_error("-o needs a file name (or - for standard output)");
  check_not_an_input(path_, inputs);
  target_ = follow_links(path_);
  const auto existing = replaceable(path_, target_);
  std::string templ = target_ + ".kam-tmp-XXXXXX";
  const int fd = ::mkstemp(templ.data());
  if (fd < 0) {
    throw std::runtime_error(fmt::format("cannot write {}: cannot create a file next to it: {}",
                                         path_, std::generic_category().message(errno)));
  }
  take_mode(fd, existing);
  ::close(fd);
  temp_ = templ;
  file_.open(temp_, std::ios::binary | std::ios::trunc);
  if (!file_) {
    fs::remove(temp_);
    temp_.clear();
    throw std::runtime_error(fmt::format("cannot write {}", path_));
  }
}

output_file::~output_file() {
  if (temp_.empty()) return;
  file_.close();
  std::error_code ec;
  fs::remove(temp_, ec);
}

void output_file::commit() {
  if (path_ == "-") {
    standard_output_.flush();
    if (!standard_output_) throw std::runtime_error("cannot write to standard output");
    return;
  }
  file_.close();
  if (!file_) throw std::runtime_error(fmt::format("cannot write {} (disk full?)", path_));
  (void)replaceable(path_, target_);  // again: the target may have changed since
  std::error_code ec;
  fs::rename(temp_, target_, ec);
  if (ec) throw std::runtime_error(fmt::format("cannot write {}: {}", path_, ec.message()));
  temp_.clear();
}

std::string format_number(double v, int precision) {
  if (!std::isfinite(v)) return {};
  char buf[64];
  if (precision > 0) {  // round to `precision` significant digits, then read it back
    const auto e =
        std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific, precision - 1);
    (void)std::from_chars(buf, e.ptr, v);
  }
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return {buf, r.ptr};
}

void append_json(std::string& out, const boost::json::value& v, int precision) {
  switch (v.kind()) {
    case boost::json::kind::double_: {
      const std::string text = format_number(v.get_double(), precision);
      out += text.empty() ? "null" : text;
      return;
    }
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out += ',';
        first = false;
        append_json(out, e, precision);
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
        append_json(out, kv.value(), precision);
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
  cells.push_back({prefix, format_number(value), value});
}

void add_cells(const carried_columns& value, const std::string& /*prefix*/,
               std::vector<csv_cell>& cells) {
  for (const auto& [name, text] : value.values) cells.push_back({name, text.value_or("")});
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
      const auto& c = cells[k];
      append_csv_field(line_,
                       precision_ > 0 && c.number ? format_number(*c.number, precision_) : c.text);
    }
    line_ += '\n';
  } else {
    line_ = rows_ == 0 ? "\n" : ",\n";
    append_json(line_, json, precision_);
  }
  out_ << line_;
  ++rows_;
}

void table_sink::finish(const boost::json::object& tail) {
  if (format_ != table_format::json) return;
  out_ << (rows_ == 0 ? "]" : "\n]");
  for (const auto& kv : tail) {
    std::string value;
    append_json(value, kv.value(), precision_);
    out_ << ",\n" << boost::json::serialize(boost::json::value(kv.key())) << ':' << value;
  }
  out_ << "}\n";
}

}  // namespace kam_tool
