// Runs one golden case of the kam tool and compares what it did with the case's expected files,
// byte for byte (a CMake script cannot: it drops carriage returns). A case is a directory:
//   args      the command line after `kam`, one argument per line (@DATA@ is examples/data)
//   inputs    optional: files of tools/kam/testdata copied into a fresh working directory first,
//             one name per line
//   stdin     optional: the name of a file of tools/kam/testdata the run reads as its standard
//             input (absent: an empty standard input)
//   stdout    optional: what the run must write to standard output (absent: nothing)
//   stderr    optional: what the run must write to standard error (absent: nothing)
//   rc        optional: the exit code (absent: 0)
//   files/    optional: the files the run must leave in the working directory besides the inputs;
//             the inputs must be left unchanged and nothing else may appear
//   same_as   optional: the name of another case whose stdout, stderr, rc and files/ this one
//             expects (e.g. the same run in chunks of another size)
// In expected files, @VERSION@ stands for kam's version and @DATA@ for examples/data. A difference
// is shown as a unified diff (diff -u). With --update the run's results are written into the case
// instead (review them with git diff).
//
//   golden_runner KAM CASE TESTDATA DATA WORKDIR VERSION [--update]
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct paths {
  fs::path kam, cases, testdata, data, work;
  std::string version;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

// The lines of a file (none when it does not exist).
std::vector<std::string> lines_of(const fs::path& p) {
  std::vector<std::string> out;
  if (!fs::exists(p)) return out;
  std::ifstream in(p, std::ios::binary);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Runs `kam args...` in `dir` with standard input from `in` and standard output and error to
// files; returns the exit code.
int run(const fs::path& kam, const std::vector<std::string>& args, const fs::path& dir,
        const fs::path& in, const fs::path& out, const fs::path& err) {
  const pid_t pid = fork();
  if (pid == 0) {
    if (chdir(dir.c_str()) != 0 || !freopen(in.c_str(), "rb", stdin) ||
        !freopen(out.c_str(), "wb", stdout) || !freopen(err.c_str(), "wb", stderr))
      _exit(127);
    std::vector<char*> argv{const_cast<char*>(kam.c_str())};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(kam.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// The files under `dir`, as paths relative to it.
std::vector<std::string> files_under(const fs::path& dir) {
  std::vector<std::string> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out.push_back(fs::relative(e.path(), dir).string());
  std::sort(out.begin(), out.end());
  return out;
}

// Returns `text` with the data directory and kam's version written as @DATA@ and @VERSION@, so
// that expected files hold no path of the machine they were made on.
std::string placeholder(const std::string& text, const paths& p) {
  return replace_all(replace_all(text, p.data.string(), "@DATA@"), p.version, "@VERSION@");
}

// Returns `text` with @DATA@ and @VERSION@ replaced by this run's data directory and version.
std::string unplaceholder(const std::string& text, const paths& p) {
  return replace_all(replace_all(text, "@DATA@", p.data.string()), "@VERSION@", p.version);
}

// Compares `actual` with the expected text (empty when `expected` does not exist); prints a
// unified diff and returns false when they differ.
bool same(const std::string& label, const fs::path& expected, const fs::path& actual,
          const paths& p) {
  const std::string want = fs::exists(expected) ? unplaceholder(slurp(expected), p) : "";
  if (want == slurp(actual)) return true;
  const fs::path copy = p.work / ("expected." + std::to_string(std::hash<std::string>{}(label)));
  write(copy, want);
  std::cout << std::flush;
  const std::string cmd = "diff -u --label 'expected " + label + "' --label 'actual " + label +
                          "' '" + copy.string() + "' '" + actual.string() + "'";
  (void)std::system(cmd.c_str());
  return false;
}

// Writes the run's results into the case `expected` (--update).
void update(const fs::path& expected, const fs::path& run_dir, const std::vector<std::string>& made,
            int rc, const paths& p) {
  fs::remove_all(expected / "files");
  for (const char* name : {"stdout", "stderr"}) {
    const std::string text = placeholder(slurp(p.work / name), p);
    if (text.empty()) {
      fs::remove(expected / name);
    } else {
      write(expected / name, text);
    }
  }
  if (rc == 0) {
    fs::remove(expected / "rc");
  } else {
    write(expected / "rc", std::to_string(rc) + "\n");
  }
  for (const auto& name : made)
    write(expected / "files" / name, placeholder(slurp(run_dir / name), p));
  std::cout << "updated " << expected.string() << "\n";
}

// Checks the files of the working directory: inputs unchanged, the expected outputs there with
// the expected content, nothing else.
bool check_files(const fs::path& expected, const fs::path& run_dir,
                 const std::vector<std::string>& inputs, const std::vector<std::string>& made,
                 const paths& p) {
  bool ok = true;
  for (const auto& name : inputs) {
    if (!fs::exists(run_dir / name) || slurp(run_dir / name) != slurp(p.testdata / name)) {
      std::cout << "the input " << name << " was changed or removed\n";
      ok = false;
    }
  }
  const auto wanted = files_under(expected / "files");
  for (const auto& name : made) {
    if (std::find(wanted.begin(), wanted.end(), name) != wanted.end()) continue;
    std::cout << "unexpected file left in the working directory: " << name << "\n";
    ok = false;
  }
  for (const auto& name : wanted) {
    if (!fs::exists(run_dir / name)) {
      std::cout << "the run did not write " << name << "\n";
      ok = false;
    } else {
      ok = same(name, expected / "files" / name, run_dir / name, p) && ok;
    }
  }
  return ok;
}

int golden(const paths& p, bool updating) {
  fs::remove_all(p.work);
  const fs::path run_dir = p.work / "run";
  fs::create_directories(run_dir);
  auto args = lines_of(p.cases / "args");
  for (auto& a : args) a = replace_all(a, "@DATA@", p.data.string());
  const auto inputs = lines_of(p.cases / "inputs");
  for (const auto& name : inputs) fs::copy_file(p.testdata / name, run_dir / name);
  const auto stdin_name = lines_of(p.cases / "stdin");
  const fs::path in = stdin_name.empty() ? fs::path("/dev/null") : p.testdata / stdin_name.front();
  const int rc = run(p.kam, args, run_dir, in, p.work / "stdout", p.work / "stderr");
  fs::path expected = p.cases;
  if (const auto other = lines_of(p.cases / "same_as"); !other.empty())
    expected = p.cases.parent_path() / other.front();
  std::vector<std::string> made;
  for (const auto& name : files_under(run_dir))
    if (std::find(inputs.begin(), inputs.end(), name) == inputs.end()) made.push_back(name);
  if (updating) {
    update(expected, run_dir, made, rc, p);
    return 0;
  }
  bool ok = same("stdout", expected / "stdout", p.work / "stdout", p);
  ok = same("stderr", expected / "stderr", p.work / "stderr", p) && ok;
  const auto want_rc = lines_of(expected / "rc");
  const int expected_rc = want_rc.empty() ? 0 : std::stoi(want_rc.front());
  if (rc != expected_rc) {
    std::cout << "exit code " << rc << ", expected " << expected_rc << "\n";
    ok = false;
  }
  ok = check_files(expected, run_dir, inputs, made, p) && ok;
  if (!ok) {
    std::cout << "in " << run_dir.string() << ": kam";
    for (const auto& a : args) std::cout << " " << a;
    std::cout << "\n";
  }
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 7) {
    std::cerr << "usage: golden_runner KAM CASE TESTDATA DATA WORKDIR VERSION [--update]\n";
    return 2;
  }
  const paths p{argv[1], argv[2], argv[3], argv[4], argv[5], argv[6]};
  return golden(p, argc > 7 && std::string(argv[7]) == "--update");
}
