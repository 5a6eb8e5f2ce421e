// Boost.Describe bridge: enum names in and out, described structs to matrices and to text.
#pragma once

#include <Eigen/Core>
#include <array>
#include <boost/describe/enum.hpp>
#include <boost/describe/enumerators.hpp>
#include <boost/describe/members.hpp>
#include <boost/describe/modifiers.hpp>
#include <boost/mp11/algorithm.hpp>
#include <charconv>
#include <concepts>
#include <cstddef>
#include <kam/core/concepts.hpp>
#include <kam/core/error.hpp>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace kam {

/// An enum described with BOOST_DESCRIBE_ENUM (every public kam enum is).
template <typename E>
concept described_enum = std::is_enum_v<E> && boost::describe::has_describe_enumerators<E>::value;

/// A class or struct described with BOOST_DESCRIBE_STRUCT or BOOST_DESCRIBE_CLASS.
template <typename T>
concept described_struct = std::is_class_v<T> && boost::describe::has_describe_members<T>::value;

namespace detail {

template <typename T>
using public_members = boost::describe::describe_members<T, boost::describe::mod_public |
                                                                boost::describe::mod_inherited>;

template <typename T>
struct optional_value {
  using type = void;
};
template <typename T>
struct optional_value<std::optional<T>> {
  using type = T;
};

/// A member that can feed a criteria column: arithmetic (bool counts as 0/1), or an optional of
/// one (an empty optional is a missing value, NaN).
template <typename T>
concept numeric_member =
    std::is_arithmetic_v<T> || std::is_arithmetic_v<typename optional_value<T>::type>;

template <typename Scalar, typename T>
Scalar member_value(const T& v) {
  if constexpr (std::is_arithmetic_v<T>) {
    return static_cast<Scalar>(v);
  } else {
    return v ? static_cast<Scalar>(*v) : std::numeric_limits<Scalar>::quiet_NaN();
  }
}

}  // namespace detail

namespace detail {

/// One enumerator of `E`: its value and its name.
template <typename E>
struct enumerator {
  E value;
  const char* name;
};

/// Returns the enumerators of a BOOST_DESCRIBE_ENUM descriptor list, in declaration order.
template <typename E, template <typename...> class List, typename... D>
constexpr std::array<enumerator<E>, sizeof...(D)> enumerator_array(List<D...>) {
  return {{{D::value, D::name}...}};
}

/// The enumerators of `E` as a plain array: the enum functions below loop over it, so each enum
/// costs one small instantiation rather than one per enumerator and function.
template <typename E>
inline constexpr auto enumerators = enumerator_array<E>(boost::describe::describe_enumerators<E>());

}  // namespace detail

/// Returns the names of the enumerators of `E`, in declaration order.
template <described_enum E>
[[nodiscard]] std::vector<std::string> enum_names() {
  std::vector<std::string> names;
  names.reserve(detail::enumerators<E>.size());
  for (const auto& e : detail::enumerators<E>) names.emplace_back(e.name);
  return names;
}

/// Returns whether `value` is one of the enumerators of `E` (false for a cast integer).
template <described_enum E>
[[nodiscard]] bool is_enumerator(E value) noexcept {
  for (const auto& e : detail::enumerators<E>) {
    if (e.value == value) return true;
  }
  return false;
}

/// Returns the name of `value` (e.g. "cost" for kam::direction::cost).
/// Throws kam::invalid_input if `value` is not one of the enumerators (e.g. a cast integer).
template <described_enum E>
[[nodiscard]] std::string_view enum_name(E value) {
  const char* found = nullptr;
  for (const auto& e : detail::enumerators<E>) {
    if (e.value == value) found = e.name;  // the last of equal values, as before
  }
  if (found == nullptr) {
    throw invalid_input(
        {"kam::enum_name", "", std::nullopt},
        detail::cat({"value ", static_cast<long long>(value),
                     " is not an enumerator; valid: ", detail::quoted_list(enum_names<E>())}));
  }
  return found;
}

/// Returns the enumerator of `E` named `name` (exact, case-sensitive match).
/// Throws kam::unknown_name, listing the valid names, if there is none; `field` and `function`
/// name the configuration key and the caller in that message.
template <described_enum E>
[[nodiscard]] E enum_from_name(std::string_view name, std::string_view field = {},
                               std::string_view function = "kam::enum_from_name") {
  for (const auto& e : detail::enumerators<E>) {
    if (name == e.name) return e.value;
  }
  throw unknown_name({std::string(function), std::string(field), std::nullopt}, name,
                     enum_names<E>());
}

/// Returns the names of the public data members of `T` (inherited ones included), in order.
template <described_struct T>
[[nodiscard]] std::vector<std::string> member_names() {
  std::vector<std::string> names;
  boost::mp11::mp_for_each<detail::public_members<T>>([&](auto d) { names.emplace_back(d.name); });
  return names;
}

/// Returns the names of the members of `T` that can be selected as criteria: arithmetic members
/// (bool as 0/1) and std::optional of arithmetic (empty = missing).
template <described_struct T>
[[nodiscard]] std::vector<std::string> numeric_member_names() {
  std::vector<std::string> names;
  boost::mp11::mp_for_each<detail::public_members<T>>([&](auto d) {
    using member = std::remove_cvref_t<decltype(std::declval<const T&>().*d.pointer)>;
    if constexpr (detail::numeric_member<member>) names.emplace_back(d.name);
  });
  return names;
}

/// Returns an accounts x criteria matrix from a range of described account structs: row i is
/// `accounts[i]`, column j is the member named `members[j]` (names may come from a configuration
/// file at run time). An empty std::optional member becomes NaN (a missing value).
/// Throws kam::unknown_name (listing the members) for a name `T` does not have,
/// kam::invalid_input for a member that is not arithmetic (a string, an enum, a struct), and
/// kam::duplicate_name for a member selected twice. Zero accounts give a matrix with zero rows.
template <real_scalar Scalar = double, random_access_container Accounts>
requires described_struct<element_of<Accounts>>
[[nodiscard]] matrix_of<Scalar> to_matrix(const Accounts& accounts,
                                          const std::vector<std::string>& members) {
  using account = element_of<Accounts>;
  constexpr const char* fn = "kam::to_matrix";
  const auto n = static_cast<Eigen::Index>(std::size(accounts));
  matrix_of<Scalar> out(n, static_cast<Eigen::Index>(members.size()));
  for (std::size_t j = 0; j < members.size(); ++j) {
    for (std::size_t k = 0; k < j; ++k) {
      if (members[k] == members[j]) {
        throw duplicate_name({fn, members[j], std::nullopt}, "member selected twice");
      }
    }
    bool found = false;
    boost::mp11::mp_for_each<detail::public_members<account>>([&](auto d) {
      if (found || members[j] != d.name) return;
      found = true;
      using member = std::remove_cvref_t<decltype(std::declval<const account&>().*d.pointer)>;
      if constexpr (detail::numeric_member<member>) {
        const auto col = static_cast<Eigen::Index>(j);
        Eigen::Index i = 0;
        for (const auto& a : accounts) out(i++, col) = detail::member_value<Scalar>(a.*d.pointer);
      } else {
        throw invalid_input({fn, members[j], std::nullopt},
                            detail::cat({"member is not arithmetic; selectable members: ",
                                         detail::quoted_list(numeric_member_names<account>())}));
      }
    });
    if (!found)
      throw unknown_name({fn, "members", std::nullopt}, members[j], member_names<account>());
  }
  return out;
}

namespace detail {

template <typename T>
void print_value(std::string& out, const T& v);

template <typename T>
concept eigen_dense = std::derived_from<T, Eigen::DenseBase<T>>;

template <typename T>
concept printable_range = !std::is_convertible_v<T, std::string_view> && requires(const T& v) {
  std::begin(v);
  std::end(v);
};

/// Appends a number as to_string prints it: integers in decimal, floating-point values with 15
/// significant digits (printf's %.15g).
template <typename T>
void print_number(std::string& out, T v) {
  char buf[64];
  if constexpr (std::is_floating_point_v<T>) {
    out.append(buf, std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general,
                                  std::numeric_limits<double>::digits10)
                        .ptr);
  } else {
    out.append(buf, std::to_chars(buf, buf + sizeof buf, +v).ptr);
  }
}

/// Appends the elements of a range or an Eigen vector as "[a, b, c]".
template <typename Range>
void print_list(std::string& out, const Range& items) {
  out += '[';
  bool first = true;
  for (const auto& e : items) {
    if (!first) out += ", ";
    first = false;
    print_value(out, e);
  }
  out += ']';
}

/// Appends a described struct as "{name: value, ...}".
template <typename T>
void print_struct(std::string& out, const T& v) {
  out += '{';
  bool first = true;
  boost::mp11::mp_for_each<public_members<T>>([&](auto d) {
    if (!first) out += ", ";
    first = false;
    out += d.name;
    out += ": ";
    print_value(out, v.*d.pointer);
  });
  out += '}';
}

template <typename T>
void print_value(std::string& out, const T& v) {
  if constexpr (described_enum<T>) {
    out += enum_name(v);
  } else if constexpr (std::is_convertible_v<T, std::string_view>) {
    out += '"';
    for (const char ch : std::string_view(v)) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  } else if constexpr (std::is_same_v<T, bool>) {
    out += v ? "true" : "false";
  } else if constexpr (std::is_arithmetic_v<T>) {
    print_number(out, v);
  } else if constexpr (eigen_dense<T>) {
    out += '[';
    for (Eigen::Index i = 0; i < v.size(); ++i) {
      if (i > 0) out += ", ";
      print_value(out, v(i));
    }
    out += ']';
  } else if constexpr (std::is_arithmetic_v<typename optional_value<T>::type>) {
    if (v) {
      print_value(out, *v);
    } else {
      out += "null";
    }
  } else if constexpr (described_struct<T>) {
    print_struct(out, v);
  } else if constexpr (printable_range<T>) {
    print_list(out, v);
  } else {
    static_assert(sizeof(T) == 0, "kam::to_string: member type is neither described nor printable");
  }
}

}  // namespace detail

/// Returns a one-line text form of a described struct or enum, e.g.
/// `{name: "effort", weight: 25, direction: cost}`: members in declaration order, enums by name,
/// strings quoted (a backslash before each `"` and `\`), Eigen vectors and ranges in brackets,
/// empty optionals as null, numbers with 15 significant digits.
template <typename T>
requires described_struct<T> || described_enum<T>
[[nodiscard]] std::string to_string(const T& value) {
  std::string out;
  detail::print_value(out, value);
  return out;
}

}  // namespace kam
