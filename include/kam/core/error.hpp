// kam::error and its subtypes: what every public entry point throws on bad input.
#pragma once

#include <cstddef>
#include <kam/core/detail/message.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kam {

/// Where a problem was found, as structured fields a caller can map to its own places (a line and
/// column of a configuration file, a cell of a spreadsheet) without parsing the message.
struct error_site {
  std::string function;               ///< the public entry point, e.g. "kam::score"
  std::string field;                  ///< criterion, member, column or parameter name; may be empty
  std::optional<std::ptrdiff_t> row;  ///< 0-based account row, if the problem is in one account
  /// 0-based element of `field` when the field is a list (`edges` element 2 is "edges[2]").
  std::optional<std::ptrdiff_t> index;

  /// Builds a site; throw sites write `{fn, field, row}` or `{fn, field, row, index}`.
  error_site(std::string function_name, std::string field_name = {},
             std::optional<std::ptrdiff_t> row_number = std::nullopt,
             std::optional<std::ptrdiff_t> element = std::nullopt)
      : function(std::move(function_name)),
        field(std::move(field_name)),
        row(row_number),
        index(element) {}
};

namespace detail {

/// Returns "<function>: '<field>[<index>]', row <row>: <reason>" (omitting the parts that are
/// absent).
inline std::string error_message(const error_site& site, std::string_view reason) {
  std::string msg = site.function;
  const bool named = !site.field.empty() || site.index;
  if (named || site.row) msg += ": ";
  if (named) {
    msg += '\'';
    msg += site.field;
    if (site.index) msg += cat({'[', *site.index, ']'});
    msg += '\'';
  }
  if (site.row) msg += cat({named ? ", " : "", "row ", *site.row});
  msg += ": ";
  msg += reason;
  return msg;
}

}  // namespace detail

/// Base of every exception kam throws for bad input or configuration. It does not derive from
/// std::exception itself, so each subtype can derive from the matching standard exception
/// (std::invalid_argument or std::out_of_range) without an ambiguous base; catch `kam::error` for
/// all of them, or the standard type you already handle.
class error {
 public:
  virtual ~error() = default;
  /// Returns the full message: "<function>: '<field>[<index>]', row <row>: <reason>".
  [[nodiscard]] virtual const char* what() const noexcept = 0;
  /// Returns the public function that rejected the input.
  [[nodiscard]] const std::string& function() const noexcept { return site_.function; }
  /// Returns the criterion, member, column or parameter at fault (empty when none applies).
  [[nodiscard]] const std::string& field() const noexcept { return site_.field; }
  /// Returns the 0-based row of the account at fault, if the problem is in one account.
  [[nodiscard]] std::optional<std::ptrdiff_t> row() const noexcept { return site_.row; }
  /// Returns the 0-based element of field() at fault, if the field is a list.
  [[nodiscard]] std::optional<std::ptrdiff_t> index() const noexcept { return site_.index; }
  /// Returns the whole site: function, field, row and index.
  [[nodiscard]] const error_site& site() const noexcept { return site_; }
  /// Returns what went wrong, without the site (the message after "<function>: ...: ").
  [[nodiscard]] const std::string& reason() const noexcept { return reason_; }
  /// Throws a copy of this error, of the same type and with the same reason, at `site`: how a
  /// function that works on a part of the caller's data (a chunk of rows, a copy of two accounts)
  /// reports the caller's own function and row.
  [[noreturn]] virtual void rethrow_at(error_site site) const = 0;

 protected:
  /// Records where the input was rejected and why; only the subtypes below are thrown.
  error(error_site site, std::string_view reason) : site_(std::move(site)), reason_(reason) {}
  /// Copies the site and the reason (for a subtype's copy).
  error(const error&) = default;
  /// Moves the site and the reason (for a subtype's move).
  error(error&&) noexcept = default;
  /// Copies the site and the reason (for a subtype's assignment).
  error& operator=(const error&) = default;
  /// Moves the site and the reason (for a subtype's move assignment).
  error& operator=(error&&) noexcept = default;

 private:
  error_site site_;
  std::string reason_;
};

/// Bad data or configuration: a value or combination of values the function cannot accept.
class invalid_input : public std::invalid_argument, public error {
 public:
  /// Rejects input at `site` for `reason`; what() is "<function>: <field and row>: <reason>".
  invalid_input(error_site site, std::string_view reason)
      : std::invalid_argument(detail::error_message(site, reason)),
        error(std::move(site), reason) {}
  [[nodiscard]] const char* what() const noexcept override { return std::invalid_argument::what(); }
  [[noreturn]] void rethrow_at(error_site site) const override {
    throw invalid_input(std::move(site), reason());
  }
};

/// Sizes that must agree do not (e.g. weight count and criterion count, matrix columns).
class shape_mismatch : public invalid_input {
 public:
  /// Takes the site and the reason, as invalid_input does.
  using invalid_input::invalid_input;
  [[noreturn]] void rethrow_at(error_site site) const override {
    throw shape_mismatch(std::move(site), reason());
  }
};

/// Nothing to work on: no accounts, no criteria, an empty cohort.
class empty_input : public invalid_input {
 public:
  /// Takes the site and the reason, as invalid_input does.
  using invalid_input::invalid_input;
  [[noreturn]] void rethrow_at(error_site site) const override {
    throw empty_input(std::move(site), reason());
  }
};

/// NaN or infinity where the function does not allow it (names the criterion and the row).
class non_finite_value : public invalid_input {
 public:
  /// Takes the site and the reason, as invalid_input does.
  using invalid_input::invalid_input;
  [[noreturn]] void rethrow_at(error_site site) const override {
    throw non_finite_value(std::move(site), reason());
  }
};

/// A name given twice where names must be unique (criteria, members, categories).
class duplicate_name : public invalid_input {
 public:
  /// Takes the site and the reason, as invalid_input does.
  using invalid_input::invalid_input;
  [[noreturn]] void rethrow_at(error_site site) const override {
    throw duplicate_name(std::move(site), reason());
  }
};

/// A value or parameter outside the range the function allows (a rating outside its declared
/// scale, a cut point outside the normalised scale, a discount rate <= -1), or an index outside
/// the range of the result or table it reads: every index accessor of kam (criteria_set's
/// `operator[]`, field_table's `number(i, j)`, bin_codes' `combined(i)`, ...) checks its indices
/// in every build type and throws this, naming the function, the parameter, the index and the
/// valid range ("kam::bin_codes::combined: 'i', row 7: account 7 is outside [0, 3)").
class out_of_bounds : public std::out_of_range, public error {
 public:
  /// Rejects a value or index at `site` for `reason` (which names the valid range).
  out_of_bounds(error_site site, std::string_view reason)
      : std::out_of_range(detail::error_message(site, reason)), error(std::move(site), reason) {}
  [[nodiscard]] const char* what() const noexcept override { return std::out_of_range::what(); }
  [[noreturn]] void rethrow_at(error_site site) const override {
    throw out_of_bounds(std::move(site), reason());
  }
};

/// A name that is not known: an enumerator, a criterion, a struct member. The message and
/// `known()` list the names that would have been accepted.
class unknown_name : public std::out_of_range, public error {
 public:
  /// Rejects `name` at `site`; the reason lists the `known` names, quoted.
  unknown_name(error_site site, std::string_view name, std::vector<std::string> known)
      : unknown_name(
            std::move(site), name, std::move(known),
            detail::cat({"unknown name '", name, "'; known: ", detail::quoted_list(known)})) {}
  [[nodiscard]] const char* what() const noexcept override { return std::out_of_range::what(); }
  /// Returns the name that was not known.
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  /// Returns the names that would have been accepted.
  [[nodiscard]] const std::vector<std::string>& known() const noexcept { return known_; }
  [[noreturn]] void rethrow_at(error_site site) const override {
    throw unknown_name(std::move(site), name_, std::vector<std::string>(known_), reason());
  }

 private:
  unknown_name(error_site site, std::string_view name, std::vector<std::string>&& known,
               const std::string& reason)
      : std::out_of_range(detail::error_message(site, reason)),
        error(std::move(site), reason),
        name_(name),
        known_(std::move(known)) {}

  std::string name_;
  std::vector<std::string> known_;
};

namespace detail {

/// Throws kam::out_of_bounds for index `i` of the accessor `fn`: at field `field` (the parameter's
/// name) and, for an account index (`row`), that row; reason "<noun> <i> is outside [<first>,
/// <end>)". Out of line of check_index so that the check itself stays small.
[[noreturn]] inline void throw_index_outside(const char* fn, const char* field, std::ptrdiff_t i,
                                             std::ptrdiff_t first, std::ptrdiff_t end,
                                             const char* noun, bool row) {
  throw out_of_bounds({fn, field, row ? std::optional<std::ptrdiff_t>(i) : std::nullopt},
                      cat({noun, " ", i, " is outside [", first, ", ", end, ")"}));
}

/// The check of kam's index accessors, in every build type: throws kam::out_of_bounds (see
/// throw_index_outside) unless first <= i < end. `row`: `i` is an account (a row of the result),
/// reported as the error's row().
inline void check_index(const char* fn, const char* field, std::ptrdiff_t i, std::ptrdiff_t end,
                        const char* noun, bool row = false, std::ptrdiff_t first = 0) {
  if (i < first || i >= end) [[unlikely]]
    throw_index_outside(fn, field, i, first, end, noun, row);
}

}  // namespace detail

}  // namespace kam
