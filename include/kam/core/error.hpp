// kam::error and its subtypes: what every public entry point throws on bad input.
#pragma once

#include <charconv>
#include <cstddef>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace kam {

/// Where a problem was found. `row` is the 0-based position of the account in the input (the row
/// of the matrix, the element of the container), absent when the problem is not about one account.
struct error_site {
  std::string function;               ///< the public entry point, e.g. "kam::score"
  std::string field;                  ///< criterion, member, column or parameter name; may be empty
  std::optional<std::ptrdiff_t> row;  ///< 0-based account row, if the problem is in one account
};

/// Base of every exception kam throws for bad input or configuration. It does not derive from
/// std::exception itself, so each subtype can derive from the matching standard exception
/// (std::invalid_argument or std::out_of_range) without an ambiguous base; catch `kam::error` for
/// all of them, or the standard type you already handle.
class error {
 public:
  virtual ~error() = default;
  /// Returns the full message: "<function>: '<field>', row <row>: <what went wrong>".
  [[nodiscard]] virtual const char* what() const noexcept = 0;
  /// Returns the public function that rejected the input.
  [[nodiscard]] const std::string& function() const noexcept { return site_.function; }
  /// Returns the criterion, member, column or parameter at fault (empty when none applies).
  [[nodiscard]] const std::string& field() const noexcept { return site_.field; }
  /// Returns the 0-based row of the account at fault, if the problem is in one account.
  [[nodiscard]] std::optional<std::ptrdiff_t> row() const noexcept { return site_.row; }

 protected:
  explicit error(error_site site) : site_(std::move(site)) {}
  error(const error&) = default;
  error(error&&) noexcept = default;
  error& operator=(const error&) = default;
  error& operator=(error&&) noexcept = default;

 private:
  error_site site_;
};

namespace detail {

/// Returns "<function>: '<field>', row <row>: <what>" (omitting the parts that are absent).
inline std::string error_message(const error_site& site, std::string_view what) {
  std::string msg = site.function;
  if (!site.field.empty() || site.row) {
    msg += ": ";
    if (!site.field.empty()) {
      msg += '\'';
      msg += site.field;
      msg += '\'';
    }
    if (site.row) {
      if (!site.field.empty()) msg += ", ";
      msg += "row " + std::to_string(*site.row);
    }
  }
  msg += ": ";
  msg += what;
  return msg;
}

/// Writes one part of a message: a floating-point value in the shortest form that reads back as
/// the same value (std::to_chars: 0.1 as "0.1", not "0.10000000000000001"), positional between
/// 1e-5 and 1e16 in magnitude ("1000000", "0.00025") and scientific outside ("1.5e+20"); the
/// rest with <<.
template <typename Part>
void append_part(std::ostringstream& out, const Part& part) {
  if constexpr (std::is_floating_point_v<Part>) {
    const Part size = part < 0 ? -part : part;
    const bool positional = size == 0 || (size >= Part(1e-5) && size < Part(1e16));
    char buf[128];
    const auto end =
        std::to_chars(buf, buf + sizeof buf, part,
                      positional ? std::chars_format::fixed : std::chars_format::scientific)
            .ptr;
    out.write(buf, end - buf);
  } else {
    out << part;
  }
}

/// Concatenates its arguments into a message (numbers as append_part writes them).
template <typename... Parts>
std::string cat(const Parts&... parts) {
  std::ostringstream out;
  (append_part(out, parts), ...);
  return out.str();
}

/// Returns the names joined as "'a', 'b', 'c'".
inline std::string quoted_list(const std::vector<std::string>& names) {
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

}  // namespace detail

/// Bad data or configuration: a value or combination of values the function cannot accept.
class invalid_input : public std::invalid_argument, public error {
 public:
  invalid_input(error_site site, std::string_view what)
      : std::invalid_argument(detail::error_message(site, what)), error(std::move(site)) {}
  [[nodiscard]] const char* what() const noexcept override { return std::invalid_argument::what(); }
};

/// Sizes that must agree do not (e.g. weight count and criterion count, matrix columns).
class shape_mismatch : public invalid_input {
 public:
  using invalid_input::invalid_input;
};

/// Nothing to work on: no accounts, no criteria, an empty cohort.
class empty_input : public invalid_input {
 public:
  using invalid_input::invalid_input;
};

/// NaN or infinity where the function does not allow it (names the criterion and the row).
class non_finite_value : public invalid_input {
 public:
  using invalid_input::invalid_input;
};

/// A name given twice where names must be unique (criteria, members, categories).
class duplicate_name : public invalid_input {
 public:
  using invalid_input::invalid_input;
};

/// A value or parameter outside the range the function allows (a rating outside its declared
/// scale, a cut point outside the normalised scale, a discount rate <= -1).
class out_of_bounds : public std::out_of_range, public error {
 public:
  out_of_bounds(error_site site, std::string_view what)
      : std::out_of_range(detail::error_message(site, what)), error(std::move(site)) {}
  [[nodiscard]] const char* what() const noexcept override { return std::out_of_range::what(); }
};

/// A name that is not known: an enumerator, a criterion, a struct member. The message and
/// `known()` list the names that would have been accepted.
class unknown_name : public std::out_of_range, public error {
 public:
  unknown_name(error_site site, std::string_view name, std::vector<std::string> known)
      : std::out_of_range(detail::error_message(
            site, detail::cat("unknown name '", name, "'; known: ", detail::quoted_list(known)))),
        error(std::move(site)),
        known_(std::move(known)) {}
  [[nodiscard]] const char* what() const noexcept override { return std::out_of_range::what(); }
  /// Returns the names that would have been accepted.
  [[nodiscard]] const std::vector<std::string>& known() const noexcept { return known_; }

 private:
  std::vector<std::string> known_;
};

}  // namespace kam
