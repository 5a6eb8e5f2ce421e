// The reference data sets under tests/data that the retention tests reproduce published results
// on (provenance and licences in tests/data/PROVENANCE.md), read by column name.
#pragma once

#include <Eigen/Core>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "catch.hpp"

namespace kam_test {

/// A CSV file of numbers: the header's names and one column of values per name.
struct numeric_table {
  std::vector<std::string> names;
  std::vector<std::vector<double>> columns;

  /// Returns the column called `name`; fails the test if there is none.
  [[nodiscard]] Eigen::VectorXd column(const std::string& name) const {
    for (std::size_t c = 0; c < names.size(); ++c) {
      if (names[c] == name) {
        return Eigen::Map<const Eigen::VectorXd>(columns[c].data(),
                                                 static_cast<Eigen::Index>(columns[c].size()));
      }
    }
    FAIL("no column " << name);
    return {};
  }

  /// Returns the number of rows.
  [[nodiscard]] Eigen::Index rows() const {
    return columns.empty() ? 0 : static_cast<Eigen::Index>(columns[0].size());
  }
};

/// Returns the path of `file` under tests/data.
inline std::filesystem::path reference_path(const std::string& file) {
  return std::filesystem::path(__FILE__).parent_path().parent_path() / "data" / file;
}

/// Splits one line at commas, dropping a trailing CR (some of the files end lines with CR LF).
inline std::vector<std::string> split_csv_line(std::string line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::vector<std::string> cells;
  std::stringstream row(line);
  for (std::string cell; std::getline(row, cell, ',');) cells.push_back(cell);
  return cells;
}

/// Reads tests/data/`file`: comma-separated, a header line of names, then numbers.
inline numeric_table read_reference_csv(const std::string& file) {
  std::ifstream in(reference_path(file));
  REQUIRE(in.good());
  std::string line;
  REQUIRE(std::getline(in, line));
  numeric_table t;
  t.names = split_csv_line(line);
  t.columns.resize(t.names.size());
  while (std::getline(in, line)) {
    const auto cells = split_csv_line(line);
    REQUIRE(cells.size() == t.names.size());
    for (std::size_t c = 0; c < cells.size(); ++c) t.columns[c].push_back(std::stod(cells[c]));
  }
  return t;
}

}  // namespace kam_test
