// Not API. Building the text of kam's error messages: numbers, names and lists, without iostreams.
#pragma once

#include <initializer_list>
#include <kam/core/detail/config.hpp>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace kam::detail {

/// One part of a message: text as it is, a single char, a bool as true/false, or a number. A
/// plain class with one constructor per kind (not a template), so that building a message
/// instantiates nothing per call site.
class message_part {
 public:
  message_part(std::string_view text) noexcept : kind_(kind::text), text_(text) {}
  message_part(const char* text) noexcept : kind_(kind::text), text_(text) {}
  message_part(const std::string& text) noexcept : kind_(kind::text), text_(text) {}
  message_part(char c) noexcept : kind_(kind::character), character_(c) {}
  message_part(bool b) noexcept : kind_(kind::text), text_(b ? "true" : "false") {}
  message_part(int v) noexcept : kind_(kind::signed_integer), signed_(v) {}
  message_part(long v) noexcept : kind_(kind::signed_integer), signed_(v) {}
  message_part(long long v) noexcept : kind_(kind::signed_integer), signed_(v) {}
  message_part(unsigned v) noexcept : kind_(kind::unsigned_integer), unsigned_(v) {}
  message_part(unsigned long v) noexcept : kind_(kind::unsigned_integer), unsigned_(v) {}
  message_part(unsigned long long v) noexcept : kind_(kind::unsigned_integer), unsigned_(v) {}
  message_part(float v) noexcept : kind_(kind::float_number), float_(v) {}
  message_part(double v) noexcept : kind_(kind::double_number), double_(v) {}
  message_part(long double v) noexcept : kind_(kind::long_double_number), long_double_(v) {}

  /// Appends the part to `out`: text and chars as they are, integers in decimal, floating-point
  /// values in the shortest form that reads back as the same value in their own type
  /// (std::to_chars: 0.1 as "0.1", not "0.10000000000000001"), positional between 1e-5 and 1e16 in
  /// magnitude ("1000000", "0.00025") and scientific outside ("1.5e+20").
  void append_to(std::string& out) const;

 private:
  enum class kind {
    text,
    character,
    signed_integer,
    unsigned_integer,
    float_number,
    double_number,
    long_double_number
  };
  kind kind_;
  union {
    std::string_view text_;
    char character_;
    long long signed_;
    unsigned long long unsigned_;
    float float_;
    double double_;
    long double long_double_;
  };
};

/// Returns the parts concatenated into one message: cat({"value ", v, " is negative"}).
[[nodiscard]] std::string cat(std::initializer_list<message_part> parts);

/// Returns the names joined as "'a', 'b', 'c'".
[[nodiscard]] std::string quoted_list(const std::vector<std::string>& names);

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

#if KAM_HEADER_ONLY
#include <kam/core/detail/message_impl.hpp>
#endif
