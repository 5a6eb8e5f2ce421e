// The kam tool's scoring pipeline: accounts CSV + "score" configuration -> scores, ranks, tiers,
// key accounts and per-criterion contributions, in chunks with bounded memory.
//
// Pass 1 reads the file in chunks and fits the reference (kam::fit_reference on fixed units of
// 4096 accounts, merged with score_reference::merge in a fixed binary tree, so the reference does
// not depend on the chunk size); it also checks ids. When the weights come from the data
// (entropy, CRITIC, standard deviation), an extra pass sums what they need, per unit, in the same
// kind of tree (cli/weights.hpp). Pass 2 scores chunk by chunk (kam::score_into, or
// kam::weighted_product_into / kam::topsis_into against the reference's column statistics) and
// keeps one score per account, from which ranks, tiers and key accounts come (kam::ranks,
// kam::tiers_by_*, kam::select_key_accounts). Pass 3 scores again, explains (kam::contributions,
// weighted sum only) and hands each chunk, in input order, to the caller. A file that fits in
// one chunk is read once.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <kam/kam.hpp>
#include <limits>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "command.hpp"
#include "csv.hpp"
#include "progress.hpp"
#include "weights.hpp"

namespace kam_cli {

/// The "input" section of the configuration: how the accounts file is read.
struct input_config {
  std::string id = "id";  ///< the column holding each account's id
};
BOOST_DESCRIBE_STRUCT(input_config, (), (id))

/// Tiers: score band edges (kam::tiers_by_bands, on the score scale) or shares of accounts from
/// the top (kam::quotas_from_shares + kam::tiers_by_quota), never both; `names` (optional) name
/// the tiers best first, one per tier.
struct tier_config {
  std::vector<double> edges;
  std::vector<double> shares;
  std::vector<std::string> names;
};
BOOST_DESCRIBE_STRUCT(tier_config, (), (edges, shares, names))

/// The "score" section of the configuration. Without `criteria`, the default selection
/// catalogue (kam::selection_catalogue) is used; the other members default as in the library.
/// `weights` says where the weights come from (default: the criteria's own), `method` how
/// accounts are scored (default: the weighted sum), with the options of the other two methods.
struct score_config {
  std::vector<kam::criterion> criteria = kam::selection_catalogue().items();
  kam::score_options options{};
  kam::key_account_policy key_accounts{};
  tier_config tiers{};
  kam::tie_rule ties = kam::tie_rule::min;
  weight_config weights{};
  score_method method = score_method::weighted_sum;
  kam::topsis_options topsis{};
  kam::weighted_product_options product{};
};
BOOST_DESCRIBE_STRUCT(score_config, (),
                      (criteria, options, key_accounts, tiers, ties, weights, method, topsis,
                       product))

/// Returns the message of a kam::error without its "<function>: '<field>', row <row>: " prefix
/// (the documented form of kam::error::what()).
[[nodiscard]] inline std::string without_site(const kam::error& e) {
  std::string prefix = e.function();
  if (!e.field().empty() || e.row()) {
    prefix += ": ";
    if (!e.field().empty()) prefix += "'" + e.field() + "'";
    if (e.row()) prefix += (e.field().empty() ? "row " : ", row ") + std::to_string(*e.row());
  }
  prefix += ": ";
  std::string_view w = e.what();
  if (w.starts_with(prefix)) w.remove_prefix(prefix.size());
  return std::string(w);
}

/// A validated "score" section, with the document it came from (for positions in messages).
struct score_setup {
  score_config config;
  kam::criteria_set criteria;  ///< with the weights of config.weights unless derived from data
  std::string id_column;
  std::vector<text_position> criterion_positions;  ///< where each criterion is named
  std::optional<kam::ahp_result<double>> ahp;      ///< the AHP weights and their consistency
};

namespace detail {

/// Maps a library error about the configuration to the place in the file it came from.
[[noreturn]] inline void config_error(const json_document& doc, const json_path& path,
                                      const kam::error& e) {
  throw located_error(e.function(), e.field(), doc.position(path.pointer), without_site(e));
}

/// Returns the path of an "edges[3]"-style field under `base`, or `base`.
inline json_path indexed_field(const json_path& base, const std::string& field,
                               std::string_view name) {
  const std::string head = std::string(name) + "[";
  if (field.starts_with(head) && field.ends_with("]")) {
    const std::string digits = field.substr(head.size(), field.size() - head.size() - 1);
    if (!digits.empty() && digits.find_first_not_of("0123456789") == std::string::npos)
      return base.key(name).index(std::stoul(digits));
  }
  return base.key(name);
}

}  // namespace detail

/// Reads and validates the "input" and "score" sections: the criteria (kam::criteria_set), the
/// key-account policy and the tiers are checked by the library's own validation, run once here on
/// placeholder scores, and every rejection is reported at its place in the configuration file.
/// Also rejects a minimum score or band edge outside the score scale ([0, 1], or [0, 100] for
/// percent), and tier names that do not match the number of tiers.
[[nodiscard]] inline score_setup load_score_setup(const configuration& cfg) {
  const json_document& doc = cfg.document();
  const json_path base = json_path{}.key("score");
  auto config = cfg.section<score_config>("score");
  const auto input = cfg.section<input_config>("input");
  if (input.id.empty()) doc.fail(json_path{}.key("input").key("id"), "the id column has no name");

  std::optional<kam::criteria_set> criteria;
  try {
    criteria.emplace(config.criteria);
  } catch (const kam::error& e) {
    // The library names the criterion; point at it (the last one of that name, for duplicates).
    for (std::size_t j = config.criteria.size(); j-- > 0;) {
      if (config.criteria[j].name == e.field()) {
        throw located_error(e.function(), e.field(),
                            doc.position(base.key("criteria").index(j).pointer),
                            kam::detail::cat("criterion '", e.field(), "': ", without_site(e)));
      }
    }
    detail::config_error(doc, base.key("criteria"), e);
  }

  const double top = config.options.scale == kam::score_scale::percent ? 100.0 : 1.0;
  const auto on_scale = [&](double v, const json_path& at, std::string_view what) {
    if (v < 0.0 || v > top) {
      doc.fail(at,
               kam::detail::cat(what, " ", v, " is outside the score scale [0, ", top,
                                "] (options.scale is ", kam::enum_name(config.options.scale), ")"));
    }
  };
  const Eigen::VectorXd placeholder = Eigen::VectorXd::Zero(1);
  const json_path ka = base.key("key_accounts");
  try {
    (void)kam::select_key_accounts(placeholder, config.key_accounts);
  } catch (const kam::error& e) {
    detail::config_error(doc, ka.key(e.field()), e);
  }
  if (config.key_accounts.min_score)
    on_scale(*config.key_accounts.min_score, ka.key("min_score"), "min_score");

  const json_path tp = base.key("tiers");
  const auto& tiers = config.tiers;
  if (!tiers.edges.empty() && !tiers.shares.empty())
    doc.fail(tp, "give tiers by score edges or by shares of accounts, not both");
  try {
    (void)kam::tiers_by_bands(placeholder, tiers.edges);
  } catch (const kam::error& e) {
    detail::config_error(doc, detail::indexed_field(tp, e.field(), "edges"), e);
  }
  for (std::size_t k = 0; k < tiers.edges.size(); ++k)
    on_scale(tiers.edges[k], tp.key("edges").index(k), "tier edge");
  try {
    (void)kam::quotas_from_shares(0, tiers.shares);
  } catch (const kam::error& e) {
    detail::config_error(doc, detail::indexed_field(tp, e.field(), "shares"), e);
  }
  const std::size_t tier_count = std::max(tiers.edges.size(), tiers.shares.size()) + 1;
  if (!tiers.names.empty() && tiers.names.size() != tier_count) {
    doc.fail(tp.key("names"), kam::detail::cat(tiers.names.size(), " tier names for ", tier_count,
                                               " tiers (best first)"));
  }
  std::vector<text_position> positions;
  for (std::size_t j = 0; j < config.criteria.size(); ++j)
    positions.push_back(doc.position(base.key("criteria").index(j).key("name").pointer));

  // The method: TOPSIS and the weighted product have no missing-value policy.
  if (config.method != score_method::weighted_sum &&
      config.options.missing != kam::missing_policy::reject) {
    doc.fail(base.key("options").key("missing"),
             kam::detail::cat(kam::enum_name(config.method),
                              " has no missing-value policy: options.missing must be reject "
                              "(every account needs every value), not ",
                              kam::enum_name(config.options.missing)));
  }
  // Weights given by the configuration (those derived from data come with the accounts).
  const json_path wp = base.key("weights");
  const auto& w = config.weights;
  const Eigen::Index k = criteria->size();
  std::optional<kam::ahp_result<double>> ahp;
  try {
    switch (w.source) {
      case weight_source::equal:
        criteria.emplace(criteria->with_weights(kam::equal_weights(k)));
        break;
      case weight_source::rank_order: {
        if (static_cast<Eigen::Index>(w.ranks.size()) != k) {
          doc.fail(wp.key("ranks"), kam::detail::cat(w.ranks.size(), " ranks for ", k,
                                                     " criteria (one per criterion, in order)"));
        }
        const kam::index_vector ranks = Eigen::Map<const kam::index_vector>(w.ranks.data(), k);
        criteria.emplace(criteria->with_weights(kam::rank_order_centroid_weights(ranks)));
        break;
      }
      case weight_source::ahp:
        ahp = kam::ahp(pairwise_matrix(doc, wp.key("pairwise"), w, k), w.ahp);
        criteria.emplace(criteria->with_weights(ahp->weights));
        break;
      default:
        if (from_data(w.source) && w.ddof < 0) doc.fail(wp.key("ddof"), "ddof must be >= 0");
        break;
    }
  } catch (const located_error&) {
    throw;
  } catch (const kam::error& e) {
    // "ranks[3]" -> weights.ranks[3]; an AHP entry names its row -> weights.pairwise[row].
    if (e.row() && w.source == weight_source::ahp) {
      throw located_error(
          e.function(), e.field(),
          doc.position(wp.key("pairwise").index(static_cast<std::size_t>(*e.row())).pointer),
          without_site(e));
    }
    const auto open = e.field().find('[');
    const std::string head = open == std::string::npos ? e.field() : e.field().substr(0, open);
    json_path at = wp;
    if (head == "ranks") {
      at = detail::indexed_field(wp, e.field(), "ranks");
    } else if (w.source == weight_source::ahp) {
      const auto options = kam::member_names<kam::ahp_options>();
      const bool option = std::find(options.begin(), options.end(), head) != options.end();
      at = option ? wp.key("ahp").key(head) : wp.key("pairwise");
    }
    throw located_error(e.function(), e.field(), doc.position(at.pointer), without_site(e));
  }
  score_setup out{std::move(config), std::move(*criteria), input.id, std::move(positions), {}};
  out.ahp = std::move(ahp);
  return out;
}

/// Where the accounts come from: a file, read again in each pass, or text in memory.
class accounts_source {
 public:
  /// A file; throws kam::invalid_input if it cannot be opened.
  [[nodiscard]] static accounts_source file(std::string path) {
    accounts_source s;
    std::ifstream probe(path, std::ios::binary);
    if (!probe) {
      throw kam::invalid_input({"kam_cli::read_accounts", path, std::nullopt},
                               "cannot open the file");
    }
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    s.size_ = ec ? 0 : static_cast<std::uint64_t>(size);
    s.name_ = std::move(path);
    return s;
  }
  /// Text held in memory (tests, fuzzing); `name` names it in messages.
  [[nodiscard]] static accounts_source text(std::string content, std::string name) {
    accounts_source s;
    s.size_ = content.size();
    s.text_ = std::make_shared<const std::string>(std::move(content));
    s.name_ = std::move(name);
    return s;
  }

  /// Opens a fresh stream at the beginning of the input.
  [[nodiscard]] std::unique_ptr<std::istream> open() const {
    if (text_) return std::make_unique<std::istringstream>(*text_, std::ios::binary);
    auto in = std::make_unique<std::ifstream>(name_, std::ios::binary);
    if (!*in) {
      throw kam::invalid_input({"kam_cli::read_accounts", name_, std::nullopt},
                               "cannot open the file");
    }
    return in;
  }
  /// Returns the name used in messages.
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  /// Returns the size in bytes (0 if unknown).
  [[nodiscard]] std::uint64_t size() const noexcept { return size_; }

 private:
  std::string name_;
  std::shared_ptr<const std::string> text_;
  std::uint64_t size_ = 0;
};

/// Throws kam_cli::located_error for the first id that repeats an earlier one. `hashes` holds
/// (hash of the id, record index) for every account; only records whose hashes collide are read
/// again from `source` and compared for real. `id_field` names the id column in the message.
inline void check_duplicate_ids(std::vector<std::pair<std::uint64_t, std::uint64_t>> hashes,
                                const accounts_source& source, std::size_t id_col,
                                const std::string& id_field) {
  std::sort(hashes.begin(), hashes.end());
  std::vector<std::uint64_t> candidates;
  for (std::size_t i = 1; i < hashes.size(); ++i) {
    if (hashes[i].first == hashes[i - 1].first) {
      candidates.push_back(hashes[i - 1].second);
      candidates.push_back(hashes[i].second);
    }
  }
  if (candidates.empty()) return;
  // Equal hashes: read the candidates' ids again and compare them for real.
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  std::unordered_map<std::string, std::size_t> first_line;
  auto stream = source.open();
  kam_examples::csv_reader reader(*stream, source.name());
  kam_examples::csv_record rec;
  std::size_t next = 0;
  while (next < candidates.size() && reader.next(rec)) {
    if (rec.index() != candidates[next]) continue;
    ++next;
    const std::string id(rec.field(id_col));
    const auto [it, fresh] = first_line.emplace(id, rec.line());
    if (!fresh) {
      throw located_error("kam_cli::read_accounts", id_field,
                          reader.position(rec.field_line(id_col), id_col + 1),
                          kam::detail::cat("duplicate id '", id, "' (first on line ", it->second,
                                           "); ids must be unique"));
    }
  }
}

/// A block of accounts read from the file: ids, criteria values (rows x criteria), and where
/// each record is, for messages.
struct account_chunk {
  std::size_t first = 0;  ///< index of row 0 among all records of the file
  Eigen::Index rows = 0;
  Eigen::MatrixXd x;               ///< capacity x criteria; rows [0, rows) are valid
  std::vector<std::string> ids;    ///< capacity; [0, rows) valid
  std::vector<std::size_t> lines;  ///< line where each record starts
  /// Lines of every field, for the records that span several lines only.
  std::unordered_map<Eigen::Index, std::vector<std::size_t>> field_lines;

  /// Returns the valid rows of `x` (a Block: kam's functions read it without a copy).
  [[nodiscard]] auto values() const { return x.topRows(rows); }
  /// Returns the line of field `col` of row `r`.
  [[nodiscard]] std::size_t line_of(Eigen::Index r, std::size_t col) const {
    const auto it = field_lines.find(r);
    return it == field_lines.end() ? lines[static_cast<std::size_t>(r)] : it->second[col];
  }
};

/// What a whole portfolio gave in pass 2: one entry per account, in input order.
struct score_outcome {
  Eigen::Index accounts = 0;
  kam::score_reference<double> reference;
  Eigen::VectorXd scores;
  kam::index_vector ranks;
  kam::tier_assignment tiers;
  kam::key_account_selection selection;
  std::vector<unsigned char> key;  ///< 1 for a key account
  Eigen::Index partial = 0;
  std::vector<Eigen::Index> constant_criteria;
};

/// One chunk of pass 3, handed to the caller in input order.
struct scored_chunk {
  const account_chunk& accounts;
  const kam::score_result<double>& result;             ///< scores and coverage of these rows
  const Eigen::MatrixXd& contributions;                ///< rows x criteria (weighted sum only)
  const kam::topsis_result<double>* topsis = nullptr;  ///< TOPSIS only: distances of these rows
};

/// How weights derived from the accounts were obtained: the values they were computed on and
/// the criteria that carried no information (constant: weight 0).
struct derived_summary {
  weight_data data = weight_data::normalized;
  std::vector<std::string> uninformative;
};
BOOST_DESCRIBE_STRUCT(derived_summary, (), (data, uninformative))

/// The summary of a scoring run (the head of the JSON output and the report's numbers).
struct score_summary {
  std::string input;
  Eigen::Index accounts = 0;
  std::vector<kam::criterion> criteria;
  std::vector<double> weights;  ///< normalised, in criteria order
  kam::score_options options{};
  kam::tie_rule ties = kam::tie_rule::min;
  kam::key_account_policy key_account_policy{};
  Eigen::Index key_accounts = 0;
  Eigen::Index eligible = 0;
  Eigen::Index cut_by_cap = 0;
  bool tie_at_cap = false;
  tier_config tiers{};
  std::vector<Eigen::Index> tier_counts;
  Eigen::Index split_ties = 0;
  Eigen::Index partial = 0;
  std::vector<std::string> constant_criteria;
  score_method method = score_method::weighted_sum;
  weight_source weights_from = weight_source::direct;
  std::optional<kam::ahp_result<double>> ahp;  ///< weights from AHP: priorities and consistency
  std::optional<derived_summary> derived;      ///< weights derived from the accounts
};
BOOST_DESCRIBE_STRUCT(score_summary, (),
                      (input, accounts, criteria, weights, options, ties, key_account_policy,
                       key_accounts, eligible, cut_by_cap, tie_at_cap, tiers, tier_counts,
                       split_ties, partial, constant_criteria, method, weights_from, ahp, derived))

/// TOPSIS's distances of one account in the weighted normalised space.
struct topsis_distances {
  double distance_to_ideal = 0;
  double distance_to_anti_ideal = 0;
};
BOOST_DESCRIBE_STRUCT(topsis_distances, (), (distance_to_ideal, distance_to_anti_ideal))

/// One account of the output, in input order (the rows of `kam score`).
struct scored_account {
  std::string id;
  double score = 0;
  Eigen::Index rank = 0;
  Eigen::Index tier = 0;
  std::optional<std::string> tier_name;
  bool key_account = false;
  double coverage = 1;
  /// The weighted sum's contributions (points of the score per criterion; empty for the other
  /// methods, which are not additive).
  std::vector<std::pair<std::string, double>> contributions;
  /// TOPSIS only: the distances to the ideal and anti-ideal points.
  std::optional<topsis_distances> topsis;
};
BOOST_DESCRIBE_STRUCT(scored_account, (),
                      (id, score, rank, tier, tier_name, key_account, coverage, contributions,
                       topsis))

/// Accounts per unit of the reference fit (see the header comment).
inline constexpr Eigen::Index fit_unit_rows = 4096;

/// Runs the three passes over one accounts file.
class score_pipeline {
 public:
  /// Prepares a run; `chunk_rows` (>= 1) accounts are held in memory at a time.
  score_pipeline(const score_setup& setup, accounts_source source, Eigen::Index chunk_rows,
                 progress& bar)
      : setup_(setup),
        source_(std::move(source)),
        chunk_rows_(chunk_rows),
        bar_(bar),
        criteria_(setup.criteria) {}

  /// Runs all passes (a fourth, after the fit, when weights are derived from the accounts);
  /// `sink` receives the last pass's chunks in input order. Throws located_error for bad data
  /// (file, line, column), and kam::error for what the library rejects.
  void run(const std::function<void(const scored_chunk&)>& sink) {
    const bool derive = from_data(setup_.config.weights.source);
    passes_ = derive ? "/4" : "/3";
    fit();
    if (derive) derive_weights_from_data();
    rank();
    emit(sink);
    bar_.clear();
  }

  /// Returns the criteria with the weights used (derived from the accounts, after run).
  [[nodiscard]] const kam::criteria_set& criteria() const noexcept { return criteria_; }

  /// Returns the whole-portfolio results (after run).
  [[nodiscard]] const score_outcome& outcome() const noexcept { return out_; }

  /// Returns the summary of the run (after run).
  [[nodiscard]] score_summary summary() const {
    score_summary s;
    s.input = source_.name();
    s.accounts = out_.accounts;
    s.criteria = criteria_.items();
    s.weights.assign(criteria_.weights().begin(), criteria_.weights().end());
    s.options = setup_.config.options;
    s.ties = setup_.config.ties;
    s.key_account_policy = setup_.config.key_accounts;
    s.key_accounts = out_.selection.accounts.size();
    s.eligible = out_.selection.eligible;
    s.cut_by_cap = out_.selection.cut_by_cap;
    s.tie_at_cap = out_.selection.tie_at_cap;
    s.tiers = setup_.config.tiers;
    s.tier_counts = out_.tiers.counts;
    s.split_ties = out_.tiers.split_ties;
    s.partial = out_.partial;
    for (const auto j : out_.constant_criteria) s.constant_criteria.push_back(criteria_[j].name);
    s.method = setup_.config.method;
    s.weights_from = setup_.config.weights.source;
    s.ahp = setup_.ahp;
    s.derived = derived_;
    return s;
  }

  /// Returns the row of the output for row `r` of `c`.
  [[nodiscard]] scored_account row(const scored_chunk& c, Eigen::Index r) const {
    const auto i = static_cast<Eigen::Index>(c.accounts.first) + r;
    scored_account a;
    a.id = c.accounts.ids[static_cast<std::size_t>(r)];
    a.score = c.result.scores(r);
    a.rank = out_.ranks(i);
    a.tier = out_.tiers.tier(i);
    const auto& names = setup_.config.tiers.names;
    if (!names.empty()) a.tier_name = names[static_cast<std::size_t>(a.tier - 1)];
    a.key_account = out_.key[static_cast<std::size_t>(i)] != 0;
    a.coverage = c.result.coverage_of(r);
    if (setup_.config.method == score_method::weighted_sum) {
      for (Eigen::Index j = 0; j < criteria_.size(); ++j)
        a.contributions.emplace_back(criteria_[j].name, c.contributions(r, j));
    }
    if (c.topsis != nullptr)
      a.topsis =
          topsis_distances{c.topsis->distance_to_ideal(r), c.topsis->distance_to_anti_ideal(r)};
    return a;
  }

 private:
  using reference = kam::score_reference<double>;

  // --- reading ---------------------------------------------------------------------------------

  std::unique_ptr<kam_examples::csv_reader> open_reader() {
    stream_ = source_.open();
    auto reader = std::make_unique<kam_examples::csv_reader>(*stream_, source_.name());
    const auto& header = reader->header();
    const auto id = reader->find(setup_.id_column);
    if (!id) {
      throw located_error(
          "kam_cli::read_accounts", setup_.id_column, reader->position(reader->header_line(), 1),
          kam::detail::cat("no id column '", setup_.id_column,
                           "' (name it with input.id in the configuration); columns: ",
                           kam::detail::quoted_list(header)));
    }
    id_col_ = *id;
    header_line_ = reader->header_line();
    cols_.clear();
    std::vector<bool> keep(header.size(), false);
    keep[id_col_] = true;
    for (Eigen::Index j = 0; j < setup_.criteria.size(); ++j) {
      const auto& name = setup_.criteria[j].name;
      const auto c = reader->find(name);
      if (!c) {
        throw located_error(
            "kam_cli::read_accounts", name, criterion_position(j),
            kam::detail::cat("criterion '", name, "' is not a column of ", source_.name(),
                             "; columns: ", kam::detail::quoted_list(header)));
      }
      cols_.push_back(*c);
      keep[*c] = true;
    }
    reader->keep_only(std::move(keep));
    return reader;
  }

  [[nodiscard]] const text_position& criterion_position(Eigen::Index j) const {
    return setup_.criterion_positions[static_cast<std::size_t>(j)];
  }

  // Sizes the buffers of `c` for `capacity` rows, keeping the rows it holds.
  void prepare(account_chunk& c, Eigen::Index capacity) const {
    c.x.conservativeResize(capacity, setup_.criteria.size());
    c.ids.resize(static_cast<std::size_t>(capacity));
    c.lines.resize(static_cast<std::size_t>(capacity));
  }

  // Reads up to chunk_rows_ records into `c`; returns false when none was left. Sets exhausted_
  // when the reader reached the end of the file. The buffers grow as records come (doubling,
  // up to chunk_rows_), so a large --chunk-rows costs memory only for records that exist.
  bool read_chunk(kam_examples::csv_reader& reader, account_chunk& c) {
    c.first = records_seen_;
    c.rows = 0;
    c.field_lines.clear();
    const auto k = setup_.criteria.size();
    exhausted_ = false;
    while (c.rows < chunk_rows_) {
      if (!reader.next(record_)) {
        exhausted_ = true;
        break;
      }
      const Eigen::Index r = c.rows;
      if (r == c.x.rows()) prepare(c, std::min(chunk_rows_, std::max<Eigen::Index>(1024, 2 * r)));
      if (!record_.present(id_col_)) {
        throw located_error("kam_cli::read_accounts", setup_.id_column,
                            reader.position(record_.field_line(id_col_), id_col_ + 1),
                            "the id is empty; every account needs one");
      }
      c.ids[static_cast<std::size_t>(r)].assign(record_.field(id_col_));
      for (Eigen::Index j = 0; j < k; ++j) {
        const std::size_t col = cols_[static_cast<std::size_t>(j)];
        if (!record_.present(col)) {
          c.x(r, j) = std::numeric_limits<double>::quiet_NaN();
          continue;
        }
        const auto v = kam_examples::parse_number(record_.field(col));
        if (!v) {
          throw located_error(
              "kam_cli::read_accounts", setup_.criteria[j].name,
              reader.position(record_.field_line(col), col + 1),
              kam::detail::cat("'", record_.field(col), "' is not a number (column '",
                               setup_.criteria[j].name,
                               "'; leave the field empty for a missing value)"));
        }
        c.x(r, j) = *v;
      }
      c.lines[static_cast<std::size_t>(r)] = record_.line();
      if (record_.field_line(record_.size() - 1) != record_.line()) {
        auto& fl = c.field_lines[r];
        for (std::size_t f = 0; f < record_.size(); ++f) fl.push_back(record_.field_line(f));
      }
      ++c.rows;
      ++records_seen_;
    }
    return c.rows > 0;
  }

  // Rethrows a library error about row `row` of `c` at its place in the file.
  [[noreturn]] void rethrow_at(const kam::error& e, const account_chunk& c) const {
    const auto j = setup_.criteria.find(e.field());
    if (!e.row()) {
      if (!j) throw;
      // A problem with a whole criterion (e.g. no value in any account): point at its column.
      const std::size_t col = cols_[static_cast<std::size_t>(*j)];
      throw located_error(
          e.function(), e.field(), {source_.name(), header_line_, col + 1},
          kam::detail::cat("column '", e.field(), "': ", without_site(e), " (", e.function(), ")"));
    }
    const Eigen::Index r = *e.row();
    std::size_t col = id_col_;
    std::string detail = without_site(e);
    if (j) {
      col = cols_[static_cast<std::size_t>(*j)];
      detail = kam::detail::cat("column '", e.field(), "': ", detail);
    } else {
      detail = kam::detail::cat("account '", c.ids[static_cast<std::size_t>(r)], "': ", detail);
    }
    throw located_error(e.function(), e.field(), {source_.name(), c.line_of(r, col), col + 1},
                        kam::detail::cat(detail, " (", e.function(), ")"));
  }

  // --- pass 1: the reference, the ids ---------------------------------------------------------

  void add_unit_reference(reference ref) {
    // A binary counter of merged units: the merge tree depends only on the number of accounts.
    std::size_t level = 0;
    while (level < levels_.size() && levels_[level]) {
      reference older = std::move(*levels_[level]);
      levels_[level].reset();
      older.merge(ref);
      ref = std::move(older);
      ++level;
    }
    if (level == levels_.size()) levels_.emplace_back();
    levels_[level] = std::move(ref);
  }

  void fit_unit() {
    if (unit_.rows == 0) return;
    try {
      add_unit_reference(
          kam::fit_reference(unit_.values(), setup_.criteria, setup_.config.options));
    } catch (const kam::error& e) {
      rethrow_at(e, unit_);
    }
    unit_.first += static_cast<std::size_t>(unit_.rows);
    unit_.rows = 0;
    unit_.field_lines.clear();
  }

  void add_to_units(const account_chunk& c) {
    for (Eigen::Index r = 0; r < c.rows; ++r) {
      const Eigen::Index u = unit_.rows;
      unit_.x.row(u) = c.x.row(r);
      unit_.ids[static_cast<std::size_t>(u)] = c.ids[static_cast<std::size_t>(r)];
      unit_.lines[static_cast<std::size_t>(u)] = c.lines[static_cast<std::size_t>(r)];
      if (const auto it = c.field_lines.find(r); it != c.field_lines.end())
        unit_.field_lines[u] = it->second;
      ++unit_.rows;
      if (unit_.rows == fit_unit_rows) fit_unit();
    }
  }

  void fit() {
    auto reader = open_reader();
    prepare(unit_, fit_unit_rows);
    unit_.first = 0;
    records_seen_ = 0;
    levels_.clear();
    std::vector<std::pair<std::uint64_t, std::uint64_t>> id_hashes;  // (hash, record)
    std::size_t chunks = 0;
    bool all_in_first = false;
    while (read_chunk(*reader, chunk_)) {
      if (++chunks == 1) all_in_first = exhausted_;
      add_to_units(chunk_);
      for (Eigen::Index r = 0; r < chunk_.rows; ++r) {
        id_hashes.emplace_back(std::hash<std::string>{}(chunk_.ids[static_cast<std::size_t>(r)]),
                               chunk_.first + static_cast<std::size_t>(r));
      }
      bar_.update("pass 1" + passes_ + " (fit)", records_seen_, reader->bytes_read(),
                  source_.size());
      if (exhausted_) break;
    }
    fit_unit();
    out_.accounts = static_cast<Eigen::Index>(records_seen_);
    if (out_.accounts == 0) {
      throw located_error("kam_cli::read_accounts", "", reader->position(reader->header_line(), 1),
                          "no accounts: the file has a header and no records");
    }
    single_chunk_ = chunks == 1 && all_in_first;  // chunk_ still holds every account
    check_duplicate_ids(std::move(id_hashes));
    // Merge the levels, the older (larger) side first.
    std::optional<reference> ref;
    for (auto& level : levels_) {
      if (!level) continue;
      if (ref) level->merge(*ref);
      ref = std::move(*level);
    }
    out_.reference = std::move(*ref);
    levels_.clear();
  }

  void check_duplicate_ids(std::vector<std::pair<std::uint64_t, std::uint64_t>> hashes) {
    kam_cli::check_duplicate_ids(std::move(hashes), source_, id_col_, setup_.id_column);
  }

  // --- pass 2: scores, ranks, tiers, key accounts ----------------------------------------------

  template <typename Body>
  void for_each_chunk(std::string_view phase, Body&& body) {
    if (single_chunk_) {
      body(chunk_);
      return;
    }
    auto reader = open_reader();
    records_seen_ = 0;
    while (read_chunk(*reader, chunk_)) {
      body(chunk_);
      bar_.update(phase, records_seen_, reader->bytes_read(), source_.size());
      if (exhausted_) break;
    }
    if (records_seen_ != static_cast<std::size_t>(out_.accounts)) changed();
  }

  [[noreturn]] void changed() const {
    throw kam::invalid_input({"kam_cli::read_accounts", source_.name(), std::nullopt},
                             "the file changed while kam was reading it");
  }

  void score_chunk(const account_chunk& c) {
    const auto& cfg = setup_.config;
    const double scale = cfg.options.scale == kam::score_scale::percent ? 100.0 : 1.0;
    try {
      switch (cfg.method) {
        case score_method::weighted_sum:
          kam::score_into(result_, c.values(), criteria_, out_.reference, cfg.options);
          return;
        case score_method::weighted_product:
          kam::weighted_product_into(product_, c.values(), criteria_, out_.reference.stats,
                                     cfg.product);
          result_.scores = product_.scores * scale;
          break;
        case score_method::topsis:
          kam::topsis_into(topsis_, c.values(), criteria_, out_.reference.stats, cfg.topsis);
          result_.scores = topsis_.closeness * scale;
          result_.constant_criteria = topsis_.constant_criteria;
          break;
      }
      result_.coverage.resize(0);  // every value present: coverage 1
      result_.partial = 0;
    } catch (const kam::error& e) {
      rethrow_at(e, c);
    }
  }

  // --- pass 2 of 4 when weights come from the accounts ------------------------------------------

  // Entropy, CRITIC or standard-deviation weights from mergeable sums of the accounts' values
  // (raw, or normalised against the reference), per fixed unit of accounts merged in a fixed
  // tree: the chunk size changes nothing.
  void derive_weights_from_data() {
    const auto& w = setup_.config.weights;
    const auto& options = setup_.config.options;
    const Eigen::Index k = criteria_.size();
    const auto merge = [](weight_stats& a, const weight_stats& b) { a.merge(b); };
    std::vector<std::optional<weight_stats>> tree;
    std::optional<weight_stats> total;
    Eigen::MatrixXd unit(fit_unit_rows, k);
    Eigen::Index filled = 0;
    const auto add_unit = [&] {
      if (filled == 0) return;
      weight_stats st = weight_stats::of(unit.topRows(filled));
      std::size_t level = 0;
      while (level < tree.size() && tree[level]) {
        weight_stats older = std::move(*tree[level]);
        tree[level].reset();
        merge(older, st);
        st = std::move(older);
        ++level;
      }
      if (level == tree.size()) tree.emplace_back();
      tree[level] = std::move(st);
      filled = 0;
    };
    Eigen::MatrixXd values;
    for_each_chunk("pass 2/4 (weights)", [&](const account_chunk& c) {
      try {
        if (w.data == weight_data::raw) {
          values = c.values();
        } else {
          values = kam::normalize(c.values(), criteria_, out_.reference, options);
        }
      } catch (const kam::error& e) {
        rethrow_at(e, c);
      }
      for (Eigen::Index r = 0; r < c.rows; ++r) {
        for (Eigen::Index j = 0; j < k; ++j) {
          const double v = values(r, j);
          const bool negative = w.source == weight_source::entropy && v < 0;
          if (!std::isnan(v) && !negative) continue;
          const std::size_t col = cols_[static_cast<std::size_t>(j)];
          throw located_error(
              "kam_cli::derive_weights", criteria_[j].name,
              {source_.name(), c.line_of(r, col), col + 1},
              negative ? kam::detail::cat("column '", criteria_[j].name, "': value ", v,
                                          " is negative; entropy weights on raw data need values "
                                          ">= 0 (or weights.data normalized)")
                       : kam::detail::cat("column '", criteria_[j].name,
                                          "': the value is missing; ", kam::enum_name(w.source),
                                          " weights need a value for every account (options."
                                          "missing ",
                                          kam::enum_name(options.missing), ")"));
        }
        unit.row(filled++) = values.row(r);
        if (filled == fit_unit_rows) add_unit();
      }
    });
    add_unit();
    for (auto& level : tree) {
      if (!level) continue;
      if (total) merge(*level, *total);
      total = std::move(*level);
    }
    std::vector<kam::direction> directions;
    for (const auto& c : criteria_)
      directions.push_back(w.data == weight_data::raw ? c.direction : kam::direction::benefit);
    const auto derived = derive_weights(*total, w.source, directions, w.ddof);
    criteria_ = criteria_.with_weights(derived.weights);
    derived_summary d;
    d.data = w.data;
    for (const auto j : derived.constant_criteria) d.uninformative.push_back(criteria_[j].name);
    derived_ = std::move(d);
  }

  void rank() {
    out_.scores.resize(out_.accounts);
    out_.partial = 0;
    for_each_chunk(
        passes_ == "/4" ? "pass 3/4 (score)" : "pass 2/3 (score)", [&](const account_chunk& c) {
          if (c.first + static_cast<std::size_t>(c.rows) > static_cast<std::size_t>(out_.accounts))
            changed();
          score_chunk(c);
          out_.scores.segment(static_cast<Eigen::Index>(c.first), c.rows) = result_.scores;
          out_.partial += result_.partial;
          out_.constant_criteria = result_.constant_criteria;
        });
    const auto& cfg = setup_.config;
    out_.ranks = kam::ranks(out_.scores, cfg.ties);
    if (!cfg.tiers.shares.empty()) {
      out_.tiers = kam::tiers_by_quota(out_.scores,
                                       kam::quotas_from_shares(out_.accounts, cfg.tiers.shares));
    } else {
      out_.tiers = kam::tiers_by_bands(out_.scores, cfg.tiers.edges);
    }
    out_.selection = kam::select_key_accounts(out_.scores, cfg.key_accounts);
    out_.key.assign(static_cast<std::size_t>(out_.accounts), 0);
    for (const auto row : out_.selection.accounts) out_.key[static_cast<std::size_t>(row)] = 1;
  }

  // --- pass 3: explain and hand over -----------------------------------------------------------

  void emit(const std::function<void(const scored_chunk&)>& sink) {
    for_each_chunk(
        passes_ == "/4" ? "pass 4/4 (write)" : "pass 3/3 (write)", [&](const account_chunk& c) {
          score_chunk(c);
          // Scoring is a pure function of the row: a difference means the file was modified.
          if (result_.scores != out_.scores.segment(static_cast<Eigen::Index>(c.first), c.rows))
            changed();
          const auto method = setup_.config.method;
          if (method == score_method::weighted_sum) {
            try {
              contributions_ =
                  kam::contributions(c.values(), criteria_, out_.reference, setup_.config.options);
            } catch (const kam::error& e) {
              rethrow_at(e, c);
            }
          }
          sink(scored_chunk{c, result_, contributions_,
                            method == score_method::topsis ? &topsis_ : nullptr});
        });
  }

 private:
  const score_setup& setup_;
  accounts_source source_;
  Eigen::Index chunk_rows_;
  progress& bar_;
  std::unique_ptr<std::istream> stream_;
  std::size_t id_col_ = 0;
  std::vector<std::size_t> cols_;
  kam_examples::csv_record record_;
  std::size_t records_seen_ = 0;
  std::size_t header_line_ = 1;
  bool exhausted_ = false;
  account_chunk chunk_;
  account_chunk unit_;
  std::vector<std::optional<reference>> levels_;
  bool single_chunk_ = false;
  score_outcome out_;
  kam::score_result<double> result_;
  Eigen::MatrixXd contributions_;
  kam::criteria_set criteria_;
  std::string passes_ = "/3";
  std::optional<derived_summary> derived_;
  kam::weighted_product_result<double> product_;
  kam::topsis_result<double> topsis_;
};

}  // namespace kam_cli
