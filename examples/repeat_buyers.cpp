// Accounts that reorder when they like: fit the BG/NBD model (Fader, Hardie & Lee 2005) to each
// account's repeat purchases, recency and age, then list the accounts expected to buy most in the
// next period, and the valuable ones that have probably gone quiet.
//
//   repeat_buyers [rfm.csv] [--horizon T]
//
// The CSV has columns `frequency` (repeat purchases), `recency` (time of the last purchase after
// the first) and `T` (time from the first purchase to the end of the data), in one time unit, and
// optionally `ID`: lifetimes' and CLVTools' summary format. Without a file it reads the CDNOW
// summary bundled for the tests (2,357 customers, weeks; tests/data/PROVENANCE.md).
#include <algorithm>
#include <cstdio>
#include <kam/retention/bgnbd.hpp>
#include <kam/version.hpp>
#include <numeric>
#include <string>
#include <vector>

#include "common/csv.hpp"
#include "common/example.hpp"

#ifndef KAM_CDNOW_DATA
#define KAM_CDNOW_DATA "tests/data/lifetimes/cdnow_customers_summary.csv"
#endif

namespace {

/// Prints the `count` accounts with the largest `key`, with their numbers.
void print_top(const char* title, const std::vector<std::string>& ids, const Eigen::VectorXd& key,
               const Eigen::VectorXd& x, const Eigen::VectorXd& t_x, const Eigen::VectorXd& alive,
               const Eigen::VectorXd& next, std::size_t count) {
  std::vector<Eigen::Index> order(static_cast<std::size_t>(key.size()));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  count = std::min(count, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(count), order.end(),
                    [&](Eigen::Index a, Eigen::Index b) { return key(a) > key(b); });
  std::printf("\n%s\n%-8s %9s %8s %9s %9s\n", title, "account", "repeats", "recency", "P(active)",
              "expected");
  for (std::size_t k = 0; k < count; ++k) {
    const Eigen::Index i = order[k];
    std::printf("%-8s %9.0f %8.2f %9.3f %9.2f\n", ids[static_cast<std::size_t>(i)].c_str(), x(i),
                t_x(i), alive(i), next(i));
  }
}

int run(const kam_examples::csv_table& table, double horizon) {
  const Eigen::VectorXd x = kam_examples::numbers(table, "frequency");
  const Eigen::VectorXd t_x = kam_examples::numbers(table, "recency");
  const Eigen::VectorXd age = kam_examples::numbers(table, "T");
  const bool has_id =
      std::find(table.header.begin(), table.header.end(), "ID") != table.header.end();
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    ids.push_back(has_id ? table.text(i, table.column("ID")) : std::to_string(i + 1));
  }
  const auto fit = kam::fit_bgnbd(x, t_x, age);
  const auto& p = fit.params;
  std::printf("kam %s: BG/NBD fit to %td accounts: %s after %d iterations, log-likelihood %.3f\n",
              kam::version_string, fit.accounts, kam::enum_name(fit.status).data(), fit.iterations,
              fit.log_likelihood);
  std::printf(
      "  r %.4f (%.4f)  alpha %.4f (%.4f)  a %.4f (%.4f)  b %.4f (%.4f)  (standard errors)\n", p.r,
      fit.std_error_r.value_or(0), p.alpha, fit.std_error_alpha.value_or(0), p.a,
      fit.std_error_a.value_or(0), p.b, fit.std_error_b.value_or(0));
  const Eigen::VectorXd alive = kam::bgnbd_p_alive(p, x, t_x, age);
  const Eigen::VectorXd next =
      kam::bgnbd_conditional_expected_transactions(p, horizon, x, t_x, age);
  std::printf("  a new account: %.3f purchases expected in the next %.0f time units\n",
              kam::bgnbd_expected_transactions(p, horizon), horizon);
  std::printf(
      "  all accounts: %.1f purchases expected in the next %.0f; %.0f of %td probably active "
      "(P > 0.5)\n",
      next.sum(), horizon, (alive.array() > 0.5).cast<double>().sum(), fit.accounts);
  print_top("the accounts expected to buy most:", ids, next, x, t_x, alive, next, 10);
  // Frequent buyers that have gone quiet: many repeats, but P(active) low. Rank by what they
  // bought times the chance they are gone.
  const Eigen::VectorXd quiet = x.array() * (1 - alive.array());
  print_top("frequent buyers that have probably gone quiet (repeats x P(gone)):", ids, quiet, x,
            t_x, alive, next, 5);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return kam_examples::run_example([&] {
    const kam_examples::arguments args(argc, argv, "repeat_buyers [rfm.csv] [--horizon T]",
                                       {"horizon"});
    const std::string path = args.file(0, KAM_CDNOW_DATA);
    const auto table = kam_examples::read_csv_file(path);
    return kam_examples::run_on_rows(path, table.lines,
                                     [&] { return run(table, args.number("horizon", 39)); });
  });
}
