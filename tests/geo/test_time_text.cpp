// Durations and clock times as users type them.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "geo/core/error.hpp"
#include "geo/core/limits.hpp"
#include "geo/core/time_text.hpp"

namespace {

using namespace revir;

TEST(Durations, HoursAndMinutesWithTheirUnit) {
    EXPECT_DOUBLE_EQ(parse_duration_minutes("8h", "--shift"), 480);
    EXPECT_DOUBLE_EQ(parse_duration_minutes("1.5h", "--shift"), 90);
    EXPECT_DOUBLE_EQ(parse_duration_minutes("7h30", "--shift"), 450);
    EXPECT_DOUBLE_EQ(parse_duration_minutes("7h30m", "--shift"), 450);
    EXPECT_DOUBLE_EQ(parse_duration_minutes("450m", "--shift"), 450);
    EXPECT_DOUBLE_EQ(parse_duration_minutes("450min", "--shift"), 450);
    EXPECT_DOUBLE_EQ(parse_duration_minutes("24h", "--shift"), 1440);
}

TEST(Durations, AmbiguousOrImpossibleTextIsRefused) {
    for (const char* text : {"8", "450", "7h90", "7h60", "1.5h30", "7h30x", "h", "m", "", "8 h", "-8h", "0h", "25h", "8hours",
                             "nanh", "1e3m", "7h3.5"}) {
        EXPECT_THROW(parse_duration_minutes(text, "--shift"), InputError) << text;
    }
    try {
        parse_duration_minutes("8", "--shift");
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("--shift '8'"), std::string::npos) << e.what();
    }
}

TEST(ClockTimes, HoursAndMinutes) {
    EXPECT_DOUBLE_EQ(parse_clock_minutes("08:00", "--shift-start"), 480);
    EXPECT_DOUBLE_EQ(parse_clock_minutes("7:05", "--shift-start"), 425);
    for (const char* text : {"24:00", "8", "08:60", "8:5", "08-00", ""}) {
        EXPECT_THROW(parse_clock_minutes(text, "--shift-start"), InputError) << text;
    }
}

TEST(Limits, NotFiniteOrOutsideIsRefusedWithTheName) {
    const Limits metres{1, 100, "metres"};
    EXPECT_NO_THROW(require_within(1.0, metres, "--buffer"));
    EXPECT_NO_THROW(require_within(100.0, metres, "--buffer"));
    for (double bad : {0.999, 100.001, -1.0, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
        EXPECT_THROW(require_within(bad, metres, "--buffer"), InputError) << bad;
    }
    try {
        require_within(std::uint64_t{0}, Limits{1, 5, "days"}, "--days");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(), "--days must be from 1 to 5 days, not 0");
    }
}

} // namespace
