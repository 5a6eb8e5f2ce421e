// Tests of tools/kam/score_pipeline.hpp: the score configuration, the three passes, results
// that do not depend on the chunk size, agreement with the library in one piece, and errors
// located in the file however deep in it they are.
#include "score_pipeline.hpp"

#include <fmt/format.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <kam/core.hpp>
#include <kam/scoring.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "catch.hpp"
#include "command.hpp"
#include "csv.hpp"
#include "output.hpp"
#include "progress.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;

namespace {

struct run_result {
  kam_tool::score_outcome outcome;
  std::vector<kam_tool::scored_account> rows;
  bool held = false;  ///< the first pass held every account
};

kam_tool::configuration config(const std::string& json) {
  return {kam_tool::json_document(json, "c.json"), {"input", "score"}};
}

run_result run(const std::string& csv, const std::string& json, Eigen::Index chunk_rows,
               std::uint64_t memory = kam_tool::default_memory_budget) {
  const auto cfg = config(json);
  const auto setup = kam_tool::load_score_setup(cfg);
  kam_tool::progress bar("test");
  kam_tool::score_pipeline p(setup, kam_tool::accounts_source::text(csv, "a.csv"), chunk_rows, bar);
  p.set_memory_budget(memory);
  run_result r;
  p.run([&](const kam_tool::scored_chunk& c) {
    for (Eigen::Index i = 0; i < c.accounts.rows; ++i) r.rows.push_back(p.row(c, i));
  });
  r.outcome = p.outcome();
  r.held = p.held();
  return r;
}

std::string error_of(const std::string& csv, const std::string& json, Eigen::Index chunk_rows) {
  return kam_test::message_of<kam::error>([&] { (void)run(csv, json, chunk_rows); });
}

bool same_rows(const std::vector<kam_tool::scored_account>& a,
               const std::vector<kam_tool::scored_account>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].id != b[i].id || a[i].score != b[i].score || a[i].rank != b[i].rank ||
        a[i].tier != b[i].tier || a[i].key_account != b[i].key_account ||
        a[i].coverage != b[i].coverage || a[i].contributions != b[i].contributions)
      return false;
  }
  return true;
}

// `rows` synthetic accounts with the selection catalogue's columns (kam::selection_catalogue),
// a margin and a churn risk: revenue heavy-tailed, ratings 1..5, likelihoods on [0, 1].
std::string sample_csv(int rows) {
  auto rng = kam::random_stream(2024, 0);
  const auto u = [&] { return kam::uniform01(rng); };
  const auto rating = [&] { return 1 + static_cast<int>(5 * kam::uniform01(rng)); };
  std::string out =
      "id,name,current_revenue,growth_potential,cross_up_sell,win_expand,effort,"
      "relationship_strength,fit,logo_value,margin,churn_risk\n";
  for (int i = 1; i <= rows; ++i) {
    const double revenue = std::round(std::exp(9 + 1.5 * kam::standard_normal(rng)));
    const int growth = rating();
    const double cross = u(), win = u();
    const int effort = rating(), relationship = rating(), fit = rating(), logo = rating();
    const double margin = 0.5 * u(), churn = u();
    out += fmt::format("AC-{:06},Account {},{},{},{:.2f},{:.2f},{},{},{},{},{:.3f},{:.2f}\n", i, i,
                       revenue, growth, cross, win, effort, relationship, fit, logo, margin, churn);
  }
  return out;
}

const std::string reference_csv =
    "id,name,revenue,growth,effort\n"
    "A,Alpha,100,0.10,3\n"
    "B,Beta,400,0.05,5\n"
    "C,Gamma,250,0.20,2\n"
    "D,Delta,50,0.25,2\n";
const std::string reference_json = R"({"score": {
  "criteria": [{"name": "revenue", "weight": 40}, {"name": "growth", "weight": 35},
               {"name": "effort", "weight": 25, "direction": "cost"}],
  "key_accounts": {"cap": 2, "min_score": 0.5},
  "tiers": {"edges": [0.5], "names": ["A", "B"]}}})";

}  // namespace

TEST_CASE("score_pipeline: the issue #2 reference case, end to end", "[pipeline]") {
  // Hand computation (issue #2, also tests/scoring/score_test.cpp): A = .4 * 50/350 + .35 * .25
  // + .25 * 2/3 = 0.311310, B = 0.4, C = 0.741071, D = 0.6; ranks 4, 3, 1, 2; cap 2 with
  // min 0.5 keeps C and D; the edge 0.5 puts C, D in tier A.
  for (const Eigen::Index chunk : {1, 3, 100}) {
    const auto r = run(reference_csv, reference_json, chunk);
    REQUIRE(r.rows.size() == 4);
    CHECK(r.rows[0].id == "A");
    CHECK_THAT(r.rows[0].score, WithinAbs(0.311310, 5e-7));
    CHECK_THAT(r.rows[1].score, WithinAbs(0.4, 1e-15));
    CHECK_THAT(r.rows[2].score, WithinAbs(0.741071, 5e-7));
    CHECK_THAT(r.rows[3].score, WithinAbs(0.6, 1e-15));
    CHECK(r.rows[0].rank == 4);
    CHECK(r.rows[1].rank == 3);
    CHECK(r.rows[2].rank == 1);
    CHECK(r.rows[3].rank == 2);
    CHECK((!r.rows[0].key_account && !r.rows[1].key_account && r.rows[2].key_account &&
           r.rows[3].key_account));
    CHECK(r.rows[2].tier_name == "A");
    CHECK(r.rows[0].tier == 2);
    // A's contributions: revenue .4/7 = 0.057143, growth .0875, effort .25 * 2/3 = 0.166667.
    CHECK_THAT(r.rows[0].contributions[0].second, WithinAbs(0.057143, 5e-7));
    CHECK_THAT(r.rows[0].contributions[1].second, WithinAbs(0.0875, 1e-15));
    CHECK_THAT(r.rows[0].contributions[2].second, WithinAbs(0.166667, 5e-7));
    CHECK(r.outcome.selection.eligible == 2);
  }
}

TEST_CASE("score_pipeline: the chunk size changes nothing, to the last bit", "[pipeline]") {
  // 10000 generated accounts: fit units of 4096 (three of them), chunks that straddle them.
  const std::string csv = sample_csv(10000);
  const std::string json = R"({"score": {"criteria": [
      {"name": "current_revenue", "weight": 25, "normalization": "percentile_rank"},
      {"name": "growth_potential", "weight": 20, "normalization": "z_score"},
      {"name": "margin", "weight": 20, "normalization": "vector"},
      {"name": "churn_risk", "weight": 15, "direction": "cost"},
      {"name": "effort", "weight": 20, "direction": "cost", "normalization": "fixed_range",
       "low": 1, "high": 5}],
    "options": {"scale": "percent"},
    "key_accounts": {"cap": 100, "min_score": 50},
    "tiers": {"shares": [0.1, 0.3]}}})";
  const auto whole = run(csv, json, 65536);  // one chunk: the file is read once
  REQUIRE(whole.rows.size() == 10000);
  for (const Eigen::Index chunk : {999, 4096, 5000}) {
    const auto chunked = run(csv, json, chunk);
    CHECK(same_rows(chunked.rows, whole.rows));
    CHECK(chunked.outcome.tiers.counts == whole.outcome.tiers.counts);
  }
  // Every input row appears once, in input order, with its id unchanged.
  std::istringstream in(csv);
  const auto table = kam_tool::read_csv(in, "a.csv");
  bool same_ids = true;
  for (std::size_t i = 0; i < table.rows.size(); ++i)
    same_ids = same_ids && *table.rows[i][0] == whole.rows[i].id;
  CHECK(same_ids);
  // Quota tiers: 10% and 30% of 10000 accounts (kam::quotas_from_shares).
  CHECK(whole.outcome.tiers.counts == std::vector<Eigen::Index>{1000, 3000, 6000});
}

TEST_CASE("score_pipeline: held in memory or read in every pass, the same results", "[pipeline]") {
  // 10000 generated accounts in chunks of 999 (11 chunks). Held: the file parsed once; a budget of
  // 0: read in every pass; 150 KiB: the first chunk (999 x (8 numbers + a line number + an id
  // string), 101 KiB) fits, the second does not, and the later passes read the file again.
  const std::string csv = sample_csv(10000);
  const std::string json = R"({"score": {"key_accounts": {"cap": 50}}})";
  const auto held = run(csv, json, 999);
  CHECK(held.held);
  REQUIRE(held.rows.size() == 10000);
  for (const std::uint64_t memory : {std::uint64_t{0}, std::uint64_t{150} << 10}) {
    const auto streamed = run(csv, json, 999, memory);
    CHECK_FALSE(streamed.held);
    CHECK(same_rows(streamed.rows, held.rows));
    CHECK(streamed.outcome.selection.accounts == held.outcome.selection.accounts);
  }
  // A file in one chunk is kept even with a budget of 0 (it is in memory already).
  const auto one = run(csv, json, 65536, 0);
  CHECK_FALSE(one.held);
  CHECK(same_rows(one.rows, held.rows));

  // Missing values renormalised: coverage below 1 (growth_potential, weight 20 of the
  // catalogue's 100 (kam::selection_catalogue), blank on every 7th record: coverage 1 - 20/100 =
  // 0.8 there).
  // Held, the last pass takes pass 2's scores and coverage; streamed, it scores again.
  std::istringstream in(csv);
  std::string with_gaps;
  std::string line;
  for (int k = 0; std::getline(in, line); ++k) {
    if (k > 0 && k % 7 == 0) {
      auto at = line.find(',');
      for (int f = 0; f < 2; ++f) at = line.find(',', at + 1);  // the end of field 3
      line.erase(at + 1, line.find(',', at + 1) - at - 1);      // field 4 (growth_potential)
    }
    with_gaps += line + '\n';
  }
  const std::string renormalize = R"({"score": {"options": {"missing": "renormalize"}}})";
  const auto held_gaps = run(with_gaps, renormalize, 999);
  const auto streamed_gaps = run(with_gaps, renormalize, 999, 0);
  CHECK(held_gaps.held);
  CHECK(same_rows(held_gaps.rows, streamed_gaps.rows));
  REQUIRE(held_gaps.rows.size() == 10000);
  CHECK(held_gaps.rows[5].coverage == 1);                          // record 6: complete
  CHECK_THAT(held_gaps.rows[6].coverage, WithinAbs(0.8, 1e-12));   // record 7: blank
  CHECK_THAT(held_gaps.rows[13].coverage, WithinAbs(0.8, 1e-12));  // record 14: blank
}

TEST_CASE("chunk_bytes: numbers, line numbers, id strings and their storage", "[pipeline]") {
  // 3 rows x 2 numbers: 6 doubles (48 bytes), 3 line numbers and 3 string objects; one id of 40
  // characters is stored outside its string object (at least 41 bytes more), short ids are not.
  kam_tool::table_chunk c;
  c.x.resize(3, 2);
  c.lines.assign(3, 0);
  c.ids = {"A", std::string(40, 'x'), "B"};
  c.ids.shrink_to_fit();
  c.lines.shrink_to_fit();
  const std::uint64_t fixed = 48 + 3 * sizeof(std::size_t) + 3 * sizeof(std::string);
  const auto bytes = kam_tool::chunk_bytes(c);
  CHECK(bytes >= fixed + 41);
  CHECK(bytes <= fixed + c.ids[1].capacity() + 1);
  c.ids[1] = "C";
  c.ids[1].shrink_to_fit();  // short again: inside the object (small-string storage)
  CHECK(kam_tool::chunk_bytes(c) == fixed);
}

TEST_CASE("score_pipeline: the same scores as the library on the whole matrix", "[pipeline]") {
  // Percentile-rank and fixed-range criteria (the default catalogue) depend only on the exactly
  // mergeable parts of the reference, so the chunked tool and one kam::score call agree to the
  // bit; a z-score criterion agrees to rounding (Chan et al.'s merge of means and M2).
  const std::string csv = sample_csv(9000);
  std::istringstream in(csv);
  const auto table = kam_tool::read_csv(in, "a.csv");
  const auto catalogue = kam::selection_catalogue();
  Eigen::MatrixXd x(static_cast<Eigen::Index>(table.rows.size()), catalogue.size());
  for (Eigen::Index j = 0; j < catalogue.size(); ++j) {
    const auto col = *table.find(catalogue[j].name);
    for (Eigen::Index i = 0; i < x.rows(); ++i)
      x(i, j) = table.number(static_cast<std::size_t>(i), col);
  }
  const auto tool = run(csv, "{}", 1000);  // no criteria configured: the catalogue
  const auto lib = kam::score(x, catalogue);
  bool exact = true;
  for (Eigen::Index i = 0; i < x.rows(); ++i)
    exact = exact && tool.rows[static_cast<std::size_t>(i)].score == lib.scores(i);
  CHECK(exact);
  CHECK(tool.outcome.ranks == kam::ranks(lib.scores));

  const auto z = kam::criteria_set{
      kam::benefit("current_revenue", 1).normalized_by(kam::normalization::z_score)};
  const auto tool_z = run(
      csv, R"({"score": {"criteria": [{"name": "current_revenue", "normalization": "z_score"}]}})",
      1000);
  const auto lib_z = kam::score(x.leftCols(1), z);
  double worst = 0;
  for (Eigen::Index i = 0; i < x.rows(); ++i)
    worst =
        std::max(worst, std::abs(tool_z.rows[static_cast<std::size_t>(i)].score - lib_z.scores(i)));
  CHECK(worst < 1e-12);
}

TEST_CASE("score_pipeline: errors deep in the file name their line and column", "[pipeline]") {
  std::string csv = sample_csv(9000);
  // Record 8499 (line 8501): its effort (column 7) becomes 7, outside the 1-5 scale; the error
  // comes from kam::reference_builder, counted from the file's first account, and is mapped back
  // to the file.
  std::istringstream in(csv);
  std::string line, edited;
  for (int n = 1; std::getline(in, line); ++n) {
    if (n == 8501) {
      std::size_t pos = 0;
      for (int comma = 0; comma < 6; ++comma) pos = line.find(',', pos) + 1;
      line.replace(pos, line.find(',', pos) - pos, "7");
    }
    edited += line + "\n";
  }
  const auto msg = error_of(edited, "{}", 1000);
  CHECK_THAT(msg, Contains("a.csv:8501:7: column 'effort': value 7 is outside the scale [1, 5]"));

  const std::string dup = reference_csv + "C,Again,1,0.1,1\n";
  CHECK_THAT(error_of(dup, reference_json, 2),
             Contains("a.csv:6:1: duplicate id 'C' (first on line 4)"));
  const std::string text = reference_csv + "E,Epsilon,12 000,0.1,1\n";
  CHECK_THAT(error_of(text, reference_json, 2), Contains("a.csv:6:3: '12 000' is not a number"));
  const std::string empty_id = reference_csv + "\"\",Nobody,1,0.1,1\n";
  CHECK_THAT(error_of(empty_id, reference_json, 2), Contains("a.csv:6:1: the id is empty"));
  CHECK_THAT(error_of("id,name,revenue,growth,effort\n", reference_json, 2),
             Contains("a.csv:1:1: no accounts"));
  // Renormalize with every value of an account missing: the library rejects the account.
  const std::string renorm = R"({"score": {"criteria": [{"name": "revenue"}, {"name": "growth"}],
                                 "options": {"missing": "renormalize"}}})";
  CHECK_THAT(error_of(reference_csv + "E,Epsilon,,,1\n", renorm, 2),
             Contains("a.csv:6:1: account 'E': the account has no value for any criterion"));
}

TEST_CASE("score_pipeline: the configuration is checked by the library, at its place",
          "[pipeline]") {
  const auto msg = [](const std::string& json) {
    return kam_test::message_of<kam::error>(
        [&] { (void)kam_tool::load_score_setup(config(json)); });
  };
  CHECK_THAT(msg(R"({"score": {"criteria": [{"name": "a"}, {"name": "a"}]}})"),
             Contains("c.json:1:40: criterion 'a': criterion name used twice"));
  CHECK_THAT(msg(R"({"score": {"criteria": [{"name": "a", "weight": -2}]}})"),
             Contains("c.json:1:25: criterion 'a': weight -2 is negative"));
  CHECK_THAT(msg(R"({"score": {"criteria": []}})"), Contains("c.json:1:24: no criteria"));
  CHECK_THAT(msg(R"({"score": {"key_accounts": {"cap": -1}}})"),
             Contains("c.json:1:36: cap -1 is negative"));
  CHECK_THAT(msg(R"({"score": {"tiers": {"edges": [0.7, 0.4]}}})"),
             Contains("c.json:1:37: band edges must be finite and strictly increasing"));
  CHECK_THAT(msg(R"({"score": {"tiers": {"shares": [0.7, 0.4]}}})"),
             Contains("c.json:1:38: shares add up to"));
  CHECK_THAT(msg(R"({"score": {"tiers": {"edges": [0.5], "shares": [0.5]}}})"),
             Contains("not both"));
  CHECK_THAT(msg(R"({"score": {"tiers": {"edges": [0.5], "names": ["A"]}}})"),
             Contains("1 tier names for 2 tiers"));
  CHECK_THAT(msg(R"({"score": {"options": {"scale": "percent"}, "tiers": {"edges": [150]}}})"),
             Contains("tier edge 150 is outside the score scale [0, 100]"));
  CHECK_THAT(msg(R"({"input": {"id": ""}})"), Contains("the id column has no name"));
}

namespace {

// The setup `kam score ARGS a.csv` builds from `csv` and `json`.
kam_tool::score_setup setup_with(const std::vector<std::string>& args, const std::string& csv,
                                 const std::string& json = "{}") {
  const auto& commands = kam_tool::all_commands();
  const auto score = std::find_if(commands.begin(), commands.end(),
                                  [](const kam_tool::command& c) { return c.name == "score"; });
  REQUIRE(score != commands.end());
  const auto opts = score->options;
  auto inv = kam_tool::parse_arguments("score", args, opts);
  std::istringstream none;
  inv.in = &none;
  return kam_tool::load_score_setup(config(json), inv,
                                    kam_tool::accounts_source::text(csv, "a.csv"));
}

const std::string crm =
    "account,name,revenue,growth,effort\nK1,Acme,100,0.1,3\nK2,Bora,400,0.3,5\n";

}  // namespace

TEST_CASE("score flags: the --criteria grammar", "[score]") {
  const auto c = kam_tool::parse_criteria("revenue, growth:2 ,effort:cost,risk:0.5:cost,x:benefit");
  REQUIRE(c.size() == 5);
  CHECK(c[0].name == "revenue");
  CHECK(c[0].weight == 1.0);
  CHECK(c[0].direction == kam::direction::benefit);
  CHECK(c[1].name == "growth");
  CHECK(c[1].weight == 2.0);
  CHECK(c[2].direction == kam::direction::cost);
  CHECK(c[2].weight == 1.0);
  CHECK(c[3].weight == 0.5);
  CHECK(c[3].direction == kam::direction::cost);
  CHECK(c[4].direction == kam::direction::benefit);
  CHECK_THROWS_AS(kam_tool::parse_criteria("a:cost:cost"), kam_tool::usage_error);
  CHECK_THROWS_AS(kam_tool::parse_criteria("a:1:2"), kam_tool::usage_error);
  CHECK_THROWS_AS(kam_tool::parse_criteria("a,,b"), kam_tool::usage_error);
  CHECK_THROWS_AS(kam_tool::parse_criteria("a:heavy"), kam_tool::usage_error);
}

TEST_CASE("score flags: a share of accounts becomes a cap, rounded up", "[score]") {
  kam_tool::key_account_config k;
  k.share = 0.2;
  CHECK(*kam_tool::resolve(k, 300).cap == 60);  // not 61 from 0.2 * 300's last bit
  CHECK(*kam_tool::resolve(k, 4).cap == 1);     // 0.8 rounded up
  CHECK(*kam_tool::resolve(k, 1).cap == 1);
  k.share.reset();
  k.cap = 7;
  CHECK(*kam_tool::resolve(k, 300).cap == 7);
  k.cap.reset();
  CHECK_FALSE(kam_tool::resolve(k, 300).cap);  // "cap": null: no cap
}

TEST_CASE("score flags: defaults without configuration and flags that override it", "[score]") {
  const auto d = setup_with({"--id", "account"}, crm);
  CHECK(d.criteria.names() == std::vector<std::string>{"revenue", "growth", "effort"});
  CHECK(d.config.key_accounts.share == 0.2);
  CHECK(d.config.tiers.shares == std::vector<double>{0.2, 0.3});
  CHECK(d.layout.id == "account");
  const std::string json =
      R"({"score": {"key_accounts": {"cap": 5}, "tiers": {"edges": [0.5], "names": ["A", "B"]}}})";
  const auto o = setup_with({"--row-number", "--cap", "10%", "--min-score", "0.25", "--tiers",
                             "0.3,0.6", "--keep", "name", "--criteria", "effort:cost"},
                            crm, json);
  CHECK(o.layout.row_numbers);
  CHECK_FALSE(o.config.key_accounts.cap);
  CHECK(o.config.key_accounts.share == 0.1);
  CHECK(o.config.key_accounts.min_score == 0.25);
  CHECK(o.config.tiers.edges == std::vector<double>{0.3, 0.6});
  CHECK(o.config.tiers.names.empty());  // two names no longer fit three tiers
  CHECK(o.criteria.names() == std::vector<std::string>{"effort"});
  CHECK(o.config.options.threads == 1);  // kam::score_options' default
  const auto t = setup_with({"--id", "account", "--threads", "3"}, crm);
  CHECK(t.config.options.threads == 3);
  CHECK(t.config.topsis.threads == 3);
  CHECK(t.config.product.threads == 3);
  REQUIRE(o.layout.text.size() == 1);
  CHECK(o.layout.text[0].name == "name");
  const auto explicit_none =
      setup_with({"--id", "account"}, crm, R"({"score": {"key_accounts": {"cap": null}}})");
  CHECK_FALSE(explicit_none.config.key_accounts.cap);
  CHECK_FALSE(explicit_none.config.key_accounts.share);
}

TEST_CASE("score flags: mistakes name the flag", "[score]") {
  const auto usage = [&](const std::vector<std::string>& args) {
    return kam_test::message_of<kam_tool::usage_error>([&] { (void)setup_with(args, crm); });
  };
  CHECK(usage({"--cap", "-1"}) ==
        "--cap needs a number of accounts (30), a share (20%) or none, not '-1'");
  CHECK(usage({"--cap", "120%"}) == "--cap 120% must be a share in (0%, 100%]");
  // kam::max_threads is 1024 (core/parallel.hpp).
  CHECK(usage({"--threads", "-1"}) ==
        "--threads needs a number from 0 (every hardware thread) to 1024, not '-1'");
  CHECK(usage({"--threads", "1025"}) ==
        "--threads needs a number from 0 (every hardware thread) to 1024, not '1025'");
  CHECK(usage({"--threads", "2x"}) ==
        "--threads needs a number from 0 (every hardware thread) to 1024, not '2x'");
  CHECK_THAT(usage({"--tiers", "0.6,0.3"}), Contains("--tiers 0.6,0.3: "));
  CHECK(usage({"--tiers", "20%,0.5"}) ==
        "--tiers takes score edges (0.5,0.65) or shares (20%,30%), not a mix");
  CHECK(usage({"--id", "account", "--row-number"}) == "give --id or --row-number, not both");
  CHECK_THAT(usage({"--id", "account", "--keep", "score"}),
             Contains("'score' is not a column of a.csv"));
  CHECK_THAT(usage({"--id", "account", "--criteria", "revenue,revenue"}),
             Contains("--criteria: revenue: "));
  CHECK(usage({"--id", "account", "--tier-names", "A,B"}) ==
        "--tier-names gives 2 names for 3 tiers (best first)");
}

TEST_CASE("score output: append_csv_line writes what the table writer writes", "[score]") {
  // The writer's line of each account (after its header line) against append_csv_line's, for
  // carried columns that need quoting or are empty, tier names or none, non-finite numbers,
  // TOPSIS distances, and every --precision.
  using kam_tool::scored_account;
  scored_account plain;
  plain.id = "A-1";
  plain.score = 0.1 + 0.2;
  plain.rank = 12;
  plain.tier = 2;
  plain.coverage = 1;
  plain.contributions = {{"revenue", 0.037500000000000006}, {"growth", -1e-7}};
  scored_account odd = plain;
  odd.id = "B, \"the\" second";
  odd.columns.values = {{"name", "x,y"}, {"note", std::nullopt}, {"city", " Oslo"}};
  odd.tier_name = "gold \"A\"";
  odd.key_account = true;
  odd.coverage = std::nan("");
  odd.contributions = {{"revenue", 1e300}, {"growth", 123456789.0}};
  scored_account topsis = plain;
  topsis.contributions.clear();
  topsis.topsis = kam_tool::topsis_distances{0.25, 1.0 / 3.0};
  for (const auto& a : {plain, odd, topsis}) {
    for (const int precision : {0, 1, 3, 17}) {
      std::ostringstream out;
      kam_tool::table_writer<scored_account> writer(out, kam_tool::table_format::csv, "accounts");
      writer.set_precision(precision);
      writer.write(a);
      const std::string text = out.str();
      std::string line;
      kam_tool::append_csv_line(line, a, precision);
      INFO(a.id << " at precision " << precision);
      CHECK(line == text.substr(text.find('\n') + 1));
    }
  }
}

TEST_CASE("score output: append_csv_lines writes append_csv_line's lines of row()", "[score]") {
  // Every range [begin, end) of every chunk, against append_csv_line of row(c, r) for each of its
  // rows (the plain path, itself checked against the table writer above): ids and kept columns
  // that need quoting or are empty, a missing value (coverage below 1), tier names, the three
  // methods and --precision.
  // One account misses its growth (the weighted sum's missing-value policies); TOPSIS and the
  // weighted product need every value: the same file with it given.
  const std::string head = "account,name,note,revenue,growth,effort\n\"K,1\",Acme,,100,0.1,3\n";
  const std::string tail =
      "K3,Cado,\" n\",250,0.2,2\n"
      "K4,Dela,,50,0.25,2\n"
      "K5,Eko,y,300,0.15,4\n";
  const std::string missing = head + "K2,\"Bora \"\"B\"\"\",x,400,,3\n" + tail;
  const std::string complete = head + "K2,\"Bora \"\"B\"\"\",x,400,0.3,3\n" + tail;
  const std::vector<std::string> keep = {"--id",      "account",    "--keep",
                                         "name,note", "--criteria", "revenue,growth:2,effort:cost"};
  const std::string names = R"("tiers": {"edges": [0.5], "names": ["gold, A", "B"]})";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {missing, R"({"score": {"options": {"missing": "renormalize"}, )" + names + "}}"},
      {missing, R"({"score": {"options": {"missing": "impute"}}})"},
      {complete, R"({"score": {"method": "topsis", )" + names + "}}"},
      {complete, R"({"score": {"method": "weighted_product"}})"}};
  for (const auto& one : cases) {
    const std::string& csv = one.first;  // not a structured binding: the lambda below uses it
    const std::string& json = one.second;
    const auto setup = setup_with(keep, csv, json);
    for (const int precision : {0, 3}) {
      kam_tool::progress bar("test");
      kam_tool::score_pipeline p(setup, kam_tool::accounts_source::text(csv, "a.csv"), 3, bar);
      Eigen::Index chunks = 0;
      p.run([&](const kam_tool::scored_chunk& c) {
        ++chunks;
        const Eigen::Index n = c.accounts.rows;
        std::vector<std::string> plain(static_cast<std::size_t>(n));
        for (Eigen::Index r = 0; r < n; ++r)
          kam_tool::append_csv_line(plain[static_cast<std::size_t>(r)], p.row(c, r), precision);
        for (Eigen::Index begin = 0; begin <= n; ++begin) {
          for (Eigen::Index end = begin; end <= n; ++end) {
            std::string expected;
            for (Eigen::Index r = begin; r < end; ++r)
              expected += plain[static_cast<std::size_t>(r)];
            std::string line = "before\n";  // appended to, not replaced
            p.append_csv_lines(line, c, begin, end, precision);
            INFO(json << " precision " << precision << " chunk from " << c.accounts.first
                      << " rows " << begin << ".." << end);
            CHECK(line == "before\n" + expected);
          }
        }
        if (c.accounts.first != 0) return;
        // The fields as RFC 4180 writes them (quoted for the comma, the quotes and the leading
        // space; empty for the empty note), whatever follows them.
        std::string lines;
        p.append_csv_lines(lines, c, 0, n, precision);
        CHECK(lines.starts_with("\"K,1\",Acme,,"));
        CHECK_THAT(lines, Contains("\nK2,\"Bora \"\"B\"\"\",x,") && Contains("\nK3,Cado,\" n\","));
      });
      CHECK(chunks == 2);  // 5 accounts in chunks of 3: a later chunk is covered too
    }
  }
}

TEST_CASE("score output: append_csv_lines on many distinct and repeated numbers", "[score]") {
  // 3000 synthetic accounts in one chunk: ratings give a few contributions again and again,
  // revenue, margin and churn hundreds of distinct ones, so the text kept per column is both
  // found again and replaced; every line against append_csv_line of row(c, r).
  const std::string csv = sample_csv(3000);
  const auto setup = setup_with({"--id", "id", "--keep", "name"}, csv);
  REQUIRE(setup.criteria.size() == 8);  // the selection catalogue
  kam_tool::progress bar("test");
  kam_tool::score_pipeline p(setup, kam_tool::accounts_source::text(csv, "a.csv"), 3000, bar);
  p.run([&](const kam_tool::scored_chunk& c) {
    REQUIRE(c.accounts.rows == 3000);
    for (const int precision : {0, 4}) {
      std::string expected;
      for (Eigen::Index r = 0; r < c.accounts.rows; ++r)
        kam_tool::append_csv_line(expected, p.row(c, r), precision);
      std::string lines;
      p.append_csv_lines(lines, c, 0, c.accounts.rows, precision);
      CHECK(lines == expected);
    }
  });
}
