// Not API. Definitions of kam/core/detail/message.hpp (compiled once in compiled mode).
#pragma once

#include <charconv>
#include <initializer_list>
#include <kam/core/detail/config.hpp>
#include <kam/core/detail/message.hpp>
#include <string>
#include <vector>

namespace kam::detail {

/// Appends `value` as message_part::append_to describes (the shortest round-trip form).
template <typename Float>
void append_floating(std::string& out, Float value) {
  const Float size = value < 0 ? -value : value;
  const bool positional = size == 0 || (size >= Float(1e-5) && size < Float(1e16));
  char buf[128];
  const auto end =
      std::to_chars(buf, buf + sizeof buf, value,
                    positional ? std::chars_format::fixed : std::chars_format::scientific)
          .ptr;
  out.append(buf, end);
}

KAM_INLINE void message_part::append_to(std::string& out) const {
  char buf[32];
  switch (kind_) {
    case kind::text:
      out += text_;
      break;
    case kind::character:
      out += character_;
      break;
    case kind::signed_integer:
      out.append(buf, std::to_chars(buf, buf + sizeof buf, signed_).ptr);
      break;
    case kind::unsigned_integer:
      out.append(buf, std::to_chars(buf, buf + sizeof buf, unsigned_).ptr);
      break;
    case kind::float_number:
      append_floating(out, float_);
      break;
    case kind::double_number:
      append_floating(out, double_);
      break;
    case kind::long_double_number:
      append_floating(out, long_double_);
      break;
  }
}

KAM_INLINE std::string cat(std::initializer_list<message_part> parts) {
  std::string out;
  for (const message_part& part : parts) part.append_to(out);
  return out;
}

KAM_INLINE std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += '\'';
    out += n;
    out += '\'';
  }
  return out;
}

}  // namespace kam::detail
