// Segmentation rules: predicates over numeric and categorical account fields, and/or, first match.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <boost/describe/members.hpp>
#include <boost/mp11/algorithm.hpp>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <kam/core/concepts.hpp>
#include <kam/core/describe.hpp>
#include <kam/core/error.hpp>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace kam {

/// The kind of an account field as rules see it: a number (arithmetic members, bool as 0/1, an
/// optional number) or a category (text, or a described enum by its enumerator names).
enum class field_kind { numeric, categorical };
BOOST_DESCRIBE_ENUM(field_kind, numeric, categorical)

/// What a predicate tests. On numeric fields: `less`, `less_equal`, `greater`, `greater_equal`,
/// `equal`, `not_equal` (exact comparisons with `value`) and `between` (value <= x <= high, both
/// ends inclusive). On categorical fields: `in` and `not_in` (membership in `categories`, exact,
/// case-sensitive). Using one on a field of the other kind is an error.
enum class predicate_op {
  less,
  less_equal,
  greater,
  greater_equal,
  equal,
  not_equal,
  between,
  in,
  not_in
};
BOOST_DESCRIBE_ENUM(predicate_op, less, less_equal, greater, greater_equal, equal, not_equal,
                    between, in, not_in)

/// How the parts of a condition combine: `all` (and) or `any` (or).
enum class group_logic { all, any };
BOOST_DESCRIBE_ENUM(group_logic, all, any)

/// What a predicate does with a missing value (NaN in a numeric field, an absent category).
/// - `reject` (default): throw kam::non_finite_value (numeric) or kam::invalid_input (category)
///   naming the field and the row, for any missing value in a field some rule reads.
/// - `no_match`: a predicate on a missing value is false, whatever its operator (also
///   `not_equal` and `not_in`, as SQL treats NULL); the result counts the accounts concerned.
enum class rule_missing { reject, no_match };
BOOST_DESCRIBE_ENUM(rule_missing, reject, no_match)

/// One test on one field of an account, e.g. {"employees", greater_equal, 1000} or
/// {"industry", in, .categories = {"energy", "retail"}}. A plain struct so that rules can come
/// from configuration (its enum by name); checked when the rule set is built and again, against
/// the fields, when it is applied.
struct predicate {
  std::string field = {};  ///< the account field (member or column name)
  predicate_op op = predicate_op::equal;
  double value = 0;                          ///< compared with; the lower bound of `between`
  double high = 0;                           ///< the upper bound of `between`
  std::vector<std::string> categories = {};  ///< for `in` and `not_in`
};
BOOST_DESCRIBE_STRUCT(predicate, (), (field, op, value, high, categories))

/// A condition: predicates and nested conditions, all of which (`all`) or any of which (`any`)
/// must hold. Build one with kam::field and the operators && and ||, with kam::parse_condition
/// from text, or member by member from configuration. An empty condition (or nested group) is
/// an error: use the fallback segment for "everything else".
struct condition {
  group_logic logic = group_logic::all;
  std::vector<predicate> predicates = {};
  std::vector<condition> groups = {};
};
BOOST_DESCRIBE_STRUCT(condition, (), (logic, predicates, groups))

/// Returns a condition true when both are (flattening nested `all` groups).
template <typename = void>
[[nodiscard]] condition operator&&(condition a, condition b) {
  condition out;
  out.logic = group_logic::all;
  for (condition* part : {&a, &b}) {
    if (part->logic == group_logic::all || (part->predicates.size() + part->groups.size() == 1)) {
      for (auto& p : part->predicates) out.predicates.push_back(std::move(p));
      for (auto& g : part->groups) out.groups.push_back(std::move(g));
    } else {
      out.groups.push_back(std::move(*part));
    }
  }
  return out;
}

/// Returns a condition true when either is (flattening nested `any` groups).
template <typename = void>
[[nodiscard]] condition operator||(condition a, condition b) {
  condition out;
  out.logic = group_logic::any;
  for (condition* part : {&a, &b}) {
    if (part->logic == group_logic::any || (part->predicates.size() + part->groups.size() == 1)) {
      for (auto& p : part->predicates) out.predicates.push_back(std::move(p));
      for (auto& g : part->groups) out.groups.push_back(std::move(g));
    } else {
      out.groups.push_back(std::move(*part));
    }
  }
  return out;
}

/// A field named in a rule, to build predicates with operators:
/// `kam::field("employees") >= 1000 && kam::field("industry").in({"energy", "retail"})`.
class field_ref {
 public:
  template <typename = void>
  explicit field_ref(std::string name) : name_(std::move(name)) {}
  [[nodiscard]] condition operator<(double v) const { return make(predicate_op::less, v); }
  [[nodiscard]] condition operator<=(double v) const { return make(predicate_op::less_equal, v); }
  [[nodiscard]] condition operator>(double v) const { return make(predicate_op::greater, v); }
  [[nodiscard]] condition operator>=(double v) const {
    return make(predicate_op::greater_equal, v);
  }
  [[nodiscard]] condition operator==(double v) const { return make(predicate_op::equal, v); }
  [[nodiscard]] condition operator!=(double v) const { return make(predicate_op::not_equal, v); }
  /// Category equality: the same as in({category}).
  [[nodiscard]] condition operator==(std::string_view category) const {
    return in({std::string(category)});
  }
  /// Category inequality: the same as not_in({category}).
  [[nodiscard]] condition operator!=(std::string_view category) const {
    return not_in({std::string(category)});
  }
  /// low <= x <= high, both ends inclusive.
  template <typename = void>
  [[nodiscard]] condition between(double low, double high) const {
    condition c = make(predicate_op::between, low);
    c.predicates.front().high = high;
    return c;
  }
  template <typename = void>
  [[nodiscard]] condition in(std::vector<std::string> categories) const {
    condition c = make(predicate_op::in, 0);
    c.predicates.front().categories = std::move(categories);
    return c;
  }
  template <typename = void>
  [[nodiscard]] condition not_in(std::vector<std::string> categories) const {
    condition c = make(predicate_op::not_in, 0);
    c.predicates.front().categories = std::move(categories);
    return c;
  }

 private:
  template <typename = void>
  [[nodiscard]] condition make(predicate_op op, double v) const {
    condition c;
    c.predicates.push_back(predicate{name_, op, v, 0.0, {}});
    return c;
  }
  std::string name_;
};

/// The deepest nesting of conditions kam accepts: parentheses in kam::parse_condition, nested
/// groups in kam::segment_rules. Deeper input is an error, not a stack overflow.
inline constexpr std::size_t max_condition_depth = 64;

/// Returns a reference to the account field `name`, to write predicates with operators.
[[nodiscard]] inline field_ref field(std::string name) { return field_ref(std::move(name)); }

namespace detail::rules {

/// The text of an operator in kam's condition syntax.
template <typename = void>
std::string_view op_symbol(predicate_op op) {
  switch (op) {
    case predicate_op::less:
      return "<";
    case predicate_op::less_equal:
      return "<=";
    case predicate_op::greater:
      return ">";
    case predicate_op::greater_equal:
      return ">=";
    case predicate_op::equal:
      return "==";
    case predicate_op::not_equal:
      return "!=";
    case predicate_op::between:
      return "between";
    case predicate_op::in:
      return "in";
    case predicate_op::not_in:
      return "not in";
  }
  return "?";
}

inline bool is_word_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
inline bool is_word_char(char c) { return is_word_start(c) || (c >= '0' && c <= '9') || c == '.'; }

template <typename = void>
std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

template <typename = void>
bool is_keyword(std::string_view word) {
  const std::string w = lower(word);
  return w == "and" || w == "or" || w == "not" || w == "in" || w == "between";
}

/// Returns `s` as it can be written back: a plain word when it is one, else single-quoted with
/// backslashes before ' and \.
template <typename = void>
std::string quoted_if_needed(std::string_view s) {
  bool plain = !s.empty() && is_word_start(s.front()) && !is_keyword(s);
  for (const char c : s) plain = plain && is_word_char(c);
  if (plain) return std::string(s);
  std::string out = "'";
  for (const char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  out += '\'';
  return out;
}

/// Returns the shortest text that reads back as the same double.
template <typename = void>
std::string number_text(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

template <typename = void>
void append_text(std::string& out, const condition& c, bool nested);

template <typename = void>
void append_text(std::string& out, const predicate& p) {
  out += quoted_if_needed(p.field);
  out += ' ';
  out += op_symbol(p.op);
  out += ' ';
  if ((p.op == predicate_op::in || p.op == predicate_op::not_in) && p.categories.size() == 1) {
    out.resize(out.size() - op_symbol(p.op).size() - 1);
    out += p.op == predicate_op::in ? "== " : "!= ";
    out += quoted_if_needed(p.categories.front());
  } else if (p.op == predicate_op::in || p.op == predicate_op::not_in) {
    out += '(';
    for (std::size_t i = 0; i < p.categories.size(); ++i) {
      if (i > 0) out += ", ";
      out += quoted_if_needed(p.categories[i]);
    }
    out += ')';
  } else if (p.op == predicate_op::between) {
    out += number_text(p.value) + " and " + number_text(p.high);
  } else {
    out += number_text(p.value);
  }
}

template <typename>
void append_text(std::string& out, const condition& c, bool nested) {
  const std::size_t parts = c.predicates.size() + c.groups.size();
  const bool parens = nested && parts > 1;
  const char* join = c.logic == group_logic::all ? " and " : " or ";
  if (parens) out += '(';
  bool first = true;
  for (const auto& p : c.predicates) {
    if (!first) out += join;
    first = false;
    append_text(out, p);
  }
  for (const auto& g : c.groups) {
    if (!first) out += join;
    first = false;
    append_text(out, g, true);
  }
  if (parens) out += ')';
}

/// A token of the condition syntax.
struct token {
  enum kind_t { end, word, text, number, symbol } kind = end;
  std::string value;       ///< the word, the unquoted text, the number's text or the symbol
  std::size_t column = 0;  ///< 1-based position in the input
};

/// A recursive-descent parser for kam's condition syntax (see kam::parse_condition).
template <typename = void>
class parser {
 public:
  explicit parser(std::string_view text) : text_(text) { advance(); }

  condition parse() {
    condition c = parse_or();
    if (tok_.kind != token::end) fail(detail::cat("unexpected '", tok_.value, "'"));
    return c;
  }

 private:
  [[noreturn]] void fail(std::string_view what) const {
    throw invalid_input({"kam::parse_condition", "condition", std::nullopt},
                        detail::cat("column ", tok_.column, ": ", what, " in \"", text_, "\""));
  }

  bool at_keyword(std::string_view kw) const {
    return tok_.kind == token::word && lower(tok_.value) == kw;
  }
  bool at_symbol(std::string_view s) const { return tok_.kind == token::symbol && tok_.value == s; }

  void advance() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
    tok_ = token{};
    tok_.column = pos_ + 1;
    if (pos_ >= text_.size()) return;
    const char c = text_[pos_];
    if (is_word_start(c)) {
      const std::size_t start = pos_;
      while (pos_ < text_.size() && is_word_char(text_[pos_])) ++pos_;
      tok_.kind = token::word;
      tok_.value = std::string(text_.substr(start, pos_ - start));
      return;
    }
    if (c == '\'' || c == '"') {
      ++pos_;
      std::string v;
      for (;;) {
        if (pos_ >= text_.size()) fail("unterminated quoted text");
        const char ch = text_[pos_++];
        if (ch == c) break;
        if (ch == '\\' && pos_ < text_.size()) {
          v += text_[pos_++];
        } else {
          v += ch;
        }
      }
      tok_.kind = token::text;
      tok_.value = std::move(v);
      return;
    }
    if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.') {
      const std::size_t start = pos_;
      ++pos_;
      while (pos_ < text_.size() &&
             ((text_[pos_] >= '0' && text_[pos_] <= '9') || text_[pos_] == '.' ||
              text_[pos_] == 'e' || text_[pos_] == 'E' ||
              ((text_[pos_] == '-' || text_[pos_] == '+') &&
               (text_[pos_ - 1] == 'e' || text_[pos_ - 1] == 'E'))))
        ++pos_;
      tok_.kind = token::number;
      tok_.value = std::string(text_.substr(start, pos_ - start));
      return;
    }
    for (const char* two : {"<=", ">=", "==", "!="}) {
      if (text_.substr(pos_, 2) == two) {
        tok_.kind = token::symbol;
        tok_.value = two;
        pos_ += 2;
        return;
      }
    }
    if (std::string_view("<>=()[]{},").find(c) != std::string_view::npos) {
      tok_.kind = token::symbol;
      tok_.value = std::string(1, c);
      ++pos_;
      return;
    }
    fail(detail::cat("unexpected character '", std::string(1, c), "'"));
  }

  double number() {
    if (tok_.kind != token::number) fail("expected a number");
    std::string_view s = tok_.value;
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    double v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size() || !std::isfinite(v))
      fail(detail::cat("'", tok_.value, "' is not a finite number"));
    advance();
    return v;
  }

  condition parse_or() {
    condition c = parse_and();
    while (at_keyword("or")) {
      advance();
      c = std::move(c) || parse_and();
    }
    return c;
  }

  condition parse_and() {
    condition c = parse_atom();
    while (at_keyword("and")) {
      advance();
      c = std::move(c) && parse_atom();
    }
    return c;
  }

  condition parse_atom() {
    if (at_symbol("(")) {
      // Bounded, so that a hostile or broken configuration cannot exhaust the stack.
      if (++depth_ > max_condition_depth)
        fail(detail::cat("parentheses nested deeper than ", max_condition_depth, " levels"));
      advance();
      condition c = parse_or();
      if (!at_symbol(")")) fail("expected ')'");
      advance();
      --depth_;
      return c;
    }
    if (tok_.kind != token::word && tok_.kind != token::text) fail("expected a field name");
    if (tok_.kind == token::word && is_keyword(tok_.value))
      fail(detail::cat("expected a field name, got the keyword '", tok_.value, "'"));
    const field_ref f(tok_.value);
    advance();
    if (at_keyword("between")) {
      advance();
      const double lo = number();
      if (!at_keyword("and")) fail("expected 'and' between the two bounds of 'between'");
      advance();
      return f.between(lo, number());
    }
    if (at_keyword("not")) {
      advance();
      if (!at_keyword("in")) fail("expected 'in' after 'not'");
      advance();
      return f.not_in(category_list());
    }
    if (at_keyword("in")) {
      advance();
      return f.in(category_list());
    }
    if (tok_.kind != token::symbol) fail("expected a comparison (<, <=, >, >=, ==, !=)");
    const std::string op = tok_.value;
    advance();
    const bool eq = op == "==" || op == "=";
    if ((eq || op == "!=") && (tok_.kind == token::word || tok_.kind == token::text)) {
      std::string cat = tok_.value;
      advance();
      return eq ? f.in({std::move(cat)}) : f.not_in({std::move(cat)});
    }
    if (op == "<") return f < number();
    if (op == "<=") return f <= number();
    if (op == ">") return f > number();
    if (op == ">=") return f >= number();
    if (eq) return f == number();
    if (op == "!=") return f != number();
    fail(detail::cat("expected a comparison, got '", op, "'"));
  }

  std::vector<std::string> category_list() {
    std::string close;
    if (at_symbol("(")) close = ")";
    if (at_symbol("[")) close = "]";
    if (at_symbol("{")) close = "}";
    if (close.empty()) fail("expected '(' to open the list of categories");
    advance();
    std::vector<std::string> out;
    for (;;) {
      if (tok_.kind != token::word && tok_.kind != token::text && tok_.kind != token::number)
        fail("expected a category");
      out.push_back(tok_.value);
      advance();
      if (at_symbol(close)) break;
      if (!at_symbol(",")) fail(detail::cat("expected ',' or '", close, "'"));
      advance();
    }
    advance();
    return out;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t depth_ = 0;
  token tok_;
};

}  // namespace detail::rules

/// Returns the condition written in `text`, in kam's condition syntax:
///
///     technology_focus >= 4 and (industry in (technology, energy) or employees > 5000)
///     region not in ('UK&I', Nordics) and loyalty between 2 and 4
///     industry == retail or price_focus = 5
///
/// `and` binds tighter than `or`; parentheses group. Comparisons: <, <=, >, >=, == (or =), !=
/// with a number; `between a and b` (inclusive); `in (...)` and `not in (...)` with categories
/// (parentheses, brackets or braces); `== word` and `!= word` are category tests. Field names and
/// categories are words (letters, digits, _ and ., not starting with a digit) or quoted with ' or
/// " (a backslash escapes the next character). Keywords are case-insensitive. Parentheses nest
/// at most kam::max_condition_depth levels. Throws kam::invalid_input naming the column of the
/// first error.
template <typename = void>
[[nodiscard]] condition parse_condition(std::string_view text) {
  return detail::rules::parser<>(text).parse();
}

/// Returns `c` in the syntax of kam::parse_condition; parsing the text gives an equivalent
/// condition (the same one for conditions that came from parse_condition or the operators).
template <typename = void>
[[nodiscard]] std::string to_text(const condition& c) {
  std::string out;
  detail::rules::append_text(out, c, false);
  return out;
}

/// Returns `p` in the syntax of kam::parse_condition.
template <typename = void>
[[nodiscard]] std::string to_text(const predicate& p) {
  std::string out;
  detail::rules::append_text(out, p);
  return out;
}

/// One rule: accounts that satisfy `when` belong to `segment`. `name` labels the rule in output
/// (optional; several rules may lead to the same segment).
struct segment_rule {
  std::string segment = {};
  condition when = {};
  std::string name = {};
};
BOOST_DESCRIBE_STRUCT(segment_rule, (), (segment, when, name))

/// Options of kam::assign_segments.
struct rule_options {
  rule_missing missing = rule_missing::reject;
};
BOOST_DESCRIBE_STRUCT(rule_options, (), (missing))

/// An ordered, validated list of rules and a fallback segment. Rules are tried in order and the
/// first that holds decides the account's segment; an account no rule matches gets the fallback
/// segment, or none when the fallback is empty (it is then counted as unmatched, never dropped).
///
/// Checked on construction (kam::error subtypes naming the rule): at least one rule or a
/// fallback; non-empty segment names; no empty condition or group; every predicate with a field
/// name and a known operator; finite comparison values; between with low <= high; in / not_in
/// with at least one category, none twice; no categories on a numeric comparison; groups nested
/// at most kam::max_condition_depth levels. Field names and kinds are checked against the
/// accounts when the rules are applied.
class segment_rules {
 public:
  /// Builds and validates the rule set; throws kam::empty_input, kam::invalid_input,
  /// kam::non_finite_value or kam::duplicate_name.
  template <typename = void>
  explicit segment_rules(std::vector<segment_rule> rules, std::string fallback = {})
      : rules_(std::move(rules)), fallback_(std::move(fallback)) {
    validate();
  }

  /// Returns the rules, in order.
  [[nodiscard]] const std::vector<segment_rule>& rules() const noexcept { return rules_; }
  /// Returns the fallback segment ("" when there is none).
  [[nodiscard]] const std::string& fallback() const noexcept { return fallback_; }
  /// Returns the distinct segment names: the rules' in order of first use, then the fallback's.
  [[nodiscard]] const std::vector<std::string>& segments() const noexcept { return segments_; }
  /// Returns the distinct fields the rules read, in order of first use.
  [[nodiscard]] const std::vector<std::string>& fields() const noexcept { return fields_; }

 private:
  template <typename = void>
  void check(const condition& c, std::size_t r, std::size_t depth = 0) {
    constexpr const char* fn = "kam::segment_rules";
    const std::string where = detail::cat("rules[", r, "]");
    if (depth > max_condition_depth) {
      throw invalid_input({fn, where, std::nullopt}, detail::cat("groups nested deeper than ",
                                                                 max_condition_depth, " levels"));
    }
    if (!is_enumerator(c.logic)) {
      throw invalid_input({fn, where, std::nullopt}, "logic is not one of its enumerators");
    }
    if (c.predicates.empty() && c.groups.empty()) {
      throw invalid_input({fn, where, std::nullopt},
                          "empty condition or group; use the fallback segment for 'everything "
                          "else'");
    }
    for (const auto& p : c.predicates) {
      if (p.field.empty()) {
        throw invalid_input({fn, where, std::nullopt}, "a predicate has an empty field name");
      }
      if (!is_enumerator(p.op)) {
        throw invalid_input({fn, p.field, std::nullopt},
                            detail::cat(where, ": op is not a predicate_op"));
      }
      const bool categorical = p.op == predicate_op::in || p.op == predicate_op::not_in;
      if (categorical) {
        if (p.categories.empty()) {
          throw invalid_input({fn, p.field, std::nullopt},
                              detail::cat(where, ": '", enum_name(p.op), "' needs categories"));
        }
        for (std::size_t i = 0; i < p.categories.size(); ++i) {
          for (std::size_t k = 0; k < i; ++k) {
            if (p.categories[k] == p.categories[i]) {
              throw duplicate_name(
                  {fn, p.field, std::nullopt},
                  detail::cat(where, ": category '", p.categories[i], "' listed twice"));
            }
          }
        }
      } else {
        if (!p.categories.empty()) {
          throw invalid_input({fn, p.field, std::nullopt},
                              detail::cat(where, ": categories given to the numeric comparison '",
                                          enum_name(p.op), "'"));
        }
        if (!std::isfinite(p.value) || (p.op == predicate_op::between && !std::isfinite(p.high))) {
          throw non_finite_value({fn, p.field, std::nullopt},
                                 detail::cat(where, ": the value compared with is not finite"));
        }
        if (p.op == predicate_op::between && !(p.value <= p.high)) {
          throw invalid_input(
              {fn, p.field, std::nullopt},
              detail::cat(where, ": between needs low <= high, got [", p.value, ", ", p.high, "]"));
        }
      }
      if (std::find(fields_.begin(), fields_.end(), p.field) == fields_.end())
        fields_.push_back(p.field);
    }
    for (const auto& g : c.groups) check(g, r, depth + 1);
  }

  template <typename = void>
  void add_segment(const std::string& s) {
    if (std::find(segments_.begin(), segments_.end(), s) == segments_.end()) segments_.push_back(s);
  }

  template <typename = void>
  void validate() {
    constexpr const char* fn = "kam::segment_rules";
    if (rules_.empty() && fallback_.empty()) {
      throw empty_input({fn, "rules", std::nullopt},
                        "no rules and no fallback segment: no account could get a segment");
    }
    for (std::size_t r = 0; r < rules_.size(); ++r) {
      if (rules_[r].segment.empty()) {
        throw invalid_input({fn, detail::cat("rules[", r, "]"), std::nullopt},
                            "the rule has an empty segment name");
      }
      check(rules_[r].when, r);
      add_segment(rules_[r].segment);
    }
    if (!fallback_.empty()) add_segment(fallback_);
  }

  std::vector<segment_rule> rules_;
  std::string fallback_;
  std::vector<std::string> segments_;
  std::vector<std::string> fields_;
};

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
  template <typename = void>
  [[nodiscard]] std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& c : columns_) out.push_back(c.name);
    return out;
  }
  /// Returns the column of the field `name`, if there is one.
  template <typename = void>
  [[nodiscard]] std::optional<Eigen::Index> find(std::string_view name) const noexcept {
    for (std::size_t j = 0; j < columns_.size(); ++j)
      if (columns_[j].name == name) return static_cast<Eigen::Index>(j);
    return std::nullopt;
  }
  /// Returns the kind of column `j`. @pre 0 <= j < cols().
  [[nodiscard]] field_kind kind(Eigen::Index j) const { return col(j).kind; }
  /// Returns the categories of categorical column `j` (empty for a numeric one).
  [[nodiscard]] const std::vector<std::string>& categories(Eigen::Index j) const {
    return col(j).categories;
  }
  /// Returns the value of numeric column `j` for account `i` (NaN when missing).
  [[nodiscard]] double number(Eigen::Index i, Eigen::Index j) const {
    return col(j).numbers[static_cast<std::size_t>(i)];
  }
  /// Returns the values of numeric column `j`, one per account (empty for a categorical one).
  [[nodiscard]] const std::vector<double>& numbers(Eigen::Index j) const { return col(j).numbers; }
  /// Returns the category codes of categorical column `j`, one per account, -1 when missing
  /// (empty for a numeric one).
  [[nodiscard]] const std::vector<std::int32_t>& codes(Eigen::Index j) const {
    return col(j).codes;
  }
  /// Returns whether numeric column `j` holds float values (from a float vector or member); rules
  /// then compare it with their values rounded to float.
  [[nodiscard]] bool single_precision(Eigen::Index j) const { return col(j).single; }
  /// Returns whether categorical column `j` is closed (its categories are all there can be).
  [[nodiscard]] bool closed(Eigen::Index j) const { return col(j).closed; }
  /// Returns the category of categorical column `j` for account `i` (nullopt when missing).
  template <typename = void>
  [[nodiscard]] std::optional<std::string_view> category(Eigen::Index i, Eigen::Index j) const {
    const auto code = col(j).codes[static_cast<std::size_t>(i)];
    if (code < 0) return std::nullopt;
    return std::string_view(col(j).categories[static_cast<std::size_t>(code)]);
  }

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
  template <typename = void>
  field_table& add_categorical(std::string name, const std::vector<std::string>& values) {
    constexpr const char* fn = "kam::field_table::add_categorical";
    column c = start(std::move(name), static_cast<Eigen::Index>(values.size()), fn);
    encode(c, values, [](const std::string& v) -> const std::string* { return &v; });
    return finish(std::move(c));
  }

  /// Adds an open categorical field with missing values (nullopt); returns *this.
  template <typename = void>
  field_table& add_categorical(std::string name,
                               const std::vector<std::optional<std::string>>& values) {
    return add_open_as(std::move(name), values, "kam::field_table::add_categorical");
  }

  /// Adds a closed categorical field: `codes[i]` is the position of account i's category in
  /// `categories` (-1 for a missing value); rules may only name these categories. Throws as
  /// add_numeric, kam::duplicate_name for a category listed twice and kam::out_of_bounds for a
  /// code outside [-1, categories).
  template <typename = void>
  field_table& add_categorical(std::string name, std::vector<std::string> categories,
                               const std::vector<std::int32_t>& codes) {
    return add_closed_as(std::move(name), std::move(categories), codes,
                         "kam::field_table::add_categorical");
  }

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
  /// add_numeric, with errors in the name of `fn`, the public function that called it.
  template <typename Derived>
  field_table& add_numeric_as(std::string name, const Eigen::MatrixBase<Derived>& values,
                              std::string_view fn) {
    if (values.rows() != 1 && values.cols() != 1 && values.size() != 0) {
      throw shape_mismatch(
          {std::string(fn), name, std::nullopt},
          detail::cat("expects a vector, got ", values.rows(), " x ", values.cols()));
    }
    column c = start(std::move(name), values.size(), fn);
    c.kind = field_kind::numeric;
    c.single = std::is_same_v<typename Derived::Scalar, float>;
    c.numbers.resize(static_cast<std::size_t>(values.size()));
    for (Eigen::Index i = 0; i < values.size(); ++i) {
      const auto v = static_cast<double>(values.coeff(i));
      if (std::isinf(v)) {
        throw non_finite_value({std::string(fn), c.name, i}, detail::cat("value is ", v));
      }
      c.numbers[static_cast<std::size_t>(i)] = v;
    }
    return finish(std::move(c));
  }

  /// add_categorical for optional texts, with errors in the name of `fn`.
  template <typename = void>
  field_table& add_open_as(std::string name, const std::vector<std::optional<std::string>>& values,
                           std::string_view fn) {
    column c = start(std::move(name), static_cast<Eigen::Index>(values.size()), fn);
    encode(c, values, [](const std::optional<std::string>& v) -> const std::string* {
      return v ? &*v : nullptr;
    });
    return finish(std::move(c));
  }

  /// add_categorical for a closed field, with errors in the name of `fn`.
  template <typename = void>
  field_table& add_closed_as(std::string name, std::vector<std::string> categories,
                             const std::vector<std::int32_t>& codes, std::string_view fn) {
    column c = start(std::move(name), static_cast<Eigen::Index>(codes.size()), fn);
    for (std::size_t a = 0; a < categories.size(); ++a)
      for (std::size_t b = 0; b < a; ++b)
        if (categories[a] == categories[b]) {
          throw duplicate_name({std::string(fn), c.name, std::nullopt},
                               detail::cat("category '", categories[a], "' listed twice"));
        }
    const auto n = static_cast<std::int32_t>(categories.size());
    for (std::size_t i = 0; i < codes.size(); ++i) {
      if (codes[i] < -1 || codes[i] >= n) {
        throw out_of_bounds({std::string(fn), c.name, static_cast<std::ptrdiff_t>(i)},
                            detail::cat("code ", codes[i], " is outside [-1, ", n, ")"));
      }
    }
    c.kind = field_kind::categorical;
    c.closed = true;
    c.categories = std::move(categories);
    c.codes = codes;
    return finish(std::move(c));
  }

  struct column {
    std::string name;
    field_kind kind = field_kind::numeric;
    bool closed = false;
    bool single = false;  ///< numeric values that came from float: rules compare in float
    std::vector<double> numbers;
    std::vector<std::int32_t> codes;
    std::vector<std::string> categories;
  };

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

  [[nodiscard]] const column& col(Eigen::Index j) const {
    return columns_[static_cast<std::size_t>(j)];
  }

  template <typename = void>
  column start(std::string name, Eigen::Index rows, std::string_view function) const {
    const std::string fn(function);
    if (name.empty()) throw invalid_input({fn, "name", std::nullopt}, "empty field name");
    if (find(name)) throw duplicate_name({fn, name, std::nullopt}, "field added twice");
    if (!columns_.empty() && rows != rows_) {
      throw shape_mismatch({fn, name, std::nullopt},
                           detail::cat(rows, " values for a table of ", rows_, " accounts"));
    }
    column c;
    c.name = std::move(name);
    return c;
  }

  template <typename = void>
  field_table& finish(column c) {
    rows_ = c.kind == field_kind::numeric ? static_cast<Eigen::Index>(c.numbers.size())
                                          : static_cast<Eigen::Index>(c.codes.size());
    columns_.push_back(std::move(c));
    return *this;
  }

  template <typename Values, typename Get>
  static void encode(column& c, const Values& values, Get get) {
    c.kind = field_kind::categorical;
    std::unordered_map<std::string_view, std::int32_t> index;
    std::vector<const std::string*> firsts;
    c.codes.resize(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
      const std::string* v = get(values[i]);
      if (v == nullptr) {
        c.codes[i] = -1;
        continue;
      }
      const auto [it, added] =
          index.try_emplace(std::string_view(*v), static_cast<std::int32_t>(firsts.size()));
      if (added) firsts.push_back(v);
      c.codes[i] = it->second;
    }
    for (const std::string* s : firsts) c.categories.push_back(*s);
  }

  template <typename Member, typename Accounts, typename Pointer>
  void add_member(const Accounts& accounts, Pointer pointer, const std::string& name,
                  std::string_view function) {
    using value = typename unwrap<Member>::type;
    constexpr bool optional = unwrap<Member>::optional;
    const auto n = static_cast<std::size_t>(std::size(accounts));
    const auto get = [&](std::size_t i) -> const Member& {
      return std::begin(accounts)[static_cast<std::ptrdiff_t>(i)].*pointer;
    };
    if constexpr (std::is_arithmetic_v<value>) {
      // float members stay float, so that rules compare them in float (see bind).
      using number = std::conditional_t<std::is_same_v<value, float>, float, double>;
      Eigen::Matrix<number, Eigen::Dynamic, 1> v(static_cast<Eigen::Index>(n));
      for (std::size_t i = 0; i < n; ++i) {
        const Member& m = get(i);
        if constexpr (optional) {
          v(static_cast<Eigen::Index>(i)) =
              m ? static_cast<number>(*m) : std::numeric_limits<number>::quiet_NaN();
        } else {
          v(static_cast<Eigen::Index>(i)) = static_cast<number>(m);
        }
      }
      add_numeric_as(name, v, function);
    } else if constexpr (described_enum<value>) {
      std::vector<std::int32_t> codes(n);
      std::vector<value> enumerators;
      boost::mp11::mp_for_each<boost::describe::describe_enumerators<value>>(
          [&](auto e) { enumerators.push_back(e.value); });
      for (std::size_t i = 0; i < n; ++i) {
        const Member& m = get(i);
        std::int32_t code = -1;
        bool present = true;
        value e{};
        if constexpr (optional) {
          present = m.has_value();
          if (present) e = *m;
        } else {
          e = m;
        }
        if (present) {
          const auto it = std::find(enumerators.begin(), enumerators.end(), e);
          if (it == enumerators.end()) {
            throw invalid_input(
                {std::string(function), name, static_cast<std::ptrdiff_t>(i)},
                detail::cat("value ", static_cast<long long>(e), " is not an enumerator"));
          }
          code = static_cast<std::int32_t>(it - enumerators.begin());
        }
        codes[i] = code;
      }
      add_closed_as(name, enum_names<value>(), codes, function);
    } else if constexpr (std::is_convertible_v<const value&, std::string_view>) {
      std::vector<std::optional<std::string>> texts(n);
      for (std::size_t i = 0; i < n; ++i) {
        const Member& m = get(i);
        if constexpr (optional) {
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

  Eigen::Index rows_ = 0;
  std::vector<column> columns_;
};

/// The segment of every account, aligned with the input rows, and how it was reached.
struct segment_assignment {
  /// Per account: its segment, an index into `segments`; -1 when no rule matched and the rule
  /// set has no fallback (counted in `unmatched`).
  index_vector segment;
  /// Per account: the rule that matched (index into the rules), -1 for the fallback or none.
  index_vector rule;
  /// The segment names (segment_rules::segments()).
  std::vector<std::string> segments;
  /// Accounts per segment, and per rule.
  index_vector counts;
  index_vector rule_counts;
  /// Accounts that got the fallback segment; accounts without a segment.
  Eigen::Index fallback = 0;
  Eigen::Index unmatched = 0;
  /// Accounts with a missing value in a field some rule reads (only under rule_missing::no_match;
  /// predicates on those values were false).
  Eigen::Index with_missing = 0;

  /// Returns the segment name of account `i` ("" when it has none). @pre 0 <= i < rows.
  template <typename = void>
  [[nodiscard]] std::string_view segment_of(Eigen::Index i) const {
    const Eigen::Index s = segment(i);
    return s < 0 ? std::string_view() : std::string_view(segments[static_cast<std::size_t>(s)]);
  }
};
BOOST_DESCRIBE_STRUCT(segment_assignment, (),
                      (segment, rule, segments, counts, rule_counts, fallback, unmatched,
                       with_missing))

namespace detail::rules {

/// Returns `v` rounded to float (and back to double), infinite beyond float's range.
template <typename = void>
double to_single(double v) {
  constexpr auto top = static_cast<double>(std::numeric_limits<float>::max());
  if (v > top) return std::numeric_limits<double>::infinity();
  if (v < -top) return -std::numeric_limits<double>::infinity();
  return static_cast<double>(static_cast<float>(v));
}

/// A predicate bound to a column of a field table.
struct bound_predicate {
  predicate_op op = predicate_op::equal;
  bool categorical = false;
  const double* numbers = nullptr;
  const std::int32_t* codes = nullptr;
  double value = 0, high = 0;
  std::vector<char> member;  ///< per category code: in the predicate's list
};

struct bound_group {
  group_logic logic = group_logic::all;
  std::vector<bound_predicate> predicates;
  std::vector<bound_group> groups;
};

template <typename = void>
bool holds(const bound_predicate& p, std::size_t i) {
  if (p.categorical) {
    const std::int32_t c = p.codes[i];
    if (c < 0) return false;
    const bool in = p.member[static_cast<std::size_t>(c)] != 0;
    return p.op == predicate_op::in ? in : !in;
  }
  const double x = p.numbers[i];
  if (std::isnan(x)) return false;
  switch (p.op) {
    case predicate_op::less:
      return x < p.value;
    case predicate_op::less_equal:
      return x <= p.value;
    case predicate_op::greater:
      return x > p.value;
    case predicate_op::greater_equal:
      return x >= p.value;
    case predicate_op::equal:
      return x == p.value;
    case predicate_op::not_equal:
      return x != p.value;
    case predicate_op::between:
      return p.value <= x && x <= p.high;
    case predicate_op::in:
    case predicate_op::not_in:
      break;
  }
  return false;
}

template <typename = void>
bool holds(const bound_group& g, std::size_t i) {
  if (g.logic == group_logic::all) {
    for (const auto& p : g.predicates)
      if (!holds(p, i)) return false;
    for (const auto& s : g.groups)
      if (!holds(s, i)) return false;
    return true;
  }
  for (const auto& p : g.predicates)
    if (holds(p, i)) return true;
  for (const auto& s : g.groups)
    if (holds(s, i)) return true;
  return false;
}

/// Returns `c` (rule `r`) bound to the columns of `t`, checking the field names, their kinds and,
/// for closed categorical fields, the categories.
template <typename = void>
bound_group bind(const condition& c, const field_table& t, std::size_t r, const char* fn) {
  bound_group g;
  g.logic = c.logic;
  for (const auto& p : c.predicates) {
    const auto j = t.find(p.field);
    if (!j) {
      throw unknown_name({fn, detail::cat("rules[", r, "]"), std::nullopt}, p.field, t.names());
    }
    const bool wants_category = p.op == predicate_op::in || p.op == predicate_op::not_in;
    const field_kind k = t.kind(*j);
    if (wants_category != (k == field_kind::categorical)) {
      throw invalid_input(
          {fn, p.field, std::nullopt},
          detail::cat("type mismatch in rules[", r, "]: the field is ", enum_name(k), ", but '",
                      enum_name(p.op), wants_category ? "' tests categories" : "' needs a number"));
    }
    bound_predicate b;
    b.op = p.op;
    b.value = p.value;
    b.high = p.high;
    if (!wants_category && t.single_precision(*j)) {
      // Compare float data in float, as the scoring and portfolio thresholds do: 0.7f reaches
      // `>= 0.7` although 0.7f < 0.7 in double. Beyond float's range a bound becomes infinite,
      // which every comparison with a finite float treats alike.
      b.value = detail::rules::to_single(p.value);
      b.high = detail::rules::to_single(p.high);
    }
    if (wants_category) {
      b.categorical = true;
      b.codes = t.codes(*j).data();
      const auto& cats = t.categories(*j);
      b.member.assign(cats.size(), 0);
      for (const auto& name : p.categories) {
        const auto it = std::find(cats.begin(), cats.end(), name);
        if (it != cats.end()) {
          b.member[static_cast<std::size_t>(it - cats.begin())] = 1;
        } else if (t.closed(*j)) {
          throw unknown_name({fn, p.field, std::nullopt}, name, cats);
        }
      }
    } else {
      b.numbers = t.numbers(*j).data();
    }
    g.predicates.push_back(std::move(b));
  }
  for (const auto& s : c.groups) g.groups.push_back(bind(s, t, r, fn));
  return g;
}

/// Applies bound rules to every account of `t`.
template <typename = void>
segment_assignment apply(const field_table& t, const segment_rules& rules,
                         const rule_options& options, const char* fn) {
  if (!is_enumerator(options.missing)) {
    throw invalid_input({fn, "missing", std::nullopt}, "not a rule_missing");
  }
  std::vector<bound_group> bound;
  for (std::size_t r = 0; r < rules.rules().size(); ++r)
    bound.push_back(bind(rules.rules()[r].when, t, r, fn));
  const Eigen::Index n = t.rows();
  segment_assignment out;
  out.segments = rules.segments();
  // Missing values in the fields the rules read: an error, or counted.
  std::vector<char> missing(static_cast<std::size_t>(n), 0);
  for (const auto& f : rules.fields()) {
    const Eigen::Index j = *t.find(f);
    for (Eigen::Index i = 0; i < n; ++i) {
      const auto is = static_cast<std::size_t>(i);
      const bool absent =
          t.kind(j) == field_kind::numeric ? std::isnan(t.numbers(j)[is]) : t.codes(j)[is] < 0;
      if (!absent) continue;
      if (options.missing == rule_missing::reject) {
        if (t.kind(j) == field_kind::numeric) {
          throw non_finite_value({fn, f, i}, "value is missing (NaN) and rule_missing is reject");
        }
        throw invalid_input({fn, f, i}, "category is missing and rule_missing is reject");
      }
      missing[is] = 1;
    }
  }
  std::vector<Eigen::Index> segment_of_rule;
  for (const auto& r : rules.rules()) {
    const auto it = std::find(out.segments.begin(), out.segments.end(), r.segment);
    segment_of_rule.push_back(static_cast<Eigen::Index>(it - out.segments.begin()));
  }
  Eigen::Index fallback_segment = -1;
  if (!rules.fallback().empty()) {
    const auto it = std::find(out.segments.begin(), out.segments.end(), rules.fallback());
    fallback_segment = static_cast<Eigen::Index>(it - out.segments.begin());
  }
  out.segment.resize(n);
  out.rule.resize(n);
  out.counts = index_vector::Zero(static_cast<Eigen::Index>(out.segments.size()));
  out.rule_counts = index_vector::Zero(static_cast<Eigen::Index>(bound.size()));
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto is = static_cast<std::size_t>(i);
    out.with_missing += missing[is];
    Eigen::Index rule = -1;
    for (std::size_t r = 0; r < bound.size(); ++r) {
      if (holds(bound[r], is)) {
        rule = static_cast<Eigen::Index>(r);
        break;
      }
    }
    Eigen::Index seg = fallback_segment;
    if (rule >= 0) {
      seg = segment_of_rule[static_cast<std::size_t>(rule)];
      ++out.rule_counts(rule);
    } else if (seg >= 0) {
      ++out.fallback;
    } else {
      ++out.unmatched;
    }
    out.rule(i) = rule;
    out.segment(i) = seg;
    if (seg >= 0) ++out.counts(seg);
  }
  return out;
}

}  // namespace detail::rules

/// Returns the segment of every account of `table` (rows are accounts): the segment of the first
/// rule whose condition holds, else the fallback segment, else none (-1, counted as unmatched).
/// Missing values are handled per `options.missing`.
///
/// Throws kam::unknown_name (a field the table does not have, listing the fields it has; a
/// category a closed field does not have, listing its categories), kam::invalid_input (a type
/// mismatch: a numeric comparison on a categorical field or a category test on a numeric one,
/// naming the field and the rule; a missing category under reject, naming the row) and
/// kam::non_finite_value (a missing number under reject, naming the field and the row).
/// Complexity: O(N P) for P predicates, one read of the fields the rules use.
template <typename = void>
[[nodiscard]] segment_assignment assign_segments(const field_table& table,
                                                 const segment_rules& rules,
                                                 const rule_options& options = {}) {
  return detail::rules::apply(table, rules, options, "kam::assign_segments");
}

/// Returns the segment of every account of a range of described account structs (see the other
/// overload): the fields the rules name are read by member name (field_table::from_accounts), so
/// rules loaded from configuration apply to a CRM's own account type. Throws as the other
/// overload, and as field_table::from_accounts for a field that is not a member of the account
/// type, or a member that is neither numeric nor categorical.
template <random_access_container Accounts>
requires described_struct<element_of<Accounts>>
[[nodiscard]] segment_assignment assign_segments(const Accounts& accounts,
                                                 const segment_rules& rules,
                                                 const rule_options& options = {}) {
  constexpr const char* fn = "kam::assign_segments";
  const field_table t = field_table::from_accounts(accounts, rules.fields(), fn);
  return detail::rules::apply(t, rules, options, fn);
}

}  // namespace kam
