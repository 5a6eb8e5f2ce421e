// Every key of the kam tool's configuration file, listed from the very types the reader reads
// (json_io.hpp reads described structs member by member), so that `kam help config` and the
// reader cannot drift apart: a key added to a configuration struct appears in the list, and a
// test fails until it has a description.
#pragma once

#include <Eigen/Core>
#include <array>
#include <boost/describe/members.hpp>
#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>
#include <concepts>
#include <cstddef>
#include <kam/core.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "json_io.hpp"

namespace kam_tool {

/// One key of the configuration file.
struct config_key {
  std::string path;           ///< "score.criteria[].weight"; `[]` an array element, `<name>` a name
  std::string type;           ///< "number", "integer", "one of: a, b", "array of numbers", ...
  std::string default_value;  ///< the default as JSON text ("" for a group; "{...}" or "null"
                              ///< for a group that may be null)
  std::string kind;           ///< the kind of object the key is a member of (see config_doc_kind)
  std::string member;         ///< the member's own name
  bool group = false;         ///< an object of further keys (listed after it)
};

/// The kind of a configuration object whose members are described once wherever it appears
/// (a criterion, score options, a cut, ...): "" for objects described by their path. Specialised
/// in config_keys.cpp, the one place that lists keys, before it does.
template <typename T>
inline constexpr std::string_view config_doc_kind{};

namespace detail {

template <typename T>
struct is_optional : std::false_type {};
template <typename T>
struct is_optional<std::optional<T>> : std::true_type {};
template <typename T>
struct is_vector : std::false_type {};
template <typename T>
struct is_vector<std::vector<T>> : std::true_type {};
template <typename T>
struct is_named_list : std::false_type {};
template <typename T>
struct is_named_list<std::vector<std::pair<std::string, T>>> : std::true_type {};
template <typename T>
struct is_std_array : std::false_type {};
template <typename T, std::size_t N>
struct is_std_array<std::array<T, N>> : std::true_type {};

template <typename T>
struct is_optional_group : std::false_type {};
template <kam::described_struct T>
struct is_optional_group<std::optional<T>> : std::true_type {};

/// Returns the plural of a type in words ("number" -> "numbers", "one of: a, b" -> "names, each
/// one of: a, b").
std::string plural_type(const std::string& type);

/// Returns the JSON type of `T` in words.
template <typename T>
std::string config_type() {
  if constexpr (std::is_same_v<T, std::string>) {
    return "string";
  } else if constexpr (std::is_same_v<T, bool>) {
    return "boolean";
  } else if constexpr (std::is_floating_point_v<T>) {
    return "number";
  } else if constexpr (std::is_integral_v<T>) {
    return std::is_signed_v<T> ? "integer" : "integer >= 0";
  } else if constexpr (kam::described_enum<T>) {
    std::string s = "one of:";
    const auto names = kam::enum_names<T>();
    for (std::size_t i = 0; i < names.size(); ++i)
      s += (i == 0 ? " " : ", ") + std::string(names[i]);
    return s;
  } else if constexpr (std::is_same_v<T, boost::json::value>) {
    return "number or \"p/q\"";
  } else if constexpr (is_optional<T>::value) {
    return config_type<typename T::value_type>() + ", or null";
  } else if constexpr (is_named_list<T>::value) {
    return "object of name: " + config_type<typename T::value_type::second_type>();
  } else if constexpr (is_vector<T>::value) {
    return "array of " + plural_type(config_type<typename T::value_type>());
  } else if constexpr (is_std_array<T>::value) {
    return "array of " + std::to_string(std::tuple_size_v<T>) + " " +
           plural_type(config_type<typename T::value_type>());
  } else if constexpr (kam::described_struct<T>) {
    return "object";
  } else {
    static_assert(kam::described_struct<T>, "config_type: a type the reader does not read");
    return {};
  }
}

template <kam::described_struct T>
void config_keys_of(const T& value, const std::string& path, std::vector<config_key>& out);

/// Lists the keys under member `path` holding `value` (of type `T`), for a group of keys.
template <typename T>
void config_keys_below(const T& value, const std::string& path, std::vector<config_key>& out) {
  if constexpr (kam::described_struct<T>) {
    config_keys_of(value, path, out);
  } else if constexpr (is_optional<T>::value) {
    using inner = typename T::value_type;
    if constexpr (kam::described_struct<inner>) config_keys_of(value.value_or(inner{}), path, out);
  } else if constexpr (is_named_list<T>::value) {
    using inner = typename T::value_type::second_type;
    if constexpr (kam::described_struct<inner>) config_keys_of(inner{}, path + ".<name>", out);
  } else if constexpr (is_vector<T>::value || is_std_array<T>::value) {
    using inner = typename T::value_type;
    if constexpr (kam::described_struct<inner>) config_keys_of(inner{}, path + "[]", out);
  }
}

/// Returns whether `T` is or holds (as an optional, array or named list) objects of keys.
template <typename T>
constexpr bool holds_group() {
  if constexpr (kam::described_struct<T>) {
    return true;
  } else if constexpr (is_optional<T>::value || is_vector<T>::value || is_std_array<T>::value) {
    return holds_group<typename T::value_type>();
  } else if constexpr (is_named_list<T>::value) {
    return holds_group<typename T::value_type::second_type>();
  } else {
    return false;
  }
}

/// Returns the default of a key as JSON text (an absent group: null; a present one: "").
std::string default_text(const boost::json::value& v, bool group);

template <kam::described_struct T>
void config_keys_of(const T& value, const std::string& path, std::vector<config_key>& out) {
  boost::mp11::mp_for_each<described_members<T>>([&](auto member) {
    using field_type = std::remove_cvref_t<decltype(value.*member.pointer)>;
    const auto& field = value.*member.pointer;
    config_key k;
    k.path = path.empty() ? std::string(member.name) : path + "." + member.name;
    k.type = config_type<field_type>();
    k.kind = std::string(config_doc_kind<T>);
    k.member = member.name;
    k.group = kam::described_struct<field_type>;
    if constexpr (is_optional_group<field_type>::value) {
      k.default_value = field ? "{...}" : "null";
    } else {
      k.default_value = default_text(to_json(field), k.group);
    }
    const std::string below = k.path;
    out.push_back(std::move(k));
    if constexpr (holds_group<field_type>()) config_keys_below(field, below, out);
  });
}

}  // namespace detail

/// Returns every key of section `T` (default-constructed: the defaults the reader starts from)
/// under `section`, in declaration order, nested groups right after their key.
template <kam::described_struct T>
[[nodiscard]] std::vector<config_key> config_keys_of(std::string_view section) {
  std::vector<config_key> out;
  detail::config_keys_of(T{}, std::string(section), out);
  return out;
}

/// One section of the configuration: its name, the commands that read it, and its keys.
struct config_section {
  std::string name;
  std::string used_by;
  std::string summary;
  std::vector<config_key> keys;
};

/// Returns every section of the configuration with its keys, in the order of `kam help config`.
[[nodiscard]] std::vector<config_section> configuration_sections();

/// Returns the description of `key` ("" when there is none: a test checks there is one for
/// every key).
[[nodiscard]] std::string_view describe_key(const config_key& key);

/// Returns the names the descriptions are keyed by: full paths ("score.criteria") and, for
/// objects described once wherever they appear, "<kind>.<member>" ("criterion.weight").
[[nodiscard]] std::vector<std::string> described_names();

/// Returns the text of `kam help config`: every section and key with its type, default, meaning
/// and the commands that read it.
[[nodiscard]] std::string config_help();

}  // namespace kam_tool
