// Tests of tools/kam/output.hpp: numbers, CSV fields, JSON text, described rows as tables, and
// files that appear whole or not at all.
#include "output.hpp"

#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "catch.hpp"
#include "command.hpp"
#include "score_pipeline.hpp"

namespace {
std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
namespace fs = std::filesystem;

// Returns a fresh, empty directory for one test case.
fs::path fresh_dir(std::string_view name) {
  const auto dir = fs::path(KAM_TOOL_BINARY_DIR) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// Returns the names of the entries of `dir` that are temporary files of output_file.
std::vector<std::string> temporaries(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const auto name = e.path().filename().string();
    if (name.find(".kam-tmp-") != std::string::npos) out.push_back(name);
  }
  return out;
}

// Returns the permission bits of `p` (of the file a link points to).
fs::perms mode_of(const fs::path& p) { return fs::status(p).permissions(); }

// Writes `text` through an output_file at `path` and commits it.
void write_through(const fs::path& path, const std::string& text) {
  kam_tool::output_file f(path.string(), std::cout);
  f.stream() << text;
  f.commit();
}

// Returns the usage_error message of opening an output_file at `path` (FAIL if none).
std::string refusal(const fs::path& path) {
  return kam_test::message_of<kam_tool::usage_error>(
      [&] { kam_tool::output_file f(path.string(), std::cout); });
}

std::string csv_field(std::string_view f) {
  std::string out;
  kam_tool::append_csv_field(out, f);
  return out;
}
}  // namespace

TEST_CASE("output: numbers in their shortest round-trip form", "[output]") {
  CHECK(kam_tool::format_number(0.5) == "0.5");
  CHECK(kam_tool::format_number(0.1) == "0.1");
  CHECK(kam_tool::format_number(100.0) == "100");
  CHECK(kam_tool::format_number(1e-7) == "1e-07");
  CHECK(kam_tool::format_number(1.0 / 3.0) == "0.3333333333333333");  // 16 digits read back exactly
  CHECK(kam_tool::format_number(std::numeric_limits<double>::quiet_NaN()).empty());
}

TEST_CASE("output: --precision rounds to significant digits, then writes the shortest form",
          "[output]") {
  CHECK(kam_tool::format_number(15.000000000000002, 4) == "15");
  CHECK(kam_tool::format_number(74.10714285714286, 3) == "74.1");
  CHECK(kam_tool::format_number(0.0004567, 2) == "0.00046");
  CHECK(kam_tool::format_number(123456.0, 3) == "123000");
  CHECK(kam_tool::format_number(-2.25, 2) == "-2.2");  // exactly -2.25: a tie, to even
  CHECK(kam_tool::format_number(1.0 / 3.0, 0) == "0.3333333333333333");  // 0: exactly
  CHECK(kam_tool::format_number(1.0 / 3.0, 17) == "0.3333333333333333");
  CHECK(kam_tool::format_number(std::numeric_limits<double>::infinity(), 3).empty());
  const auto v = boost::json::parse(R"({"a":[0.123456,2],"b":{"c":15.000000000000002}})");
  std::string out;
  kam_tool::append_json(out, v, 2);
  CHECK(out == R"({"a":[0.12,2],"b":{"c":15}})");
}

TEST_CASE("output: carried columns are written flat under their own names", "[output]") {
  kam_tool::scored_account a;
  a.id = "A";
  a.columns.values = {{"name", "Alpha, Inc."}, {"owner", std::nullopt}};
  a.score = 0.5;
  std::ostringstream csv;
  kam_tool::table_writer<kam_tool::scored_account> w(csv, kam_tool::table_format::csv, "rows");
  w.write(a);
  w.finish();
  CHECK(csv.str().starts_with("id,name,owner,score,rank,"));
  CHECK_THAT(csv.str(), Catch::Matchers::Contains("\nA,\"Alpha, Inc.\",,0.5,"));
  const auto json = kam_tool::serialize_json(kam_tool::to_json(a));
  CHECK(json.starts_with(R"({"id":"A","name":"Alpha, Inc.","owner":null,"score":0.5,)"));
}

TEST_CASE("output: CSV fields quoted only when RFC 4180 needs it", "[output]") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\r\nlines") == "\"two\r\nlines\"");
  CHECK(csv_field(" padded ") == "\" padded \"");  // kept exactly: readers may trim bare spaces
  CHECK(csv_field("") == "");
}

TEST_CASE("output: JSON text with readable numbers", "[output]") {
  const auto v = boost::json::parse(R"({"a":[0.25,100.0,-3,1e-7],"s":"q\"x","n":null,"b":true})");
  CHECK(kam_tool::serialize_json(v) == R"({"a":[0.25,100,-3,1e-07],"s":"q\"x","n":null,"b":true})");
}

TEST_CASE("output: described rows as CSV and JSON tables", "[output]") {
  kam_tool::scored_account a;
  a.id = "A,1";
  a.score = 0.75;
  a.rank = 1;
  a.tier = 2;
  a.key_account = true;
  a.coverage = 0.5;
  a.contributions = {{"revenue", 0.5}, {"effort", 0.25}};
  kam_tool::scored_account b = a;
  b.id = "B";
  b.tier_name = "gold";
  b.key_account = false;

  std::ostringstream csv;
  kam_tool::table_writer<kam_tool::scored_account> w(csv, kam_tool::table_format::csv, "accounts");
  w.write(a);
  w.write(b);
  w.finish();
  CHECK(csv.str() ==
        "id,score,rank,tier,tier_name,key_account,coverage,contributions.revenue,"
        "contributions.effort\n"
        "\"A,1\",0.75,1,2,,true,0.5,0.5,0.25\n"
        "B,0.75,1,2,gold,false,0.5,0.5,0.25\n");

  std::ostringstream json;
  boost::json::object head;
  head["kam"] = "x";
  kam_tool::table_writer<kam_tool::scored_account> j(json, kam_tool::table_format::json, "accounts",
                                                     head);
  j.write(a);
  boost::json::object tail;
  tail["end"] = 1;
  j.finish(tail);
  CHECK(json.str() ==
        "{\"kam\":\"x\",\n\"accounts\":[\n"
        "{\"id\":\"A,1\",\"score\":0.75,\"rank\":1,\"tier\":2,\"tier_name\":null,"
        "\"key_account\":true,\"coverage\":0.5,\"contributions\":{\"revenue\":0.5,\"effort\":0.25}}"
        "\n],\n\"end\":1}\n");
  // It is JSON, and it reads back.
  const auto parsed = boost::json::parse(json.str());
  CHECK(parsed.at("accounts").at(0).at("contributions").at("effort").as_double() == 0.25);
}

TEST_CASE("output: a file appears whole on commit, and not at all otherwise", "[output]") {
  const auto dir = std::filesystem::path(KAM_TOOL_BINARY_DIR) / "output_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto path = dir / "out.csv";
  {
    kam_tool::output_file f(path.string(), std::cout);
    f.stream() << "first\n";
    CHECK_FALSE(std::filesystem::exists(path));  // nothing at the path before commit
    f.commit();
  }
  CHECK(slurp(path) == "first\n");
  {
    kam_tool::output_file f(path.string(), std::cout);
    f.stream() << "partial";
  }                                 // an error on the way: no commit
  CHECK(slurp(path) == "first\n");  // the earlier file is untouched
  std::size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    (void)e;
    ++files;
  }
  CHECK(files == 1);  // and no temporary file is left
  CHECK_THROWS_AS(kam_tool::output_file((dir / "no/such/dir/x.csv").string(), std::cout),
                  std::runtime_error);
}

TEST_CASE("output: the tool never writes over its input", "[output]") {
  const auto dir = std::filesystem::path(KAM_TOOL_BINARY_DIR) / "output_input_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto input = dir / "accounts.csv";
  std::ofstream(input) << "id\nA\n";
  // The same file however the path is spelled: refused before anything is written.
  for (const auto& out : {input, dir / "." / "accounts.csv"}) {
    CHECK_THROWS_AS(kam_tool::output_file(out.string(), std::cout, {input.string()}),
                    kam_tool::usage_error);
  }
  CHECK(slurp(input) == "id\nA\n");
  CHECK_NOTHROW(kam_tool::output_file((dir / "scores.csv").string(), std::cout, {input.string()}));
}

TEST_CASE("output: the same file as an input through a symbolic or hard link is refused",
          "[output]") {
  const auto dir = fresh_dir("output_input_links_test");
  const auto input = dir / "accounts.csv";
  std::ofstream(input) << "id\nA\n";
  fs::create_symlink("accounts.csv", dir / "link.csv");
  fs::create_hard_link(input, dir / "hard.csv");
  const auto config = dir / "cfg.json";
  std::ofstream(config) << "{}";
  // Any input of the command counts, the configuration too: equivalent() compares inodes.
  for (const auto& out : {dir / "link.csv", dir / "hard.csv", config}) {
    CHECK_THROWS_AS(
        kam_tool::output_file(out.string(), std::cout, {input.string(), config.string()}),
        kam_tool::usage_error);
  }
  CHECK(slurp(input) == "id\nA\n");
  CHECK(slurp(config) == "{}");
  CHECK(fs::is_symlink(dir / "link.csv"));
}

TEST_CASE("output: a symbolic link is followed; the link stays and its target keeps its mode",
          "[output]") {
  // Before #20 the temporary file was renamed over the link itself: the link became a plain
  // file with the umask's mode, and the file it pointed to kept the old content.
  const auto dir = fresh_dir("output_symlink_test");
  const auto target = dir / "target.csv";
  std::ofstream(target) << "old\n";
  fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  fs::create_symlink("target.csv", dir / "link.csv");
  write_through(dir / "link.csv", "new\n");
  CHECK(fs::is_symlink(dir / "link.csv"));
  CHECK(fs::read_symlink(dir / "link.csv") == "target.csv");
  CHECK(slurp(target) == "new\n");
  CHECK(mode_of(target) ==
        (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));  // 0640
  // A link to a file that does not exist yet: the file is made where the link points.
  fs::create_symlink("made.csv", dir / "dangling.csv");
  write_through(dir / "dangling.csv", "made\n");
  CHECK(fs::is_symlink(dir / "dangling.csv"));
  CHECK(slurp(dir / "made.csv") == "made\n");
  CHECK(temporaries(dir).empty());
}

TEST_CASE("output: an existing file keeps its permission mode", "[output]") {
  // Before #20 the new file got 0666 minus the umask, whatever the old one had.
  const auto dir = fresh_dir("output_mode_test");
  const auto path = dir / "private.csv";
  std::ofstream(path) << "old\n";
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);  // 0600
  write_through(path, "new\n");
  CHECK(slurp(path) == "new\n");
  CHECK(mode_of(path) == (fs::perms::owner_read | fs::perms::owner_write));
}

TEST_CASE("output: a read-only file is refused, its content and mode unchanged", "[output]") {
  // Read-only by the mode bits: the tests run as root in CI, where access() allows any write.
  const auto dir = fresh_dir("output_read_only_test");
  const auto path = dir / "frozen.csv";
  std::ofstream(path) << "keep\n";
  const auto read_only = fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read;
  fs::permissions(path, read_only);  // 0444
  const auto message = refusal(path);
  CHECK_THAT(message, Catch::Matchers::Contains(path.string()) &&
                          Catch::Matchers::Contains("read-only (mode 0444)"));
  CHECK(slurp(path) == "keep\n");
  CHECK(mode_of(path) == read_only);
  // Through a link, the message names both.
  fs::create_symlink("frozen.csv", dir / "link.csv");
  CHECK_THAT(refusal(dir / "link.csv"),
             Catch::Matchers::Contains("a link to") && Catch::Matchers::Contains("read-only"));
  CHECK(slurp(path) == "keep\n");
  CHECK(temporaries(dir).empty());
}

TEST_CASE("output: special files are refused with their path and kind", "[output]") {
  // Before #20 a FIFO, a device (as root) or a socket was replaced by a regular file, and a
  // directory gave a raw rename error naming the temporary file.
  const auto dir = fresh_dir("output_special_test");
  fs::create_directory(dir / "folder");
  REQUIRE(::mkfifo((dir / "fifo").c_str(), 0644) == 0);
  const int sock = ::socket(AF_UNIX, SOCK_STREAM, 0);
  REQUIRE(sock >= 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  // A socket's path must fit in sun_path (108 bytes): under /tmp, not in a deep build tree.
  const auto sock_dir =
      fs::temp_directory_path() / kam_test::numbered("kam-output-test-", ::getpid());
  fs::remove_all(sock_dir);
  fs::create_directories(sock_dir);
  const auto sock_path = (sock_dir / "sock").string();
  REQUIRE(sock_path.size() < sizeof addr.sun_path);
  std::memcpy(addr.sun_path, sock_path.c_str(), sock_path.size() + 1);
  REQUIRE(::bind(sock, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
  ::close(sock);
  fs::create_symlink("/dev/null", dir / "to_null");
  const std::vector<std::pair<fs::path, std::string>> cases{
      {dir / "folder", "is a directory"},
      {dir / "fifo", "is a named pipe (FIFO)"},
      {sock_path, "is a socket"},
      {"/dev/null", "is a character device"},
      {"/dev/full", "is a character device"},
      {dir / "to_null", "(a link to /dev/null) is a character device"}};
  for (const auto& [path, kind] : cases) {
    INFO(path.string());
    const auto message = refusal(path);
    CHECK_THAT(message, Catch::Matchers::Contains(path.string()) &&
                            Catch::Matchers::Contains(kind) &&
                            Catch::Matchers::Contains("-o - writes to standard output"));
    CHECK_THAT(message, !Catch::Matchers::Contains("kam-tmp"));
  }
  CHECK(fs::is_directory(dir / "folder"));
  CHECK(fs::is_fifo(dir / "fifo"));
  CHECK(fs::is_socket(sock_path));
  CHECK(temporaries(sock_dir).empty());
  fs::remove_all(sock_dir);
  CHECK(fs::is_character_file("/dev/null"));
  CHECK(fs::is_character_file("/dev/full"));
  CHECK(fs::is_symlink(dir / "to_null"));
  CHECK(temporaries(dir).empty());
}

TEST_CASE("output: an empty name and a loop of links are refused", "[output]") {
  const auto dir = fresh_dir("output_bad_names_test");
  CHECK_THAT(refusal(""), Catch::Matchers::Contains("-o needs a file name"));
  fs::create_symlink("b", dir / "a");
  fs::create_symlink("a", dir / "b");
  CHECK_THAT(refusal(dir / "a"), Catch::Matchers::Contains("loop of symbolic links"));
  CHECK(temporaries(dir).empty());
}

TEST_CASE("output: - writes to standard output, and no file", "[output]") {
  std::ostringstream standard_output;
  const auto before = temporaries(fs::current_path());
  {
    kam_tool::output_file f("-", standard_output, {"-"});
    f.stream() << "rows\n";
    f.commit();
  }
  CHECK(standard_output.str() == "rows\n");
  CHECK_FALSE(fs::exists(fs::current_path() / "-"));
  CHECK(temporaries(fs::current_path()) == before);
}

namespace {
// Lowers the file size limit of this process (RLIMIT_FSIZE) while it lives, with SIGXFSZ
// ignored: writes past the limit then fail with EFBIG, as they would on a full disk.
class file_size_limit {
 public:
  explicit file_size_limit(rlim_t bytes) {
    ::getrlimit(RLIMIT_FSIZE, &saved_);
    handler_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit lowered = saved_;
    lowered.rlim_cur = bytes;
    ::setrlimit(RLIMIT_FSIZE, &lowered);
  }
  file_size_limit(const file_size_limit&) = delete;
  file_size_limit& operator=(const file_size_limit&) = delete;
  ~file_size_limit() {
    ::setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, handler_);
  }

 private:
  rlimit saved_{};
  void (*handler_)(int) = nullptr;
};
}  // namespace

TEST_CASE("output: a failed write (disk full) leaves the old file and no temporary file",
          "[output]") {
  const auto dir = fresh_dir("output_disk_full_test");
  const auto path = dir / "scores.csv";
  std::ofstream(path) << "old\n";
  {
    const file_size_limit limit(4096);
    kam_tool::output_file f(path.string(), std::cout);
    f.stream() << std::string(1 << 20, 'x');  // 1 MiB: fails past 4 KiB
    CHECK_THROWS_WITH(f.commit(), Catch::Matchers::Contains(path.string()) &&
                                      Catch::Matchers::Contains("disk full"));
  }
  CHECK(slurp(path) == "old\n");
  CHECK(temporaries(dir).empty());
}

TEST_CASE("output: a target that changes before commit is not replaced, and no temporary stays",
          "[output]") {
  // The checks run again at commit: here the path became a directory after the file was opened.
  const auto dir = fresh_dir("output_changed_target_test");
  const auto path = dir / "scores.csv";
  {
    kam_tool::output_file f(path.string(), std::cout);
    f.stream() << "rows\n";
    fs::create_directory(path);
    const auto message =
        kam_test::message_of<kam_tool::usage_error>([&] { f.commit(); });  // not a rename error
    CHECK_THAT(message, Catch::Matchers::Contains("is a directory") &&
                            !Catch::Matchers::Contains("kam-tmp"));
  }
  CHECK(fs::is_directory(path));
  CHECK(temporaries(dir).empty());
}
