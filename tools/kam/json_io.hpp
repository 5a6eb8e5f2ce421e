// JSON in and out for the kam tool through Boost.JSON, driven by Boost.Describe: described structs
// and enums are read from configuration files (every error with file, line and column) and turned
// into JSON values, with no hand-written conversion per field.
#pragma once

#include <algorithm>
#include <array>
#include <boost/describe/members.hpp>
#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <fstream>
#include <iterator>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <limits>
#include <optional>
#include <ranges>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "located_error.hpp"

namespace kam_cli {

using kam_examples::located_error;
using kam_examples::text_position;

/// Where a value sits in a JSON document: its JSON pointer (RFC 6901, for lookups) and a
/// readable path for messages ("score.criteria[2].name").
struct json_path {
  std::string pointer;
  std::string display;

  /// Returns the path of member `key` of this object.
  [[nodiscard]] json_path key(std::string_view k) const {
    std::string p = pointer + '/';
    for (const char c : k) {
      if (c == '~') {
        p += "~0";
      } else if (c == '/') {
        p += "~1";
      } else {
        p += c;
      }
    }
    return {std::move(p), display.empty() ? std::string(k) : display + "." + std::string(k)};
  }
  /// Returns the path of element `i` of this array.
  [[nodiscard]] json_path index(std::size_t i) const {
    return {pointer + '/' + std::to_string(i), kam::detail::cat(display, "[", i, "]")};
  }
  /// Returns the readable path, or "the document" for the root.
  [[nodiscard]] std::string name() const { return display.empty() ? "the document" : display; }
};

namespace detail {

/// The public data members of a described struct, inherited ones included.
template <typename T>
using described_members = boost::describe::describe_members<T, boost::describe::mod_public |
                                                                   boost::describe::mod_inherited>;

inline bool token_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '+' ||
         c == '-' || c == '.';
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
    return json_path{f.pointer, {}}.key(f.key).pointer;
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
      failure.emplace(f.key_offset, kam::detail::cat("duplicate key '", key, "' in this object"));
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

inline const char* kind_name(const boost::json::value& v) {
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

template <typename T>
struct is_optional : std::false_type {};
template <typename T>
struct is_optional<std::optional<T>> : std::true_type {};

template <typename T>
struct is_vector : std::false_type {};
template <typename T, typename A>
struct is_vector<std::vector<T, A>> : std::true_type {};

template <typename T>
struct is_std_array : std::false_type {};
template <typename T, std::size_t N>
struct is_std_array<std::array<T, N>> : std::true_type {};

template <typename T>
struct is_named_list : std::false_type {};
template <typename T>
struct is_named_list<std::vector<std::pair<std::string, T>>> : std::true_type {};

}  // namespace detail

/// A parsed JSON file that remembers where each value and key starts, so that a problem found
/// while reading it can be reported with file, line and column.
class json_document {
 public:
  /// Parses `text` (strict JSON: no comments, no trailing commas, no duplicate keys, valid UTF-8,
  /// at most 32 levels deep); `source` names it in messages. Throws located_error with the line
  /// and column where the text stops being valid JSON.
  json_document(std::string text, std::string source)
      : source_(std::move(source)), text_(std::move(text)) {
    std::size_t at = 0;
    boost::json::basic_parser<detail::locator> p(boost::json::parse_options{});
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
    if (ec) {
      if (h.failure) fail_at(h.failure->first, h.failure->second);
      fail_at(std::min(at, text_.size() == 0 ? 0 : text_.size() - 1),
              kam::detail::cat("invalid JSON: ", ec.message()));
    }
    try {
      root_ = boost::json::parse(text_);  // the same grammar, accepted above
    } catch (const std::exception& e) {
      fail_at(0, kam::detail::cat("invalid JSON: ", e.what()));
    }
  }

  /// Reads and parses the file at `path`. Throws kam::invalid_input if it cannot be read, and
  /// located_error for invalid JSON.
  [[nodiscard]] static json_document read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      throw kam::invalid_input({"kam_cli::read_config", path, std::nullopt},
                               "cannot open the file");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return json_document(std::move(text).str(), path);
  }

  /// Returns the parsed document.
  [[nodiscard]] const boost::json::value& root() const noexcept { return root_; }
  /// Returns the name of the file, as given.
  [[nodiscard]] const std::string& source() const noexcept { return source_; }

  /// Returns where the value at `pointer` starts (its closest recorded ancestor if it has none).
  [[nodiscard]] text_position position(std::string_view pointer) const {
    return position_at(lookup(values_, pointer));
  }
  /// Returns whether the document has a value at `pointer` (as written, not a default).
  [[nodiscard]] bool has(std::string_view pointer) const {
    return values_.contains(std::string(pointer));
  }
  /// Returns where the value at `pointer` starts when the document has one, else an empty
  /// position (no source): for messages that point into the configuration only when it named
  /// the value, and elsewhere (e.g. at a CSV header) when a default was used.
  [[nodiscard]] text_position position_if_given(std::string_view pointer) const {
    return has(pointer) ? position(pointer) : text_position{};
  }
  /// Returns where the key naming the value at `pointer` starts (the value's position for array
  /// elements and the root).
  [[nodiscard]] text_position key_position(std::string_view pointer) const {
    const auto it = keys_.find(std::string(pointer));
    return it == keys_.end() ? position(pointer) : position_at(it->second);
  }

  /// Throws located_error at the value `path` (or at its key when `at_key`).
  [[noreturn]] void fail(const json_path& path, std::string_view detail,
                         bool at_key = false) const {
    throw located_error("kam_cli::read_config", path.display,
                        at_key ? key_position(path.pointer) : position(path.pointer), detail);
  }

 private:
  [[nodiscard]] std::size_t lookup(const std::unordered_map<std::string, std::size_t>& m,
                                   std::string_view pointer) const {
    std::string p(pointer);
    while (true) {
      const auto it = m.find(p);
      if (it != m.end()) return it->second;
      if (p.empty()) return 0;
      p.erase(p.rfind('/'));
    }
  }
  [[nodiscard]] text_position position_at(std::size_t offset) const {
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
  [[noreturn]] void fail_at(std::size_t offset, std::string_view detail) const {
    throw located_error("kam_cli::read_config", "", position_at(offset), detail);
  }

  std::string source_;
  std::string text_;
  boost::json::value root_;
  std::unordered_map<std::string, std::size_t> values_;
  std::unordered_map<std::string, std::size_t> keys_;
};

/// Reads `v` (found at `path` of `doc`) into `out`, following the type of `out`:
/// a described struct from an object (absent members keep their defaults; an unknown key is an
/// error listing the known ones), a described enum from its name (kam::enum_from_name), an optional
/// from null or its value, a vector of (name, value) pairs from an object (in document order), any
/// other vector from an array, a std::array from an array of exactly its size, and strings,
/// booleans and numbers from their JSON kinds (an integer member needs an integral number in its
/// range). Throws located_error at the offending value.
template <typename T>
void read_json(const json_document& doc, const boost::json::value& v, const json_path& path,
               T& out) {
  const auto expect = [&](const char* what) {
    doc.fail(path, kam::detail::cat("expected ", what, " for ", path.name(), ", got ",
                                    detail::kind_name(v)));
  };
  if constexpr (std::is_same_v<T, boost::json::value>) {
    out = v;
  } else if constexpr (kam::described_enum<T>) {
    if (!v.is_string()) expect("a name");
    try {
      out = kam::enum_from_name<T>(std::string_view(v.get_string()), path.display,
                                   "kam_cli::read_config");
    } catch (const kam::unknown_name& e) {
      doc.fail(path,
               kam::detail::cat("unknown name '", std::string_view(v.get_string()), "' for ",
                                path.name(), "; known: ", kam::detail::quoted_list(e.known())));
    }
  } else if constexpr (kam::described_struct<T>) {
    if (!v.is_object()) expect("an object");
    for (const auto& kv : v.get_object()) {
      bool found = false;
      boost::mp11::mp_for_each<detail::described_members<T>>([&](auto d) {
        if (found || kv.key() != d.name) return;
        found = true;
        read_json(doc, kv.value(), path.key(kv.key()), out.*d.pointer);
      });
      if (!found) {
        doc.fail(path.key(kv.key()),
                 kam::detail::cat("unknown key '", std::string_view(kv.key()), "' in ", path.name(),
                                  "; known: ", kam::detail::quoted_list(kam::member_names<T>())),
                 true);
      }
    }
  } else if constexpr (detail::is_optional<T>::value) {
    if (v.is_null()) {
      out.reset();
    } else {
      typename T::value_type inner{};
      read_json(doc, v, path, inner);
      out = std::move(inner);
    }
  } else if constexpr (detail::is_named_list<T>::value) {
    if (!v.is_object()) expect("an object");
    out.clear();
    for (const auto& kv : v.get_object()) {
      typename T::value_type::second_type inner{};
      read_json(doc, kv.value(), path.key(kv.key()), inner);
      out.emplace_back(std::string(kv.key()), std::move(inner));
    }
  } else if constexpr (detail::is_vector<T>::value) {
    if (!v.is_array()) expect("an array");
    out.clear();
    const auto& a = v.get_array();
    for (std::size_t i = 0; i < a.size(); ++i) {
      typename T::value_type inner{};
      read_json(doc, a[i], path.index(i), inner);
      out.push_back(std::move(inner));
    }
  } else if constexpr (detail::is_std_array<T>::value) {
    if (!v.is_array()) expect("an array");
    const auto& a = v.get_array();
    if (a.size() != out.size()) {
      doc.fail(path, kam::detail::cat("expected ", out.size(), " values for ", path.name(),
                                      ", got ", a.size()));
    }
    for (std::size_t i = 0; i < a.size(); ++i) read_json(doc, a[i], path.index(i), out[i]);
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (!v.is_string()) expect("a string");
    out = std::string(v.get_string());
  } else if constexpr (std::is_same_v<T, bool>) {
    if (!v.is_bool()) expect("true or false");
    out = v.get_bool();
  } else if constexpr (std::is_integral_v<T>) {
    using limits = std::numeric_limits<T>;
    const auto range = [&] {
      doc.fail(path,
               kam::detail::cat("expected an integer in [", +limits::min(), ", ", +limits::max(),
                                "] for ", path.name(), ", got ", boost::json::serialize(v)));
    };
    if (v.is_int64()) {
      const std::int64_t i = v.get_int64();
      if (!std::in_range<T>(i)) range();
      out = static_cast<T>(i);
    } else if (v.is_uint64()) {
      const std::uint64_t u = v.get_uint64();
      if (!std::in_range<T>(u)) range();
      out = static_cast<T>(u);
    } else if (v.is_double()) {
      const double d = v.get_double();
      // Whole numbers written with a fraction or an exponent (30.0, 1e3) are accepted.
      if (!(d >= static_cast<double>(limits::min()) && d <= static_cast<double>(limits::max())) ||
          d != static_cast<double>(static_cast<long long>(d))) {
        range();
      }
      out = static_cast<T>(d);
    } else {
      expect("an integer");
    }
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!v.is_number()) expect("a number");
    out = static_cast<T>(v.to_number<double>());
  } else {
    static_assert(sizeof(T) == 0, "kam_cli::read_json: no JSON reading for this member type");
  }
}

/// Returns `value` as JSON: described structs as objects (members in declaration order; an
/// empty optional described struct, a group a run did not compute, is left out), described
/// enums by name, other empty optionals as null, vectors of (name, value) pairs as objects,
/// other ranges (std::vector, Eigen vectors) as arrays, strings, booleans and numbers as
/// themselves. Non-finite numbers, which JSON cannot hold, become null.
template <typename T>
[[nodiscard]] boost::json::value to_json(const T& value) {
  if constexpr (std::is_same_v<T, boost::json::value> || std::is_same_v<T, boost::json::object> ||
                std::is_same_v<T, bool>) {
    return boost::json::value(value);
  } else if constexpr (kam::described_enum<T>) {
    return boost::json::value(boost::json::string_view(kam::enum_name(value)));
  } else if constexpr (kam::described_struct<T>) {
    boost::json::object o;
    boost::mp11::mp_for_each<detail::described_members<T>>([&](auto d) {
      using member = std::remove_cvref_t<decltype(value.*d.pointer)>;
      if constexpr (detail::is_optional<member>::value) {
        // An absent group (an optional described struct) is left out, as in CSV output.
        if constexpr (kam::described_struct<typename member::value_type>) {
          if (!(value.*d.pointer)) return;
        }
      }
      o.emplace(d.name, to_json(value.*d.pointer));
    });
    return o;
  } else if constexpr (detail::is_optional<T>::value) {
    return value ? to_json(*value) : boost::json::value(nullptr);
  } else if constexpr (detail::is_named_list<T>::value) {
    boost::json::object o;
    for (const auto& [k, v] : value) o.emplace(k, to_json(v));
    return o;
  } else if constexpr (std::is_convertible_v<T, std::string_view>) {
    return boost::json::value(boost::json::string_view(std::string_view(value)));
  } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
    return boost::json::value(static_cast<std::int64_t>(value));
  } else if constexpr (std::is_integral_v<T>) {
    return boost::json::value(static_cast<std::uint64_t>(value));
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!std::isfinite(value)) return boost::json::value(nullptr);
    return boost::json::value(static_cast<double>(value));
  } else if constexpr (requires {
                         value.size();
                         value(0);
                       }) {  // Eigen vectors
    boost::json::array a;
    a.reserve(static_cast<std::size_t>(value.size()));
    for (decltype(value.size()) i = 0; i < value.size(); ++i) a.push_back(to_json(value(i)));
    return a;
  } else if constexpr (std::ranges::input_range<T>) {
    boost::json::array a;
    for (const auto& e : value) a.push_back(to_json(e));
    return a;
  } else {
    static_assert(sizeof(T) == 0, "kam_cli::to_json: no JSON form for this member type");
  }
}

}  // namespace kam_cli
