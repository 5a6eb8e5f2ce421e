// JSON in and out for the kam tool through Boost.JSON, driven by Boost.Describe: described structs
// and enums are read from configuration files (every error with file, line and column) and turned
// into JSON values, with one overload per kind of member and no code per field.
#pragma once

#include <Eigen/Core>
#include <array>
#include <boost/describe/members.hpp>
#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <kam/core.hpp>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "located_error.hpp"
#include "suggest.hpp"

namespace kam_tool {

/// Where a value sits in a JSON document: its JSON pointer (RFC 6901, for lookups) and a
/// readable path for messages ("score.criteria[2].name").
struct json_path {
  std::string pointer;
  std::string display;

  /// Returns the path of member `key` of this object.
  [[nodiscard]] json_path key(std::string_view k) const;
  /// Returns the path of element `i` of this array.
  [[nodiscard]] json_path index(std::size_t i) const;
  /// Returns the readable path, or "the document" for the root.
  [[nodiscard]] std::string name() const { return display.empty() ? "the document" : display; }
};

/// A parsed JSON file that remembers where each value and key starts, so that a problem found
/// while reading it can be reported with file, line and column.
class json_document {
 public:
  /// Parses `text` (strict JSON: no comments, no trailing commas, no duplicate keys, valid UTF-8,
  /// at most 32 levels deep); `source` names it in messages. Throws located_error with the line
  /// and column where the text stops being valid JSON.
  json_document(std::string text, std::string source);

  /// Reads and parses the file at `path`. Throws located_error if it cannot be read or is not
  /// valid JSON.
  [[nodiscard]] static json_document read_file(const std::string& path);

  /// Returns the parsed document.
  [[nodiscard]] const boost::json::value& root() const noexcept { return root_; }
  /// Returns the name of the file, as given.
  [[nodiscard]] const std::string& source() const noexcept { return source_; }

  /// Returns where the value at `pointer` starts (its closest recorded ancestor if it has none).
  [[nodiscard]] text_position position(std::string_view pointer) const;
  /// Returns whether the document has a value at `pointer` (as written, not a default).
  [[nodiscard]] bool has(std::string_view pointer) const;
  /// Returns where the value at `pointer` starts when the document has one, else an empty
  /// position (no source): for messages that point into the configuration only when it named
  /// the value, and elsewhere (e.g. at a CSV header) when a default was used.
  [[nodiscard]] text_position position_if_given(std::string_view pointer) const;
  /// Returns where the key naming the value at `pointer` starts (the value's position for array
  /// elements and the root).
  [[nodiscard]] text_position key_position(std::string_view pointer) const;

  /// Throws located_error at the value `path` (or at its key when `at_key`).
  [[noreturn]] void fail(const json_path& path, std::string_view detail, bool at_key = false) const;

 private:
  void parse();
  [[nodiscard]] text_position position_at(std::size_t offset) const;
  [[noreturn]] void fail_at(std::size_t offset, std::string_view detail) const;

  std::string source_;
  std::string text_;
  boost::json::value root_;
  std::unordered_map<std::string, std::size_t> values_;
  std::unordered_map<std::string, std::size_t> keys_;
};

/// Returns "a number", "a string", ... for the kind of `v` (for messages).
[[nodiscard]] const char* kind_name(const boost::json::value& v);

/// Throws located_error at `path`: "expected <what> for <path>, got <kind of v>".
[[noreturn]] void fail_expected(const json_document& doc, const boost::json::value& v,
                                const json_path& path, std::string_view what);

// Reading: read_json(doc, v, path, out) reads `v`, found at `path` of `doc`, into `out`, by the
// type of `out`: a described struct from an object (absent members keep their defaults; an
// unknown key is an error listing the known ones), a described enum from its name, an optional
// from null or its value, a vector of (name, value) pairs from an object (in document order), any
// other vector from an array, a std::array from an array of exactly its size, and strings,
// booleans and numbers from their JSON kinds (an integer member needs an integral number in its
// range). Every problem is a located_error at the offending value.

/// Keeps the JSON value as it is.
void read_json(const json_document& doc, const boost::json::value& v, const json_path& path,
               boost::json::value& out);
/// Reads a string.
void read_json(const json_document& doc, const boost::json::value& v, const json_path& path,
               std::string& out);
/// Reads true or false.
void read_json(const json_document& doc, const boost::json::value& v, const json_path& path,
               bool& out);
/// Reads a number.
void read_json(const json_document& doc, const boost::json::value& v, const json_path& path,
               double& out);
/// Returns the integer `v` holds (whole numbers written as 30.0 or 1e3 included), which must lie
/// in [lo, hi]; throws located_error otherwise.
[[nodiscard]] std::int64_t read_integer(const json_document& doc, const boost::json::value& v,
                                        const json_path& path, std::int64_t lo, std::int64_t hi);
/// Returns the unsigned integer `v` holds, at most `hi`; throws located_error otherwise.
[[nodiscard]] std::uint64_t read_unsigned(const json_document& doc, const boost::json::value& v,
                                          const json_path& path, std::uint64_t hi);

/// Reads an integer in the range of `T`.
template <std::integral T>
requires(!std::same_as<T, bool>) void read_json(const json_document& doc,
                                                const boost::json::value& v, const json_path& path,
                                                T& out) {
  using limits = std::numeric_limits<T>;
  if constexpr (std::is_signed_v<T>) {
    out = static_cast<T>(read_integer(doc, v, path, limits::min(), limits::max()));
  } else {
    out = static_cast<T>(read_unsigned(doc, v, path, limits::max()));
  }
}

/// Reads a described enum from its name (kam::enum_from_name); an unknown name lists the known.
template <kam::described_enum E>
void read_json(const json_document& doc, const boost::json::value& v, const json_path& path,
               E& out) {
  if (!v.is_string()) fail_expected(doc, v, path, "a name");
  const std::string_view name = v.get_string();
  try {
    out = kam::enum_from_name<E>(name, path.display, "kam_tool::read_config");
  } catch (const kam::unknown_name& e) {
    doc.fail(path, fmt::format("unknown name '{}' for {}; {}known: {}", name, path.name(),
                               did_you_mean(name, e.known()), quoted_list(e.known())));
  }
}

template <typename T>
void read_json(const json_document& doc, const boost::json::value& v, const json_path& path,
               std::optional<T>& out);
template <typename T>
void read_json(const json_document& doc, const boost::json::value& v, const json_path& path,
               std::vector<T>& out);
template <typename T>
void read_json(const json_document& doc, const boost::json::value& v, const json_path& path,
               std::vector<std::pair<std::string, T>>& out);
template <typename T, std::size_t N>
void read_json(const json_document& doc, const boost::json::value& v, const json_path& path,
               std::array<T, N>& out);

/// The public data members of a described struct, inherited ones included.
template <typename T>
using described_members = boost::describe::describe_members<T, boost::describe::mod_public |
                                                                   boost::describe::mod_inherited>;

/// Returns whether `key` is a comment: a key that starts with "_comment" ("_comment",
/// "_comment_cap", ...), which the reader skips, whatever its value, in the configuration's root
/// and in every object of settings (described structs), so that a configuration can carry its
/// own documentation and stay strict JSON (kam init writes such keys).
[[nodiscard]] inline bool is_comment_key(std::string_view key) noexcept {
  return key.starts_with("_comment");
}

/// Reads a described struct member by member from an object (comment keys skipped).
template <kam::described_struct T>
void read_json(const json_document& doc, const boost::json::value& v, const json_path& path,
               T& out) {
  if (!v.is_object()) fail_expected(doc, v, path, "an object");
  for (const auto& kv : v.get_object()) {
    if (is_comment_key(kv.key())) continue;
    bool found = false;
    boost::mp11::mp_for_each<described_members<T>>([&](auto member) {
      if (found || kv.key() != member.name) return;
      found = true;
      read_json(doc, kv.value(), path.key(kv.key()), out.*member.pointer);
    });
    if (!found) {
      const auto known = kam::member_names<T>();
      doc.fail(path.key(kv.key()),
               fmt::format("unknown key '{}' in {}; {}known: {}", std::string_view(kv.key()),
                           path.name(), did_you_mean(std::string_view(kv.key()), known),
                           quoted_list(known)),
               true);
    }
  }
}

/// Reads null (no value) or the value.
template <typename T>
void read_json(const json_document& doc, const boost::json::value& v, const json_path& path,
               std::optional<T>& out) {
  if (v.is_null()) {
    out.reset();
    return;
  }
  T inner{};
  read_json(doc, v, path, inner);
  out = std::move(inner);
}

/// Reads an array.
template <typename T>
void read_json(const json_document& doc, const boost::json::value& v, const json_path& path,
               std::vector<T>& out) {
  if (!v.is_array()) fail_expected(doc, v, path, "an array");
  out.clear();
  const auto& a = v.get_array();
  for (std::size_t i = 0; i < a.size(); ++i) {
    T inner{};
    read_json(doc, a[i], path.index(i), inner);
    out.push_back(std::move(inner));
  }
}

/// Reads an object as (name, value) pairs, in document order.
template <typename T>
void read_json(const json_document& doc, const boost::json::value& v, const json_path& path,
               std::vector<std::pair<std::string, T>>& out) {
  if (!v.is_object()) fail_expected(doc, v, path, "an object");
  out.clear();
  for (const auto& kv : v.get_object()) {
    T inner{};
    read_json(doc, kv.value(), path.key(kv.key()), inner);
    out.emplace_back(std::string(kv.key()), std::move(inner));
  }
}

/// Reads an array of exactly N values.
template <typename T, std::size_t N>
void read_json(const json_document& doc, const boost::json::value& v, const json_path& path,
               std::array<T, N>& out) {
  if (!v.is_array()) fail_expected(doc, v, path, "an array");
  const auto& a = v.get_array();
  if (a.size() != N) {
    doc.fail(path, fmt::format("expected {} values for {}, got {}", N, path.name(), a.size()));
  }
  for (std::size_t i = 0; i < N; ++i) read_json(doc, a[i], path.index(i), out[i]);
}

// Writing: to_json(value) returns `value` as JSON: described structs as objects (members in
// declaration order; an empty optional described struct, a group a run did not compute, is left
// out), described enums by name, other empty optionals as null, vectors of (name, value) pairs
// as objects, other vectors and Eigen vectors as arrays, strings, booleans and numbers as
// themselves. Non-finite numbers, which JSON cannot hold, become null.

/// Returns the value itself.
[[nodiscard]] boost::json::value to_json(const boost::json::value& value);
/// Returns the object itself.
[[nodiscard]] boost::json::value to_json(const boost::json::object& value);
/// Returns the string.
[[nodiscard]] boost::json::value to_json(std::string_view value);
/// Returns the string.
[[nodiscard]] boost::json::value to_json(const std::string& value);
/// Returns the string.
[[nodiscard]] boost::json::value to_json(const char* value);
/// Returns true or false.
[[nodiscard]] boost::json::value to_json(bool value);
/// Returns the number, or null when it is not finite.
[[nodiscard]] boost::json::value to_json(double value);
/// Returns the number.
[[nodiscard]] boost::json::value to_json(std::int64_t value);
/// Returns the number.
[[nodiscard]] boost::json::value to_json(std::uint64_t value);

/// Returns the integer (any other integral type).
template <std::integral T>
requires(!std::same_as<T, bool> && !std::same_as<T, std::int64_t> &&
         !std::same_as<T, std::uint64_t>) [[nodiscard]] boost::json::value to_json(T value) {
  if constexpr (std::is_signed_v<T>) {
    return to_json(static_cast<std::int64_t>(value));
  } else {
    return to_json(static_cast<std::uint64_t>(value));
  }
}

/// Returns the name of a described enum.
template <kam::described_enum E>
[[nodiscard]] boost::json::value to_json(E value) {
  return to_json(kam::enum_name(value));
}

template <typename T>
[[nodiscard]] boost::json::value to_json(const std::optional<T>& value);
template <typename T>
[[nodiscard]] boost::json::value to_json(const std::vector<T>& value);
template <typename T>
[[nodiscard]] boost::json::value to_json(const std::vector<std::pair<std::string, T>>& value);
template <typename T, std::size_t N>
[[nodiscard]] boost::json::value to_json(const std::array<T, N>& value);
template <typename Derived>
[[nodiscard]] boost::json::value to_json(const Eigen::MatrixBase<Derived>& value);

/// Columns of the user's input carried unchanged into an output row (--keep): written flat, under
/// their own names, as text (an empty field: an empty CSV field, JSON null).
struct carried_columns {
  std::vector<std::pair<std::string, std::optional<std::string>>> values;
};

/// Returns false for an empty optional described struct (a group of members a run did not
/// compute, left out of the output), true for every other member.
template <typename T>
[[nodiscard]] bool is_written(const T& /*member*/) {
  return true;
}
/// Returns whether the optional group has a value.
template <kam::described_struct T>
[[nodiscard]] bool is_written(const std::optional<T>& group) {
  return group.has_value();
}

/// Returns a described struct as an object, members in declaration order (absent groups left
/// out, as in CSV output).
template <kam::described_struct T>
[[nodiscard]] boost::json::value to_json(const T& value) {
  boost::json::object o;
  boost::mp11::mp_for_each<described_members<T>>([&](auto member) {
    const auto& field = value.*member.pointer;
    if constexpr (std::is_same_v<std::remove_cvref_t<decltype(field)>, carried_columns>) {
      for (const auto& [name, text] : field.values) o.emplace(name, to_json(text));
    } else if (is_written(field)) {
      o.emplace(member.name, to_json(field));
    }
  });
  return o;
}

/// Returns the value, or null.
template <typename T>
[[nodiscard]] boost::json::value to_json(const std::optional<T>& value) {
  return value ? to_json(*value) : boost::json::value(nullptr);
}

/// Returns an array.
template <typename T>
[[nodiscard]] boost::json::value to_json(const std::vector<T>& value) {
  boost::json::array a;
  for (const auto& e : value) a.push_back(to_json(e));
  return a;
}

/// Returns (name, value) pairs as an object, in order.
template <typename T>
[[nodiscard]] boost::json::value to_json(const std::vector<std::pair<std::string, T>>& value) {
  boost::json::object o;
  for (const auto& [k, v] : value) o.emplace(k, to_json(v));
  return o;
}

/// Returns an array.
template <typename T, std::size_t N>
[[nodiscard]] boost::json::value to_json(const std::array<T, N>& value) {
  boost::json::array a;
  for (const auto& e : value) a.push_back(to_json(e));
  return a;
}

/// Returns an Eigen vector (or the coefficients of a matrix, column by column) as an array.
template <typename Derived>
[[nodiscard]] boost::json::value to_json(const Eigen::MatrixBase<Derived>& value) {
  boost::json::array a;
  a.reserve(static_cast<std::size_t>(value.size()));
  for (Eigen::Index i = 0; i < value.size(); ++i) a.push_back(to_json(value(i)));
  return a;
}

}  // namespace kam_tool
