// The kam tool's chunked reading of an accounts CSV for the commands beyond `kam score`: named
// numeric and text columns in chunks of bounded size, ids checked (present, unique), every
// problem located at its file, line and column, passes that can be repeated (a file that fits in
// one chunk is read once), fixed units of accounts for statistics that must not depend on the
// chunk size, and library errors mapped back to the place in the file they came from.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <kam/core/error.hpp>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "csv.hpp"
#include "progress.hpp"
#include "score_pipeline.hpp"

namespace kam_cli {

/// A column a command reads: its name, and where the configuration names it (for the error
/// when the file has no such column; an empty source means "not from the configuration").
struct column_request {
  std::string name;
  text_position named_at;
  std::string what = "column";  ///< how the message calls it ("criterion", "revenue column", ...)
};

/// The columns a command reads from the accounts file: the id column, numeric columns (read as
/// doubles; an empty field is NaN, a missing value) and text columns (kept as text; an empty
/// field is missing).
struct table_layout {
  std::string id = "id";
  text_position id_named_at;
  std::vector<column_request> numeric;
  std::vector<column_request> text;
};

namespace detail {

/// Adds numeric column `name` to `layout` unless it is there already (a column several models
/// read is read once); returns its index in layout.numeric.
inline Eigen::Index add_numeric(table_layout& layout, const std::string& name,
                                const text_position& named_at, const char* what) {
  for (std::size_t j = 0; j < layout.numeric.size(); ++j)
    if (layout.numeric[j].name == name) return static_cast<Eigen::Index>(j);
  layout.numeric.push_back({name, named_at, what});
  return static_cast<Eigen::Index>(layout.numeric.size() - 1);
}

}  // namespace detail

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
  [[nodiscard]] std::size_t line_of(Eigen::Index r, std::size_t col) const {
    const auto it = field_lines.find(r);
    return it == field_lines.end() ? lines[static_cast<std::size_t>(r)] : it->second[col];
  }
  /// Returns text column `k` of row `r` (nullopt when the field is empty).
  [[nodiscard]] std::optional<std::string_view> text_of(std::size_t k, Eigen::Index r) const {
    const auto i = static_cast<std::size_t>(r);
    if (given[k][i] == 0) return std::nullopt;
    return std::string_view(text[k][i]);
  }
};

/// Which file column a library error's field refers to: (field name the library uses, file
/// column). Built by the commands from their configuration (e.g. "revenue" -> the configured
/// revenue column).
using field_columns = std::vector<std::pair<std::string, std::size_t>>;

/// Accounts per unit of statistics that must not depend on the chunk size (see
/// chunked_table::first_pass and merge_tree).
inline constexpr Eigen::Index unit_rows = 4096;

/// Merges per-unit results in a fixed binary tree that depends only on the number of units (a
/// binary counter), so that the result does not depend on how the file was cut into chunks.
/// `Merge` is called as merge(older, newer) and leaves the merged result in `older`.
template <typename T, typename Merge>
class merge_tree {
 public:
  explicit merge_tree(Merge merge) : merge_(std::move(merge)) {}

  /// Adds the result of the next unit.
  void add(T unit) {
    std::size_t level = 0;
    while (level < levels_.size() && levels_[level]) {
      T older = std::move(*levels_[level]);
      levels_[level].reset();
      merge_(older, unit);
      unit = std::move(older);
      ++level;
    }
    if (level == levels_.size()) levels_.emplace_back();
    levels_[level] = std::move(unit);
  }

  /// Returns the merge of every unit added (the older, larger side first), or nothing when none
  /// was; the tree is empty afterwards.
  [[nodiscard]] std::optional<T> finish() {
    std::optional<T> out;
    for (auto& level : levels_) {
      if (!level) continue;
      if (out) merge_(*level, *out);
      out = std::move(*level);
    }
    levels_.clear();
    return out;
  }

 private:
  Merge merge_;
  std::vector<std::optional<T>> levels_;
};

/// An accounts file read in chunks with the columns of a table_layout. Pass 1 (`first_pass`)
/// reads every record, checks the header, the numbers, the ids (present and unique) and counts
/// the records; later passes (`again`) read the same chunks again and stop with an error if the
/// file changed. A file that fits in one chunk is read once and kept.
class chunked_table {
 public:
  /// Prepares reading `source`; `chunk_rows` (>= 1) accounts are held at a time.
  chunked_table(accounts_source source, table_layout layout, Eigen::Index chunk_rows, progress& bar)
      : source_(std::move(source)),
        layout_(std::move(layout)),
        chunk_rows_(chunk_rows),
        bar_(bar) {}

  /// Returns the number of accounts (after the first pass).
  [[nodiscard]] Eigen::Index accounts() const noexcept {
    return static_cast<Eigen::Index>(records_);
  }
  /// Returns the source's name, as given.
  [[nodiscard]] const std::string& name() const noexcept { return source_.name(); }
  /// Returns the header (after the first pass has started).
  [[nodiscard]] const std::vector<std::string>& header() const noexcept { return header_; }
  /// Returns the file column (0-based) of numeric column `j` of the layout.
  [[nodiscard]] std::size_t numeric_column(std::size_t j) const { return numeric_cols_[j]; }
  /// Returns the file column (0-based) of text column `k` of the layout.
  [[nodiscard]] std::size_t text_column(std::size_t k) const { return text_cols_[k]; }
  /// Returns the file column of the ids.
  [[nodiscard]] std::size_t id_column() const noexcept { return id_col_; }
  /// Returns the line of the header.
  [[nodiscard]] std::size_t header_line() const noexcept { return header_line_; }
  /// Returns a position in the file.
  [[nodiscard]] text_position position(std::size_t line, std::size_t file_col) const {
    return {source_.name(), line, file_col + 1};
  }
  /// Returns the position of field `file_col` of row `r` of `c`.
  [[nodiscard]] text_position position(const table_chunk& c, Eigen::Index r,
                                       std::size_t file_col) const {
    return position(c.line_of(r, file_col), file_col);
  }

  /// Pass 1: calls `on_chunk(chunk)` for every chunk in order and, when `on_unit` is set,
  /// `on_unit(unit)` for consecutive blocks of exactly unit_rows accounts (the last one shorter)
  /// holding the numeric columns, ids and lines: statistics fitted per unit and merged in a
  /// merge_tree do not depend on the chunk size. Then checks that ids are unique and that there
  /// is at least one account.
  void first_pass(std::string_view phase, const std::function<void(const table_chunk&)>& on_chunk,
                  const std::function<void(const table_chunk&)>& on_unit = {}) {
    auto reader = open();
    records_ = 0;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> hashes;  // (hash of id, record)
    if (on_unit) {
      prepare(unit_, unit_rows);
      unit_.first = 0;
      unit_.rows = 0;
    }
    std::size_t chunks = 0;
    bool all_in_first = false;
    while (read_chunk(*reader, chunk_)) {
      if (++chunks == 1) all_in_first = exhausted_;
      for (Eigen::Index r = 0; r < chunk_.rows; ++r) {
        hashes.emplace_back(std::hash<std::string>{}(chunk_.ids[static_cast<std::size_t>(r)]),
                            chunk_.first + static_cast<std::size_t>(r));
      }
      on_chunk(chunk_);
      if (on_unit) feed_units(chunk_, on_unit);
      bar_.update(phase, records_, reader->bytes_read(), source_.size());
      if (exhausted_) break;
    }
    if (on_unit && unit_.rows > 0) on_unit(unit_);
    if (records_ == 0) {
      throw located_error("kam_cli::read_accounts", "", position(header_line_, 0),
                          "no accounts: the file has a header and no records");
    }
    single_chunk_ = chunks == 1 && all_in_first;  // chunk_ still holds every account
    check_duplicate_ids(std::move(hashes));
  }

  /// A later pass: calls `on_chunk(chunk)` for the same chunks again, in order. Throws if the
  /// file changed (another number of records).
  void again(std::string_view phase, const std::function<void(const table_chunk&)>& on_chunk) {
    if (single_chunk_) {
      on_chunk(chunk_);
      return;
    }
    const std::size_t expected = records_;
    auto reader = open();
    records_ = 0;
    while (read_chunk(*reader, chunk_)) {
      if (records_ > expected) changed();
      on_chunk(chunk_);
      bar_.update(phase, records_, reader->bytes_read(), source_.size());
      if (exhausted_) break;
    }
    if (records_ != expected) changed();
  }

  /// Rethrows a library error about row `row` of `c` at its place in the file: the field is
  /// looked up in `fields` (library field name -> file column); a field-less error with a row
  /// points at the id. Errors with neither are rethrown as they are.
  [[noreturn]] void rethrow_at(const kam::error& e, const table_chunk& c,
                               const field_columns& fields) const {
    std::optional<std::size_t> col;
    for (const auto& [name, file_col] : fields)
      if (name == e.field()) col = file_col;
    if (!e.row()) {
      if (!col) throw;
      throw located_error(e.function(), e.field(), position(header_line_, *col),
                          kam::detail::cat("column '", header_[*col], "': ", without_site(e), " (",
                                           e.function(), ")"));
    }
    const Eigen::Index r = *e.row();
    if (r < 0 || r >= c.rows) throw;
    std::string detail = without_site(e);
    if (col) {
      detail = kam::detail::cat("column '", header_[*col], "': ", detail);
    } else {
      detail = kam::detail::cat("account '", c.ids[static_cast<std::size_t>(r)], "': ", detail);
    }
    throw located_error(e.function(), e.field(), position(c, r, col.value_or(id_col_)),
                        kam::detail::cat(detail, " (", e.function(), ")"));
  }

  /// Returns the (library field, file column) pairs of the numeric columns, by their own names.
  [[nodiscard]] field_columns numeric_fields() const {
    field_columns out;
    for (std::size_t j = 0; j < layout_.numeric.size(); ++j)
      out.emplace_back(layout_.numeric[j].name, numeric_cols_[j]);
    return out;
  }

 private:
  std::unique_ptr<kam_examples::csv_reader> open() {
    stream_ = source_.open();
    auto reader = std::make_unique<kam_examples::csv_reader>(*stream_, source_.name());
    header_ = reader->header();
    header_line_ = reader->header_line();
    const auto missing = [&](const column_request& c) {
      const bool from_config = !c.named_at.source.empty();
      throw located_error(
          "kam_cli::read_accounts", c.name,
          from_config ? c.named_at : reader->position(header_line_, 1),
          kam::detail::cat(c.what, " '", c.name, "' is not a column of ", source_.name(),
                           "; columns: ", kam::detail::quoted_list(header_)));
    };
    const auto id = reader->find(layout_.id);
    if (!id) {
      throw located_error("kam_cli::read_accounts", layout_.id, reader->position(header_line_, 1),
                          kam::detail::cat("no id column '", layout_.id,
                                           "' (name it with input.id in the configuration); "
                                           "columns: ",
                                           kam::detail::quoted_list(header_)));
    }
    id_col_ = *id;
    std::vector<bool> keep(header_.size(), false);
    keep[id_col_] = true;
    numeric_cols_.clear();
    for (const auto& c : layout_.numeric) {
      const auto at = reader->find(c.name);
      if (!at) missing(c);
      numeric_cols_.push_back(*at);
      keep[*at] = true;
    }
    text_cols_.clear();
    for (const auto& c : layout_.text) {
      const auto at = reader->find(c.name);
      if (!at) missing(c);
      text_cols_.push_back(*at);
      keep[*at] = true;
    }
    reader->keep_only(std::move(keep));
    return reader;
  }

  void prepare(table_chunk& c, Eigen::Index capacity) const {
    const auto cap = static_cast<std::size_t>(capacity);
    c.x.conservativeResize(capacity, static_cast<Eigen::Index>(layout_.numeric.size()));
    c.ids.resize(cap);
    c.lines.resize(cap);
    c.text.resize(layout_.text.size());
    c.given.resize(layout_.text.size());
    for (std::size_t k = 0; k < layout_.text.size(); ++k) {
      c.text[k].resize(cap);
      c.given[k].resize(cap);
    }
  }

  bool read_chunk(kam_examples::csv_reader& reader, table_chunk& c) {
    c.first = records_;
    c.rows = 0;
    c.field_lines.clear();
    exhausted_ = false;
    while (c.rows < chunk_rows_) {
      if (!reader.next(record_)) {
        exhausted_ = true;
        break;
      }
      const Eigen::Index r = c.rows;
      const auto ri = static_cast<std::size_t>(r);
      if (r == c.x.rows()) prepare(c, std::min(chunk_rows_, std::max<Eigen::Index>(1024, 2 * r)));
      if (!record_.present(id_col_)) {
        throw located_error("kam_cli::read_accounts", layout_.id,
                            reader.position(record_.field_line(id_col_), id_col_ + 1),
                            "the id is empty; every account needs one");
      }
      c.ids[ri].assign(record_.field(id_col_));
      for (std::size_t j = 0; j < numeric_cols_.size(); ++j) {
        const std::size_t col = numeric_cols_[j];
        const auto jj = static_cast<Eigen::Index>(j);
        if (!record_.present(col)) {
          c.x(r, jj) = std::numeric_limits<double>::quiet_NaN();
          continue;
        }
        const auto v = kam_examples::parse_number(record_.field(col));
        if (!v) {
          throw located_error(
              "kam_cli::read_accounts", layout_.numeric[j].name,
              reader.position(record_.field_line(col), col + 1),
              kam::detail::cat("'", record_.field(col), "' is not a number (column '", header_[col],
                               "'; leave the field empty for a missing value)"));
        }
        c.x(r, jj) = *v;
      }
      for (std::size_t k = 0; k < text_cols_.size(); ++k) {
        const std::size_t col = text_cols_[k];
        c.given[k][ri] = record_.present(col) ? 1 : 0;
        c.text[k][ri].assign(record_.field(col));
      }
      c.lines[ri] = record_.line();
      if (record_.field_line(record_.size() - 1) != record_.line()) {
        auto& fl = c.field_lines[r];
        for (std::size_t f = 0; f < record_.size(); ++f) fl.push_back(record_.field_line(f));
      }
      ++c.rows;
      ++records_;
    }
    return c.rows > 0;
  }

  void feed_units(const table_chunk& c, const std::function<void(const table_chunk&)>& on_unit) {
    for (Eigen::Index r = 0; r < c.rows; ++r) {
      const Eigen::Index u = unit_.rows;
      const auto ui = static_cast<std::size_t>(u);
      unit_.x.row(u) = c.x.row(r);
      unit_.ids[ui] = c.ids[static_cast<std::size_t>(r)];
      unit_.lines[ui] = c.lines[static_cast<std::size_t>(r)];
      if (const auto it = c.field_lines.find(r); it != c.field_lines.end())
        unit_.field_lines[u] = it->second;
      ++unit_.rows;
      if (unit_.rows == unit_rows) {
        on_unit(unit_);
        unit_.first += static_cast<std::size_t>(unit_.rows);
        unit_.rows = 0;
        unit_.field_lines.clear();
      }
    }
  }

  void check_duplicate_ids(std::vector<std::pair<std::uint64_t, std::uint64_t>> hashes) {
    kam_cli::check_duplicate_ids(std::move(hashes), source_, id_col_, layout_.id);
  }

  [[noreturn]] void changed() const {
    throw kam::invalid_input({"kam_cli::read_accounts", source_.name(), std::nullopt},
                             "the file changed while kam was reading it");
  }

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
  kam_examples::csv_record record_;
  std::size_t records_ = 0;
  bool exhausted_ = false;
  bool single_chunk_ = false;
  table_chunk chunk_;
  table_chunk unit_;
};

}  // namespace kam_cli
