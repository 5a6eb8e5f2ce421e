// Not API. Definitions of kam/segmentation/condition.hpp (compiled once in compiled mode): the
// operators, the condition parser and the writer of the condition syntax.
#pragma once

#include <charconv>
#include <cmath>
#include <cstddef>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/segmentation/condition.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace kam {

namespace detail {

/// Moves the parts of `part` into `out` (whose logic is `logic`): flattened when `part` combines
/// the same way or has a single part, else as one nested group.
KAM_INLINE void merge_condition_into(condition& out, condition&& part, group_logic logic) {
  if (part.logic == logic || (part.predicates.size() + part.groups.size() == 1)) {
    for (auto& p : part.predicates) out.predicates.push_back(std::move(p));
    for (auto& g : part.groups) out.groups.push_back(std::move(g));
  } else {
    out.groups.push_back(std::move(part));
  }
}

}  // namespace detail

KAM_INLINE condition operator&&(condition a, condition b) {
  condition out;
  out.logic = group_logic::all;
  detail::merge_condition_into(out, std::move(a), group_logic::all);
  detail::merge_condition_into(out, std::move(b), group_logic::all);
  return out;
}

KAM_INLINE condition operator||(condition a, condition b) {
  condition out;
  out.logic = group_logic::any;
  detail::merge_condition_into(out, std::move(a), group_logic::any);
  detail::merge_condition_into(out, std::move(b), group_logic::any);
  return out;
}

KAM_INLINE condition field_ref::make(predicate_op op, double v) const {
  condition c;
  c.predicates.push_back(predicate{name_, op, v, 0.0, {}});
  return c;
}

KAM_INLINE condition field_ref::between(double low, double high) const {
  condition c = make(predicate_op::between, low);
  c.predicates.front().high = high;
  return c;
}

KAM_INLINE condition field_ref::in(std::vector<std::string> categories) const {
  condition c = make(predicate_op::in, 0);
  c.predicates.front().categories = std::move(categories);
  return c;
}

KAM_INLINE condition field_ref::not_in(std::vector<std::string> categories) const {
  condition c = make(predicate_op::not_in, 0);
  c.predicates.front().categories = std::move(categories);
  return c;
}

namespace detail {

/// Returns the text of an operator in kam's condition syntax.
KAM_INLINE std::string_view condition_op_symbol(predicate_op op) {
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

/// Returns whether `c` may start a word of the condition syntax (a letter or _).
KAM_INLINE bool is_condition_word_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/// Returns whether `c` may continue a word (a letter, digit, _ or .).
KAM_INLINE bool is_condition_word_char(char c) {
  return is_condition_word_start(c) || (c >= '0' && c <= '9') || c == '.';
}

/// Returns `s` with ASCII capitals in lower case.
KAM_INLINE std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

/// Returns whether `word` is a keyword of the condition syntax (in any case).
KAM_INLINE bool is_condition_keyword(std::string_view word) {
  const std::string w = ascii_lower(word);
  return w == "and" || w == "or" || w == "not" || w == "in" || w == "between";
}

/// Returns `s` as it can be written back: a plain word when it is one, else single-quoted with
/// backslashes before ' and \.
KAM_INLINE std::string quoted_if_needed(std::string_view s) {
  bool plain = !s.empty() && is_condition_word_start(s.front()) && !is_condition_keyword(s);
  for (const char c : s) plain = plain && is_condition_word_char(c);
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
KAM_INLINE std::string shortest_number_text(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

/// Appends `p` in the condition syntax.
KAM_INLINE void append_condition_text(std::string& out, const predicate& p) {
  out += quoted_if_needed(p.field);
  out += ' ';
  const bool categorical = p.op == predicate_op::in || p.op == predicate_op::not_in;
  if (categorical && p.categories.size() == 1) {
    out += p.op == predicate_op::in ? "== " : "!= ";
    out += quoted_if_needed(p.categories.front());
    return;
  }
  out += condition_op_symbol(p.op);
  out += ' ';
  if (categorical) {
    out += '(';
    for (std::size_t i = 0; i < p.categories.size(); ++i) {
      if (i > 0) out += ", ";
      out += quoted_if_needed(p.categories[i]);
    }
    out += ')';
  } else if (p.op == predicate_op::between) {
    out += shortest_number_text(p.value) + " and " + shortest_number_text(p.high);
  } else {
    out += shortest_number_text(p.value);
  }
}

/// Appends `c`, nested `depth` groups deep, in the condition syntax, in parentheses when nested
/// and of several parts. Throws kam::invalid_input beyond kam::max_condition_depth.
KAM_INLINE void append_condition_text(std::string& out, const condition& c, std::size_t depth) {
  if (depth > max_condition_depth) {
    throw invalid_input(
        {"kam::to_text", "condition", std::nullopt},
        detail::cat({"groups nested deeper than ", max_condition_depth, " levels"}));
  }
  const std::size_t parts = c.predicates.size() + c.groups.size();
  const bool parens = depth > 0 && parts > 1;
  const char* join = c.logic == group_logic::all ? " and " : " or ";
  if (parens) out += '(';
  bool first = true;
  for (const auto& p : c.predicates) {
    if (!first) out += join;
    first = false;
    append_condition_text(out, p);
  }
  for (const auto& g : c.groups) {
    if (!first) out += join;
    first = false;
    append_condition_text(out, g, depth + 1);
  }
  if (parens) out += ')';
}

/// A token of the condition syntax.
struct condition_token {
  /// What the token is.
  enum kind_t { end, word, text, number, symbol } kind = end;
  std::string value;       ///< the word, the unquoted text, the number's text or the symbol
  std::size_t column = 0;  ///< 1-based position in the input
};

/// A recursive-descent parser for kam's condition syntax (see kam::parse_condition).
class condition_parser {
 public:
  explicit condition_parser(std::string_view text) : text_(text) { advance(); }

  /// Returns the condition of the whole text.
  condition parse() {
    condition c = parse_or();
    if (tok_.kind != condition_token::end) fail(detail::cat({"unexpected '", tok_.value, "'"}));
    return c;
  }

 private:
  [[noreturn]] void fail(std::string_view what) const {
    throw invalid_input({"kam::parse_condition", "condition", std::nullopt},
                        detail::cat({"column ", tok_.column, ": ", what, " in \"", text_, "\""}));
  }

  bool at_keyword(std::string_view kw) const {
    return tok_.kind == condition_token::word && ascii_lower(tok_.value) == kw;
  }
  bool at_symbol(std::string_view s) const {
    return tok_.kind == condition_token::symbol && tok_.value == s;
  }

  // Reads the next token into tok_.
  void advance() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
    tok_ = condition_token{};
    tok_.column = pos_ + 1;
    if (pos_ >= text_.size()) return;
    const char c = text_[pos_];
    if (is_condition_word_start(c)) {
      const std::size_t start = pos_;
      while (pos_ < text_.size() && is_condition_word_char(text_[pos_])) ++pos_;
      set(condition_token::word, std::string(text_.substr(start, pos_ - start)));
    } else if (c == '\'' || c == '"') {
      set(condition_token::text, quoted_text(c));
    } else if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.') {
      const std::size_t start = pos_;
      for (++pos_; pos_ < text_.size() && continues_number(); ++pos_) {
      }
      set(condition_token::number, std::string(text_.substr(start, pos_ - start)));
    } else {
      symbol(c);
    }
  }

  void set(condition_token::kind_t kind, std::string value) {
    tok_.kind = kind;
    tok_.value = std::move(value);
  }

  // Returns the text of the quoted token at pos_ (quote `q`), unescaped, and moves past it.
  std::string quoted_text(char q) {
    ++pos_;
    std::string v;
    for (;;) {
      if (pos_ >= text_.size()) fail("unterminated quoted text");
      const char ch = text_[pos_++];
      if (ch == q) break;
      if (ch == '\\' && pos_ < text_.size()) {
        v += text_[pos_++];
      } else {
        v += ch;
      }
    }
    return v;
  }

  // Returns whether the character at pos_ continues a number: a digit, '.', an exponent, or the
  // exponent's sign.
  bool continues_number() const {
    const char c = text_[pos_];
    if ((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E') return true;
    return (c == '-' || c == '+') && (text_[pos_ - 1] == 'e' || text_[pos_ - 1] == 'E');
  }

  // Reads a symbol token starting with `c`.
  void symbol(char c) {
    for (const char* two : {"<=", ">=", "==", "!="}) {
      if (text_.substr(pos_, 2) == two) {
        set(condition_token::symbol, two);
        pos_ += 2;
        return;
      }
    }
    if (std::string_view("<>=()[]{},").find(c) != std::string_view::npos) {
      set(condition_token::symbol, std::string(1, c));
      ++pos_;
      return;
    }
    fail(detail::cat({"unexpected character '", std::string(1, c), "'"}));
  }

  double number() {
    if (tok_.kind != condition_token::number) fail("expected a number");
    std::string_view s = tok_.value;
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    double v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size() || !std::isfinite(v))
      fail(detail::cat({"'", tok_.value, "' is not a finite number"}));
    advance();
    return v;
  }

  // Parts joined by `or`. Each part is merged into one group in place (as operator|| would
  // flatten them), so N clauses take O(N) time, not O(N^2).
  condition parse_or() {
    condition c = parse_and();
    if (!at_keyword("or")) return c;
    return parse_joined(std::move(c), "or", group_logic::any);
  }

  // Parts joined by `and`; linear in the number of clauses, as parse_or.
  condition parse_and() {
    condition c = parse_atom();
    if (!at_keyword("and")) return c;
    return parse_joined(std::move(c), "and", group_logic::all);
  }

  // Returns `first` and the parts that follow it, each after the keyword `kw`, combined with
  // `logic` (parse_and's parts for `or`, atoms for `and`).
  condition parse_joined(condition first, std::string_view kw, group_logic logic) {
    condition out;
    out.logic = logic;
    merge_condition_into(out, std::move(first), logic);
    while (at_keyword(kw)) {
      advance();
      merge_condition_into(out, logic == group_logic::any ? parse_and() : parse_atom(), logic);
    }
    return out;
  }

  // A parenthesised condition, or one predicate.
  condition parse_atom() {
    if (at_symbol("(")) {
      // Bounded, so that a hostile or broken configuration cannot exhaust the stack.
      if (++depth_ > max_condition_depth)
        fail(detail::cat({"parentheses nested deeper than ", max_condition_depth, " levels"}));
      advance();
      condition c = parse_or();
      if (!at_symbol(")")) fail("expected ')'");
      advance();
      --depth_;
      return c;
    }
    if (tok_.kind != condition_token::word && tok_.kind != condition_token::text)
      fail("expected a field name");
    if (tok_.kind == condition_token::word && is_condition_keyword(tok_.value))
      fail(detail::cat({"expected a field name, got the keyword '", tok_.value, "'"}));
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
    return comparison(f);
  }

  // The comparison after the field `f`: with a number, or == / != with a category.
  condition comparison(const field_ref& f) {
    if (tok_.kind != condition_token::symbol) fail("expected a comparison (<, <=, >, >=, ==, !=)");
    const std::string op = tok_.value;
    advance();
    const bool eq = op == "==" || op == "=";
    if ((eq || op == "!=") &&
        (tok_.kind == condition_token::word || tok_.kind == condition_token::text)) {
      std::string category = tok_.value;
      advance();
      return eq ? f.in({std::move(category)}) : f.not_in({std::move(category)});
    }
    if (op == "<") return f < number();
    if (op == "<=") return f <= number();
    if (op == ">") return f > number();
    if (op == ">=") return f >= number();
    if (eq) return f == number();
    if (op == "!=") return f != number();
    fail(detail::cat({"expected a comparison, got '", op, "'"}));
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
      if (tok_.kind != condition_token::word && tok_.kind != condition_token::text &&
          tok_.kind != condition_token::number)
        fail("expected a category");
      out.push_back(tok_.value);
      advance();
      if (at_symbol(close)) break;
      if (!at_symbol(",")) fail(detail::cat({"expected ',' or '", close, "'"}));
      advance();
    }
    advance();
    return out;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t depth_ = 0;
  condition_token tok_;
};

}  // namespace detail

KAM_INLINE condition parse_condition(std::string_view text) {
  return detail::condition_parser(text).parse();
}

KAM_INLINE std::string to_text(const condition& c) {
  std::string out;
  detail::append_condition_text(out, c, 0);
  return out;
}

KAM_INLINE std::string to_text(const predicate& p) {
  std::string out;
  detail::append_condition_text(out, p);
  return out;
}

}  // namespace kam
