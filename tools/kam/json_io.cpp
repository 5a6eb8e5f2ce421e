// JSON in and out for the kam tool (see json_io.hpp): parsing with positions, and the
// non-template readers and writers.
#include "json_io.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <exception>
#include <fstream>
#include <iterator>
#include <limits>
#include <unordered_set>

namespace kam_tool {
namespace {

bool token_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '+' ||
         c == '-' || c == '.';
}

/// Returns "/<key>" with the key escaped as RFC 6901 wants ('~' as "~0", '/' as "~1").
std::string pointer_step(std::string_view key) {
  std::string p = "/";
  for (const char c : key) {
    if (c == '~') {
      p += "~0";
    } else if (c == '/') {
      p += "~1";
    } else {
      p += c;
    }
  }
  return p;
}

/// Boost.JSON parser handler that records where every value and key starts, by JSON pointer, and
/// rejects duplicate keys. It is fed one byte at a time, so `*at` is the offset of the byte whose
/// arrival completed the event; starts are found from there (configuration files are small).
struct locator {
  static constexpr std::size_t max_object_size = std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t max_array_size = std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t max_key_size = std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t max_string_size = std::numeric_limits<std::size_t>::max();
  using ec_type = boost::system::error_code;

  struct frame {
    bool object = false;
    std::string pointer;
    std::string key;
    std::size_t key_offset = 0;
    std::size_t index = 0;
    std::unordered_set<std::string> seen;
  };

  const std::string* text = nullptr;
  const std::size_t* at = nullptr;
  std::vector<frame> stack;
  std::string key;
  std::unordered_map<std::string, std::size_t>* values = nullptr;
  std::unordered_map<std::string, std::size_t>* keys = nullptr;
  std::optional<std::pair<std::size_t, std::string>> failure;  // our own rejection

  [[nodiscard]] std::size_t string_start() const {
    // *at is the closing quote; the opening one is the previous quote not escaped by an odd
    // number of backslashes (a raw quote cannot appear inside a JSON string).
    std::size_t i = *at;
    while (i > 0) {
      --i;
      if ((*text)[i] != '"') continue;
      std::size_t slashes = 0;
      while (i > slashes && (*text)[i - 1 - slashes] == '\\') ++slashes;
      if (slashes % 2 == 0) return i;
    }
    return 0;
  }
  [[nodiscard]] std::size_t scalar_start() const {
    // Numbers complete on the byte after them, literals on their last letter.
    std::size_t e = *at;
    if (e >= text->size() || !token_char((*text)[e])) e = e == 0 ? 0 : e - 1;
    while (e > 0 && token_char((*text)[e - 1])) --e;
    return e;
  }
  [[nodiscard]] std::string child_pointer() const {
    if (stack.empty()) return {};
    const frame& f = stack.back();
    if (!f.object) return f.pointer + '/' + std::to_string(f.index);
    return f.pointer + pointer_step(f.key);
  }
  void begin_value(std::size_t start) {
    const std::string p = child_pointer();
    (*values)[p] = start;
    if (!stack.empty() && stack.back().object) (*keys)[p] = stack.back().key_offset;
  }
  void end_value() {
    if (!stack.empty() && !stack.back().object) ++stack.back().index;
  }
  bool scalar(std::size_t start) {
    begin_value(start);
    end_value();
    return true;
  }
  bool open(bool object) {
    begin_value(*at);
    frame f;
    f.object = object;
    f.pointer = child_pointer();
    stack.push_back(std::move(f));
    return true;
  }
  bool close() {
    stack.pop_back();
    end_value();
    return true;
  }

  bool on_document_begin(ec_type&) { return true; }
  bool on_document_end(ec_type&) { return true; }
  bool on_object_begin(ec_type&) { return open(true); }
  bool on_object_end(std::size_t, ec_type&) { return close(); }
  bool on_array_begin(ec_type&) { return open(false); }
  bool on_array_end(std::size_t, ec_type&) { return close(); }
  bool on_key_part(boost::json::string_view s, std::size_t, ec_type&) {
    key.append(s.data(), s.size());
    return true;
  }
  bool on_key(boost::json::string_view s, std::size_t, ec_type& ec) {
    key.append(s.data(), s.size());
    frame& f = stack.back();
    f.key_offset = string_start();
    if (!f.seen.insert(key).second) {
      failure.emplace(f.key_offset, fmt::format("duplicate key '{}' in this object", key));
      ec = boost::json::error::syntax;
      return false;
    }
    f.key = std::move(key);
    key.clear();
    return true;
  }
  bool on_string_part(boost::json::string_view, std::size_t, ec_type&) { return true; }
  bool on_string(boost::json::string_view, std::size_t, ec_type&) { return scalar(string_start()); }
  bool on_number_part(boost::json::string_view, ec_type&) { return true; }
  bool on_int64(std::int64_t, boost::json::string_view, ec_type&) { return scalar(scalar_start()); }
  bool on_uint64(std::uint64_t, boost::json::string_view, ec_type&) {
    return scalar(scalar_start());
  }
  bool on_double(double, boost::json::string_view, ec_type&) { return scalar(scalar_start()); }
  bool on_bool(bool, ec_type&) { return scalar(scalar_start()); }
  bool on_null(ec_type&) { return scalar(scalar_start()); }
  bool on_comment_part(boost::json::string_view, ec_type&) { return true; }
  bool on_comment(boost::json::string_view, ec_type&) { return true; }
};

/// Returns the offset recorded in `m` for `pointer`, or for its closest recorded ancestor.
std::size_t lookup(const std::unordered_map<std::string, std::size_t>& m,
                   std::string_view pointer) {
  std::string p(pointer);
  while (true) {
    const auto it = m.find(p);
    if (it != m.end()) return it->second;
    if (p.empty()) return 0;
    p.erase(p.rfind('/'));
  }
}

}  // namespace

json_path json_path::key(std::string_view k) const {
  return {pointer + pointer_step(k),
          display.empty() ? std::string(k) : fmt::format("{}.{}", display, k)};
}

json_path json_path::index(std::size_t i) const {
  return {fmt::format("{}/{}", pointer, i), fmt::format("{}[{}]", display, i)};
}

json_document::json_document(std::string text, std::string source)
    : source_(std::move(source)), text_(std::move(text)) {
  parse();
  try {
    root_ = boost::json::parse(text_);  // the same grammar, accepted by parse()
  } catch (const std::exception& e) {
    fail_at(0, fmt::format("invalid JSON: {}", e.what()));
  }
}

// Runs the locating parser over the text one byte at a time.
void json_document::parse() {
  std::size_t at = 0;
  boost::json::basic_parser<locator> p(boost::json::parse_options{});
  auto& h = p.handler();
  h.text = &text_;
  h.at = &at;
  h.values = &values_;
  h.keys = &keys_;
  boost::system::error_code ec;
  for (; at < text_.size(); ++at) {
    // A byte not consumed without an error: the document ended before it.
    if (p.write_some(true, text_.data() + at, 1, ec) != 1 && !ec)
      fail_at(at, "invalid JSON: extra data after the end of the document");
    if (ec) break;
  }
  if (!ec) p.write_some(false, nullptr, 0, ec);
  if (!ec) return;
  if (h.failure) fail_at(h.failure->first, h.failure->second);
  fail_at(std::min(at, text_.empty() ? 0 : text_.size() - 1),
          fmt::format("invalid JSON: {}", ec.message()));
}

json_document json_document::read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw located_error("kam_tool::read_config", path, {path}, "cannot open the file");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return {std::move(text), path};
}

text_position json_document::position(std::string_view pointer) const {
  return position_at(lookup(values_, pointer));
}

bool json_document::has(std::string_view pointer) const {
  return values_.contains(std::string(pointer));
}

text_position json_document::position_if_given(std::string_view pointer) const {
  return has(pointer) ? position(pointer) : text_position{};
}

text_position json_document::key_position(std::string_view pointer) const {
  const auto it = keys_.find(std::string(pointer));
  return it == keys_.end() ? position(pointer) : position_at(it->second);
}

void json_document::fail(const json_path& path, std::string_view detail, bool at_key) const {
  throw located_error("kam_tool::read_config", path.display,
                      at_key ? key_position(path.pointer) : position(path.pointer), detail);
}

text_position json_document::position_at(std::size_t offset) const {
  text_position pos{source_, 1, 1};
  for (std::size_t i = 0; i < offset && i < text_.size(); ++i) {
    const auto c = static_cast<unsigned char>(text_[i]);
    if (c == '\n') {
      ++pos.line;
      pos.column = 1;
    } else if ((c & 0xC0) != 0x80 && c != '\r') {  // count code points, not bytes
      ++pos.column;
    }
  }
  return pos;
}

void json_document::fail_at(std::size_t offset, std::string_view detail) const {
  throw located_error("kam_tool::read_config", "", position_at(offset), detail);
}

const char* kind_name(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      return "null";
    case boost::json::kind::bool_:
      return "a boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_:
      return "a number";
    case boost::json::kind::string:
      return "a string";
    case boost::json::kind::array:
      return "an array";
    case boost::json::kind::object:
      return "an object";
  }
  return "a value";
}

void fail_expected(const json_document& doc, const boost::json::value& v, const json_path& path,
                   std::string_view what) {
  doc.fail(path, fmt::format("expected {} for {}, got {}", what, path.name(), kind_name(v)));
}

void read_json(const json_document&, const boost::json::value& v, const json_path&,
               boost::json::value& out) {
  out = v;
}

void read_json(const json_document& doc, const boost::json::value& v, const json_path& path,
               std::string& out) {
  if (!v.is_string()) fail_expected(doc, v, path, "a string");
  out = std::string(v.get_string());
}

void read_json(const json_document& doc, const boost::json::value& v, const json_path& path,
               bool& out) {
  if (!v.is_bool()) fail_expected(doc, v, path, "true or false");
  out = v.get_bool();
}

void read_json(const json_document& doc, const boost::json::value& v, const json_path& path,
               double& out) {
  if (!v.is_number()) fail_expected(doc, v, path, "a number");
  out = v.to_number<double>();
}

namespace {

[[noreturn]] void fail_range(const json_document& doc, const boost::json::value& v,
                             const json_path& path, std::string_view lo, std::string_view hi) {
  doc.fail(path, fmt::format("expected an integer in [{}, {}] for {}, got {}", lo, hi, path.name(),
                             boost::json::serialize(v)));
}

// Returns the whole number `v` holds as a double (30.0, 1e3), or fails.
double whole_number(const json_document& doc, const boost::json::value& v, const json_path& path,
                    std::string_view lo, std::string_view hi) {
  if (!v.is_double()) fail_expected(doc, v, path, "an integer");
  const double d = v.get_double();
  if (!(std::isfinite(d) && d == std::floor(d))) fail_range(doc, v, path, lo, hi);
  return d;
}

}  // namespace

std::int64_t read_integer(const json_document& doc, const boost::json::value& v,
                          const json_path& path, std::int64_t lo, std::int64_t hi) {
  const auto lo_text = std::to_string(lo);
  const auto hi_text = std::to_string(hi);
  if (v.is_int64()) {
    const std::int64_t i = v.get_int64();
    if (i < lo || i > hi) fail_range(doc, v, path, lo_text, hi_text);
    return i;
  }
  if (v.is_uint64()) {
    const std::uint64_t u = v.get_uint64();
    if (hi < 0 || u > static_cast<std::uint64_t>(hi)) fail_range(doc, v, path, lo_text, hi_text);
    return static_cast<std::int64_t>(u);
  }
  const double d = whole_number(doc, v, path, lo_text, hi_text);
  if (!(d >= static_cast<double>(lo) && d <= static_cast<double>(hi)))
    fail_range(doc, v, path, lo_text, hi_text);
  return static_cast<std::int64_t>(d);
}

std::uint64_t read_unsigned(const json_document& doc, const boost::json::value& v,
                            const json_path& path, std::uint64_t hi) {
  const auto hi_text = std::to_string(hi);
  if (v.is_int64()) {
    const std::int64_t i = v.get_int64();
    if (i < 0 || static_cast<std::uint64_t>(i) > hi) fail_range(doc, v, path, "0", hi_text);
    return static_cast<std::uint64_t>(i);
  }
  if (v.is_uint64()) {
    if (v.get_uint64() > hi) fail_range(doc, v, path, "0", hi_text);
    return v.get_uint64();
  }
  const double d = whole_number(doc, v, path, "0", hi_text);
  if (!(d >= 0 && d <= static_cast<double>(hi))) fail_range(doc, v, path, "0", hi_text);
  return static_cast<std::uint64_t>(d);
}

boost::json::value to_json(const boost::json::value& value) { return value; }
boost::json::value to_json(const boost::json::object& value) { return value; }
boost::json::value to_json(std::string_view value) {
  return boost::json::value(boost::json::string_view(value.data(), value.size()));
}
boost::json::value to_json(const std::string& value) { return to_json(std::string_view(value)); }
boost::json::value to_json(const char* value) { return to_json(std::string_view(value)); }
boost::json::value to_json(bool value) { return boost::json::value(value); }
boost::json::value to_json(double value) {
  if (!std::isfinite(value)) return boost::json::value(nullptr);
  return boost::json::value(value);
}
boost::json::value to_json(std::int64_t value) { return boost::json::value(value); }
boost::json::value to_json(std::uint64_t value) { return boost::json::value(value); }

}  // namespace kam_tool
