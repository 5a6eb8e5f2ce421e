// Not API. Definitions of kam/segmentation/field_table.hpp (compiled once in compiled mode).
#pragma once

#include <cstddef>
#include <cstdint>
#include <kam/core/describe.hpp>
#include <kam/core/detail/config.hpp>
#include <kam/core/error.hpp>
#include <kam/segmentation/field_table.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kam {

KAM_INLINE std::vector<std::string> field_table::names() const {
  std::vector<std::string> out;
  for (const auto& c : columns_) out.push_back(c.name);
  return out;
}

KAM_INLINE std::optional<Eigen::Index> field_table::find(std::string_view name) const noexcept {
  for (std::size_t j = 0; j < columns_.size(); ++j)
    if (columns_[j].name == name) return static_cast<Eigen::Index>(j);
  return std::nullopt;
}

KAM_INLINE const field_table::column& field_table::cell_column(Eigen::Index i, Eigen::Index j,
                                                               field_kind kind,
                                                               const char* fn) const {
  const column& c = col(j, fn);
  if (c.kind != kind) {
    throw invalid_input(
        {fn, c.name, std::nullopt},
        detail::cat({"field ", j, " is ", enum_name(c.kind), ", not ", enum_name(kind)}));
  }
  const auto n =
      static_cast<Eigen::Index>(kind == field_kind::numeric ? c.numbers.size() : c.codes.size());
  detail::check_index(fn, "i", i, n, "account", true);
  return c;
}

KAM_INLINE double field_table::number(Eigen::Index i, Eigen::Index j) const {
  const column& c = cell_column(i, j, field_kind::numeric, "kam::field_table::number");
  return c.numbers[static_cast<std::size_t>(i)];
}

KAM_INLINE std::optional<std::string_view> field_table::category(Eigen::Index i,
                                                                 Eigen::Index j) const {
  const column& c = cell_column(i, j, field_kind::categorical, "kam::field_table::category");
  const auto code = c.codes[static_cast<std::size_t>(i)];
  if (code < 0) return std::nullopt;
  return std::string_view(c.categories[static_cast<std::size_t>(code)]);
}

KAM_INLINE field_table& field_table::add_categorical(std::string name,
                                                     const std::vector<std::string>& values) {
  constexpr const char* fn = "kam::field_table::add_categorical";
  column c = start(std::move(name), static_cast<Eigen::Index>(values.size()), fn);
  std::vector<const std::string*> texts(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) texts[i] = &values[i];
  encode(c, texts);
  return finish(std::move(c));
}

KAM_INLINE field_table& field_table::add_categorical(
    std::string name, const std::vector<std::optional<std::string>>& values) {
  return add_open_as(std::move(name), values, "kam::field_table::add_categorical");
}

KAM_INLINE field_table& field_table::add_categorical(std::string name,
                                                     std::vector<std::string> categories,
                                                     const std::vector<std::int32_t>& codes) {
  return add_closed_as(std::move(name), std::move(categories), codes,
                       "kam::field_table::add_categorical");
}

KAM_INLINE field_table::column field_table::start(std::string name, Eigen::Index rows,
                                                  std::string_view function) const {
  const std::string fn(function);
  if (name.empty()) throw invalid_input({fn, "name", std::nullopt}, "empty field name");
  if (find(name)) throw duplicate_name({fn, name, std::nullopt}, "field added twice");
  if (!columns_.empty() && rows != rows_) {
    throw shape_mismatch({fn, name, std::nullopt},
                         detail::cat({rows, " values for a table of ", rows_, " accounts"}));
  }
  column c;
  c.name = std::move(name);
  return c;
}

KAM_INLINE field_table& field_table::finish(column c) {
  rows_ = c.kind == field_kind::numeric ? static_cast<Eigen::Index>(c.numbers.size())
                                        : static_cast<Eigen::Index>(c.codes.size());
  columns_.push_back(std::move(c));
  return *this;
}

namespace detail {

/// Returns a slot table of `size` (a power of two) slots for the `categories` so far: slot
/// hash & (size - 1), or the next free one after it, holds 1 + the category's position; 0 is free.
KAM_INLINE std::vector<std::int32_t> category_slots(
    const std::vector<const std::string*>& categories, std::size_t size) {
  std::vector<std::int32_t> slots(size, 0);
  for (std::size_t c = 0; c < categories.size(); ++c) {
    std::size_t at = std::hash<std::string_view>{}(*categories[c]) & (size - 1);
    while (slots[at] != 0) at = (at + 1) & (size - 1);
    slots[at] = static_cast<std::int32_t>(c + 1);
  }
  return slots;
}

}  // namespace detail

KAM_INLINE void field_table::encode(column& c, const std::vector<const std::string*>& texts) {
  // Dictionary encoding with an open-addressing hash table (linear probing, at most half full):
  // one hash and, typically, one comparison per account.
  c.kind = field_kind::categorical;
  std::vector<const std::string*> firsts;
  std::vector<std::int32_t> slots(16, 0);
  c.codes.resize(texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const std::string* v = texts[i];
    if (v == nullptr) {
      c.codes[i] = -1;
      continue;
    }
    const std::size_t mask = slots.size() - 1;
    std::size_t at = std::hash<std::string_view>{}(*v) & mask;
    while (slots[at] != 0 && *firsts[static_cast<std::size_t>(slots[at] - 1)] != *v)
      at = (at + 1) & mask;
    if (slots[at] != 0) {
      c.codes[i] = slots[at] - 1;
      continue;
    }
    firsts.push_back(v);
    c.codes[i] = static_cast<std::int32_t>(firsts.size()) - 1;
    slots[at] = c.codes[i] + 1;
    if (2 * firsts.size() > slots.size()) slots = detail::category_slots(firsts, 2 * slots.size());
  }
  for (const std::string* s : firsts) c.categories.push_back(*s);
}

KAM_INLINE field_table& field_table::add_open_as(
    std::string name, const std::vector<std::optional<std::string>>& values, std::string_view fn) {
  column c = start(std::move(name), static_cast<Eigen::Index>(values.size()), fn);
  std::vector<const std::string*> texts(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) texts[i] = values[i] ? &*values[i] : nullptr;
  encode(c, texts);
  return finish(std::move(c));
}

KAM_INLINE field_table& field_table::add_closed_as(std::string name,
                                                   std::vector<std::string> categories,
                                                   const std::vector<std::int32_t>& codes,
                                                   std::string_view fn) {
  column c = start(std::move(name), static_cast<Eigen::Index>(codes.size()), fn);
  for (std::size_t a = 0; a < categories.size(); ++a)
    for (std::size_t b = 0; b < a; ++b)
      if (categories[a] == categories[b]) {
        throw duplicate_name({std::string(fn), c.name, std::nullopt},
                             detail::cat({"category '", categories[a], "' listed twice"}));
      }
  const auto n = static_cast<std::int32_t>(categories.size());
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (codes[i] < -1 || codes[i] >= n) {
      throw out_of_bounds({std::string(fn), c.name, static_cast<std::ptrdiff_t>(i)},
                          detail::cat({"code ", codes[i], " is outside [-1, ", n, ")"}));
    }
  }
  c.kind = field_kind::categorical;
  c.closed = true;
  c.categories = std::move(categories);
  c.codes = codes;
  return finish(std::move(c));
}

}  // namespace kam
