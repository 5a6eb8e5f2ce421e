// What every example program shares: its command line (file names and `--name value` options)
// and the way it reports errors (a message on standard error and an exit code).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <functional>
#include <iostream>
#include <kam/core/error.hpp>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kam_examples {

/// A parsed command line: positional arguments (file names) and `--name value` options, checked
/// against the option names a program knows. `--help` (or `-h`) prints the usage and exits.
class arguments {
 public:
  /// Parses argv[1..argc); `usage` is printed for --help; `known` lists the option names
  /// (without the dashes). Throws std::invalid_argument for an unknown option or one without a
  /// value.
  arguments(int argc, char** argv, std::string_view usage, const std::vector<std::string>& known) {
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      if (arg == "--help" || arg == "-h") {
        std::cout << "usage: " << usage << '\n';
        std::exit(0);
      }
      if (arg.size() < 3 || arg.compare(0, 2, "--") != 0) {
        files_.push_back(arg);
        continue;
      }
      const std::string name = arg.substr(2);
      bool found = false;
      for (const auto& k : known) found = found || k == name;
      if (!found) throw std::invalid_argument("unknown option " + arg + " (see --help)");
      if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value (see --help)");
      options_[name] = argv[++i];
    }
  }

  /// Returns positional argument `k` (0-based), or `fallback` when there are fewer.
  [[nodiscard]] std::string file(std::size_t k, std::string fallback) const {
    return k < files_.size() ? files_[k] : fallback;
  }

  /// Returns option `name` as a number, or `fallback`; throws std::invalid_argument for text
  /// that is not one.
  [[nodiscard]] double number(const std::string& name, double fallback) const {
    const auto it = options_.find(name);
    if (it == options_.end()) return fallback;
    std::size_t used = 0;
    double v = 0;
    try {
      v = std::stod(it->second, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != it->second.size())
      throw std::invalid_argument("--" + name + ": '" + it->second + "' is not a number");
    return v;
  }

  /// Returns option `name` as a whole number >= 0, or `fallback`; throws std::invalid_argument
  /// otherwise.
  [[nodiscard]] std::uint64_t count(const std::string& name, std::uint64_t fallback) const {
    const double v = number(name, static_cast<double>(fallback));
    if (!(v >= 0 && v < 1.8e19) || v != static_cast<double>(static_cast<std::uint64_t>(v)))
      throw std::invalid_argument("--" + name + " needs a whole number >= 0");
    return static_cast<std::uint64_t>(v);
  }

  /// Returns option `name` as text, or `fallback`.
  [[nodiscard]] std::string text(const std::string& name, std::string fallback) const {
    const auto it = options_.find(name);
    return it == options_.end() ? fallback : it->second;
  }

 private:
  std::vector<std::string> files_;
  std::map<std::string, std::string> options_;
};

/// Runs an example's `body` (which returns the exit code) and reports what it throws on
/// standard error: exit code 1 for a kam::error (bad data or configuration), 2 for anything else.
inline int run_example(const std::function<int()>& body) {
  try {
    return body();
  } catch (const kam::error& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 2;
  }
}

/// Runs `body` on the accounts of `path`, whose records start on `lines` (1-based), and reports a
/// kam::error it throws with the line that the error's row (a 0-based position among the
/// accounts) is on: "error: <message> (<path> line <n>)". Returns the exit code, 1 after such an
/// error.
inline int run_on_rows(const std::string& path, const std::vector<std::size_t>& lines,
                       const std::function<int()>& body) {
  try {
    return body();
  } catch (const kam::error& e) {
    std::cerr << "error: " << e.what();
    if (e.row() && *e.row() >= 0 && static_cast<std::size_t>(*e.row()) < lines.size())
      std::cerr << " (" << path << " line " << lines[static_cast<std::size_t>(*e.row())] << ')';
    std::cerr << '\n';
    return 1;
  }
}

}  // namespace kam_examples
