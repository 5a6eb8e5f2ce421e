// The kam tool's commands: how one is described, how its command line is parsed, and how the
// configuration file is loaded and split into the sections the commands own.
//
// Each command lives in its own file, tools/kam/commands/<name>.cpp, which defines
// `kam_tool::command kam_tool::commands::<name>()`; tool.cpp lists them.
#pragma once

#include <iosfwd>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json_io.hpp"

namespace kam_tool {

/// A mistake on the command line (unknown option, missing argument): exit code 2 and the usage.
class usage_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One option a command accepts: `--name VALUE` (or `--name=VALUE`), or a flag when `value` is
/// empty; `short_name` is an optional one-letter alias (`-o`).
struct option {
  std::string_view name;
  std::string_view value;
  std::string_view help;
  char short_name = '\0';
};

/// A parsed command line: the options given (by long name) and the positional arguments.
struct invocation {
  std::string command;
  std::ostream* out = nullptr;  ///< standard output (set by kam_tool::run)
  std::istream* in = nullptr;   ///< standard input (set by kam_tool::run), for the input "-"
  std::ostream* err = nullptr;  ///< standard error (set by kam_tool::run), for warnings
  std::map<std::string, std::string, std::less<>> options;
  std::vector<std::string> positional;

  /// Returns the value of option `name`, if given.
  [[nodiscard]] std::optional<std::string> get(std::string_view name) const {
    const auto it = options.find(name);
    if (it == options.end()) return std::nullopt;
    return it->second;
  }
  /// Returns whether flag `name` was given.
  [[nodiscard]] bool has(std::string_view name) const { return options.contains(name); }
};

/// Inputs a command contributes to `kam report` from (the report's own invocation and config).
struct report_input;
/// The report being assembled (see report.hpp).
struct report;

/// A subcommand of `kam`. `run` returns the exit code; it may throw kam::error (exit 1),
/// usage_error (exit 2) or another std::exception (exit 3). `section` is the top-level key of
/// the configuration the command owns ("" for none). `contribute`, if set, fills the command's
/// part of `kam report`, reading the options listed in `report_options`.
struct command {
  std::string_view name;
  std::string_view summary;
  std::string_view usage;
  std::vector<option> options;
  std::string_view section;
  int (*run)(const invocation&) = nullptr;
  void (*contribute)(const report_input&, report&) = nullptr;
  std::vector<option> report_options;
};

/// Returns every command, sorted by name (tool.cpp).
[[nodiscard]] const std::vector<command>& all_commands();

/// Returns the options every command understands.
[[nodiscard]] std::vector<option> common_options();

/// Parses `args` (after the command name) against `specs`; throws usage_error for an unknown
/// option, a missing value, a value given to a flag, or an option given twice.
[[nodiscard]] invocation parse_arguments(std::string command, const std::vector<std::string>& args,
                                         const std::vector<option>& specs);

/// Returns the value of the integer option `name` (default `fallback`), which must be at least
/// `min`; throws usage_error for anything else.
[[nodiscard]] long long integer_option(const invocation& inv, std::string_view name,
                                       long long fallback, long long min);

/// Returns the help text of `cmd`: usage line, summary and options.
[[nodiscard]] std::string help_text(const command& cmd, const std::vector<option>& options);

/// Returns the top-level configuration sections: "input" and the section of every registered
/// command.
[[nodiscard]] std::vector<std::string> known_sections();

/// The configuration file, checked for its top-level sections. Absent file: an empty object.
class configuration {
 public:
  /// Takes a parsed document whose root must be an object with keys from `known` only; anything
  /// else is a located_error at the key, listing the known sections.
  configuration(json_document doc, const std::vector<std::string>& known);

  /// Loads the file at `path` (none: an empty configuration) against known_sections().
  [[nodiscard]] static configuration load(const std::optional<std::string>& path);

  /// Returns the parsed document (for positions in messages).
  [[nodiscard]] const json_document& document() const noexcept { return doc_; }

  /// Returns section `name` read into a `T` (defaults of `T` for everything absent).
  template <typename T>
  [[nodiscard]] T section(std::string_view name) const {
    T out{};
    const auto& root = doc_.root().get_object();
    if (const auto it = root.find(name); it != root.end())
      read_json(doc_, it->value(), json_path{}.key(name), out);
    return out;
  }

  /// Returns whether the configuration has section `name`.
  [[nodiscard]] bool has(std::string_view name) const;

 private:
  json_document doc_;
};

}  // namespace kam_tool
