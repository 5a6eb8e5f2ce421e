// The kam tool's command lines and configuration file (see command.hpp).
#include "command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <exception>

#include "suggest.hpp"

namespace kam_tool {
namespace {

// Splits "--name=value" or "--name" into the name and the value, or finds a short option's
// long name; throws usage_error for an unknown short option.
std::pair<std::string, std::optional<std::string>> name_and_value(
    const std::string& a, const std::vector<option>& specs) {
  if (a[1] == '-') {
    const auto eq = a.find('=');
    if (eq == std::string::npos) return {a.substr(2), std::nullopt};
    return {a.substr(2, eq - 2), a.substr(eq + 1)};
  }
  if (a.size() == 2) {
    for (const auto& s : specs)
      if (s.short_name == a[1]) return {std::string(s.name), std::nullopt};
  }
  throw usage_error("unknown option " + a);
}

const option& find_option(const std::string& name, const std::vector<option>& specs) {
  std::vector<std::string_view> names;
  for (const auto& s : specs) {
    if (s.name == name) return s;
    names.push_back(s.name);
  }
  std::string hint = did_you_mean(name, names);  // "did you mean 'x'? "
  if (!hint.empty()) {
    hint.insert(hint.find('\'') + 1, "--");
    hint = " (" + hint.substr(0, hint.size() - 1) + ")";
  }
  throw usage_error("unknown option --" + name + hint);
}

}  // namespace

std::vector<option> common_options() {
  return {{"config", "FILE", "JSON configuration (see tools/kam/README.md)", 'c'},
          {"delimiter", "CHAR", "the input's delimiter: ',', ';' or tab (default: detected)"},
          {"decimal-comma", "", "numbers written 1234,5 or 1.234,5 (with ';' or tab)"},
          {"help", "", "show this help", 'h'}};
}

invocation parse_arguments(std::string command, const std::vector<std::string>& args,
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
    auto [name, value] = name_and_value(a, specs);
    const option& spec = find_option(name, specs);
    if (spec.value.empty()) {
      if (value) throw usage_error("option --" + name + " takes no value");
      value = "";
    } else if (!value) {
      if (i + 1 >= args.size())
        throw usage_error(fmt::format("option --{} needs a value ({})", name, spec.value));
      value = args[++i];
    }
    if (!inv.options.emplace(name, *value).second)
      throw usage_error("option --" + name + " given twice");
  }
  return inv;
}

long long integer_option(const invocation& inv, std::string_view name, long long fallback,
                         long long min) {
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
    throw usage_error(
        fmt::format("option --{} needs an integer >= {}, not '{}'", name, min, *text));
  }
  return v;
}

std::string help_text(const command& cmd, const std::vector<option>& options) {
  std::string out = fmt::format("usage: {}\n\noptions:\n", cmd.usage);
  for (const auto& o : options) {
    std::string left = "  ";
    if (o.short_name != '\0') left += fmt::format("-{}, ", o.short_name);
    left += fmt::format("--{}", o.name);
    if (!o.value.empty()) left += fmt::format(" {}", o.value);
    out += fmt::format("{:<28} {}\n", left, o.help);
  }
  return out;
}

std::vector<std::string> known_sections() {
  std::vector<std::string> known{"input"};
  for (const auto& c : all_commands())
    if (!c.section.empty()) known.emplace_back(c.section);
  return known;
}

configuration::configuration(json_document doc, const std::vector<std::string>& known)
    : doc_(std::move(doc)) {
  if (!doc_.root().is_object()) {
    doc_.fail({}, fmt::format("expected an object of sections for the configuration, got {}",
                              kind_name(doc_.root())));
  }
  for (const auto& kv : doc_.root().get_object()) {
    const std::string_view key = kv.key();
    if (is_comment_key(key)) continue;
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    doc_.fail(json_path{}.key(key),
              fmt::format("unknown section '{}'; {}known: {}", key, did_you_mean(key, known),
                          quoted_list(known)),
              true);
  }
}

configuration configuration::load(const std::optional<std::string>& path) {
  // No file: no name either, so that an error about a default points at the data file (see
  // position_if_given) or nowhere, never at "(no configuration):1:1".
  return {path ? json_document::read_file(*path) : json_document("{}", ""), known_sections()};
}

bool configuration::has(std::string_view name) const {
  return doc_.root().get_object().contains(name);
}

}  // namespace kam_tool
