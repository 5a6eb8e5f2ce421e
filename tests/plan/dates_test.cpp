// Tests of kam/plan/dates.hpp: ISO dates in and out, days between dates, bad dates.
#include <chrono>
#include <kam/core/error.hpp>
#include <kam/plan/dates.hpp>
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
