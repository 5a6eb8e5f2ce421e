// The kam tool's chunked reading of an accounts CSV (see table.hpp).
#include "table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>
#include <system_error>
#include <thread>

#include "suggest.hpp"

namespace kam_tool {

accounts_source accounts_source::file(std::string path, csv_dialect dialect) {
  accounts_source s;
  s.dialect_ = dialect;
  if (!std::ifstream(path, std::ios::binary)) {
    throw located_error("kam_tool::read_accounts", path, {path}, "cannot open the file");
  }
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  s.size_ = ec ? 0 : static_cast<std::uint64_t>(size);
  s.name_ = std::move(path);
  return s;
}

accounts_source accounts_source::text(std::string content, std::string name, csv_dialect dialect) {
  accounts_source s;
  s.size_ = content.size();
  s.text_ = std::make_shared<const std::string>(std::move(content));
  s.name_ = std::move(name);
  s.dialect_ = dialect;
  return s;
}

accounts_source accounts_source::path_or_stdin(const std::string& path,
                                               std::istream& standard_input, csv_dialect dialect) {
  if (path != "-") return file(path, dialect);
  std::string text((std::istreambuf_iterator<char>(standard_input)),
                   std::istreambuf_iterator<char>());
  return accounts_source::text(std::move(text), "<stdin>", dialect);
}

input_preview preview(const accounts_source& source, std::size_t records) {
  const auto stream = source.open();
  csv_reader reader(*stream, source.name(), source.dialect());
  input_preview p;
  p.header = reader.header();
  const bool comma = source.dialect().decimal_comma;
  std::vector<int> state(p.header.size(), 0);  // 0 nothing yet, 1 numbers, -1 text
  std::vector<int> comma_state(p.header.size(), 0);
  p.comma_number.resize(p.header.size());
  csv_record r;
  for (std::size_t k = 0; k < records && reader.next(r); ++k) {
    for (std::size_t c = 0; c < r.size() && c < state.size(); ++c) {
      if (!r.present(c)) continue;
      const bool plain = parse_number(r.field(c), comma).has_value();
      if (state[c] >= 0) state[c] = plain ? 1 : -1;
      if (comma || comma_state[c] < 0) continue;
      comma_state[c] = plain || parse_number(r.field(c), true) ? 1 : -1;
      if (!plain && comma_state[c] > 0 && p.comma_number[c].empty()) p.comma_number[c] = r.field(c);
    }
  }
  for (std::size_t c = 0; c < state.size(); ++c) {
    p.numeric.push_back(state[c] > 0);
    if (comma_state[c] <= 0) p.comma_number[c].clear();
  }
  return p;
}

std::unique_ptr<std::istream> accounts_source::open() const {
  if (text_) return std::make_unique<std::istringstream>(*text_, std::ios::binary);
  auto in = std::make_unique<std::ifstream>(name_, std::ios::binary);
  if (!*in) throw located_error("kam_tool::read_accounts", name_, {name_}, "cannot open the file");
  return in;
}

Eigen::Index table_layout::add_numeric(const std::string& name, const text_position& named_at,
                                       std::string_view what, std::string_view setting) {
  for (std::size_t j = 0; j < numeric.size(); ++j)
    if (numeric[j].name == name) return static_cast<Eigen::Index>(j);
  numeric.push_back({name, named_at, std::string(what)});
  numeric.back().setting = setting;
  return static_cast<Eigen::Index>(numeric.size() - 1);
}

std::uint64_t chunk_bytes(const table_chunk& c) {
  // A string's own storage, where it is not inside the string object: a string holds its
  // characters inside while they fit the capacity of an empty string (the short-string buffer).
  const std::size_t inside = std::string().capacity();
  const auto outside = [inside](const std::string& s) -> std::uint64_t {
    return s.capacity() <= inside ? 0 : s.capacity() + 1;
  };
  std::uint64_t n = static_cast<std::uint64_t>(c.x.size()) * sizeof(double) +
                    c.lines.capacity() * sizeof(std::size_t) +
                    c.ids.capacity() * sizeof(std::string);
  for (const auto& s : c.ids) n += outside(s);
  for (std::size_t k = 0; k < c.text.size(); ++k) {
    n += c.text[k].capacity() * sizeof(std::string) + c.given[k].capacity();
    for (const auto& s : c.text[k]) n += outside(s);
  }
  for (const auto& [row, lines] : c.field_lines)
    n += lines.capacity() * sizeof(std::size_t) + 4 * sizeof(void*);  // and the map's node
  return n;
}

std::size_t table_chunk::line_of(Eigen::Index r, std::size_t col) const {
  const auto it = field_lines.find(r);
  return it == field_lines.end() ? lines[static_cast<std::size_t>(r)] : it->second[col];
}

std::optional<std::string_view> table_chunk::text_of(std::size_t k, Eigen::Index r) const {
  const auto i = static_cast<std::size_t>(r);
  if (given[k][i] == 0) return std::nullopt;
  return std::string_view(text[k][i]);
}

chunked_table::chunked_table(accounts_source source, table_layout layout, Eigen::Index chunk_rows,
                             progress& bar)
    : source_(std::move(source)), layout_(std::move(layout)), chunk_rows_(chunk_rows), bar_(bar) {}

void chunked_table::first_pass(std::string_view phase, const chunk_handler& on_chunk,
                               const chunk_handler& on_unit) {
  auto reader = open();
  records_ = 0;
  id_hashes_.clear();
  hashing_ids_ = true;
  held_chunks_.clear();
  held_ = false;
  if (on_unit) {
    prepare(unit_, unit_rows);
    unit_.first = 0;
    unit_.rows = 0;
  }
  std::size_t chunks = 0;
  bool all_in_first = false;
  bool holding = budget_ > 0;
  std::uint64_t held_bytes = 0;
  // With threads, the next chunk is read (on a thread of its own) while the handlers take this
  // one; its error, if any, is thrown only after them, as on one thread.
  const bool read_ahead = threads_ > 1;
  table_chunk ahead;
  bool more = read_chunk(*reader, chunk_);
  while (more) {
    if (++chunks == 1) all_in_first = exhausted_;
    const bool last = exhausted_;
    const std::size_t done = records_;
    const std::uint64_t bytes = reader->bytes_read();
    bool ahead_read = false;
    std::exception_ptr ahead_error;
    {
      std::jthread reading;
      if (read_ahead && !last) {
        reading = std::jthread([&] {
          try {
            ahead_read = read_chunk(*reader, ahead);
          } catch (...) {
            ahead_error = std::current_exception();
          }
        });
      }
      on_chunk(chunk_);
      if (on_unit) feed_units(chunk_, on_unit);
      bar_.update(phase, done, bytes, source_.size());
    }  // the reading thread joined
    if (holding) {
      held_bytes += chunk_bytes(chunk_);
      holding = held_bytes <= budget_;
      if (holding) {
        held_chunks_.push_back(std::move(chunk_));
        chunk_ = table_chunk{};
      } else {
        held_chunks_ = {};  // over the budget: the later passes read the file again
      }
    }
    if (last) break;
    if (read_ahead) {
      if (ahead_error) std::rethrow_exception(ahead_error);
      std::swap(chunk_, ahead);
      more = ahead_read;
    } else {
      more = read_chunk(*reader, chunk_);
    }
  }
  if (on_unit && unit_.rows > 0) on_unit(unit_);
  hashing_ids_ = false;
  if (records_ == 0) {
    throw located_error("kam_tool::read_accounts", "", header_position(0),
                        "no accounts: the file has a header and no records");
  }
  held_ = holding;
  single_chunk_ = !held_ && chunks == 1 && all_in_first;  // chunk_ still holds every account
  check_duplicate_ids(std::move(id_hashes_), source_, id_col_, layout_.id);
  id_hashes_ = {};
}

void chunked_table::again(std::string_view phase, const chunk_handler& on_chunk) {
  if (held_) {
    for (const auto& c : held_chunks_) {
      on_chunk(c);
      const auto done = static_cast<std::uint64_t>(c.first) + static_cast<std::uint64_t>(c.rows);
      const double share = static_cast<double>(done) / static_cast<double>(records_);
      bar_.update(phase, done,
                  static_cast<std::uint64_t>(share * static_cast<double>(source_.size())),
                  source_.size());
    }
    return;
  }
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

void chunked_table::rethrow_at(const kam::error& e, const table_chunk& c,
                               const field_columns& fields, std::size_t first_row) const {
  std::optional<std::size_t> col;
  for (const auto& [name, file_col] : fields)
    if (name == e.field()) col = file_col;
  if (!e.row()) {
    if (!col) throw;
    throw located_error(e.function(), e.field(), header_position(*col),
                        fmt::format("column '{}': {}", header_[*col], e.reason()));
  }
  const auto r = static_cast<Eigen::Index>(*e.row() - static_cast<std::ptrdiff_t>(first_row));
  if (r < 0 || r >= c.rows) throw;
  if (!col) {
    throw located_error(e.function(), e.field(), position(c, r, id_col_),
                        fmt::format("account '{}': {}", c.id(r), e.reason()));
  }
  fail_at(c, r, *col, e.reason());
}

void chunked_table::fail_at(const table_chunk& c, Eigen::Index r, std::size_t file_col,
                            std::string_view detail) const {
  throw located_error("kam_tool::read_accounts", header_[file_col], position(c, r, file_col),
                      fmt::format("column '{}': {}", header_[file_col], detail));
}

field_columns chunked_table::numeric_fields() const {
  field_columns out;
  for (std::size_t j = 0; j < layout_.numeric.size(); ++j)
    out.emplace_back(layout_.numeric[j].name, numeric_cols_[j]);
  return out;
}

std::unique_ptr<csv_reader> chunked_table::open() {
  stream_ = source_.open();
  auto reader = std::make_unique<csv_reader>(*stream_, source_.name(), source_.dialect());
  header_ = reader->header();
  header_line_ = reader->header_line();
  std::vector<bool> keep(header_.size(), false);
  id_col_ = 0;
  if (!layout_.row_numbers) {
    const auto id = reader->find(layout_.id);
    if (!id) {
      throw located_error(
          "kam_tool::read_accounts", layout_.id, header_position(0),
          fmt::format("no id column '{}'; {}name it with --id COL (or input.id in the "
                      "configuration), or number the accounts with --row-number; columns: {}",
                      layout_.id, did_you_mean(layout_.id, header_), quoted_list(header_)));
    }
    id_col_ = *id;
    keep[id_col_] = true;
  }
  const auto find_all = [&](const std::vector<column_request>& requests,
                            std::vector<std::size_t>& cols) {
    cols.clear();
    for (const auto& c : requests) {
      const auto at = reader->find(c.name);
      if (!at) missing_column(c, *reader);
      cols.push_back(*at);
      keep[*at] = true;
    }
  };
  find_all(layout_.numeric, numeric_cols_);
  find_all(layout_.text, text_cols_);
  reader->keep_only(keep);
  return reader;
}

void chunked_table::missing_column(const column_request& c, const csv_reader& reader) const {
  const bool from_config = !c.named_at.source.empty();
  if (!from_config && !c.setting.empty()) {
    // A default the user never chose: name the setting, not a place in their file.
    throw located_error(
        "kam_tool::read_accounts", c.name, {},
        fmt::format("{} is not configured, and its default {} '{}' is not a column of {}; set "
                    "{} in the configuration (-c FILE; see tools/kam/README.md) to the columns "
                    "of your file; {}columns: {}",
                    c.setting, c.what, c.name, source_.name(), c.setting,
                    did_you_mean(c.name, header_), quoted_list(header_)));
  }
  throw located_error(
      "kam_tool::read_accounts", c.name,
      from_config ? c.named_at : reader.position(header_line_, 1),
      fmt::format("{} '{}' is not a column of {}; {}columns: {}", c.what, c.name, source_.name(),
                  did_you_mean(c.name, header_), quoted_list(header_)));
}

void chunked_table::prepare(table_chunk& c, Eigen::Index capacity) const {
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

// Reads up to chunk_rows_ records into `c`; returns false when none was left. Sets exhausted_
// when the reader reached the end of the file. The buffers grow as records come (doubling, up
// to chunk_rows_), so a large --chunk-rows costs memory only for records that exist.
bool chunked_table::read_chunk(csv_reader& reader, table_chunk& c) {
  if (threads_ > 1) return read_chunk_parallel(reader, c);
  c.first = records_;
  c.rows = 0;
  c.field_lines.clear();
  exhausted_ = false;
  multi_line_rows multi_line;
  // A fresh chunk after a full one (pass 1 keeps its chunks): most likely full again, so its
  // buffers get their whole size at once instead of growing (and being copied) 1024 rows on.
  if (c.x.rows() == 0 && records_ > 0) prepare(c, chunk_rows_);
  while (c.rows < chunk_rows_) {
    if (!reader.next(record_)) {
      exhausted_ = true;
      break;
    }
    if (c.rows == c.x.rows())
      prepare(c, std::min(chunk_rows_, std::max<Eigen::Index>(1024, 2 * c.rows)));
    id_hash_slot* hash = hashing_ids_ ? &id_hashes_.emplace_back() : nullptr;
    read_record(reader, record_, c, c.rows, hash, multi_line);
    for (auto& [row, lines] : multi_line) c.field_lines[row] = std::move(lines);
    multi_line.clear();
    ++c.rows;
    ++records_;
  }
  return c.rows > 0;
}

// read_chunk on threads_ threads: the reader cuts the chunk's records (one thread, quote-aware),
// then row ranges are parsed on the threads. Each range stops at its first bad record; the error
// of the lowest range that has one is thrown: the first in file order, for any number of threads.
bool chunked_table::read_chunk_parallel(csv_reader& reader, table_chunk& c) {
  c.first = records_;
  c.rows = 0;
  c.field_lines.clear();
  const std::size_t n = reader.split(static_cast<std::size_t>(chunk_rows_), spans_);
  exhausted_ = n < static_cast<std::size_t>(chunk_rows_);
  if (n == 0) return false;
  const auto rows = static_cast<Eigen::Index>(n);
  if (c.x.rows() < rows) prepare(c, rows);
  if (hashing_ids_) id_hashes_.resize(records_ + n);
  // Every thread gets rows, even in tiny chunks (the tests run 2 and 3 threads on chunks of 7
  // rows): starting a thread costs tens of microseconds, a chunk of 65536 rows milliseconds.
  const std::size_t workers = std::min<std::size_t>(n, threads_);
  struct range {
    std::exception_ptr error;
    multi_line_rows multi_line;
  };
  std::vector<range> ranges(workers);
  const auto work = [&](std::size_t t) {
    csv_record record;
    try {
      for (std::size_t i = n * t / workers; i < n * (t + 1) / workers; ++i) {
        reader.parse(spans_, i, record);
        read_record(reader, record, c, static_cast<Eigen::Index>(i),
                    hashing_ids_ ? &id_hashes_[records_ + i] : nullptr, ranges[t].multi_line);
      }
    } catch (...) {
      ranges[t].error = std::current_exception();
    }
  };
  {
    std::vector<std::jthread> pool;
    pool.reserve(workers - 1);
    for (std::size_t t = 1; t < workers; ++t) pool.emplace_back(work, t);
    work(0);
  }
  for (const auto& r : ranges)
    if (r.error) std::rethrow_exception(r.error);
  for (auto& r : ranges)
    for (auto& [row, lines] : r.multi_line) c.field_lines[row] = std::move(lines);
  c.rows = rows;
  records_ += n;
  return true;
}

// Copies `record` (record number c.first + r of the file) into row `r` of `c`, checking the id
// and the numbers; writes (hash of the id, record number) to `id_hash` unless null; adds the row to
// `multi_line` if the record spans several lines. Changes nothing else: rows may be read on
// several threads at once.
void chunked_table::read_record(const csv_reader& reader, const csv_record& record, table_chunk& c,
                                Eigen::Index r, id_hash_slot* id_hash,
                                multi_line_rows& multi_line) const {
  const auto ri = static_cast<std::size_t>(r);
  const std::size_t index = c.first + ri;
  if (layout_.row_numbers) {
    c.ids[ri] = std::to_string(index + 1);
  } else {
    if (!record.present(id_col_)) {
      throw located_error("kam_tool::read_accounts", layout_.id,
                          reader.position(record.field_line(id_col_), id_col_ + 1),
                          "the id is empty; every account needs one (or give --row-number)");
    }
    c.ids[ri].assign(record.field(id_col_));
    if (id_hash != nullptr) *id_hash = {std::hash<std::string>{}(c.ids[ri]), index};
  }
  const bool decimal_comma = source_.dialect().decimal_comma;
  for (std::size_t j = 0; j < numeric_cols_.size(); ++j) {
    const std::size_t col = numeric_cols_[j];
    const auto jj = static_cast<Eigen::Index>(j);
    c.x(r, jj) = std::numeric_limits<double>::quiet_NaN();
    if (!record.present(col)) continue;
    const auto v = parse_number(record.field(col), decimal_comma);
    if (!v) {
      throw located_error("kam_tool::read_accounts", layout_.numeric[j].name,
                          reader.position(record.field_line(col), col + 1),
                          not_a_number(record.field(col), header_[col]));
    }
    c.x(r, jj) = *v;
  }
  for (std::size_t k = 0; k < text_cols_.size(); ++k) {
    c.given[k][ri] = record.present(text_cols_[k]) ? 1 : 0;
    c.text[k][ri].assign(record.field(text_cols_[k]));
  }
  c.lines[ri] = record.line();
  if (record.field_line(record.size() - 1) != record.line()) {
    auto& fl = multi_line.emplace_back(r, std::vector<std::size_t>()).second;
    for (std::size_t f = 0; f < record.size(); ++f) fl.push_back(record.field_line(f));
  }
}

void chunked_table::feed_units(const table_chunk& c, const chunk_handler& on_unit) {
  for (Eigen::Index r = 0; r < c.rows; ++r) {
    const Eigen::Index u = unit_.rows;
    const auto ui = static_cast<std::size_t>(u);
    unit_.x.row(u) = c.x.row(r);
    unit_.ids[ui] = c.id(r);
    unit_.lines[ui] = c.lines[static_cast<std::size_t>(r)];
    if (const auto it = c.field_lines.find(r); it != c.field_lines.end())
      unit_.field_lines[u] = it->second;
    ++unit_.rows;
    if (unit_.rows < unit_rows) continue;
    on_unit(unit_);
    unit_.first += static_cast<std::size_t>(unit_.rows);
    unit_.rows = 0;
    unit_.field_lines.clear();
  }
}

void chunked_table::changed() const {
  throw located_error("kam_tool::read_accounts", "", {source_.name()},
                      "the file changed while kam was reading it");
}

void check_duplicate_ids(std::vector<std::pair<std::uint64_t, std::uint64_t>> hashes,
                         const accounts_source& source, std::size_t id_col,
                         const std::string& id_field) {
  // Equal hashes meet in one of 2^16 buckets by the hash's top bits (a counting sort: two passes
  // over the pairs, where std::sort of 10^6 pairs took ~20 compares each); each bucket (about
  // n / 65536 pairs) is then sorted alone.
  constexpr int bucket_bits = 16;
  constexpr int shift = 64 - bucket_bits;
  std::vector<std::size_t> ends((std::size_t{1} << bucket_bits) + 1, 0);
  for (const auto& h : hashes) ++ends[(h.first >> shift) + 1];
  for (std::size_t b = 1; b < ends.size(); ++b) ends[b] += ends[b - 1];
  std::vector<std::pair<std::uint64_t, std::uint64_t>> sorted(hashes.size());
  for (const auto& h : hashes) sorted[ends[h.first >> shift]++] = h;  // ends[b]: end of bucket b
  hashes = {};
  std::vector<std::uint64_t> candidates;
  for (std::size_t b = 0, from = 0; b + 1 < ends.size(); from = ends[b++]) {
    if (ends[b] - from < 2) continue;
    const auto first = sorted.begin() + static_cast<std::ptrdiff_t>(from);
    const auto last = sorted.begin() + static_cast<std::ptrdiff_t>(ends[b]);
    std::sort(first, last);
    for (auto it = first + 1; it != last; ++it) {
      if (it->first != (it - 1)->first) continue;
      candidates.push_back((it - 1)->second);
      candidates.push_back(it->second);
    }
  }
  if (candidates.empty()) return;
  // Equal hashes: read the candidates' ids again and compare them for real.
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  std::unordered_map<std::string, std::size_t> first_line;
  const auto stream = source.open();
  csv_reader reader(*stream, source.name(), source.dialect());
  csv_record rec;
  std::size_t next = 0;
  while (next < candidates.size() && reader.next(rec)) {
    if (rec.index() != candidates[next]) continue;
    ++next;
    const std::string id(rec.field(id_col));
    const auto [it, fresh] = first_line.emplace(id, rec.line());
    if (fresh) continue;
    throw located_error(
        "kam_tool::read_accounts", id_field, reader.position(rec.field_line(id_col), id_col + 1),
        fmt::format("duplicate id '{}' (first on line {}); ids must be unique", id, it->second));
  }
}

}  // namespace kam_tool
