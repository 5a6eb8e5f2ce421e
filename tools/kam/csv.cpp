// RFC 4180 CSV reading for the kam tool (see csv.hpp).
#include "csv.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <system_error>

namespace kam_tool {

namespace {

// Returns `text` without spaces and tabs at either end.
std::string_view trim_blanks(std::string_view text) {
  const auto blank = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && blank(text.back())) text.remove_suffix(1);
  return text;
}

// Returns `text` (written with a decimal comma) with the decimal point of from_chars, or nothing
// when its '.' do not group the digits before the comma in threes ("1.234,5" -> "1234.5").
std::optional<std::string> from_decimal_comma(std::string_view text) {
  const auto comma = text.find(',');
  if (comma != std::string_view::npos && text.find(',', comma + 1) != std::string_view::npos)
    return std::nullopt;
  const std::string_view whole = text.substr(0, comma);
  std::string out;
  std::size_t group = 0;
  bool grouped = false;
  for (const char c : whole) {
    if (c == '.') {
      if (grouped ? group != 3 : group == 0) return std::nullopt;
      grouped = true;
      group = 0;
      continue;
    }
    if (c >= '0' && c <= '9') ++group;
    out += c;
  }
  if (grouped && group != 3) return std::nullopt;
  if (comma != std::string_view::npos) {
    const std::string_view frac = text.substr(comma + 1);
    if (frac.find('.') != std::string_view::npos) return std::nullopt;
    out += '.';
    out += frac;
  }
  return out;
}

}  // namespace

char detect_delimiter(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::size_t commas = 0;
  std::size_t semicolons = 0;
  std::size_t tabs = 0;
  bool quoted = false;
  for (const char c : text) {
    if (c == '"') quoted = !quoted;  // a doubled quote toggles twice: still inside
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    commas += c == ',' ? 1 : 0;
    semicolons += c == ';' ? 1 : 0;
    tabs += c == '\t' ? 1 : 0;
  }
  if (semicolons > commas && semicolons >= tabs) return ';';
  if (tabs > commas && tabs > semicolons) return '\t';
  return ',';
}

std::string delimiter_name(char delimiter) {
  return delimiter == '\t' ? std::string("tab") : fmt::format("'{}'", delimiter);
}

std::optional<double> parse_number(std::string_view text, bool decimal_comma) {
  text = trim_blanks(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty() || text.front() == '+' || text.front() == ' ') return std::nullopt;
  std::optional<std::string> converted;
  if (decimal_comma) {
    converted = from_decimal_comma(text);
    if (!converted) return std::nullopt;
    text = *converted;
  }
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

std::string not_a_number(std::string_view text, std::string_view column) {
  const bool comma_number = text.find(',') != std::string_view::npos && parse_number(text, true);
  return fmt::format("'{}' is not a number (column '{}'; {})", text, column,
                     comma_number ? "a decimal comma? give --decimal-comma"
                                  : "leave the field empty for a missing value");
}

csv_reader::csv_reader(std::istream& in, std::string source, csv_dialect dialect)
    : in_(in), source_(std::move(source)), delimiter_(dialect.delimiter) {
  if (csv_init(&parser_, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0)
    throw located_error("kam_tool::read_csv", source_, {source_}, "cannot start libcsv");
  // RFC 4180: spaces are part of a field. libcsv would trim them by default.
  csv_set_space_func(&parser_, [](unsigned char) { return 0; });
  block_.resize(block_size);
  try {
    read_header();
    if (dialect.decimal_comma && delimiter_ == ',') {
      throw located_error("kam_tool::read_csv", "", position(header_line_, 1),
                          "--decimal-comma needs the delimiter ';' or tab, and this file's "
                          "header is delimited by ','; with ',' a decimal comma would split "
                          "numbers in two (give --delimiter if the detection is wrong)");
    }
  } catch (...) {
    csv_free(&parser_);
    throw;
  }
}

csv_reader::~csv_reader() { csv_free(&parser_); }

void csv_reader::read_header() {
  csv_record header;
  if (!next(header)) {
    throw located_error("kam_tool::read_csv", "header", {source_, 1, 1},
                        "the file is empty: no header line");
  }
  header_line_ = header.line();
  for (std::size_t c = 0; c < header.size(); ++c) {
    if (!header.present(c)) {
      throw located_error("kam_tool::read_csv", "header", position(header.field_line(c), c + 1),
                          fmt::format("column {} has an empty name", c + 1));
    }
    if (const auto k = find(header.field(c))) {
      throw located_error(
          "kam_tool::read_csv", std::string(header.field(c)), position(header.field_line(c), c + 1),
          fmt::format("columns {} and {} have the same name '{}'", *k + 1, c + 1, header.field(c)));
    }
    header_.emplace_back(header.field(c));
  }
  in_header_ = false;
}

std::optional<std::size_t> csv_reader::find(std::string_view name) const noexcept {
  for (std::size_t c = 0; c < header_.size(); ++c)
    if (header_[c] == name) return c;
  return std::nullopt;
}

bool csv_reader::next(csv_record& record) {
  while (head_ == ready_count_) {
    head_ = ready_count_ = 0;
    if (done_) return false;
    feed();
  }
  std::swap(record, ready_[head_]);
  ++head_;
  return true;
}

// libcsv runs the callbacks inside its C code, which exceptions must not cross: they park the
// first error here; feed() rethrows it once csv_parse returns.
void csv_reader::on_field(void* data, std::size_t len, void* self) noexcept {
  auto& r = *static_cast<csv_reader*>(self);
  if (r.failure_) return;
  try {
    const std::size_t k = r.building_.size();
    if (data != nullptr && std::memchr(data, '\0', len) != nullptr) {
      throw located_error("kam_tool::read_csv", k < r.header_.size() ? r.header_[k] : "",
                          r.position(r.field_line_, k + 1),
                          "the field holds a NUL byte (CSV is text: a binary file, or UTF-16 "
                          "where UTF-8 was expected?)");
    }
    const bool keep = r.in_header_ || k >= r.keep_.size() || r.keep_[k];
    r.building_.add(static_cast<const char*>(data), len, r.field_line_, keep);
    r.field_line_ = r.line_;  // the next field starts right after this delimiter
  } catch (...) {
    r.failure_ = std::current_exception();
  }
}

void csv_reader::on_record(int /*terminator*/, void* self) noexcept {
  auto& r = *static_cast<csv_reader*>(self);
  if (r.failure_) return;
  try {
    r.take_record();
  } catch (...) {
    r.failure_ = std::current_exception();
  }
}

void csv_reader::take_record() {
  building_.line_ = record_line_;
  if (!in_header_) {
    const std::size_t n = building_.size();
    if (n != header_.size()) {
      const std::size_t col = n < header_.size() ? n + 1 : header_.size() + 1;
      const std::size_t line = n < header_.size() ? line_ : building_.field_line(col - 1);
      throw located_error("kam_tool::read_csv", "", position(line, col),
                          fmt::format("record has {} fields where the header has {} (a ragged row)",
                                      n, header_.size()));
    }
    building_.index_ = records_++;
  }
  if (ready_count_ == ready_.size()) ready_.emplace_back();
  std::swap(ready_[ready_count_], building_);
  ++ready_count_;
  building_.clear();
  awaiting_record_ = true;
}

// Reads the next block from the stream; returns false at its end.
bool csv_reader::read_block() {
  in_.read(block_.data(), static_cast<std::streamsize>(block_.size()));
  end_ = static_cast<std::size_t>(in_.gcount());
  pos_ = 0;
  bytes_ += end_;
  if (first_block_) {
    first_block_ = false;
    if (end_ >= 3 && block_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;  // byte-order mark
    if (delimiter_ == '\0') delimiter_ = detect_delimiter(std::string_view(block_).substr(0, end_));
    csv_set_delim(&parser_, static_cast<unsigned char>(delimiter_));
  }
  return end_ > 0;
}

// Reads one more block if needed and feeds libcsv one physical line (or the rest of the block)
// at a time, so every callback knows its line.
void csv_reader::feed() {
  if (pos_ == end_ && !read_block()) {
    finish();
    return;
  }
  if (pending_cr_) {  // a lone CR ended the previous line; CRLF counts once, at the LF
    pending_cr_ = false;
    if (block_[pos_] != '\n') ++line_;
  }
  std::size_t stop = pos_;
  while (stop < end_ && block_[stop] != '\n' && block_[stop] != '\r') ++stop;
  const bool line_end = stop < end_;
  if (line_end) ++stop;
  if (awaiting_record_ && stop - pos_ > (line_end ? 1u : 0u)) {
    awaiting_record_ = false;
    record_line_ = line_;
    field_line_ = line_;
  }
  parse_line(stop, line_end);
}

// Hands block_[pos_, stop) to libcsv and moves on.
void csv_reader::parse_line(std::size_t stop, bool line_end) {
  const std::size_t n = stop - pos_;
  const std::size_t parsed =
      csv_parse(&parser_, block_.data() + pos_, n, &on_field, &on_record, this);
  if (failure_) std::rethrow_exception(failure_);
  if (parsed != n) {
    const int err = csv_error(&parser_);
    throw located_error(
        "kam_tool::read_csv", "", position(line_, building_.size() + 1),
        err == CSV_EPARSE
            ? std::string("malformed field: a quote inside an unquoted field, or text after a "
                          "closing quote (RFC 4180 wants the whole field quoted and inner quotes "
                          "doubled)")
            : std::string(csv_strerror(err)));
  }
  pos_ = stop;
  if (line_end) {
    if (block_[stop - 1] == '\n') {
      ++line_;
    } else {
      pending_cr_ = true;  // CRLF or a lone CR: decided by the next byte
    }
  }
}

void csv_reader::finish() {
  done_ = true;
  const int rc = csv_fini(&parser_, &on_field, &on_record, this);
  if (failure_) std::rethrow_exception(failure_);
  if (rc != 0) {
    throw located_error("kam_tool::read_csv", "", position(field_line_, building_.size() + 1),
                        "unterminated quoted field (it starts here and runs to the end of the "
                        "file)");
  }
}

std::optional<std::size_t> csv_table::find(std::string_view name) const noexcept {
  for (std::size_t c = 0; c < header.size(); ++c)
    if (header[c] == name) return c;
  return std::nullopt;
}

double csv_table::number(std::size_t row, std::size_t col) const {
  const auto& f = rows[row][col];
  if (!f) return std::numeric_limits<double>::quiet_NaN();
  if (const auto v = parse_number(*f, decimal_comma)) return *v;
  throw located_error("kam_tool::read_csv", header[col], position(row, col),
                      not_a_number(*f, header[col]));
}

csv_table read_csv(std::istream& in, std::string source, csv_dialect dialect) {
  csv_reader reader(in, std::move(source), dialect);
  csv_table table;
  table.source = reader.source();
  table.decimal_comma = dialect.decimal_comma;
  table.header = reader.header();
  csv_record r;
  while (reader.next(r)) {
    auto& row = table.rows.emplace_back();
    auto& lines = table.field_lines.emplace_back();
    for (std::size_t k = 0; k < r.size(); ++k) {
      if (r.present(k)) {
        row.emplace_back(std::string(r.field(k)));
      } else {
        row.emplace_back(std::nullopt);
      }
      lines.push_back(r.field_line(k));
    }
    table.lines.push_back(r.line());
  }
  return table;
}

csv_table read_csv_file(const std::string& path, csv_dialect dialect) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw located_error("kam_tool::read_csv", path, {path}, "cannot open the file");
  return read_csv(in, path, dialect);
}

}  // namespace kam_tool
