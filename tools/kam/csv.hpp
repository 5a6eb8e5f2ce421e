// RFC 4180 CSV reading for kam's examples and command-line tool, on libcsv (Debian's libcsv-dev).
//
// Quoted fields with commas, quotes and newlines; LF, CRLF or CR line ends; a UTF-8 byte-order
// mark; spaces kept as part of a field (RFC 4180 section 2.4); an empty field is a missing value;
// blank lines are skipped. A ragged record, an unterminated quote, a stray quote, an empty or
// duplicate header name is a kam_examples::located_error (a kam::invalid_input) naming the file,
// the line and the column (the 1-based field number). `csv_reader` streams records with bounded
// memory; `read_csv` holds a whole table.
#pragma once

#include <csv.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <fstream>
#include <istream>
#include <kam/core/error.hpp>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "located_error.hpp"

namespace kam_examples {

/// One CSV record: its fields, which of them are present (an empty field is missing), and where
/// each starts. The storage is reused from record to record.
class csv_record {
 public:
  /// Returns the number of fields.
  [[nodiscard]] std::size_t size() const noexcept { return count_; }
  /// Returns field `k` ("" when missing or not kept). @pre k < size().
  [[nodiscard]] std::string_view field(std::size_t k) const noexcept { return fields_[k]; }
  /// Returns whether field `k` is non-empty (quoted "" counts as empty too). @pre k < size().
  [[nodiscard]] bool present(std::size_t k) const noexcept { return present_[k] != 0; }
  /// Returns the line where field `k` starts. @pre k < size().
  [[nodiscard]] std::size_t field_line(std::size_t k) const noexcept { return lines_[k]; }
  /// Returns the line where the record starts.
  [[nodiscard]] std::size_t line() const noexcept { return line_; }
  /// Returns the 0-based position of the record among the data records (the header excluded).
  [[nodiscard]] std::size_t index() const noexcept { return index_; }

 private:
  friend class csv_reader;
  void clear() noexcept { count_ = 0; }
  void add(const char* data, std::size_t len, std::size_t line, bool keep) {
    if (count_ == fields_.size()) {
      fields_.emplace_back();
      present_.push_back(0);
      lines_.push_back(0);
    }
    const bool has = data != nullptr && len > 0;
    if (keep && has) {
      fields_[count_].assign(data, len);
    } else {
      fields_[count_].clear();
    }
    present_[count_] = has ? 1 : 0;
    lines_[count_] = line;
    ++count_;
  }

  std::vector<std::string> fields_;
  std::vector<unsigned char> present_;
  std::vector<std::size_t> lines_;
  std::size_t count_ = 0;
  std::size_t line_ = 0;
  std::size_t index_ = 0;
};

/// Returns the finite number written in `text` (spaces and tabs around it and a leading '+'
/// allowed; decimal point, optional exponent), or nothing if `text` is not such a number
/// ("1,5", "12 000", "n/a", "inf" and "nan" are not).
[[nodiscard]] inline std::optional<double> parse_number(std::string_view text) {
  const auto blank = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && blank(text.back())) text.remove_suffix(1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty() || text.front() == '+' || text.front() == ' ') return std::nullopt;
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

/// Reads a CSV stream record by record with libcsv: the header first (on construction), then
/// `next` until it returns false. Memory is bounded by one read block (64 KiB) and the largest
/// record. Every problem is a located_error with the file, the line and the field number.
class csv_reader {
 public:
  /// Starts reading `in` (opened in binary mode) and reads the header; `source` names the input in
  /// messages. Throws located_error for an empty input, an empty or duplicate header name, or a
  /// malformed header.
  csv_reader(std::istream& in, std::string source) : in_(in), source_(std::move(source)) {
    block_.resize(block_size);
    csv_record header;
    if (!next(header)) {
      throw located_error("kam::read_csv", "header", {source_, 1, 1},
                          "the file is empty: no header line");
    }
    header_line_ = header.line();
    for (std::size_t c = 0; c < header.size(); ++c) {
      if (!header.present(c)) {
        throw located_error("kam::read_csv", "header", position(header.field_line(c), c + 1),
                            kam::detail::cat("column ", c + 1, " has an empty name"));
      }
      for (std::size_t k = 0; k < c; ++k) {
        if (header_[k] == header.field(c)) {
          throw located_error("kam::read_csv", std::string(header.field(c)),
                              position(header.field_line(c), c + 1),
                              kam::detail::cat("columns ", k + 1, " and ", c + 1,
                                               " have the same name '", header.field(c), "'"));
        }
      }
      header_.emplace_back(header.field(c));
    }
    in_header_ = false;
  }
  csv_reader(const csv_reader&) = delete;
  csv_reader& operator=(const csv_reader&) = delete;
  ~csv_reader() = default;

  /// Returns the column names, in file order.
  [[nodiscard]] const std::vector<std::string>& header() const noexcept { return header_; }
  /// Returns the line on which the header starts (1, or later after blank lines).
  [[nodiscard]] std::size_t header_line() const noexcept { return header_line_; }
  /// Returns the name of the input, as given.
  [[nodiscard]] const std::string& source() const noexcept { return source_; }
  /// Returns the number of bytes consumed from the stream so far.
  [[nodiscard]] std::uint64_t bytes_read() const noexcept { return bytes_; }
  /// Returns a position in this file.
  [[nodiscard]] text_position position(std::size_t line, std::size_t column) const {
    return {source_, line, column};
  }

  /// Returns the position of the column named `name`, if there is one.
  [[nodiscard]] std::optional<std::size_t> find(std::string_view name) const noexcept {
    for (std::size_t c = 0; c < header_.size(); ++c)
      if (header_[c] == name) return c;
    return std::nullopt;
  }

  /// Keeps the text of the columns marked true only (the others are still checked and counted,
  /// and reported as present or missing, but read as ""). Saves copying unused columns.
  void keep_only(std::vector<bool> keep) { keep_ = std::move(keep); }

  /// Reads the next record into `record`; returns false at the end of the input. Throws
  /// located_error for a ragged record (field count differs from the header), an unterminated
  /// quoted field, or a quote where RFC 4180 allows none.
  bool next(csv_record& record) {
    while (head_ == ready_count_) {
      head_ = ready_count_ = 0;
      if (done_) return false;
      feed();
    }
    std::swap(record, ready_[head_]);
    ++head_;
    return true;
  }

 private:
  static constexpr std::size_t block_size = std::size_t{1} << 16;

  // libcsv runs the callbacks inside its C code, which exceptions must not cross: they park the
  // first error here; feed() rethrows it once csv_parse returns.
  static void on_field(void* data, std::size_t len, void* self) noexcept {
    auto& r = *static_cast<csv_reader*>(self);
    if (r.failure_) return;
    try {
      const std::size_t k = r.building_.size();
      const bool keep = r.in_header_ || k >= r.keep_.size() || r.keep_[k];
      r.building_.add(static_cast<const char*>(data), len, r.field_line_, keep);
      r.field_line_ = r.line_;  // the next field starts right after this delimiter
    } catch (...) {
      r.failure_ = std::current_exception();
    }
  }

  static void on_record(int /*terminator*/, void* self) noexcept {
    auto& r = *static_cast<csv_reader*>(self);
    if (r.failure_) return;
    try {
      r.take_record();
    } catch (...) {
      r.failure_ = std::current_exception();
    }
  }

  void take_record() {
    building_.line_ = record_line_;
    if (!in_header_) {
      const std::size_t n = building_.size();
      if (n != header_.size()) {
        const std::size_t col = n < header_.size() ? n + 1 : header_.size() + 1;
        const std::size_t line = n < header_.size() ? line_ : building_.field_line(col - 1);
        throw located_error("kam::read_csv", "", position(line, col),
                            kam::detail::cat("record has ", n, " fields where the header has ",
                                             header_.size(), " (a ragged row)"));
      }
      building_.index_ = records_++;
    }
    if (ready_count_ == ready_.size()) ready_.emplace_back();
    std::swap(ready_[ready_count_], building_);
    ++ready_count_;
    building_.clear();
    awaiting_record_ = true;
  }

  // Reads one more block if needed and feeds libcsv one physical line (or the rest of the block)
  // at a time, so every callback knows its line.
  void feed() {
    if (pos_ == end_) {
      in_.read(block_.data(), static_cast<std::streamsize>(block_.size()));
      end_ = static_cast<std::size_t>(in_.gcount());
      pos_ = 0;
      bytes_ += end_;
      if (first_block_) {
        first_block_ = false;
        if (end_ >= 3 && block_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;  // byte-order mark
      }
      if (end_ == 0) {
        finish();
        return;
      }
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
    const std::size_t n = stop - pos_;
    const std::size_t parsed =
        csv_parse(&parser_.p, block_.data() + pos_, n, &on_field, &on_record, this);
    if (failure_) std::rethrow_exception(failure_);
    if (parsed != n) {
      const int err = csv_error(&parser_.p);
      throw located_error(
          "kam::read_csv", "", position(line_, building_.size() + 1),
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

  void finish() {
    done_ = true;
    const int rc = csv_fini(&parser_.p, &on_field, &on_record, this);
    if (failure_) std::rethrow_exception(failure_);
    if (rc != 0) {
      throw located_error("kam::read_csv", "", position(field_line_, building_.size() + 1),
                          "unterminated quoted field (it starts here and runs to the end of the "
                          "file)");
    }
  }

  // libcsv's parser, freed however the reader ends (also when the constructor throws).
  struct parser {
    csv_parser p{};
    explicit parser(const std::string& source) {
      if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0)
        throw kam::invalid_input({"kam::read_csv", source, std::nullopt}, "cannot start libcsv");
      // RFC 4180: spaces are part of a field. libcsv would trim them by default.
      csv_set_space_func(&p, [](unsigned char) { return 0; });
    }
    parser(const parser&) = delete;
    parser& operator=(const parser&) = delete;
    ~parser() { csv_free(&p); }
  };

  std::istream& in_;
  std::string source_;
  parser parser_{source_};
  std::string block_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  std::uint64_t bytes_ = 0;
  bool first_block_ = true;
  bool pending_cr_ = false;
  bool done_ = false;
  bool in_header_ = true;
  bool awaiting_record_ = true;
  std::size_t line_ = 1;         // line of the next byte fed to libcsv
  std::size_t record_line_ = 1;  // line where the record being built starts
  std::size_t field_line_ = 1;   // line where the field being built starts
  std::size_t records_ = 0;
  std::size_t header_line_ = 1;
  std::vector<std::string> header_;
  std::vector<bool> keep_;
  csv_record building_;
  std::vector<csv_record> ready_;
  std::size_t head_ = 0;
  std::size_t ready_count_ = 0;
  std::exception_ptr failure_;
};

/// A CSV table held in memory: the header and the records, each with its first physical line.
struct csv_table {
  std::string source;  ///< file name, for messages
  std::vector<std::string> header;
  std::vector<std::vector<std::optional<std::string>>> rows;  ///< nullopt = empty field
  std::vector<std::size_t> lines;                     ///< 1-based line where each row starts
  std::vector<std::vector<std::size_t>> field_lines;  ///< line where each field starts

  /// Returns the position of column `name`; throws kam::unknown_name listing the header.
  [[nodiscard]] std::size_t column(std::string_view name) const {
    for (std::size_t c = 0; c < header.size(); ++c)
      if (header[c] == name) return c;
    throw kam::unknown_name({"kam::read_csv", source, std::nullopt}, name, header);
  }

  /// Returns field (row, col) as a number; an empty field is NaN (a missing value).
  /// Throws located_error naming the file, line and column for text that is not a number.
  [[nodiscard]] double number(std::size_t row, std::size_t col) const {
    const auto& f = rows[row][col];
    if (!f) return std::numeric_limits<double>::quiet_NaN();
    if (const auto v = parse_number(*f)) return *v;
    throw located_error("kam::read_csv", header[col], {source, field_lines[row][col], col + 1},
                        kam::detail::cat("'", *f, "' is not a number (column '", header[col],
                                         "'; leave the field empty for a missing value)"));
  }

  /// Returns field (row, col) as text ("" when empty).
  [[nodiscard]] std::string text(std::size_t row, std::size_t col) const {
    return rows[row][col].value_or(std::string());
  }
};

/// Reads a whole CSV stream; `source` names it in error messages. Throws as csv_reader does.
inline csv_table read_csv(std::istream& in, std::string source) {
  csv_reader reader(in, std::move(source));
  csv_table table;
  table.source = reader.source();
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

/// Reads a whole CSV file; throws kam::invalid_input if it cannot be opened.
inline csv_table read_csv_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw kam::invalid_input({"kam::read_csv", path, std::nullopt}, "cannot open the file");
  return read_csv(in, path);
}

}  // namespace kam_examples
