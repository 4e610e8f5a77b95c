#include <gtest/gtest.h>

#include <cmath>
#include <optional>

#include "routing/graph/profile.hpp"

namespace {

struct Case {
    const char* value;
    std::optional<double> kmh; // nothing: the class default applies
};

class MaxspeedTest : public ::testing::TestWithParam<Case> {};

TEST_P(MaxspeedTest, ParsesWithTheCarProfileTables) {
    static const auto profile = revir::routing::Profile::load("car");
    const Case& c = GetParam();
    const auto got = revir::routing::parse_maxspeed(c.value, profile.maxspeed_tables());
    if (!c.kmh) {
        EXPECT_FALSE(got) << "'" << c.value << "' gave " << *got;
    } else {
        ASSERT_TRUE(got) << "'" << c.value << "'";
        EXPECT_NEAR(*got, *c.kmh, 0.01) << "'" << c.value << "'";
    }
}

INSTANTIATE_TEST_SUITE_P(
    EveryForm, MaxspeedTest,
    ::testing::Values(
        // plain km/h and explicit units
        Case{"50", 50}, Case{" 30 ", 30}, Case{"50 km/h", 50}, Case{"50kmh", 50}, Case{"80 kph", 80}, Case{"7.5", 7.5},
        // miles per hour and knots
        Case{"30 mph", 48.28}, Case{"60mph", 96.56}, Case{"10 knots", 18.52},
        // none and walk
        Case{"none", 140}, Case{"NONE", 140}, Case{"walk", 7},
        // country-implicit values
        Case{"DE:urban", 50}, Case{"DE:rural", 100}, Case{"RU:rural", 90}, Case{"RU:urban", 60},
        Case{"de:living_street", 7}, Case{"FR:rural", 80}, Case{"GB:nsl_single", 96.54}, Case{"IT:urban", 50},
        Case{"XX:motorway", 130}, Case{"FR:trunk", 110}, Case{"DE:zone30", 30}, Case{"DE:zone:20", 20},
        // "no statutory limit" entries and signs fall back to the class default
        Case{"DE:motorway", std::nullopt}, Case{"signals", std::nullopt}, Case{"variable", std::nullopt},
        // several values: the first one
        Case{"50;30", 50},
        // junk
        Case{"", std::nullopt}, Case{"fast", std::nullopt}, Case{"50 furlongs", std::nullopt},
        Case{"0", std::nullopt}, Case{"-30", std::nullopt}, Case{"9999", std::nullopt}, Case{"XX:nonsense", std::nullopt},
        Case{"nan", std::nullopt}));

} // namespace
