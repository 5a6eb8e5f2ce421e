// The kam tool's chunked reading of an accounts CSV: named numeric and text columns in chunks of
// bounded size, ids checked (present, unique), every problem located at its file, line and
// column, passes that can be repeated (a file that fits in one chunk is read once), fixed units
// of accounts for sums that must not depend on the chunk size, and library errors mapped back to
// the place in the file they came from.
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <kam/core.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "csv.hpp"
#include "located_error.hpp"
#include "progress.hpp"

namespace kam_tool {

/// Where the accounts come from: a file, read again in each pass, or text in memory (standard
/// input, tests); and how it is written (its csv_dialect).
class accounts_source {
 public:
  /// A file; throws located_error if it cannot be opened.
  [[nodiscard]] static accounts_source file(std::string path, csv_dialect dialect = {});
  /// Text held in memory (tests, fuzzing); `name` names it in messages.
  [[nodiscard]] static accounts_source text(std::string content, std::string name,
                                            csv_dialect dialect = {});
  /// The file at `path`, or for "-" everything `standard_input` holds (read once and kept in
  /// memory, as the passes read it again), named "<stdin>" in messages.
  [[nodiscard]] static accounts_source path_or_stdin(const std::string& path,
                                                     std::istream& standard_input,
                                                     csv_dialect dialect = {});

  /// Returns how the input is written.
  [[nodiscard]] const csv_dialect& dialect() const noexcept { return dialect_; }

  /// Opens a fresh stream at the beginning of the input.
  [[nodiscard]] std::unique_ptr<std::istream> open() const;
  /// Returns the name used in messages.
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  /// Returns the size in bytes (0 if unknown).
  [[nodiscard]] std::uint64_t size() const noexcept { return size_; }

 private:
  std::string name_;
  std::shared_ptr<const std::string> text_;
  std::uint64_t size_ = 0;
  csv_dialect dialect_{};
};

/// The first records of an input: its header, and which columns hold numbers.
struct input_preview {
  std::vector<std::string> header;
  /// Per column: every non-empty field of the records read is a number, and one at least is.
  std::vector<bool> numeric;
  /// Per column, when the input is not read with a decimal comma: a field that is a number only
  /// with a decimal comma ("1.234,5") if every field of the column is such a number; else "".
  std::vector<std::string> comma_number;
};

/// Returns the header of `source` and which of its columns are numeric in the first `records`
/// records. Throws located_error as csv_reader does.
[[nodiscard]] input_preview preview(const accounts_source& source, std::size_t records = 1000);

/// A column a command reads: its name, and where the configuration names it (for the error
/// when the file has no such column; an empty source means "not from the configuration").
struct column_request {
  column_request(std::string n, text_position at = {}, std::string w = "column", std::string s = {})
      : name(std::move(n)), named_at(std::move(at)), what(std::move(w)), setting(std::move(s)) {}

  std::string name;
  text_position named_at;
  std::string what = "column";  ///< how the message calls it ("criterion", "revenue column", ...)
  /// The configuration setting whose default it is ("position.kraljic.impact.criteria"), named
  /// in the message when the column is missing and the configuration did not name it.
  std::string setting;
};

/// The columns a command reads from the accounts file: the id column, numeric columns (read as
/// doubles; an empty field is NaN, a missing value) and text columns (kept as text; an empty
/// field is missing).
struct table_layout {
  std::string id = "id";
  bool row_numbers = false;  ///< ids are the records' numbers (1, 2, ...); `id` is not read
  std::vector<column_request> numeric;
  std::vector<column_request> text;

  /// Adds numeric column `name` unless it is there already (a column several models read is read
  /// once); returns its index in `numeric`.
  Eigen::Index add_numeric(const std::string& name, const text_position& named_at,
                           std::string_view what, std::string_view setting = {});
};

/// A block of accounts: ids, numeric columns (rows x numeric), text columns, and where each
/// record is, for messages. Buffers grow on demand and are reused from chunk to chunk.
struct table_chunk {
  std::size_t first = 0;  ///< index of row 0 among all records of the file
  Eigen::Index rows = 0;
  Eigen::MatrixXd x;                              ///< capacity x numeric; rows [0, rows) valid
  std::vector<std::string> ids;                   ///< capacity; [0, rows) valid
  std::vector<std::vector<std::string>> text;     ///< per text column: capacity
  std::vector<std::vector<unsigned char>> given;  ///< per text column: 1 when the field is present
  std::vector<std::size_t> lines;                 ///< line where each record starts
  /// Lines of every field, for the records that span several lines only.
  std::unordered_map<Eigen::Index, std::vector<std::size_t>> field_lines;

  /// Returns the valid rows of the numeric block (a Block: kam's functions read it without a copy).
  [[nodiscard]] auto values() const { return x.topRows(rows); }
  /// Returns numeric column `j` of the valid rows.
  [[nodiscard]] auto column(Eigen::Index j) const { return x.col(j).head(rows); }
  /// Returns the line of field `col` (file column, 0-based) of row `r`.
  [[nodiscard]] std::size_t line_of(Eigen::Index r, std::size_t col) const;
  /// Returns text column `k` of row `r` (nullopt when the field is empty).
  [[nodiscard]] std::optional<std::string_view> text_of(std::size_t k, Eigen::Index r) const;
  /// Returns the id of row `r`.
  [[nodiscard]] const std::string& id(Eigen::Index r) const {
    return ids[static_cast<std::size_t>(r)];
  }
};

/// Which file column a library error's field refers to: (field name the library uses, file
/// column). Built by the commands from their configuration (e.g. "revenue" -> the configured
/// revenue column).
using field_columns = std::vector<std::pair<std::string, std::size_t>>;

/// Accounts per unit of sums that must not depend on the chunk size (see chunked_table::first_pass
/// and kam::merge_tree): the unit of kam::reference_builder.
inline constexpr Eigen::Index unit_rows = 4096;

/// The memory the chunks of a whole file may take to be read once and held for the later passes
/// of `kam score` (512 MiB): a file whose chunks need more is read again in each pass, a chunk at
/// a time. (The other commands hold nothing unless the file fits in one chunk.)
inline constexpr std::uint64_t default_memory_budget = std::uint64_t{512} << 20;

/// Returns the bytes chunk `c` holds: its numbers, lines, ids and text, capacity counted (the
/// strings' own storage where it is not inside the string).
[[nodiscard]] std::uint64_t chunk_bytes(const table_chunk& c);

/// An accounts file read in chunks with the columns of a table_layout. Pass 1 (`first_pass`)
/// reads every record, checks the header, the numbers, the ids (present and unique) and counts
/// the records; later passes (`again`) go over the same chunks again. While the chunks read so far
/// fit the memory budget, pass 1 keeps them and the later passes use them without reading the
/// file again (the file is parsed once); above the budget the later passes read the file again,
/// a chunk at a time, and stop with an error if it changed. The chunks, and so every result, are
/// the same either way.
class chunked_table {
 public:
  /// What a pass calls with each chunk (or unit) of accounts.
  using chunk_handler = std::function<void(const table_chunk&)>;

  /// Prepares reading `source`; `chunk_rows` (>= 1) accounts are held at a time.
  chunked_table(accounts_source source, table_layout layout, Eigen::Index chunk_rows,
                progress& bar);

  /// Sets the memory the chunks may take to be held after pass 1 (default 0: the file is read
  /// again in every pass unless it fits in one chunk). Call before the first pass.
  void set_memory_budget(std::uint64_t bytes) noexcept { budget_ = bytes; }
  /// Sets the threads that parse a chunk's records (resolved: 1 reads record by record on the
  /// calling thread; more cut the chunk's records first, then parse row ranges on that many
  /// threads, and pass 1 reads the next chunk while the handlers take one: two chunks in memory
  /// when not held). The chunks, the calls and the error reported for a bad file (its first in
  /// file order, after the handlers' errors for the chunks before) are the same for any number.
  void set_threads(unsigned threads) noexcept { threads_ = threads < 1 ? 1 : threads; }
  /// Returns whether pass 1 kept every chunk (the later passes read no file).
  [[nodiscard]] bool held() const noexcept { return held_; }

  /// Returns the number of accounts (after the first pass).
  [[nodiscard]] Eigen::Index accounts() const noexcept {
    return static_cast<Eigen::Index>(records_);
  }
  /// Returns the source's name, as given.
  [[nodiscard]] const std::string& name() const noexcept { return source_.name(); }
  /// Returns the header (after the first pass has started).
  [[nodiscard]] const std::vector<std::string>& header() const noexcept { return header_; }
  /// Returns the file column (0-based) of numeric column `j` of the layout.
  [[nodiscard]] std::size_t numeric_column(Eigen::Index j) const {
    return numeric_cols_[static_cast<std::size_t>(j)];
  }
  /// Returns the file column (0-based) of text column `k` of the layout.
  [[nodiscard]] std::size_t text_column(std::size_t k) const { return text_cols_[k]; }
  /// Returns the line of the header.
  [[nodiscard]] std::size_t header_line() const noexcept { return header_line_; }
  /// Returns the position of the header of file column `file_col`.
  [[nodiscard]] text_position header_position(std::size_t file_col) const {
    return {source_.name(), header_line_, file_col + 1};
  }
  /// Returns the position of field `file_col` of row `r` of `c`.
  [[nodiscard]] text_position position(const table_chunk& c, Eigen::Index r,
                                       std::size_t file_col) const {
    return {source_.name(), c.line_of(r, file_col), file_col + 1};
  }

  /// Pass 1: calls `on_chunk(chunk)` for every chunk in order and, when `on_unit` is set,
  /// `on_unit(unit)` for consecutive blocks of exactly unit_rows accounts (the last one shorter)
  /// holding the numeric columns, ids and lines: sums computed per unit and merged in a
  /// kam::merge_tree do not depend on the chunk size. Then checks that ids are unique and that
  /// there is at least one account. `phase` names the pass on the progress line.
  void first_pass(std::string_view phase, const chunk_handler& on_chunk,
                  const chunk_handler& on_unit = {});

  /// A later pass: calls `on_chunk(chunk)` for the same chunks again, in order. Throws if the
  /// file changed (another number of records).
  void again(std::string_view phase, const chunk_handler& on_chunk);

  /// Rethrows a library error about row `row - first_row` of `c` at its place in the file (pass
  /// the error's row origin as `first_row`: 0 when the library saw the chunk alone, `c.first`
  /// for a kam::reference_builder fed from the first chunk): the field is looked up in `fields`
  /// (library field name -> file column); a field-less error with a row points at the id; an
  /// error naming a column but no row points at its header. Others are rethrown as they are.
  [[noreturn]] void rethrow_at(const kam::error& e, const table_chunk& c,
                               const field_columns& fields, std::size_t first_row = 0) const;

  /// Returns the (library field, file column) pairs of the numeric columns, by their own names.
  [[nodiscard]] field_columns numeric_fields() const;

  /// Throws located_error at row `r` of `c`, file column `file_col`: "column '<name>': <detail>".
  [[noreturn]] void fail_at(const table_chunk& c, Eigen::Index r, std::size_t file_col,
                            std::string_view detail) const;

 private:
  std::unique_ptr<csv_reader> open();
  [[noreturn]] void missing_column(const column_request& c, const csv_reader& reader) const;
  void prepare(table_chunk& c, Eigen::Index capacity) const;
  bool read_chunk(csv_reader& reader, table_chunk& c);
  bool read_chunk_parallel(csv_reader& reader, table_chunk& c);
  /// Records that span several lines: (row, line of each field).
  using multi_line_rows = std::vector<std::pair<Eigen::Index, std::vector<std::size_t>>>;
  using id_hash_slot = std::pair<std::uint64_t, std::uint64_t>;  ///< (hash of id, record)
  void read_record(const csv_reader& reader, const csv_record& record, table_chunk& c,
                   Eigen::Index r, id_hash_slot* id_hash, multi_line_rows& multi_line) const;
  void feed_units(const table_chunk& c, const chunk_handler& on_unit);
  [[noreturn]] void changed() const;

  accounts_source source_;
  table_layout layout_;
  Eigen::Index chunk_rows_;
  progress& bar_;
  std::unique_ptr<std::istream> stream_;
  std::vector<std::string> header_;
  std::size_t header_line_ = 1;
  std::size_t id_col_ = 0;
  std::vector<std::size_t> numeric_cols_;
  std::vector<std::size_t> text_cols_;
  csv_record record_;
  unsigned threads_ = 1;
  csv_spans spans_;  ///< the records of a chunk, cut, when parsed on several threads
  std::size_t records_ = 0;
  bool exhausted_ = false;
  bool single_chunk_ = false;
  std::uint64_t budget_ = 0;
  bool held_ = false;  ///< held_chunks_ holds the whole file
  std::vector<table_chunk> held_chunks_;
  bool hashing_ids_ = false;  ///< in the first pass: remember every id's hash
  std::vector<std::pair<std::uint64_t, std::uint64_t>> id_hashes_;  ///< (hash of id, record)
  table_chunk chunk_;
  table_chunk unit_;
};

/// Throws located_error for the first id that repeats an earlier one. `hashes` holds (hash of
/// the id, record index) for every account; only records whose hashes collide are read again
/// from `source` and compared for real. `id_field` names the id column in the message.
void check_duplicate_ids(std::vector<std::pair<std::uint64_t, std::uint64_t>> hashes,
                         const accounts_source& source, std::size_t id_col,
                         const std::string& id_field);

}  // namespace kam_tool
