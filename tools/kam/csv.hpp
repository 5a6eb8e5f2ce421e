// RFC 4180 CSV reading for the kam tool, on libcsv (Debian's libcsv-dev).
//
// Quoted fields with commas, quotes and newlines; LF, CRLF or CR line ends; a UTF-8 byte-order
// mark; the delimiter ',', ';' or tab, detected from the header line (see csv_dialect); spaces kept
// as part of a field (RFC 4180 section 2.4); an empty field is a missing value; blank lines are
// skipped. A ragged record, an unterminated quote, a stray quote, a NUL byte in a field, an empty
// or duplicate header name is a kam_tool::located_error (a kam::invalid_input) naming the file, the
// line and the column (the 1-based field number). `csv_reader` streams records with bounded memory;
// `read_csv` holds a whole table.
#pragma once

#include <csv.h>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "located_error.hpp"

namespace kam_tool {

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

/// How a CSV file is written: its delimiter and its decimal mark.
struct csv_dialect {
  /// ',', ';' or '\t'; '\0' detects it from the header line: the one of the three that occurs
  /// most often outside quotes (',' when none does or on a tie).
  char delimiter = '\0';
  /// Numbers are written with a decimal comma ("1234,5", "1.234,5": '.' groups thousands).
  bool decimal_comma = false;
};

/// Returns the delimiter of the header line at the start of `text` (after an optional UTF-8
/// byte-order mark), as csv_dialect describes: quote-aware, stops at the first line end outside
/// quotes.
[[nodiscard]] char detect_delimiter(std::string_view text);

/// Returns the name of a delimiter for messages ("','", "';'", "tab").
[[nodiscard]] std::string delimiter_name(char delimiter);

/// Returns the finite number written in `text` (spaces and tabs around it and a leading '+'
/// allowed; decimal point, optional exponent), or nothing if `text` is not such a number
/// ("1,5", "12 000", "n/a", "inf" and "nan" are not). With `decimal_comma` the decimal mark is
/// ',' and '.' may group thousands in threes ("1.234.567,5", "1234,5", "-0,25"; not "1.5" or
/// "1,234.5").
[[nodiscard]] std::optional<double> parse_number(std::string_view text, bool decimal_comma = false);

/// Returns the message for a field `text` that is not a number in column `column`.
[[nodiscard]] std::string not_a_number(std::string_view text, std::string_view column);

/// Reads a CSV stream record by record with libcsv: the header first (on construction), then
/// `next` until it returns false. Memory is bounded by one read block (64 KiB) and the largest
/// record. Every problem is a located_error with the file, the line and the field number.
class csv_reader {
 public:
  /// Starts reading `in` (opened in binary mode) and reads the header; `source` names the input in
  /// messages; the delimiter is `dialect.delimiter`, or detected from the header line. Throws
  /// located_error for an empty input, an empty or duplicate header name, or a malformed header.
  csv_reader(std::istream& in, std::string source, csv_dialect dialect = {});
  csv_reader(const csv_reader&) = delete;
  csv_reader& operator=(const csv_reader&) = delete;
  ~csv_reader();

  /// Returns the column names, in file order.
  [[nodiscard]] const std::vector<std::string>& header() const noexcept { return header_; }
  /// Returns the line on which the header starts (1, or later after blank lines).
  [[nodiscard]] std::size_t header_line() const noexcept { return header_line_; }
  /// Returns the name of the input, as given.
  [[nodiscard]] const std::string& source() const noexcept { return source_; }
  /// Returns the delimiter in use (given or detected).
  [[nodiscard]] char delimiter() const noexcept { return delimiter_; }
  /// Returns the number of bytes consumed from the stream so far.
  [[nodiscard]] std::uint64_t bytes_read() const noexcept { return bytes_; }
  /// Returns a position in this file.
  [[nodiscard]] text_position position(std::size_t line, std::size_t column) const {
    return {source_, line, column};
  }

  /// Returns the position of the column named `name`, if there is one.
  [[nodiscard]] std::optional<std::size_t> find(std::string_view name) const noexcept;

  /// Keeps the text of the columns marked true only (the others are still checked and counted,
  /// and reported as present or missing, but read as ""). Saves copying unused columns.
  void keep_only(std::vector<bool> keep) { keep_ = std::move(keep); }

  /// Reads the next record into `record`; returns false at the end of the input. Throws
  /// located_error for a ragged record (field count differs from the header), an unterminated
  /// quoted field, or a quote where RFC 4180 allows none.
  bool next(csv_record& record);

 private:
  static constexpr std::size_t block_size = std::size_t{1} << 16;

  static void on_field(void* data, std::size_t len, void* self) noexcept;
  static void on_record(int terminator, void* self) noexcept;
  void read_header();
  void take_record();
  bool read_block();
  void feed();
  void parse_line(std::size_t stop, bool line_end);
  void finish();

  std::istream& in_;
  std::string source_;
  char delimiter_ = '\0';
  csv_parser parser_{};
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
  bool decimal_comma = false;                         ///< numbers written as "1.234,5"

  /// Returns the position of column `name`, if there is one.
  [[nodiscard]] std::optional<std::size_t> find(std::string_view name) const noexcept;

  /// Returns field (row, col) as a number; an empty field is NaN (a missing value).
  /// Throws located_error naming the file, line and column for text that is not a number.
  [[nodiscard]] double number(std::size_t row, std::size_t col) const;

  /// Returns field (row, col) as text ("" when empty).
  [[nodiscard]] std::string text(std::size_t row, std::size_t col) const {
    return rows[row][col].value_or(std::string());
  }

  /// Returns the position of field (row, col).
  [[nodiscard]] text_position position(std::size_t row, std::size_t col) const {
    return {source, field_lines[row][col], col + 1};
  }
};

/// Reads a whole CSV stream; `source` names it in error messages. Throws as csv_reader does.
[[nodiscard]] csv_table read_csv(std::istream& in, std::string source, csv_dialect dialect = {});

/// Reads a whole CSV file; throws located_error if it cannot be opened, and as csv_reader does.
[[nodiscard]] csv_table read_csv_file(const std::string& path, csv_dialect dialect = {});

}  // namespace kam_tool
