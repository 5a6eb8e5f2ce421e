// Tests of tools/kam/csv.hpp: RFC 4180 reading, positions, read blocks, and every rejection.
#include "csv.hpp"

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include "catch.hpp"

namespace {

using kam_tool::csv_reader;
using kam_tool::csv_record;
using kam_tool::located_error;

struct read_record {
  std::vector<std::string> fields;
  std::vector<bool> present;
  std::vector<std::size_t> field_lines;
  std::size_t line = 0;
  std::size_t index = 0;
};

std::vector<read_record> read_all(const std::string& text,
                                  std::vector<std::string>* header = nullptr,
                                  std::size_t block = csv_reader::default_block_size) {
  std::istringstream in(text, std::ios::binary);
  csv_reader reader(in, "t.csv", {}, block);
  if (header != nullptr) *header = reader.header();
  std::vector<read_record> out;
  csv_record r;
  while (reader.next(r)) {
    read_record rr;
    for (std::size_t k = 0; k < r.size(); ++k) {
      rr.fields.emplace_back(r.field(k));
      rr.present.push_back(r.present(k));
      rr.field_lines.push_back(r.field_line(k));
    }
    rr.line = r.line();
    rr.index = r.index();
    out.push_back(rr);
  }
  return out;
}

// Returns the error of reading `text` to its end.
located_error error_of(const std::string& text,
                       std::size_t block = csv_reader::default_block_size) {
  try {
    (void)read_all(text, nullptr, block);
  } catch (const located_error& e) {
    return e;
  }
  FAIL("expected a located_error");
  return located_error("", "", {}, "");
}

using strings = std::vector<std::string>;
using lines = std::vector<std::size_t>;

}  // namespace

TEST_CASE("csv: RFC 4180 quoting: commas, doubled quotes, line breaks in fields", "[csv]") {
  // RFC 4180 section 2, rules 5-7, one example each; the multi-line field puts record 2 on
  // lines 3-4.
  strings header;
  const auto rows = read_all(
      "id,name,note\n"
      "1,\"Alpha, Inc.\",\"said \"\"hi\"\"\"\n"
      "2,\"two\nlines\",x\n",
      &header);
  CHECK(header == strings{"id", "name", "note"});
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].fields == strings{"1", "Alpha, Inc.", "said \"hi\""});
  CHECK(rows[0].line == 2);
  CHECK(rows[1].fields == strings{"2", "two\nlines", "x"});
  CHECK(rows[1].line == 3);
  CHECK(rows[1].field_lines == lines{3, 3, 4});  // "x" starts on line 4, after the line break
  CHECK(rows[1].index == 1);
}

TEST_CASE("csv: byte-order mark, CRLF, spaces kept, empty fields missing", "[csv]") {
  strings header;
  const auto rows = read_all("\xEF\xBB\xBFid,a,b\r\n x , ,\"\"\r\n2,\"\",3\r\n", &header);
  CHECK(header == strings{"id", "a", "b"});  // the BOM is not part of the first name
  REQUIRE(rows.size() == 2);
  // RFC 4180 2.4: spaces are part of a field. An empty field, quoted or not, is missing.
  CHECK(rows[0].fields == strings{" x ", " ", ""});
  CHECK(rows[0].present == std::vector<bool>{true, true, false});
  CHECK(rows[1].present == std::vector<bool>{true, false, true});
  CHECK(rows[1].line == 3);  // CRLF counts as one line end
}

TEST_CASE("csv: lone CR line ends and blank lines keep line numbers right", "[csv]") {
  // Classic Mac line ends (CR only): records on lines 2, 3; then a blank line; then line 5.
  const auto rows = read_all("id,v\r1,a\r2,b\r\r3,c\r");
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].line == 2);
  CHECK(rows[1].line == 3);
  CHECK(rows[2].line == 5);
  CHECK(rows[2].fields == strings{"3", "c"});
  // LF with blank lines between records and before the header.
  strings header;
  const auto more = read_all("\n\nid,v\n\n1,a\n\n\n2,b", &header);
  CHECK(header == strings{"id", "v"});
  REQUIRE(more.size() == 2);
  CHECK(more[0].line == 5);
  CHECK(more[1].line == 8);  // the last record has no line end
}

TEST_CASE("csv: records across the 64 KiB read blocks, CRLF split between blocks", "[csv]") {
  // 20000 records of "i,<value>" with CRLF: some record, and some CR / LF pair, straddles each
  // block boundary. Record i is on line i + 2.
  std::string text = "id,value\r\n";
  for (int i = 0; i < 20000; ++i) text += std::to_string(i) + ",v" + std::to_string(i * 7) + "\r\n";
  const auto rows = read_all(text);
  REQUIRE(rows.size() == 20000);
  bool all_right = true;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::string value = "v";
    value += std::to_string(i * 7);
    all_right = all_right && rows[i].line == i + 2 && rows[i].fields[0] == std::to_string(i) &&
                rows[i].fields[1] == value;
  }
  CHECK(all_right);
}

TEST_CASE("csv: every read block size gives the same records", "[csv]") {
  // Blocks of 1 byte up to the whole text put block boundaries all over (the block grows to hold
  // the header line, 11 bytes, then record 3): inside a quoted field with a line break, between
  // the CR and the LF of a CRLF (outside and inside quotes), between the two quotes of a doubled
  // quote, right after a closing quote.
  const std::string text =
      "id,note,v\r\n"
      "1,\"two\r\nlines\",x\r\n"
      "\r\n"
      "2,\"say \"\"hi\"\"\",\"\"\r\n"
      "3,a much longer unquoted note than the small blocks,\"q\"\r"
      "4,,\"multi\nline\rnote\"";
  for (std::size_t block = 1; block <= text.size() + 1; ++block) {
    INFO("block size " << block);
    strings header;
    const auto rows = read_all(text, &header, block);
    CHECK(header == strings{"id", "note", "v"});
    REQUIRE(rows.size() == 4);
    CHECK(rows[0].fields == strings{"1", "two\r\nlines", "x"});
    CHECK(rows[0].field_lines == lines{2, 2, 3});
    CHECK(rows[1].fields == strings{"2", "say \"hi\"", ""});
    CHECK(rows[1].present == std::vector<bool>{true, true, false});
    CHECK(rows[1].line == 5);  // after the blank line 4
    CHECK(rows[2].fields == strings{"3", "a much longer unquoted note than the small blocks", "q"});
    CHECK(rows[2].line == 6);
    CHECK(rows[3].fields == strings{"4", "", "multi\nline\rnote"});
    CHECK(rows[3].line == 7);  // a lone CR ended line 6
    CHECK(rows[3].field_lines == lines{7, 7, 7});
    CHECK(rows[3].index == 3);
  }
}

TEST_CASE("csv: errors are the same whatever the read block size", "[csv]") {
  using namespace std::string_literals;
  for (std::size_t block = 1; block <= 24; ++block) {
    INFO("block size " << block);
    const auto open = error_of("a,b\n1,\"x\ny\n2,z\n", block);  // runs to the end
    CHECK(open.where().line == 2);
    CHECK(open.where().column == 2);
    CHECK_THAT(open.detail(), Catch::Matchers::Contains("unterminated quoted field"));
    const auto after = error_of("a,b\n1,\"x\ny\"z\n", block);  // text after a closing quote
    CHECK(after.where().line == 3);
    CHECK(after.where().column == 2);
    CHECK_THAT(after.detail(), Catch::Matchers::Contains("malformed field"));
    const auto nul = error_of("a,b\n1,\"x\ny\0\"\n"s, block);  // where the field starts
    CHECK(nul.where().line == 2);
    CHECK(nul.where().column == 2);
    CHECK_THAT(nul.detail(), Catch::Matchers::Contains("NUL byte"));
    const auto few = error_of("a,b,c\r\n1,\"2\r\n\",3\r\n4,5\r\n", block);
    CHECK(few.where().line == 4);
    CHECK(few.where().column == 3);
  }
}

TEST_CASE("csv: a record longer than the read block, and the byte count", "[csv]") {
  // 100 fields of 100 bytes in one record, read 64 bytes at a time.
  std::string header_line;
  std::string record;
  for (int k = 0; k < 100; ++k) {
    header_line += (k == 0 ? "c" : ",c") + std::to_string(k);
    record += (k == 0 ? "" : ",") + std::string(100, static_cast<char>('a' + k % 26));
  }
  const std::string text = header_line + "\n" + record + "\n";
  std::istringstream in(text, std::ios::binary);
  csv_reader reader(in, "t.csv", {}, 64);
  csv_record r;
  REQUIRE(reader.next(r));
  REQUIRE(r.size() == 100);
  CHECK(r.field(0) == std::string(100, 'a'));
  CHECK(r.field(27) == std::string(100, 'b'));
  CHECK(r.field(99) == std::string(100, 'v'));
  CHECK_FALSE(reader.next(r));
  CHECK(reader.bytes_read() == text.size());
}

TEST_CASE("csv: keep_only reads unused columns as empty text but still checks them", "[csv]") {
  std::istringstream in("id,skip,keep\n1,long text here,x\n2,,y\n", std::ios::binary);
  csv_reader reader(in, "t.csv");
  reader.keep_only({true, false, true});
  csv_record r;
  REQUIRE(reader.next(r));
  CHECK(r.field(1).empty());
  CHECK(r.present(1));  // present, just not copied
  CHECK(r.field(2) == "x");
  REQUIRE(reader.next(r));
  CHECK_FALSE(r.present(1));
  CHECK_FALSE(reader.next(r));
}

TEST_CASE("csv: a ragged record names the line and the first missing or extra field", "[csv]") {
  const auto few = error_of("a,b,c\n1,2,3\n4,5\n");
  CHECK(few.where().line == 3);
  CHECK(few.where().column == 3);  // field 3 is missing
  CHECK_THAT(few.what(), Catch::Matchers::Contains("t.csv:3:3: record has 2 fields where the "
                                                   "header has 3"));
  const auto many = error_of("a,b\n1,2,3\n");
  CHECK(many.where().line == 2);
  CHECK(many.where().column == 3);  // field 3 is one too many
  // A located_error is a kam::invalid_input, so it is a kam::error.
  CHECK_THROWS_AS(read_all("a,b\n1\n"), kam::invalid_input);
}

TEST_CASE("csv: an unterminated quote points where the field starts", "[csv]") {
  const auto e = error_of("a,b,c\n1,2,3\n4,\"5,6\n7,8,9\n");
  CHECK(e.where().line == 3);
  CHECK(e.where().column == 2);
  CHECK_THAT(e.detail(), Catch::Matchers::Contains("unterminated quoted field"));
}

TEST_CASE("csv: a stray quote is rejected with its line and field", "[csv]") {
  const auto inner = error_of("a,b\n1,ok\n2,b\"ad\n");  // a quote inside an unquoted field
  CHECK(inner.where().line == 3);
  CHECK(inner.where().column == 2);
  const auto after = error_of("a,b\n\"x\"y,1\n");  // text after a closing quote
  CHECK(after.where().line == 2);
  CHECK(after.where().column == 1);
}

TEST_CASE("csv: a NUL byte in a field is rejected with its line and field", "[csv]") {
  // Before #20 it was kept in the field: an id "A\0B" went through silently. A NUL is never text
  // (a binary file, or UTF-16 where UTF-8 was expected).
  using namespace std::string_literals;
  const auto id = error_of("id,name\nA,ok\nB\0C,x\n"s);
  CHECK(id.where().line == 3);
  CHECK(id.where().column == 1);
  CHECK_THAT(id.what(), Catch::Matchers::Contains("t.csv:3:1: the field holds a NUL byte"));
  const auto quoted = error_of("id,name\nA,\"two\nli\0nes\"\n"s);  // where the field starts
  CHECK(quoted.where().line == 2);
  CHECK(quoted.where().column == 2);
  const auto header = error_of("id,na\0me\nA,b\n"s);
  CHECK(header.where().line == 1);
  CHECK(header.where().column == 2);
}

TEST_CASE("csv: header problems", "[csv]") {
  const auto empty = error_of("");
  CHECK(empty.where().line == 1);
  CHECK_THAT(empty.detail(), Catch::Matchers::Contains("no header line"));
  const auto unnamed = error_of("a,,c\n1,2,3\n");
  CHECK(unnamed.where().column == 2);
  CHECK_THAT(unnamed.detail(), Catch::Matchers::Contains("column 2 has an empty name"));
  const auto twice = error_of("a,b,a\n");
  CHECK(twice.where().column == 3);
  CHECK_THAT(twice.detail(), Catch::Matchers::Contains("columns 1 and 3 have the same name 'a'"));
}

TEST_CASE("csv: parse_number accepts plain decimal numbers only", "[csv]") {
  using kam_tool::parse_number;
  CHECK(parse_number("1.5") == 1.5);
  CHECK(parse_number(" 2 ") == 2.0);  // spaces around a number are fine
  CHECK(parse_number("+3") == 3.0);   // a leading plus sign too
  CHECK(parse_number("-0.5e2") == -50.0);
  CHECK(parse_number(".25") == 0.25);
  CHECK_FALSE(parse_number(""));
  CHECK_FALSE(parse_number("   "));
  CHECK_FALSE(parse_number("1,5"));     // decimal comma
  CHECK_FALSE(parse_number("12 000"));  // thousands separator
  CHECK_FALSE(parse_number("n/a"));
  CHECK_FALSE(parse_number("nan"));  // from_chars would take it: missing means empty
  CHECK_FALSE(parse_number("inf"));
  CHECK_FALSE(parse_number("1e400"));  // out of range for a double
  CHECK_FALSE(parse_number("0x10"));
  CHECK_FALSE(parse_number("++1"));
  CHECK_FALSE(parse_number("+ 1"));
}

TEST_CASE("csv: parse_number reads short decimals exactly as from_chars does", "[csv]") {
  // The fast path ([-]digits[.digits], up to 15 digits) against std::from_chars, bit for bit:
  // hand-picked cases, then 20000 pseudo-random digit strings with the point anywhere.
  const auto same = [](const std::string& text) {
    double expected = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), expected);
    REQUIRE((ec == std::errc() && end == text.data() + text.size()));
    const auto got = kam_tool::parse_number(text);
    return got && std::memcmp(&*got, &expected, sizeof expected) == 0;
  };
  for (const std::string text : {"0", "-0", "0.1", "0.3", "-2.675", "123456789012345",
                                 "999999999999999", "0.000000000000001", "1.00000000000001",
                                 "9007199254740.993", "0.67", "15100", "1000000000000000000"}) {
    INFO(text);
    CHECK(same(text));
  }
  CHECK(std::signbit(*kam_tool::parse_number("-0")));
  CHECK(kam_tool::parse_number("5.") == 5.0);  // from_chars' own reading: not the fast path
  CHECK_FALSE(kam_tool::parse_number("."));
  CHECK_FALSE(kam_tool::parse_number("-"));
  CHECK_FALSE(kam_tool::parse_number("1.2.3"));
  std::uint64_t state = 12345;
  bool all_same = true;
  for (int i = 0; i < 20000; ++i) {
    state = state * 6364136223846793005u + 1442695040888963407u;
    const auto digits = static_cast<std::size_t>(1 + (state >> 60) % 15);
    std::string text = (state >> 59 & 1) != 0 ? "-" : "";
    std::uint64_t bits = state;
    for (std::size_t d = 0; d < digits; ++d, bits /= 10) text += static_cast<char>('0' + bits % 10);
    const auto point = static_cast<std::size_t>(state >> 32) % (digits + 1);
    if (point > 0 && point < digits) text.insert(text.size() - point, ".");
    all_same = all_same && same(text);
  }
  CHECK(all_same);
}

TEST_CASE("csv: read_csv holds a table and reports numbers with their position", "[csv]") {
  std::istringstream in("id,x\nA,1.5\nB,\nC,oops\n", std::ios::binary);
  const auto t = kam_tool::read_csv(in, "t.csv");
  CHECK(t.lines == lines{2, 3, 4});
  CHECK(t.number(0, 1) == 1.5);
  CHECK(std::isnan(t.number(1, 1)));  // empty = missing
  const auto msg = kam_test::message_of<located_error>([&] { (void)t.number(2, 1); });
  CHECK_THAT(msg, Catch::Matchers::Contains("t.csv:4:2: 'oops' is not a number (column 'x'"));
}

TEST_CASE("csv: the delimiter is detected from the header line, outside quotes", "[csv]") {
  using kam_tool::detect_delimiter;
  CHECK(detect_delimiter("id,name,revenue\n1;2;3;4;5\n") == ',');  // the header only
  CHECK(detect_delimiter("id;name;revenue\r\n") == ';');
  CHECK(detect_delimiter("id\tname\trevenue") == '\t');
  CHECK(detect_delimiter("\xEF\xBB\xBFid;name\n") == ';');       // after a byte-order mark
  CHECK(detect_delimiter("\"a,b,c\";\"d\"\"e,f\";g\n") == ';');  // commas inside quotes
  CHECK(detect_delimiter("\"line\nbreak\";x;y\n") == ';');       // a line break inside quotes
  CHECK(detect_delimiter("id\n") == ',');                        // one column: ','
  CHECK(detect_delimiter("a,b;c\n") == ',');                     // a tie: ','
  CHECK(detect_delimiter("") == ',');
}

TEST_CASE("csv: a ';' file is read with its detected delimiter, or a forced one", "[csv]") {
  std::istringstream in("id;name;revenue\r\nA;\"x;y\";1,5\r\n");
  csv_reader reader(in, "s.csv", {'\0', true});
  CHECK(reader.delimiter() == ';');
  CHECK(reader.header() == std::vector<std::string>{"id", "name", "revenue"});
  csv_record r;
  REQUIRE(reader.next(r));
  CHECK(r.field(1) == "x;y");
  CHECK(kam_tool::parse_number(r.field(2), true) == 1.5);
  std::istringstream forced("a;b,c\n1;2,3\n");
  csv_reader comma(forced, "f.csv", {',', false});
  CHECK(comma.header() == std::vector<std::string>{"a;b", "c"});
}

TEST_CASE("csv: --decimal-comma with a ',' delimiter is refused at the header", "[csv]") {
  std::istringstream in("id,revenue\nA,1\n");
  const auto msg = kam_test::message_of<located_error>([&] {
    csv_reader reader(in, "c.csv", {'\0', true});
  });
  CHECK_THAT(msg, Catch::Matchers::Contains("c.csv:1:1: --decimal-comma needs the delimiter"));
}

TEST_CASE("csv: parse_number with a decimal comma", "[csv]") {
  using kam_tool::parse_number;
  CHECK(parse_number("1234,5", true) == 1234.5);
  CHECK(parse_number("1.234,5", true) == 1234.5);
  CHECK(parse_number("1.234.567,25", true) == 1234567.25);
  CHECK(parse_number("-0,25", true) == -0.25);
  CHECK(parse_number(" 12 ", true) == 12.0);
  CHECK(parse_number("1.234", true) == 1234.0);  // '.' groups thousands here
  CHECK_FALSE(parse_number("1.5", true));        // not a group of three
  CHECK_FALSE(parse_number("1.2345,6", true));
  CHECK_FALSE(parse_number(".234,5", true));
  CHECK_FALSE(parse_number("1,234.5", true));
  CHECK_FALSE(parse_number("1,2,3", true));
  CHECK_FALSE(parse_number("1,5"));  // without the flag, as before
  CHECK_THAT(kam_tool::not_a_number("1,5", "revenue"),
             Catch::Matchers::Contains("a decimal comma? give --decimal-comma"));
  CHECK_THAT(kam_tool::not_a_number("n/a", "revenue"),
             Catch::Matchers::Contains("leave the field empty for a missing value"));
}

namespace {

bool operator==(const read_record& a, const read_record& b) {
  return a.fields == b.fields && a.present == b.present && a.field_lines == b.field_lines &&
         a.line == b.line && a.index == b.index;
}

read_record copy_of(const csv_record& r) {
  read_record rr;
  for (std::size_t k = 0; k < r.size(); ++k) {
    rr.fields.emplace_back(r.field(k));
    rr.present.push_back(r.present(k));
    rr.field_lines.push_back(r.field_line(k));
  }
  rr.line = r.line();
  rr.index = r.index();
  return rr;
}

// Reads `text` as read_all does, but cut by csv_reader::split, `batch` records at a time, and
// parsed by csv_reader::parse, the records of a batch from the last to the first (threads take
// them in any order).
std::vector<read_record> read_split(const std::string& text, std::size_t batch,
                                    std::size_t block = csv_reader::default_block_size) {
  std::istringstream in(text, std::ios::binary);
  csv_reader reader(in, "t.csv", {}, block);
  kam_tool::csv_spans spans;
  std::vector<read_record> out;
  csv_record r;
  while (reader.split(batch, spans) > 0) {
    std::vector<read_record> part(spans.records.size());
    for (std::size_t i = part.size(); i-- > 0;) {
      reader.parse(spans, i, r);
      part[i] = copy_of(r);
    }
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

// Returns the first error (in file order) of reading `text` with split and parse.
located_error split_error_of(const std::string& text, std::size_t batch, std::size_t block) {
  try {
    std::istringstream in(text, std::ios::binary);
    csv_reader reader(in, "t.csv", {}, block);
    kam_tool::csv_spans spans;
    csv_record r;
    while (reader.split(batch, spans) > 0)
      for (std::size_t i = 0; i < spans.records.size(); ++i) reader.parse(spans, i, r);
  } catch (const located_error& e) {
    return e;
  }
  FAIL("expected a located_error");
  return located_error("", "", {}, "");
}

}  // namespace

TEST_CASE("csv: split cuts records at line ends outside quotes, with their lines", "[csv]") {
  // Line 1 the header; record 0 on lines 2-3 (a quoted line break), ended by CRLF; line 4 blank;
  // record 1 on line 5, without a line end.
  std::istringstream in("id,v\n1,\"a\nb\"\r\n\n2,c", std::ios::binary);
  csv_reader reader(in, "t.csv");
  kam_tool::csv_spans spans;
  REQUIRE(reader.split(10, spans) == 2);
  const auto& s = spans.records;
  CHECK(spans.bytes.substr(s[0].begin, s[0].size) == "1,\"a\nb\"");
  CHECK(s[0].line == 2);
  CHECK(s[1].line == 5);
  CHECK(spans.bytes.substr(s[1].begin, s[1].size) == "2,c");
  CHECK(s[1].index == 1);
  csv_record r;
  reader.parse(spans, 0, r);
  CHECK(r.field(1) == "a\nb");
  CHECK(r.field_line(1) == 2);
  reader.parse(spans, 1, r);
  CHECK(r.field(1) == "c");
  CHECK(reader.split(10, spans) == 0);
}

TEST_CASE("csv: split and parse give the records next gives, for any block and batch", "[csv]") {
  // The text of "every read block size gives the same records" (its records are checked there
  // by hand), and a record of plain fields longer than 16 bytes.
  const std::string text =
      "id,note,v\r\n"
      "1,\"two\r\nlines\",x\r\n"
      "\r\n"
      "2,\"say \"\"hi\"\"\",\"\"\r\n"
      "3,a much longer unquoted note than the small blocks,\"q\"\r"
      "4,,\"multi\nline\rnote\"\n"
      "5,plain fields and a long one,six\n";
  const auto expected = read_all(text);
  REQUIRE(expected.size() == 5);
  for (std::size_t block = 1; block <= text.size() + 1; ++block) {
    for (const std::size_t batch :
         {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{100}}) {
      INFO("block size " << block << ", batch " << batch);
      CHECK(read_split(text, batch, block) == expected);
    }
  }
}

TEST_CASE("csv: split and parse throw next's errors", "[csv]") {
  using namespace std::string_literals;
  const std::vector<std::string> texts = {
      "a,b\n1,\"x\ny\n2,z\n",               // unterminated: runs to the end
      "a,b\n1,\"x\ny\"z\n",                 // text after a closing quote
      "a,b\n1,\"x\ny\0\"\n"s,               // NUL in a quoted field
      "a,b,c\r\n1,\"2\r\n\",3\r\n4,5\r\n",  // ragged after a multi-line record
      "a,b\n1,ok\n2,b\"ad\n3,\"x\n4,y\n",   // a stray quote, then a quote the toggle misreads
      "id,name\nA,ok\nB\0C,x\n"s,           // NUL in an unquoted field
  };
  for (const auto& text : texts) {
    const auto expected = error_of(text);
    for (std::size_t block = 1; block <= 24; ++block) {
      for (const std::size_t batch : {std::size_t{1}, std::size_t{2}, std::size_t{100}}) {
        INFO("text " << text << ", block size " << block << ", batch " << batch);
        const auto e = split_error_of(text, batch, block);
        CHECK(e.where().line == expected.where().line);
        CHECK(e.where().column == expected.where().column);
        CHECK(std::string(e.what()) == std::string(expected.what()));
      }
    }
  }
}

TEST_CASE("csv: keep_only counts and checks the fields after the last kept column", "[csv]") {
  // Column 0 kept only: in a record on one line the fields after it are counted, not cut (the
  // records are long enough for the 16-byte path); they read as "".
  std::istringstream in("id,skip,tail\n1,long text here,more text here too\n2,x,y\n",
                        std::ios::binary);
  csv_reader reader(in, "t.csv");
  reader.keep_only({true, false, false});
  csv_record r;
  REQUIRE(reader.next(r));
  CHECK(r.size() == 3);
  CHECK(r.field(0) == "1");
  CHECK(r.field(2).empty());
  CHECK(r.field_line(2) == 2);
  REQUIRE(reader.next(r));
  CHECK(r.size() == 3);
  CHECK(r.field(0) == "2");
  CHECK_FALSE(reader.next(r));
  // A ragged record and a stray quote past the last kept column: found where they are.
  const auto check = [](const std::string& text) {
    std::istringstream bad(text, std::ios::binary);
    csv_reader rd(bad, "t.csv");
    rd.keep_only({true, false, false});
    csv_record rec;
    try {
      while (rd.next(rec)) {
      }
    } catch (const located_error& e) {
      return e;
    }
    FAIL("expected a located_error");
    return located_error("", "", {}, "");
  };
  const auto extra = check("id,a,b\n1,x,y,z,long enough to be read fast\n");
  CHECK(extra.where().line == 2);
  CHECK(extra.where().column == 4);  // the first extra field
  CHECK_THAT(extra.detail(), Catch::Matchers::Contains("record has 5 fields"));
  const auto quote = check("id,a,b\n1,x,b\"ad and long enough to be read fast\n");
  CHECK(quote.where().line == 2);
  CHECK(quote.where().column == 3);
  CHECK_THAT(quote.detail(), Catch::Matchers::Contains("malformed field"));
}
