// RFC 4180 CSV reading for the kam tool (see csv.hpp).
#include "csv.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <limits>
#include <system_error>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

// Reads into `v` the number `text` writes as [-]DIGITS[.DIGITS] with at most 15 digits, as
// from_chars would read it; returns false for any other text (from_chars then decides). The
// digits and the power of ten are exact doubles, so one correctly rounded division gives the
// correctly rounded value (Clinger's fast path): the common case, without from_chars' machinery.
bool short_decimal(std::string_view text, double& v) {
  static constexpr std::array<double, 16> powers = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                    1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  const bool negative = text.starts_with('-');
  if (negative) text.remove_prefix(1);
  std::uint64_t digits = 0;
  std::size_t count = 0;
  std::size_t decimals = 0;
  bool point = false;
  for (const char c : text) {
    if (c == '.' && !point && count > 0) {
      point = true;
      continue;
    }
    if (c < '0' || c > '9' || ++count > 15) return false;
    digits = 10 * digits + static_cast<std::uint64_t>(c - '0');
    decimals += point ? 1 : 0;
  }
  if (count == 0 || (point && decimals == 0)) return false;
  v = static_cast<double>(digits);
  if (decimals > 0) v /= powers[decimals];
  if (negative) v = -v;
  return true;
}

// Returns whether `text` holds a line end outside quotes (as detect_delimiter reads them).
bool holds_line_end(std::string_view text) {
  bool quoted = false;
  for (const char c : text) {
    if (c == '"') quoted = !quoted;
    if (!quoted && (c == '\n' || c == '\r')) return true;
  }
  return false;
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

namespace {

// parse_number for any text but the short decimals.
[[gnu::noinline]] std::optional<double> parse_any_number(std::string_view text,
                                                         bool decimal_comma) {
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

}  // namespace

std::optional<double> parse_number(std::string_view text, bool decimal_comma) {
  double v = 0;
  if (!decimal_comma && short_decimal(text, v)) return v;  // blanks and '+' go the long way
  return parse_any_number(text, decimal_comma);
}

std::string not_a_number(std::string_view text, std::string_view column) {
  const bool comma_number = text.find(',') != std::string_view::npos && parse_number(text, true);
  return fmt::format("'{}' is not a number (column '{}'; {})", text, column,
                     comma_number ? "a decimal comma? give --decimal-comma"
                                  : "leave the field empty for a missing value");
}

csv_reader::csv_reader(std::istream& in, std::string source, csv_dialect dialect,
                       std::size_t block_size)
    : in_(in), source_(std::move(source)), delimiter_(dialect.delimiter) {
  block_.resize(std::max<std::size_t>(block_size, 1));
  start();
  read_header();
  if (dialect.decimal_comma && delimiter_ == ',') {
    throw located_error("kam_tool::read_csv", "", position(header_line_, 1),
                        "--decimal-comma needs the delimiter ';' or tab, and this file's "
                        "header is delimited by ','; with ',' a decimal comma would split "
                        "numbers in two (give --delimiter if the detection is wrong)");
  }
}

// Reads up to the end of the header line (as far as 64 KiB, where detection always looked),
// skips a byte-order mark, detects the delimiter and sets the bytes the field scans stop at.
void csv_reader::start() {
  constexpr std::size_t detect_limit = std::size_t{1} << 16;
  const auto head = [&] {
    return std::string_view(block_).substr(0, std::min(end_, detect_limit));
  };
  while (end_ < detect_limit && !holds_line_end(head()) && refill()) {
  }
  if (head().starts_with("\xEF\xBB\xBF")) pos_ = 3;  // byte-order mark
  if (delimiter_ == '\0') delimiter_ = detect_delimiter(head());
  for (const char c : {delimiter_, '\n', '\r', '"', '\0'})
    stops_[static_cast<unsigned char>(c)] = true;
  for (const char c : {'\n', '\r', '"', '\0'}) quoted_stops_[static_cast<unsigned char>(c)] = true;
}

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

void csv_reader::keep_only(const std::vector<bool>& keep) {
  keep_.assign(keep.begin(), keep.end());
  const auto last = std::find(keep.rbegin(), keep.rend(), true);
  cut_ = static_cast<std::size_t>(keep.rend() - last);  // 1 + the last kept column, or 0
}

std::optional<std::size_t> csv_reader::find(std::string_view name) const noexcept {
  for (std::size_t c = 0; c < header_.size(); ++c)
    if (header_[c] == name) return c;
  return std::nullopt;
}

bool csv_reader::next(csv_record& record) {
  for (;;) {
    skip_line_ends();
    if (pos_ < end_ && parse_record(record)) return true;
    if (!refill() && pos_ == end_) return false;
  }
}

// Moves the bytes not parsed yet to the front of the block (doubling it when they fill it: a
// record longer than the block) and reads more after them; returns false when none came.
bool csv_reader::refill() {
  if (at_eof_) return false;
  if (pos_ > 0) {
    std::memmove(block_.data(), block_.data() + pos_, end_ - pos_);
    end_ -= pos_;
    pos_ = 0;
  }
  if (end_ == block_.size()) block_.resize(2 * block_.size());
  const std::size_t want = block_.size() - end_;
  in_.read(block_.data() + end_, static_cast<std::streamsize>(want));
  const auto got = static_cast<std::size_t>(in_.gcount());
  end_ += got;
  bytes_ += got;
  at_eof_ = got < want;
  return got > 0;
}

// Skips line ends before a record: blank lines, and the LF of a CRLF that ended the last record.
void csv_reader::skip_line_ends() {
  for (; pos_ < end_; ++pos_) {
    const char c = block_[pos_];
    if (c == '\n') {
      line_ += skip_lf_ ? 0 : 1;
    } else if (c == '\r') {
      ++line_;
    } else {
      skip_lf_ = false;
      return;
    }
    skip_lf_ = c == '\r';
  }
}

// Parses the record at block_[pos_] into `record` and moves past it; returns false (and moves
// nowhere) when the block ends before the record does and the input has more.
bool csv_reader::parse_record(csv_record& record) {
  const char* const end = block_.data() + end_;
  const char* p = block_.data() + pos_;
  std::size_t line = line_;
  record.clear();
  record.line_ = line;
  record.base_ = block_.data();
  if (const char* stop = parse_plain(p, end, line, record)) {
    p = stop;
  } else {
    record.clear();
    p = parse_fields(p, end, line, at_eof_, record);
    if (p == nullptr) return false;
    record.base_ = record.text_.data();
  }
  check_count(record, line);
  if (p < end) {  // the line end
    skip_lf_ = *p == '\r';
    ++p;
    ++line;
  }
  pos_ = static_cast<std::size_t>(p - block_.data());
  line_ = line;
  if (!in_header_) record.index_ = records_++;
  return true;
}

// Parses the fields of the record at `p` (starting on `line`; `line` ends on the line of its
// end) into `record`; returns where the record ends (its line end, or `end`), or nullptr when
// [p, end) ends before the record does and more input may follow (`at_eof` false).
const char* csv_reader::parse_fields(const char* p, const char* end, std::size_t& line, bool at_eof,
                                     csv_record& record) const {
  for (std::size_t k = 0;; ++k) {
    p = p < end && *p == '"' ? parse_quoted(p, end, line, at_eof, k, record)
                             : parse_unquoted(p, end, line, at_eof, k, record);
    if (p == nullptr) return nullptr;
    if (p == end || *p != delimiter_) return p;
    ++p;
  }
}

// The common record, fast: when the record at `p` (on `line`) holds no quote and no NUL byte and
// its line end lies in a 16-byte window before `end`, adds its fields to `record` as views into
// the caller's buffer (offsets from `record.base_`, which the caller sets to the buffer's start)
// and returns its line end. Otherwise returns nullptr: clear `record` and use parse_fields. The
// record is scanned 16 bytes at a time and cut at the delimiters' bits: no call, no reload and
// no copy per field.
const char* csv_reader::parse_plain(const char* p, const char* end, std::size_t line,
                                    csv_record& record) const {
#if defined(__SSE2__)
  const char* const base = record.base_;
  const __m128i delimiter = _mm_set1_epi8(delimiter_);
  const char* field = p;
  std::size_t k = 0;
  const unsigned char* const keep = keep_.data();
  const std::size_t judged = in_header_ ? 0 : keep_.size();  // columns past it are kept
  const std::size_t cut = in_header_ ? static_cast<std::size_t>(-1) : cut_;
  std::size_t counted = 0;  // fields past `cut`
  const auto add = [&](const char* to) {
    const auto size = static_cast<std::size_t>(to - field);
    const bool kept = k >= judged || keep[k] != 0;
    record.add_view(static_cast<std::size_t>(field - base), kept ? size : 0, line, size > 0);
    ++k;
  };
  for (const char* w = p; end - w >= 16; w += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(w));
    const auto line_ends = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_or_si128(
        _mm_cmpeq_epi8(x, _mm_set1_epi8('\n')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\r')))));
    const auto odd = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_or_si128(
        _mm_cmpeq_epi8(x, _mm_set1_epi8('"')), _mm_cmpeq_epi8(x, _mm_setzero_si128()))));
    auto delimiters = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, delimiter)));
    // The bytes before the first line end (all 16 when there is none).
    const std::uint32_t before = line_ends != 0 ? (line_ends & (0u - line_ends)) - 1 : 0xFFFFu;
    if ((odd & before) != 0) return nullptr;
    for (delimiters &= before; delimiters != 0 && k < cut; delimiters &= delimiters - 1) {
      const char* at = w + std::countr_zero(delimiters);
      add(at);
      field = at + 1;
    }
    counted += static_cast<std::size_t>(std::popcount(delimiters));  // fields past the cut
    if (line_ends != 0) {
      const char* at = w + std::countr_zero(line_ends);
      if (k < cut) {
        add(at);
      } else {
        ++counted;  // the last field
      }
      record.counted_ = counted;
      return at;
    }
  }
#else
  (void)p;
  (void)end;
  (void)line;
  (void)record;
#endif
  return nullptr;
}

// Returns the first byte of [p, end) that ends an unquoted field (the delimiter, a line end) or
// is an error in it (a quote, a NUL byte), or `end`. Sixteen bytes at a time where SSE2 is there
// (always on x86-64): fields are short, and a byte loop mispredicts the end of each. (Keeping the
// other stops of the 16 bytes for the next fields was slower.)
const char* csv_reader::find_stop(const char* p, const char* end) const noexcept {
#if defined(__SSE2__)
  const __m128i delimiter = _mm_set1_epi8(delimiter_);
  for (; end - p >= 16; p += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i line_end = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\n')),
                                          _mm_cmpeq_epi8(x, _mm_set1_epi8('\r')));
    const __m128i odd =
        _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')), _mm_cmpeq_epi8(x, _mm_setzero_si128()));
    const __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(x, delimiter), _mm_or_si128(line_end, odd));
    const auto stops = static_cast<std::uint32_t>(_mm_movemask_epi8(hit));
    if (stops != 0) return p + std::countr_zero(stops);
  }
#endif
  while (p < end && !stops_[static_cast<unsigned char>(*p)]) ++p;
  return p;
}

// Adds the unquoted field k at `p` (on `line`) to `record`; returns where it ends, or nullptr
// when the block ends first.
const char* csv_reader::parse_unquoted(const char* p, const char* end, std::size_t line,
                                       bool at_eof, std::size_t k, csv_record& record) const {
  const char* q = p;
  bool nul = false;
  for (;; ++q) {
    q = find_stop(q, end);
    if (q == end) {
      if (!at_eof) return nullptr;
      break;
    }
    if (*q == '"') malformed(line, k);
    if (*q != '\0') break;
    nul = true;
  }
  if (nul) holds_nul(line, k);
  const std::size_t begin = record.text_.size();
  if (kept(k)) record.text_.append(p, q);
  record.add(begin, line, q > p);
  return q;
}

// Adds the quoted field k at `p` (its opening quote, on `line`) to `record` without its quotes
// and with doubled quotes made single; counts the line ends in it on `line`; returns where it
// ends (after the closing quote), or nullptr when the block ends first.
const char* csv_reader::parse_quoted(const char* p, const char* end, std::size_t& line, bool at_eof,
                                     std::size_t k, csv_record& record) const {
  const std::size_t start_line = line;
  const bool keep = kept(k);
  const std::size_t begin = record.text_.size();
  std::size_t size = 0;
  bool nul = false;
  const auto take = [&](const char* from, const char* to) {
    if (keep) record.text_.append(from, to);
    size += static_cast<std::size_t>(to - from);
  };
  const char* q = p + 1;
  for (;;) {
    const char* from = q;
    while (q < end && !quoted_stops_[static_cast<unsigned char>(*q)]) ++q;
    if (q == end) {
      if (!at_eof) return nullptr;
      unterminated(start_line, k);
    }
    if (*q == '"') {
      if (q + 1 == end && !at_eof) return nullptr;  // the closing quote, or the first of two?
      const bool doubled = q + 1 < end && q[1] == '"';
      ++q;
      take(from, doubled ? q : q - 1);  // one quote of two, none of the closing one
      if (!doubled) break;
      ++q;
      continue;
    }
    const char c = *q++;                          // a line end or a NUL byte: part of the field
    if (c == '\r' && q < end && *q == '\n') ++q;  // CRLF: one line end
    line += c == '\0' ? 0 : 1;
    nul = nul || c == '\0';
    take(from, q);
  }
  if (q == end && !at_eof) return nullptr;
  if (q < end && *q != delimiter_ && *q != '\n' && *q != '\r') malformed(line, k);
  if (nul) holds_nul(start_line, k);
  record.add(begin, start_line, size > 0);
  return q;
}

namespace {

// Returns the first line end outside quotes in [p, end), or nullptr; adds to `lines` the line
// ends inside quotes before it (CRLF counted once). A quote toggles the state. Sixteen bytes at a
// time where SSE2 is there: most windows hold no quote and at most one line end.
const char* record_end(const char* p, const char* end, std::size_t& lines) noexcept {
  bool quoted = false;
  const auto look = [&](const char* at) {  // at a quote or a line end; true: the record's end
    if (*at == '"') {
      quoted = !quoted;
      return false;
    }
    if (!quoted) return true;
    if (!(*at == '\n' && at[-1] == '\r')) ++lines;  // inside quotes: at > p
    return false;
  };
  const char* w = p;
#if defined(__SSE2__)
  for (; end - w >= 16; w += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(w));
    auto line_ends = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_or_si128(
        _mm_cmpeq_epi8(x, _mm_set1_epi8('\n')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\r')))));
    const auto quotes =
        static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('"'))));
    if (!quoted && quotes == 0) {
      if (line_ends != 0) return w + std::countr_zero(line_ends);
      continue;
    }
    for (auto m = line_ends | quotes; m != 0; m &= m - 1) {
      const char* at = w + std::countr_zero(m);
      if (look(at)) return at;
    }
  }
#endif
  for (; w < end; ++w) {
    if ((*w == '"' || *w == '\n' || *w == '\r') && look(w)) return w;
  }
  return nullptr;
}

}  // namespace

std::size_t csv_reader::split(std::size_t max_records, csv_spans& out) {
  out.bytes.clear();
  out.records.clear();
  while (out.records.size() < max_records) {
    skip_line_ends();
    if (pos_ == end_) {
      if (!refill() && pos_ == end_) break;
      continue;
    }
    const char* const begin = block_.data() + pos_;
    const char* const end = block_.data() + end_;
    std::size_t lines = 0;
    const char* stop = record_end(begin, end, lines);
    if (stop == nullptr) {
      if (!at_eof_) {
        refill();  // the record goes on in the next block (or the input ends: at_eof_)
        continue;
      }
      stop = end;
    }
    const auto size = static_cast<std::size_t>(stop - begin);
    out.records.push_back({out.bytes.size(), size, line_, records_++});
    out.bytes.append(begin, size + (stop < end ? 1 : 0));
    line_ += lines;
    pos_ += size;
    if (stop < end) {
      skip_lf_ = *stop == '\r';
      ++pos_;
      ++line_;
    }
  }
  return out.records.size();
}

void csv_reader::parse(const csv_spans& spans, std::size_t i, csv_record& record) const {
  const auto& s = spans.records[i];
  const char* const begin = spans.bytes.data() + s.begin;
  std::size_t line = s.line;
  record.clear();
  record.line_ = line;
  record.index_ = s.index;
  record.base_ = spans.bytes.data();
  if (parse_plain(begin, spans.bytes.data() + spans.bytes.size(), line, record) == nullptr) {
    record.clear();
    parse_fields(begin, begin + s.size, line, true, record);
    record.base_ = record.text_.data();
  }
  check_count(record, line);
}

// A ragged record: the line of its end and the first missing field, or the first extra one.
void csv_reader::check_count(const csv_record& record, std::size_t end_line) const {
  const std::size_t n = record.size();
  if (in_header_ || n == header_.size()) return;
  const std::size_t col = n < header_.size() ? n + 1 : header_.size() + 1;
  const std::size_t line = n < header_.size() ? end_line : record.field_line(col - 1);
  throw located_error("kam_tool::read_csv", "", position(line, col),
                      fmt::format("record has {} fields where the header has {} (a ragged row)", n,
                                  header_.size()));
}

void csv_reader::malformed(std::size_t line, std::size_t k) const {
  throw located_error("kam_tool::read_csv", "", position(line, k + 1),
                      "malformed field: a quote inside an unquoted field, or text after a "
                      "closing quote (RFC 4180 wants the whole field quoted and inner quotes "
                      "doubled)");
}

void csv_reader::holds_nul(std::size_t line, std::size_t k) const {
  throw located_error("kam_tool::read_csv", k < header_.size() ? header_[k] : "",
                      position(line, k + 1),
                      "the field holds a NUL byte (CSV is text: a binary file, or UTF-16 "
                      "where UTF-8 was expected?)");
}

void csv_reader::unterminated(std::size_t line, std::size_t k) const {
  throw located_error("kam_tool::read_csv", "", position(line, k + 1),
                      "unterminated quoted field (it starts here and runs to the end of the "
                      "file)");
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
