// `kam survival`: which account traits drive churn. Fits a Cox proportional-hazards model to a
// table of accounts (tenure, churned or not, covariates) and writes one row per covariate: the
// coefficient, hazard ratio, standard error, z, p and confidence interval.
#include <fmt/format.h>

#include <Eigen/Core>
#include <algorithm>
#include <boost/describe/class.hpp>
#include <cmath>
#include <cstddef>
#include <kam/retention.hpp>
#include <kam/version.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "command.hpp"
#include "csv.hpp"
#include "located_error.hpp"
#include "output.hpp"
#include "setup.hpp"

namespace kam_tool {
namespace {

/// One covariate's row of `kam survival`.
struct covariate_row {
  std::string covariate;
  double coefficient = 0, hazard_ratio = 0, std_error = 0, z = 0, p_value = 0;
  double lower = 0, upper = 0;
};
BOOST_DESCRIBE_STRUCT(covariate_row, (),
                      (covariate, coefficient, hazard_ratio, std_error, z, p_value, lower, upper))

/// One covariate's row of `kam survival --standardize`: its standard deviation, then the row
/// above per standard deviation.
struct standardized_row {
  std::string covariate;
  double sd = 0;
  double coefficient = 0, hazard_ratio = 0, std_error = 0, z = 0, p_value = 0;
  double lower = 0, upper = 0;
};
BOOST_DESCRIBE_STRUCT(standardized_row, (),
                      (covariate, sd, coefficient, hazard_ratio, std_error, z, p_value, lower,
                       upper))

/// Writes one row per covariate of `fit` through a table_writer of `Row` (covariate_row or
/// standardized_row).
template <typename Row>
void write_covariates(std::ostream& stream, table_format format, const boost::json::object& head,
                      int precision, const kam::cox_fit<double>& fit,
                      const std::vector<std::string>& names) {
  table_writer<Row> writer(stream, format, "covariates", head);
  writer.set_precision(precision);
  for (Eigen::Index j = 0; j < fit.coefficients.size(); ++j) {
    Row row;
    row.covariate = names[static_cast<std::size_t>(j)];
    if constexpr (std::is_same_v<Row, standardized_row>) row.sd = fit.scales(j);
    row.coefficient = fit.coefficients(j);
    row.hazard_ratio = fit.hazard_ratio(j);
    row.std_error = fit.std_error(j);
    row.z = fit.z(j);
    row.p_value = fit.p_value(j);
    row.lower = fit.lower(j);
    row.upper = fit.upper(j);
    writer.write(row);
  }
  writer.finish();
}

/// The table as fit_cox reads it.
struct survival_table {
  Eigen::VectorXd times;
  Eigen::VectorXi events;
  Eigen::MatrixXd covariates;
  std::vector<std::string> names;
  std::optional<Eigen::VectorXi> strata;
};

/// Returns the position of column `name`; throws located_error at the header otherwise.
std::size_t column_named(const csv_table& t, const std::string& name, const char* option) {
  if (const auto c = t.find(name)) return *c;
  throw located_error("kam survival", name, {t.source, 1, 1},
                      fmt::format("no column '{}' (choose it with --{}); the columns are {}", name,
                                  option, quoted_list(t.header)));
}

/// Returns field (r, c) as a number; throws located_error for an empty field.
double required_number(const csv_table& t, std::size_t r, std::size_t c) {
  const double v = t.number(r, c);
  if (std::isnan(v)) throw located_error("kam survival", t.header[c], t.position(r, c), "empty");
  return v;
}

/// The covariate columns: --covariates, or every column but the time, event, id and strata ones.
std::vector<std::size_t> covariate_columns(const csv_table& t, const invocation& args,
                                           const std::vector<std::size_t>& taken) {
  std::vector<std::size_t> out;
  if (const auto list = args.get("covariates")) {
    std::size_t start = 0;
    while (start <= list->size()) {
      const std::size_t comma = std::min(list->find(',', start), list->size());
      out.push_back(column_named(t, list->substr(start, comma - start), "covariates"));
      start = comma + 1;
    }
    return out;
  }
  for (std::size_t c = 0; c < t.header.size(); ++c)
    if (std::find(taken.begin(), taken.end(), c) == taken.end()) out.push_back(c);
  return out;
}

survival_table read_table(const csv_table& t, const invocation& args) {
  const std::size_t time = column_named(t, args.get("time").value_or("time"), "time");
  const std::size_t event = column_named(t, args.get("event").value_or("event"), "event");
  std::vector<std::size_t> taken{time, event};
  if (const auto c = t.find(args.get("id").value_or("id"))) taken.push_back(*c);
  std::optional<std::size_t> strata;
  if (const auto name = args.get("strata"))
    taken.push_back(*(strata = column_named(t, *name, "strata")));
  const std::vector<std::size_t> covariates = covariate_columns(t, args, taken);
  const auto n = static_cast<Eigen::Index>(t.rows.size());
  survival_table out{Eigen::VectorXd(n),
                     Eigen::VectorXi(n),
                     Eigen::MatrixXd(n, static_cast<Eigen::Index>(covariates.size())),
                     {},
                     {}};
  for (const std::size_t c : covariates) out.names.push_back(t.header[c]);
  std::unordered_map<std::string, int> stratum_code;
  if (strata) out.strata = Eigen::VectorXi(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto r = static_cast<std::size_t>(i);
    out.times(i) = required_number(t, r, time);
    const double e = required_number(t, r, event);
    if (e != 0 && e != 1) {
      throw located_error("kam survival", t.header[event], t.position(r, event),
                          "an event is 1 (churned) or 0 (still a customer when last seen)");
    }
    out.events(i) = static_cast<int>(e);
    for (std::size_t j = 0; j < covariates.size(); ++j)
      out.covariates(i, static_cast<Eigen::Index>(j)) = required_number(t, r, covariates[j]);
    if (strata) {
      const auto [it, added] =
          stratum_code.emplace(t.text(r, *strata), static_cast<int>(stratum_code.size()));
      (*out.strata)(i) = it->second;
    }
  }
  return out;
}

kam::cox_options cox_options_from(const invocation& args) {
  kam::cox_options options;
  const std::string ties = args.get("ties").value_or("efron");
  if (ties == "breslow")
    options.ties = kam::cox_ties::breslow;
  else if (ties != "efron")
    throw usage_error(fmt::format("--ties must be efron or breslow, not '{}'", ties));
  options.standardize = args.has("standardize");
  return options;
}

int run_survival(const invocation& args) {
  if (args.positional.size() != 1)
    throw usage_error("expected exactly one accounts file (CSV: time, event, covariates)");
  const std::string out_path = args.get("output").value_or("-");
  const auto format = choose_format(args.get("format"), out_path);
  const kam::cox_options options = cox_options_from(args);
  const survival_table t = read_table(read_csv_file(args.positional[0]), args);
  const auto fit =
      t.strata ? kam::fit_cox_stratified(t.times, t.events, t.covariates, *t.strata, options)
               : kam::fit_cox(t.times, t.events, t.covariates, options);
  output_file out(out_path, *args.out, {args.positional[0]});
  boost::json::object head;
  head["kam"] = kam::version_string;
  head["command"] = "survival";
  head["ties"] = std::string(kam::enum_name(options.ties));
  head["status"] = std::string(kam::enum_name(fit.status));
  head["accounts"] = fit.accounts;
  head["events"] = fit.events;
  head["strata"] = fit.strata;
  head["log_likelihood"] = fit.log_likelihood;
  head["log_likelihood_null"] = fit.log_likelihood_null;
  head["lr_chi_square"] = fit.lr_chi_square;
  head["lr_degrees_of_freedom"] = fit.lr_degrees_of_freedom;
  head["lr_p_value"] = fit.lr_p_value;
  head["concordance"] = fit.concordance;
  if (options.standardize) {
    head["standardize"] = true;
    write_covariates<standardized_row>(out.stream(), format, head, precision_of(args), fit,
                                       t.names);
  } else {
    write_covariates<covariate_row>(out.stream(), format, head, precision_of(args), fit, t.names);
  }
  out.commit();
  return 0;
}

}  // namespace

namespace commands {

command survival() {
  return {
      .name = "survival",
      .summary = "which account traits drive churn: a Cox proportional-hazards fit",
      .usage =
          "kam survival [options] ACCOUNTS.csv\n\n"
          "Reads one row per account: its tenure (--time, default time), whether it churned\n"
          "then (--event, default event: 1 churned, 0 still a customer when last seen) and\n"
          "numeric covariates (--covariates a,b,c; default every other column but --id and\n"
          "--strata), fits a Cox proportional-hazards model (Efron ties unless --ties\n"
          "breslow; --strata COLUMN for a separate baseline per stratum) and writes one row\n"
          "per covariate: coefficient, hazard ratio, standard error, z, p and the 95%\n"
          "interval of the coefficient. With --standardize the coefficients are per\n"
          "standard deviation of each covariate (so they compare across covariates; the\n"
          "tests and p-values do not change) and an sd column follows the covariate name.\n"
          "JSON output adds the log-likelihoods, the likelihood-ratio test, the concordance\n"
          "and the fit status.",
      .options = {{"output", "FILE", "where to write (default: standard output)", 'o'},
                  {"format", "csv|json", "output format (default: from the file name, else csv)"},
                  {"time", "COLUMN", "the tenure column (default time)"},
                  {"event", "COLUMN", "the churned (1) or censored (0) column (default event)"},
                  {"id", "COLUMN", "an id column left out of the covariates (default id)"},
                  {"covariates", "A,B,...", "the covariate columns (default: all the others)"},
                  {"strata", "COLUMN", "a column of stratum labels (a baseline each)"},
                  {"ties", "efron|breslow", "how tied churn times are handled (default efron)"},
                  {"standardize", "", "coefficients per standard deviation of each covariate"},
                  {"precision", "N", "write numbers with N significant digits"}},
      .section = "",
      .run = &run_survival,
      .contribute = nullptr,
      .report_options = {},
  };
}

}  // namespace commands
}  // namespace kam_tool
