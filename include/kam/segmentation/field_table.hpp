// The field table rules read: numeric columns and dictionary-encoded categorical columns (closed
// when they come from a described enum), built column by column or from described account structs.
#pragma once

#include <Eigen/Core>
#include <boost/describe/enum.hpp>
#include <boost/mp11/algorithm.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace kam {

/// The kind of an account field as rules see it: a number (arithmetic members, bool as 0/1, an
/// optional number) or a category (text, or a described enum by its enumerator names).
enum class field_kind { numeric, categorical };
BOOST_DESCRIBE_ENUM(field_kind, numeric, categorical)

/// The fields of a set of accounts, column by column, as rules read them: numeric columns
/// (double; NaN is a missing value) and categorical columns (a code per account into the
/// column's categories; -1 is a missing value). Categorical columns are dictionary-encoded, so
/// testing membership costs one table look-up per account whatever the length of the text.
/// A column built from a described enum is closed: its categories are the enumerator names, and
/// a rule naming another category is an error (a typo in configuration); a text column is open.
class field_table {
 public:
  /// Returns the number of accounts (0 for a table without columns, unless it came from
  /// from_accounts).
  [[nodiscard]] Eigen::Index rows() const noexcept { return rows_; }
  /// Returns the number of fields.
  [[nodiscard]] Eigen::Index cols() const noexcept {
    return static_cast<Eigen::Index>(columns_.size());
  }
  /// Returns the field names, in column order.
  [[nodiscard]] std::vector<std::string> names() const;
  /// Returns the column of the field `name`, if there is one.
  [[nodiscard]] std::optional<Eigen::Index> find(std::string_view name) const noexcept;
  // Every accessor below that takes a column `j` (and an account `i`) checks them in every build
  // type: kam::out_of_bounds naming the function, 'j' (or 'i' and the row) and the range
  // [0, cols()) (or [0, rows())) for an index outside it.

  /// Returns the kind of column `j`. Throws kam::out_of_bounds unless 0 <= j < cols().
  [[nodiscard]] field_kind kind(Eigen::Index j) const {
    return col(j, "kam::field_table::kind").kind;
  }
  /// Returns the categories of categorical column `j` (empty for a numeric one). Throws
  /// kam::out_of_bounds unless 0 <= j < cols().
  [[nodiscard]] const std::vector<std::string>& categories(Eigen::Index j) const {
    return col(j, "kam::field_table::categories").categories;
  }
  /// Returns the value of numeric column `j` for account `i` (NaN when missing). Throws
  /// kam::out_of_bounds unless 0 <= j < cols() and 0 <= i < rows(), kam::invalid_input (naming
  /// the field) when column `j` is categorical.
  [[nodiscard]] double number(Eigen::Index i, Eigen::Index j) const;
  /// Returns the values of numeric column `j`, one per account (empty for a categorical one).
  /// Throws kam::out_of_bounds unless 0 <= j < cols().
  [[nodiscard]] const std::vector<double>& numbers(Eigen::Index j) const {
    return col(j, "kam::field_table::numbers").numbers;
  }
  /// Returns the category codes of categorical column `j`, one per account, -1 when missing
  /// (empty for a numeric one). Throws kam::out_of_bounds unless 0 <= j < cols().
  [[nodiscard]] const std::vector<std::int32_t>& codes(Eigen::Index j) const {
    return col(j, "kam::field_table::codes").codes;
  }
  /// Returns whether numeric column `j` holds float values (from a float vector or member); rules
  /// then compare it with their values rounded to float. Throws kam::out_of_bounds unless
  /// 0 <= j < cols().
  [[nodiscard]] bool single_precision(Eigen::Index j) const {
    return col(j, "kam::field_table::single_precision").single;
  }
  /// Returns whether categorical column `j` is closed (its categories are all there can be).
  /// Throws kam::out_of_bounds unless 0 <= j < cols().
  [[nodiscard]] bool closed(Eigen::Index j) const {
    return col(j, "kam::field_table::closed").closed;
  }
  /// Returns the category of categorical column `j` for account `i` (nullopt when missing).
  /// Throws kam::out_of_bounds unless 0 <= j < cols() and 0 <= i < rows(), kam::invalid_input
  /// (naming the field) when column `j` is numeric.
  [[nodiscard]] std::optional<std::string_view> category(Eigen::Index i, Eigen::Index j) const;

  /// Adds a numeric field (a vector with one value per account; NaN is a missing value); returns
  /// *this. A float vector's values are compared with rules in float (single_precision). Throws
  /// kam::invalid_input (empty name), kam::duplicate_name, kam::shape_mismatch (not a vector, or a
  /// different number of accounts) and kam::non_finite_value for infinity.
  template <typename Derived>
  requires real_scalar<typename Derived::Scalar> field_table& add_numeric(
      std::string name, const Eigen::MatrixBase<Derived>& values) {
    return add_numeric_as(std::move(name), values, "kam::field_table::add_numeric");
  }

  /// Adds an open categorical field, one text per account (every text is a category, the empty
  /// one included); returns *this. Throws as add_numeric.
  field_table& add_categorical(std::string name, const std::vector<std::string>& values);

  /// Adds an open categorical field with missing values (nullopt); returns *this.
  field_table& add_categorical(std::string name,
                               const std::vector<std::optional<std::string>>& values);

  /// Adds a closed categorical field: `codes[i]` is the position of account i's category in
  /// `categories` (-1 for a missing value); rules may only name these categories. Throws as
  /// add_numeric, kam::duplicate_name for a category listed twice and kam::out_of_bounds for a
  /// code outside [-1, categories).
  field_table& add_categorical(std::string name, std::vector<std::string> categories,
                               const std::vector<std::int32_t>& codes);

  /// Returns the fields `members` of a range of described account structs, by member name (names
  /// may come from configuration). Arithmetic members (bool as 0/1) and std::optional of them
  /// become numeric fields (held as double: integers beyond 2^53 are rounded); text members
  /// (std::string and what converts to std::string_view) become open categorical fields, described
  /// enums closed ones (by enumerator name), and std::optional of either has missing values. Throws
  /// kam::unknown_name (listing the members) for a name `T` does not have, kam::invalid_input for a
  /// member of another type or an enum value that is not an enumerator (naming the row),
  /// kam::duplicate_name for a name given twice.
  template <random_access_container Accounts>
  requires described_struct<element_of<Accounts>>
  [[nodiscard]] static field_table from_accounts(
      const Accounts& accounts, const std::vector<std::string>& members,
      std::string_view function = "kam::field_table::from_accounts") {
    using account = element_of<Accounts>;
    field_table t;
    for (const auto& m : members) {
      bool found = false;
      boost::mp11::mp_for_each<detail::public_members<account>>([&](auto d) {
        if (found || m != d.name) return;
        found = true;
        using member = std::remove_cvref_t<decltype(std::declval<const account&>().*d.pointer)>;
        t.add_member<member>(accounts, d.pointer, m, function);
      });
      if (!found)
        throw unknown_name({std::string(function), "fields", std::nullopt}, m,
                           member_names<account>());
    }
    t.rows_ = static_cast<Eigen::Index>(std::size(accounts));  // also with no fields
    return t;
  }

 private:
  struct column {
    std::string name;
    field_kind kind = field_kind::numeric;
    bool closed = false;
    bool single = false;  ///< numeric values that came from float: rules compare in float
    std::vector<double> numbers;
    std::vector<std::int32_t> codes;
    std::vector<std::string> categories;
  };

  // A member type without its std::optional, and whether it had one.
  template <typename T>
  struct unwrap {
    using type = T;
    static constexpr bool optional = false;
  };
  template <typename T>
  struct unwrap<std::optional<T>> {
    using type = T;
    static constexpr bool optional = true;
  };

  // Returns column `j`; throws kam::out_of_bounds in the name of `fn` unless 0 <= j < cols().
  [[nodiscard]] const column& col(Eigen::Index j, const char* fn) const {
    detail::check_index(fn, "j", j, cols(), "field");
    return columns_[static_cast<std::size_t>(j)];
  }
  // Returns column `j` of kind `kind`, with account `i` in range (errors in the name of `fn`).
  [[nodiscard]] const column& cell_column(Eigen::Index i, Eigen::Index j, field_kind kind,
                                          const char* fn) const;

  // Checks a new column's name and row count (errors in the name of `function`).
  [[nodiscard]] column start(std::string name, Eigen::Index rows, std::string_view function) const;
  // Appends the column and returns *this.
  field_table& finish(column c);
  // Makes `c` an open categorical column of `texts` (nullptr: missing), categories in order of
  // first appearance.
  static void encode(column& c, const std::vector<const std::string*>& texts);
  // add_categorical for optional texts, with errors in the name of `fn`.
  field_table& add_open_as(std::string name, const std::vector<std::optional<std::string>>& values,
                           std::string_view fn);
  // add_categorical for a closed field, with errors in the name of `fn`.
  field_table& add_closed_as(std::string name, std::vector<std::string> categories,
                             const std::vector<std::int32_t>& codes, std::string_view fn);

  // add_numeric, with errors in the name of `fn`, the public function that called it.
  template <typename Derived>
  field_table& add_numeric_as(std::string name, const Eigen::MatrixBase<Derived>& values,
                              std::string_view fn) {
    if (values.rows() != 1 && values.cols() != 1 && values.size() != 0) {
      throw shape_mismatch(
          {std::string(fn), name, std::nullopt},
          detail::cat({"expects a vector, got ", values.rows(), " x ", values.cols()}));
    }
    column c = start(std::move(name), values.size(), fn);
    c.kind = field_kind::numeric;
    c.single = std::is_same_v<typename Derived::Scalar, float>;
    c.numbers.resize(static_cast<std::size_t>(values.size()));
    for (Eigen::Index i = 0; i < values.size(); ++i) {
      const auto v = static_cast<double>(values.coeff(i));
      if (std::isinf(v)) {
        throw non_finite_value({std::string(fn), c.name, i}, detail::cat({"value is ", v}));
      }
      c.numbers[static_cast<std::size_t>(i)] = v;
    }
    return finish(std::move(c));
  }

  // Adds the member at `pointer` of every account as the field `name`.
  template <typename Member, typename Accounts, typename Pointer>
  void add_member(const Accounts& accounts, Pointer pointer, const std::string& name,
                  std::string_view function) {
    using value = typename unwrap<Member>::type;
    const auto get = [&](std::size_t i) -> const Member& {
      return std::begin(accounts)[static_cast<std::ptrdiff_t>(i)].*pointer;
    };
    const auto n = static_cast<std::size_t>(std::size(accounts));
    if constexpr (std::is_arithmetic_v<value>) {
      add_numeric_member<Member>(get, n, name, function);
    } else if constexpr (described_enum<value>) {
      add_enum_member<Member>(get, n, name, function);
    } else if constexpr (std::is_convertible_v<const value&, std::string_view>) {
      std::vector<std::optional<std::string>> texts(n);
      for (std::size_t i = 0; i < n; ++i) {
        const Member& m = get(i);
        if constexpr (unwrap<Member>::optional) {
          if (m) texts[i] = std::string(std::string_view(*m));
        } else {
          texts[i] = std::string(std::string_view(m));
        }
      }
      add_open_as(name, texts, function);
    } else {
      throw invalid_input({std::string(function), name, std::nullopt},
                          "member is neither numeric (arithmetic, optional arithmetic) nor "
                          "categorical (text, described enum, or an optional of one)");
    }
  }

  // An arithmetic member (or optional of one; empty is NaN) as a numeric field; float members
  // stay float, so that rules compare them in float.
  template <typename Member, typename Get>
  void add_numeric_member(const Get& get, std::size_t n, const std::string& name,
                          std::string_view function) {
    using value = typename unwrap<Member>::type;
    using number = std::conditional_t<std::is_same_v<value, float>, float, double>;
    Eigen::Matrix<number, Eigen::Dynamic, 1> v(static_cast<Eigen::Index>(n));
    for (std::size_t i = 0; i < n; ++i) {
      const Member& m = get(i);
      if constexpr (unwrap<Member>::optional) {
        v(static_cast<Eigen::Index>(i)) =
            m ? static_cast<number>(*m) : std::numeric_limits<number>::quiet_NaN();
      } else {
        v(static_cast<Eigen::Index>(i)) = static_cast<number>(m);
      }
    }
    add_numeric_as(name, v, function);
  }

  // A described enum member (or optional of one; empty is missing) as a closed categorical field
  // whose categories are the enumerator names.
  template <typename Member, typename Get>
  void add_enum_member(const Get& get, std::size_t n, const std::string& name,
                       std::string_view function) {
    using value = typename unwrap<Member>::type;
    const auto& enumerators = detail::enumerators<value>;
    std::vector<std::int32_t> codes(n, -1);
    for (std::size_t i = 0; i < n; ++i) {
      const Member& m = get(i);
      value e{};
      if constexpr (unwrap<Member>::optional) {
        if (!m.has_value()) continue;
        e = *m;
      } else {
        e = m;
      }
      std::size_t k = 0;  // the first enumerator equal to e
      while (k < enumerators.size() && !(enumerators[k].value == e)) ++k;
      if (k == enumerators.size()) {
        throw invalid_input(
            {std::string(function), name, static_cast<std::ptrdiff_t>(i)},
            detail::cat({"value ", static_cast<long long>(e), " is not an enumerator"}));
      }
      codes[i] = static_cast<std::int32_t>(k);
    }
    add_closed_as(name, enum_names<value>(), codes, function);
  }

  Eigen::Index rows_ = 0;
  std::vector<column> columns_;
};

}  // namespace kam

#include <kam/core/detail/config.hpp>
#if KAM_HEADER_ONLY
#include <kam/segmentation/detail/field_table_impl.hpp>
#endif
