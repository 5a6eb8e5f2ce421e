// RFC 4180 CSV reading for the kam tool: its own block parser (it replaced libcsv, whose
// byte-by-byte callbacks were the tool's main cost; the behaviour and the messages are libcsv's
// strict mode, as the tool used it).
//
// Quoted fields with commas, quotes and newlines; LF, CRLF or CR line ends; a UTF-8 byte-order
// mark; the delimiter ',', ';' or tab, detected from the header line (see csv_dialect); spaces kept
// as part of a field (RFC 4180 section 2.4); an empty field is a missing value; blank lines are
// skipped. A ragged record, an unterminated quote, a stray quote, a NUL byte in a field, an empty
// or duplicate header name is a kam_tool::located_error (a kam::invalid_input) naming the file, the
// line and the column (the 1-based field number). `csv_reader` streams records with bounded memory;
// `read_csv` holds a whole table.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "located_error.hpp"

namespace kam_tool {

/// One CSV record: its fields, which of them are present (an empty field is missing), and where
/// each starts. The fields' text lives in the record or in the reader's buffer: it is valid until
/// the next call that reads into the record or moves the reader on; the storage is reused.
class csv_record {
 public:
  /// Returns the number of fields.
  [[nodiscard]] std::size_t size() const noexcept { return count_ + counted_; }
  /// Returns field `k` ("" when missing or not kept). @pre k < size().
  [[nodiscard]] std::string_view field(std::size_t k) const noexcept {
    if (k >= count_) return {};
    return {base_ + slots_[k].begin, slots_[k].size};
  }
  /// Returns whether field `k` is non-empty (quoted "" counts as empty too; a field after the
  /// last kept column may read as missing, see csv_reader::keep_only). @pre k < size().
  [[nodiscard]] bool present(std::size_t k) const noexcept {
    return k < count_ && slots_[k].present;
  }
  /// Returns the line where field `k` starts. @pre k < size().
  [[nodiscard]] std::size_t field_line(std::size_t k) const noexcept {
    return k < count_ ? slots_[k].line : line_;
  }
  /// Returns the line where the record starts.
  [[nodiscard]] std::size_t line() const noexcept { return line_; }
  /// Returns the 0-based position of the record among the data records (the header excluded).
  [[nodiscard]] std::size_t index() const noexcept { return index_; }

 private:
  friend class csv_reader;
  struct slot {
    std::size_t begin = 0;  // in text_
    std::size_t size = 0;
    std::size_t line = 0;
    bool present = false;
  };
  void clear() noexcept {
    count_ = 0;
    counted_ = 0;
    text_.clear();
  }
  // Adds a field whose kept text is text_[begin, end of text_).
  void add(std::size_t begin, std::size_t line, bool present) {
    if (count_ == slots_.size()) slots_.emplace_back();
    slots_[count_++] = {begin, text_.size() - begin, line, present};
  }
  // Adds a field whose text is base_[begin, begin + size) (base_ set when the record is done).
  void add_view(std::size_t begin, std::size_t size, std::size_t line, bool present) {
    if (count_ == slots_.size()) slots_.emplace_back();
    slots_[count_++] = {begin, size, line, present};
  }

  const char* base_ = nullptr;  // where the slots' offsets start: text_ or the reader's bytes
  std::string text_;            // the kept fields, one after the other (when base_ is in it)
  std::vector<slot> slots_;
  std::size_t count_ = 0;    // fields with a slot
  std::size_t counted_ = 0;  // fields after them, counted only (all on line_)
  std::size_t line_ = 0;
  std::size_t index_ = 0;
};

/// Records cut from a CSV stream but not parsed yet (csv_reader::split), to be parsed elsewhere,
/// on any thread (csv_reader::parse): their bytes and where each record is.
struct csv_spans {
  /// One record: bytes[begin, begin + size), its line end excluded.
  struct span {
    std::size_t begin = 0;  ///< offset in bytes
    std::size_t size = 0;   ///< bytes, line end excluded
    std::size_t line = 0;   ///< line where the record starts
    std::size_t index = 0;  ///< 0-based position among the data records
  };
  std::string bytes;          ///< the records, each with its line end (if it has one)
  std::vector<span> records;  ///< in file order
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

/// Reads a CSV stream record by record: the header first (on construction), then `next` until it
/// returns false. Memory is bounded by one read block (1 MiB unless given) and the largest record.
/// Every problem is a located_error with the file, the line and the field number.
class csv_reader {
 public:
  /// The size of a read block unless the constructor is given one.
  static constexpr std::size_t default_block_size = std::size_t{1} << 20;

  /// Starts reading `in` (opened in binary mode) and reads the header; `source` names the input in
  /// messages; the delimiter is `dialect.delimiter`, or detected from the header line; the stream
  /// is read `block_size` bytes at a time (at least 1; the tests use tiny blocks). Throws
  /// located_error for an empty input, an empty or duplicate header name, or a malformed header.
  csv_reader(std::istream& in, std::string source, csv_dialect dialect = {},
             std::size_t block_size = default_block_size);
  csv_reader(const csv_reader&) = delete;
  csv_reader& operator=(const csv_reader&) = delete;
  ~csv_reader() = default;

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

  /// Keeps the text of the columns marked true only: the others are still checked and counted,
  /// and read as ""; those before the last kept column are reported as present or missing,
  /// those after it may read as missing (a record on one line is not cut past the last kept
  /// column: its other delimiters are only counted).
  void keep_only(const std::vector<bool>& keep);

  /// Reads the next record into `record`; returns false at the end of the input. Throws
  /// located_error for a ragged record (field count differs from the header), an unterminated
  /// quoted field, or a quote where RFC 4180 allows none.
  bool next(csv_record& record);

  /// Cuts up to `max_records` next records into `out` (cleared first) without parsing their
  /// fields: a record ends at the first line end outside quotes (a quote toggles the state;
  /// where that differs from RFC 4180's reading, parse throws at or before the difference).
  /// Returns the number of records cut: fewer than `max_records` only at the end of the input.
  std::size_t split(std::size_t max_records, csv_spans& out);

  /// Parses record `i` of `spans` (cut by split of this reader) into `record`, as next would
  /// have, throwing the same errors. Safe to call from several threads at once (it changes
  /// nothing in the reader).
  void parse(const csv_spans& spans, std::size_t i, csv_record& record) const;

 private:
  void start();
  void read_header();
  bool refill();
  void skip_line_ends();
  bool parse_record(csv_record& record);
  const char* parse_plain(const char* p, const char* end, std::size_t line,
                          csv_record& record) const;
  const char* parse_fields(const char* p, const char* end, std::size_t& line, bool at_eof,
                           csv_record& record) const;
  const char* find_stop(const char* p, const char* end) const noexcept;
  const char* parse_unquoted(const char* p, const char* end, std::size_t line, bool at_eof,
                             std::size_t k, csv_record& record) const;
  const char* parse_quoted(const char* p, const char* end, std::size_t& line, bool at_eof,
                           std::size_t k, csv_record& record) const;
  void check_count(const csv_record& record, std::size_t end_line) const;
  [[noreturn]] void malformed(std::size_t line, std::size_t k) const;
  [[noreturn]] void holds_nul(std::size_t line, std::size_t k) const;
  [[noreturn]] void unterminated(std::size_t line, std::size_t k) const;
  [[nodiscard]] bool kept(std::size_t k) const noexcept {
    return in_header_ || k >= keep_.size() || keep_[k] != 0;
  }

  std::istream& in_;
  std::string source_;
  char delimiter_ = '\0';
  std::array<bool, 256> stops_{};  // the bytes that end an unquoted field (or are an error in it)
  std::array<bool, 256> quoted_stops_{};  // the bytes a quoted field's scan looks at
  std::string block_;                     // block_[pos_, end_) is read and not yet parsed
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  std::uint64_t bytes_ = 0;
  bool at_eof_ = false;
  bool skip_lf_ = false;  // a CR ended the last line: an LF right after it belongs to it
  bool in_header_ = true;
  std::size_t line_ = 1;  // line of block_[pos_]
  std::size_t records_ = 0;
  std::size_t header_line_ = 1;
  std::vector<std::string> header_;
  std::vector<unsigned char> keep_;  // 1: keep the column's text (bytes: read once per field)
  std::size_t cut_ = static_cast<std::size_t>(-1);  // fields cut by parse_plain: to the last kept
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
