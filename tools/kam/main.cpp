// `kam`: the command-line tool over the kam library. CSV and JSON in; scored portfolios (CSV or
// JSON) and a self-contained HTML report out. Each subcommand lives in commands/<name>.cpp.
//
//   kam <command> [options] [files]      kam help [command]      kam --version
//
// Exit codes: 0 success, 1 bad input or configuration (the message names file, line and column),
// 2 a mistake on the command line, 3 anything else (a file that cannot be written, ...).
#include <algorithm>
#include <exception>
#include <iostream>
#include <kam/core/error.hpp>
#include <kam/version.hpp>
#include <string>
#include <vector>

#include "command.hpp"

namespace kam_cli {

namespace commands {
command position();
command report();
command retention();
command score();
command segment();
}  // namespace commands

const std::vector<command>& all_commands() {
  // Sorted by name: the order of `kam help`.
  static const std::vector<command> list{commands::position(), commands::report(),
                                         commands::retention(), commands::score(),
                                         commands::segment()};
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
  if (cmd.name == "report") {
    for (const auto& c : all_commands()) {
      for (const auto& o : c.report_options) {
        const bool dup =
            std::any_of(all.begin(), all.end(), [&](const option& a) { return a.name == o.name; });
        if (!dup) all.push_back(o);
      }
    }
  }
  return all;
}

std::string overview() {
  std::string s =
      "usage: kam <command> [options] [files]\n\n"
      "Key account management from the command line: CSV and JSON in, scored portfolios and a\n"
      "visual report out.\n\ncommands:\n";
  for (const auto& c : all_commands()) {
    std::string name = "  " + std::string(c.name);
    name.resize(14, ' ');
    s += name + std::string(c.summary) + "\n";
  }
  s += "\n`kam help <command>` or `kam <command> --help` shows a command's options.\n"
       "exit codes: 0 success, 1 bad input or configuration, 2 bad command line, 3 other errors\n";
  return s;
}

int run(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << overview();
    return 2;
  }
  const std::string& first = args[0];
  if (first == "--version" || first == "version") {
    std::cout << "kam " << kam::version_string << "\n";
    return 0;
  }
  if (first == "--help" || first == "-h" || first == "help") {
    if (args.size() > 1) {
      if (const command* c = find_command(args[1])) {
        std::cout << help_text(*c, options_of(*c));
        return 0;
      }
      std::cerr << "kam: unknown command '" << args[1] << "'\n\n" << overview();
      return 2;
    }
    std::cout << overview();
    return 0;
  }
  const command* cmd = find_command(first);
  if (cmd == nullptr) {
    std::cerr << "kam: unknown command '" << first << "'\n\n" << overview();
    return 2;
  }
  const std::string label = "kam " + std::string(cmd->name);
  try {
    const auto opts = options_of(*cmd);
    const invocation inv =
        parse_arguments(std::string(cmd->name), {args.begin() + 1, args.end()}, opts);
    if (inv.has("help")) {
      std::cout << help_text(*cmd, opts);
      return 0;
    }
    return cmd->run(inv);
  } catch (const usage_error& e) {
    std::cerr << label << ": " << e.what() << "\n(see `kam " << cmd->name << " --help`)\n";
    return 2;
  } catch (const kam_examples::located_error& e) {
    std::cerr << label << ": error: " << e.where().str() << ": " << e.detail() << "\n";
    return 1;
  } catch (const kam::error& e) {
    std::cerr << label << ": error: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << label << ": error: " << e.what() << "\n";
    return 3;
  }
}

}  // namespace
}  // namespace kam_cli

int main(int argc, char** argv) {
  try {
    return kam_cli::run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "kam: error: " << e.what() << "\n";
    return 3;
  }
}
