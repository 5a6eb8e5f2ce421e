// Tests of kam/plan/dates.hpp: ISO dates in and out, days between dates, bad dates.
#include <chrono>
#include <kam/core/error.hpp>
#include <kam/plan/dates.hpp>
#include <limits>
#include <string>

#include "catch.hpp"

using namespace std::chrono;

TEST_CASE("dates: ISO text in and out", "[dates]") {
  // 2026-06-30 is day 20634 after 1970-01-01 (Python: date(2026,6,30) - date(1970,1,1)).
  CHECK(kam::parse_date("2026-06-30").time_since_epoch().count() == 20634);
  CHECK(kam::parse_date("1970-01-01") == sys_days{days{0}});
  CHECK(kam::parse_date("2024-02-29") == sys_days{2024y / February / 29});  // leap day
  CHECK(kam::format_date(sys_days{2026y / June / 30}) == "2026-06-30");
  CHECK(kam::format_date(sys_days{year{33} / January / 5}) == "0033-01-05");
  CHECK(kam::format_date(kam::parse_date("0001-12-31")) == "0001-12-31");
  // 2024-02-29 to 2026-06-30: 852 days (Python: (date(2026,6,30) - date(2024,2,29)).days).
  CHECK(kam::days_between(kam::parse_date("2024-02-29"), kam::parse_date("2026-06-30")) == 852);
  CHECK(kam::days_between(kam::parse_date("2026-06-30"), kam::parse_date("2024-02-29")) == -852);
}

TEST_CASE("dates: bad text names the function, the field and the row", "[dates][bad-input]") {
  CHECK(kam_test::message_of<kam::invalid_input>([] {
          (void)kam::parse_date("2023-02-29", "updated", 4, "kam_examples::read_plans");
        }) == "kam_examples::read_plans: 'updated', row 4: '2023-02-29' is not a date YYYY-MM-DD");
  for (const char* bad : {"", "2026-6-30", "2026/06/30", "2026-06-31", "2026-13-01", "0000-01-01",
                          "2026-00-10", "2026-06-00", "20260630  ", "2026-06-3x", " 2026-06-30"}) {
    INFO(bad);
    try {
      (void)kam::parse_date(bad, "date", 2);
      FAIL("no error");
    } catch (const kam::invalid_input& e) {
      CHECK(e.function() == "kam::parse_date");
      CHECK(e.field() == "date");
      CHECK(e.row() == 2);
    }
  }
}

// Found by the property suite (#20 item 6): std::chrono::year_month_day is unspecified outside
// the years -32767 to 32767, and format_date wrote day 2^40 as "1970-01-01" and day 11967535 as
// "-30800-01-01". By hand: the Gregorian calendar repeats every 400 years of 146097 days, so day
// 2932896 (9999-12-31) + 146097 is 10399-12-31 and day -719162 (0001-01-01) - 146097 is
// -0399-01-01; day 11967535 = 2932896 + 61 x 146097 + 122722: 122722 days after
// 34399-12-31, and as 34400-01-01 begins an era as 2000-01-01 does, that is the date 122722
// days after 1999-12-31 (2336-01-01, Python: date(1999,12,31) + timedelta(122722)) moved by
// 32400 years: 34736-01-01.
TEST_CASE("dates: format_date beyond the years of std::chrono", "[dates]") {
  CHECK(kam::format_date(sys_days{days{2932896 + 146097}}) == "10399-12-31");
  CHECK(kam::format_date(sys_days{days{-719162 - 146097}}) == "-0399-01-01");
  CHECK(kam::format_date(sys_days{days{11967535}}) == "34736-01-01");
  CHECK(kam::format_date(sys_days{days{-1}}) == "1969-12-31");
  // The extremes of the day count print without overflow (the same calendar, 400-year eras).
  CHECK(kam::format_date(sys_days{days{std::numeric_limits<days::rep>::max()}}).size() > 10);
  CHECK(kam::format_date(sys_days{days{std::numeric_limits<days::rep>::min()}}).front() == '-');
}
