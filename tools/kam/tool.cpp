// The kam tool's entry point (see tool.hpp): the list of commands, dispatch, help, and the
// mapping of errors to messages and exit codes.
#include "tool.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <exception>
#include <kam/core.hpp>
#include <kam/version.hpp>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "command.hpp"
#include "config_keys.hpp"
#include "suggest.hpp"

namespace kam_tool {

namespace commands {
command clv();
command init();
command plan();
command position();
command report();
command retention();
command score();
command segment();
command survival();
}  // namespace commands

const std::vector<command>& all_commands() {
  // Sorted by name: the order of `kam help`.
  static const std::vector<command> list{
      commands::clv(),      commands::init(),    commands::plan(),
      commands::position(), commands::report(),  commands::retention(),
      commands::score(),    commands::segment(), commands::survival()};
  return list;
}

namespace {

const command* find_command(std::string_view name) {
  for (const auto& c : all_commands())
    if (c.name == name) return &c;
  return nullptr;
}

/// Returns the options `cmd` accepts: its own, the common ones and, for a command that builds
/// the report, the report options of every command that contributes to it.
std::vector<option> options_of(const command& cmd) {
  std::vector<option> all = common_options();
  all.insert(all.end(), cmd.options.begin(), cmd.options.end());
  if (cmd.name != "report") return all;
  for (const auto& c : all_commands()) {
    for (const auto& o : c.report_options) {
      const bool dup =
          std::any_of(all.begin(), all.end(), [&](const option& a) { return a.name == o.name; });
      if (!dup) all.push_back(o);
    }
  }
  return all;
}

// Returns " (did you mean 'x'?)" for a mistyped command, or "".
std::string did_you_mean_command(std::string_view name) {
  std::vector<std::string_view> names;
  for (const auto& c : all_commands()) names.push_back(c.name);
  const std::string hint = did_you_mean(name, names);
  return hint.empty() ? hint : " (" + hint.substr(0, hint.size() - 1) + ")";
}

std::string overview() {
  std::string s =
      "usage: kam <command> [options] [files]\n\n"
      "Key account management from the command line: CSV and JSON in, scored portfolios and a\n"
      "visual report out.\n\ncommands:\n";
  for (const auto& c : all_commands()) s += fmt::format("  {:<12}{}\n", c.name, c.summary);
  s += "\n`kam help <command>` or `kam <command> --help` shows a command's options;\n"
       "`kam help config` every key of the configuration file.\n"
       "exit codes: 0 success, 1 bad input or configuration, 2 bad command line, 3 other errors\n";
  return s;
}

// `kam`, `kam --version`, `kam help [command]`: returns the exit code, or -1 for a command.
int run_general(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty()) {
    err << overview();
    return 2;
  }
  const std::string& first = args[0];
  if (first == "--version" || first == "version") {
    fmt::print(out, "kam {}\n", kam::version_string);
    return 0;
  }
  if (first != "--help" && first != "-h" && first != "help") return -1;
  if (args.size() == 1) {
    out << overview();
    return 0;
  }
  if (args[1] == "config") {
    out << config_help();
    return 0;
  }
  if (const command* c = find_command(args[1])) {
    out << help_text(*c, options_of(*c));
    return 0;
  }
  fmt::print(err, "kam: unknown command '{}'\n\n{}", args[1], overview());
  return 2;
}

int run_command(const command& cmd, const std::vector<std::string>& args, std::ostream& out,
                std::ostream& err, std::istream& in) {
  const std::string label = fmt::format("kam {}", cmd.name);
  try {
    const auto opts = options_of(cmd);
    invocation inv = parse_arguments(std::string(cmd.name), {args.begin() + 1, args.end()}, opts);
    inv.out = &out;
    inv.in = &in;
    inv.err = &err;
    if (inv.has("help")) {
      out << help_text(cmd, opts);
      return 0;
    }
    return cmd.run(inv);
  } catch (const usage_error& e) {
    fmt::print(err, "{}: {}\n(see `kam {} --help`)\n", label, e.what(), cmd.name);
    return 2;
  } catch (const located_error& e) {
    if (e.where().source.empty()) {
      fmt::print(err, "{}: error: {}\n", label, e.detail());
    } else {
      fmt::print(err, "{}: error: {}: {}\n", label, e.where().str(), e.detail());
    }
    return 1;
  } catch (const kam::error& e) {
    fmt::print(err, "{}: error: {}\n", label, e.what());
    return 1;
  } catch (const std::exception& e) {
    fmt::print(err, "{}: error: {}\n", label, e.what());
    return 3;
  }
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
        std::istream& in) {
  if (const int rc = run_general(args, out, err); rc >= 0) return rc;
  const command* cmd = find_command(args[0]);
  if (cmd == nullptr) {
    fmt::print(err, "kam: unknown command '{}'{}\n\n{}", args[0],
               std::string_view(did_you_mean_command(args[0])), overview());
    return 2;
  }
  return run_command(*cmd, args, out, err, in);
}

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::istringstream nothing;
  return run(args, out, err, nothing);
}

}  // namespace kam_tool
