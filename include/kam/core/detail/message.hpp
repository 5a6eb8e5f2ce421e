// Not API. Building the text of kam's error messages: numbers, names and lists, without iostreams.
#pragma once

#include <charconv>
#include <concepts>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace kam::detail {

/// Appends `value` in the shortest form that reads back as the same value (std::to_chars: 0.1 as
/// "0.1", not "0.10000000000000001"), positional between 1e-5 and 1e16 in magnitude ("1000000",
/// "0.00025") and scientific outside ("1.5e+20").
template <std::floating_point Float>
void append_number(std::string& out, Float value) {
  const Float size = value < 0 ? -value : value;
  const bool positional = size == 0 || (size >= Float(1e-5) && size < Float(1e16));
  char buf[128];
  const auto end =
      std::to_chars(buf, buf + sizeof buf, value,
                    positional ? std::chars_format::fixed : std::chars_format::scientific)
          .ptr;
  out.append(buf, end);
}

/// Appends an integer in decimal.
template <std::integral Int>
void append_number(std::string& out, Int value) {
  char buf[32];
  out.append(buf, std::to_chars(buf, buf + sizeof buf, value).ptr);
}

/// Appends one part of a message: text as it is, a single char, a bool as true/false, a number
/// as append_number writes it.
template <typename Part>
void append_part(std::string& out, const Part& part) {
  if constexpr (std::is_same_v<Part, char>) {
    out += part;
  } else if constexpr (std::is_same_v<Part, bool>) {
    out += part ? "true" : "false";
  } else if constexpr (std::is_arithmetic_v<Part>) {
    append_number(out, part);
  } else {
    static_assert(std::is_convertible_v<const Part&, std::string_view>,
                  "kam::detail::cat: a message part is text, a char, a bool or a number");
    out += std::string_view(part);
  }
}

/// Returns its arguments concatenated into one message (numbers as append_number writes them).
template <typename... Parts>
[[nodiscard]] std::string cat(const Parts&... parts) {
  std::string out;
  (append_part(out, parts), ...);
  return out;
}

/// Returns the names joined as "'a', 'b', 'c'".
[[nodiscard]] inline std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += '\'';
    out += n;
    out += '\'';
  }
  return out;
}

/// Returns the name of a floating-point type, for messages ("float", "double", "long double").
template <typename Scalar>
constexpr const char* scalar_name() noexcept {
  if constexpr (std::is_same_v<Scalar, float>) {
    return "float";
  } else if constexpr (std::is_same_v<Scalar, double>) {
    return "double";
  } else {
    return "long double";
  }
}

}  // namespace kam::detail
