// The kam tool's commands: how one is described, how its command line is parsed, and how the
// configuration file is loaded and split into the sections the commands own.
//
// Each command lives in its own file, examples/cli/commands/<name>.cpp, which defines
// `kam_cli::command kam_cli::commands::<name>()`. CMake lists that directory and generates the
// registry (commands.inc), so adding a command touches no other command and no shared file.
#pragma once

#include <boost/json/value.hpp>
#include <cstddef>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json_io.hpp"

namespace kam_cli {

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
/// The report being assembled (see cli/report.hpp).
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

/// Returns every registered command, sorted by name (defined in main.cpp from commands.inc).
[[nodiscard]] const std::vector<command>& all_commands();

/// Options every command understands.
[[nodiscard]] inline std::vector<option> common_options() {
  return {{"config", "FILE", "JSON configuration (see README: the kam tool)", 'c'},
          {"help", "", "show this help", 'h'}};
}

/// Parses `args` (after the command name) against `specs`; throws usage_error for an unknown
/// option, a missing value, a value given to a flag, or an option given twice.
[[nodiscard]] inline invocation parse_arguments(std::string command,
                                                const std::vector<std::string>& args,
                                                const std::vector<option>& specs) {
  invocation inv;
  inv.command = std::move(command);
  bool only_positional = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (only_positional || a.size() < 2 || a[0] != '-') {
      inv.positional.push_back(a);
      continue;
    }
    if (a == "--") {
      only_positional = true;
      continue;
    }
    std::string name;
    std::optional<std::string> value;
    if (a[1] == '-') {
      const auto eq = a.find('=');
      name = a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
      if (eq != std::string::npos) value = a.substr(eq + 1);
    } else {
      if (a.size() != 2) throw usage_error("unknown option " + a);
      for (const auto& s : specs)
        if (s.short_name == a[1]) name = s.name;
      if (name.empty()) throw usage_error("unknown option " + a);
    }
    const option* spec = nullptr;
    for (const auto& s : specs)
      if (s.name == name) spec = &s;
    if (spec == nullptr) throw usage_error("unknown option --" + name);
    if (spec->value.empty()) {
      if (value) throw usage_error("option --" + name + " takes no value");
      value = "";
    } else if (!value) {
      if (i + 1 >= args.size()) {
        throw usage_error("option --" + name + " needs a value (" + std::string(spec->value) + ")");
      }
      value = args[++i];
    }
    if (!inv.options.emplace(name, *value).second)
      throw usage_error("option --" + name + " given twice");
  }
  return inv;
}

/// Returns the value of the integer option `name` (default `fallback`), which must be at least
/// `min`; throws usage_error for anything else.
[[nodiscard]] inline long long integer_option(const invocation& inv, std::string_view name,
                                              long long fallback, long long min) {
  const auto text = inv.get(name);
  if (!text) return fallback;
  std::size_t used = 0;
  long long v = 0;
  try {
    v = std::stoll(*text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text->size() || v < min) {
    throw usage_error("option --" + std::string(name) +
                      " needs an integer >= " + std::to_string(min) + ", not '" + *text + "'");
  }
  return v;
}

/// Returns the help text of `cmd`: usage line, summary and options.
[[nodiscard]] inline std::string help_text(const command& cmd, const std::vector<option>& options) {
  std::string out = "usage: " + std::string(cmd.usage) + "\n\noptions:\n";
  for (const auto& o : options) {
    std::string left = "  ";
    if (o.short_name != '\0') {
      left += '-';
      left += o.short_name;
      left += ", ";
    }
    left += "--";
    left += o.name;
    if (!o.value.empty()) {
      left += ' ';
      left += o.value;
    }
    if (left.size() < 28) left.resize(28, ' ');
    out += left;
    out += ' ';
    out += o.help;
    out += '\n';
  }
  return out;
}

/// Returns the top-level configuration sections: "input" and the section of every registered
/// command.
[[nodiscard]] inline std::vector<std::string> known_sections() {
  std::vector<std::string> known{"input"};
  for (const auto& c : all_commands())
    if (!c.section.empty()) known.emplace_back(c.section);
  return known;
}

/// The configuration file, checked for its top-level sections. Absent file: an empty object.
class configuration {
 public:
  /// Takes a parsed document whose root must be an object with keys from `known` only; anything
  /// else is a located_error at the key, listing the known sections.
  configuration(json_document doc, const std::vector<std::string>& known) : doc_(std::move(doc)) {
    if (!doc_.root().is_object()) {
      doc_.fail({}, kam::detail::cat("expected an object of sections for the configuration, got ",
                                     detail::kind_name(doc_.root())));
    }
    for (const auto& kv : doc_.root().get_object()) {
      bool found = false;
      for (const auto& k : known) found = found || k == kv.key();
      if (!found) {
        doc_.fail(json_path{}.key(kv.key()),
                  kam::detail::cat("unknown section '", std::string_view(kv.key()),
                                   "'; known: ", kam::detail::quoted_list(known)),
                  true);
      }
    }
  }

  /// Loads the file at `path` (none: an empty configuration) against known_sections().
  [[nodiscard]] static configuration load(const std::optional<std::string>& path) {
    return {path ? json_document::read_file(*path) : json_document("{}", "(no configuration)"),
            known_sections()};
  }

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
  [[nodiscard]] bool has(std::string_view name) const {
    return doc_.root().get_object().contains(name);
  }

 private:
  json_document doc_;
};

}  // namespace kam_cli
