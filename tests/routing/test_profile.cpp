#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <string>

#include "geo/core/error.hpp"
#include "routing/graph/profile.hpp"
#include "tests/test_support.hpp"

namespace {

using revir::routing::Exclusion;
using revir::routing::Profile;
using revir::routing::WayAttributes;

const Profile& car() {
    static const Profile p = Profile::load("car");
    return p;
}

WayAttributes evaluate(const std::map<std::string, std::string>& tags) {
    return car().evaluate_way([&](const char* key) -> const char* {
        const auto it = tags.find(key);
        return it == tags.end() ? nullptr : it->second.c_str();
    });
}

struct Case {
    std::map<std::string, std::string> tags;
    Exclusion exclusion;
    double forward_kmh;  // 0: closed in this direction
    double backward_kmh;
    bool destination = false;
};

class WayTest : public ::testing::TestWithParam<Case> {};

TEST_P(WayTest, Evaluates) {
    const Case& c = GetParam();
    const WayAttributes a = evaluate(c.tags);
    std::string tags;
    for (const auto& [k, v] : c.tags) tags += k + "=" + v + " ";
    EXPECT_EQ(a.exclusion, c.exclusion) << tags;
    if (c.exclusion != Exclusion::none) return;
    EXPECT_NEAR(a.forward_kmh, c.forward_kmh, 0.01) << tags;
    EXPECT_NEAR(a.backward_kmh, c.backward_kmh, 0.01) << tags;
    EXPECT_EQ(a.destination_only, c.destination) << tags;
}

INSTANTIATE_TEST_SUITE_P(
    Car, WayTest,
    ::testing::Values(
        // class speeds
        Case{{{"highway", "residential"}}, Exclusion::none, 25, 25},
        Case{{{"highway", "primary"}}, Exclusion::none, 65, 65},
        Case{{{"highway", "living_street"}}, Exclusion::none, 10, 10},
        Case{{{"highway", "trunk_link"}}, Exclusion::none, 40, 40},
        // maxspeed is scaled by the profile's factor (0.8); junk falls back to the class
        Case{{{"highway", "primary"}, {"maxspeed", "50"}}, Exclusion::none, 40, 40},
        Case{{{"highway", "primary"}, {"maxspeed", "signals"}}, Exclusion::none, 65, 65},
        Case{{{"highway", "secondary"}, {"maxspeed", "30 mph"}}, Exclusion::none, 38.62, 38.62},
        Case{{{"highway", "secondary"}, {"maxspeed", "60"}, {"maxspeed:backward", "40"}}, Exclusion::none, 48, 32},
        // one-way forms
        Case{{{"highway", "residential"}, {"oneway", "yes"}}, Exclusion::none, 25, 0},
        Case{{{"highway", "residential"}, {"oneway", "1"}}, Exclusion::none, 25, 0},
        Case{{{"highway", "residential"}, {"oneway", "true"}}, Exclusion::none, 25, 0},
        Case{{{"highway", "residential"}, {"oneway", "-1"}}, Exclusion::none, 0, 25},
        Case{{{"highway", "residential"}, {"oneway", "no"}}, Exclusion::none, 25, 25},
        Case{{{"highway", "residential"}, {"oneway", "reversible"}}, Exclusion::reversible, 0, 0},
        Case{{{"highway", "residential"}, {"oneway", "maybe"}}, Exclusion::none, 25, 25},
        Case{{{"highway", "residential"}, {"oneway", "yes"}, {"oneway:motor_vehicle", "no"}}, Exclusion::none, 25, 25},
        // implied one-way: roundabouts, circular junctions, motorways; oneway=no overrides
        Case{{{"highway", "primary"}, {"junction", "roundabout"}}, Exclusion::none, 65, 0},
        Case{{{"highway", "tertiary"}, {"junction", "circular"}}, Exclusion::none, 40, 0},
        Case{{{"highway", "motorway"}}, Exclusion::none, 90, 0},
        Case{{{"highway", "motorway_link"}}, Exclusion::none, 45, 0},
        Case{{{"highway", "motorway"}, {"oneway", "no"}}, Exclusion::none, 90, 90},
        // access: the most specific key decides
        Case{{{"highway", "residential"}, {"access", "no"}}, Exclusion::access, 0, 0},
        Case{{{"highway", "residential"}, {"access", "private"}}, Exclusion::access, 0, 0},
        Case{{{"highway", "residential"}, {"motor_vehicle", "no"}}, Exclusion::access, 0, 0},
        Case{{{"highway", "residential"}, {"motorcar", "private"}}, Exclusion::access, 0, 0},
        Case{{{"highway", "residential"}, {"access", "no"}, {"motorcar", "yes"}}, Exclusion::none, 25, 25},
        Case{{{"highway", "residential"}, {"access", "destination"}}, Exclusion::none, 12.5, 12.5, true},
        Case{{{"highway", "residential"}, {"motor_vehicle", "delivery"}}, Exclusion::none, 12.5, 12.5, true},
        // service roads
        Case{{{"highway", "service"}}, Exclusion::none, 15, 15},
        Case{{{"highway", "service"}, {"service", "parking_aisle"}}, Exclusion::none, 7.5, 7.5},
        Case{{{"highway", "service"}, {"service", "driveway"}}, Exclusion::none, 7.5, 7.5},
        Case{{{"highway", "service"}, {"service", "emergency_access"}}, Exclusion::service, 0, 0},
        // surface caps apply to the class speed; a signed limit replaces them
        Case{{{"highway", "primary"}, {"surface", "gravel"}}, Exclusion::none, 40, 40},
        Case{{{"highway", "residential"}, {"surface", "gravel"}}, Exclusion::none, 25, 25},
        Case{{{"highway", "primary"}, {"tracktype", "grade3"}, {"smoothness", "horrible"}}, Exclusion::none, 10, 10},
        Case{{{"highway", "primary"}, {"smoothness", "impassable"}}, Exclusion::impassable, 0, 0},
        Case{{{"highway", "primary"}, {"impassable", "yes"}}, Exclusion::impassable, 0, 0},
        Case{{{"highway", "secondary"}, {"side_road", "yes"}}, Exclusion::none, 44, 44},
        // areas and non-car ways
        Case{{{"highway", "service"}, {"area", "yes"}}, Exclusion::area, 0, 0},
        Case{{{"highway", "footway"}}, Exclusion::not_a_road, 0, 0},
        Case{{{"highway", "construction"}}, Exclusion::not_a_road, 0, 0},
        Case{{{"building", "yes"}}, Exclusion::not_a_road, 0, 0}));

TEST(Profile, BadProfileFilesGiveClearErrors) {
    const auto dir = revir::test::temporary_folder("profile");
    const auto write = [&](const char* name, const char* text) {
        std::ofstream((dir / name).string()) << text;
        return (dir / name).string();
    };
    const auto message = [](const std::string& path) -> std::string {
        try {
            Profile::from_file(path);
        } catch (const revir::InputError& e) {
            return e.what();
        }
        return "";
    };
    EXPECT_NE(message(write("broken.json", "{ not json")).find("not valid JSON"), std::string::npos);
    EXPECT_NE(message(write("noname.json", R"({"speeds_kmh": {}})")).find("'name'"), std::string::npos);
    EXPECT_NE(message(write("type.json", R"({"name": "x", "speeds_kmh": "fast"})")).find("wrong type"), std::string::npos);
    EXPECT_NE(message(write("neg.json", R"({"name": "x", "speeds_kmh": {"primary": -5}})")).find("highway=primary"),
              std::string::npos);
    EXPECT_THROW(Profile::load("bicycle-that-does-not-exist"), revir::InputError);
}

TEST(Profile, FingerprintFollowsContent) {
    const auto dir = revir::test::temporary_folder("fingerprint");
    std::ofstream((dir / "a.json").string()) << R"({"name": "a", "speeds_kmh": {"primary": 50}})";
    std::ofstream((dir / "b.json").string()) << R"({"name": "a", "speeds_kmh": {"primary": 51}})";
    EXPECT_NE(Profile::from_file((dir / "a.json").string()).fingerprint(),
              Profile::from_file((dir / "b.json").string()).fingerprint());
    EXPECT_EQ(Profile::from_file((dir / "a.json").string()).fingerprint(),
              Profile::from_file((dir / "a.json").string()).fingerprint());
}

} // namespace

namespace {

// OSRM's testbot: fixed speeds, any other highway class at the default speed.
TEST(Profile, TestbotGivesEveryOtherClassItsDefaultSpeed) {
    const Profile testbot = Profile::load("testbot");
    const auto speed = [&](const std::map<std::string, std::string>& tags) {
        return testbot.evaluate_way([&](const char* key) -> const char* {
            const auto it = tags.find(key);
            return it == tags.end() ? nullptr : it->second.c_str();
        });
    };
    EXPECT_EQ(speed({{"highway", "primary"}}).forward_kmh, 36);
    EXPECT_EQ(speed({{"highway", "secondary"}}).forward_kmh, 18);
    EXPECT_EQ(speed({{"highway", "tertiary"}}).forward_kmh, 12);
    EXPECT_EQ(speed({{"highway", "residential"}}).forward_kmh, 24);
    EXPECT_EQ(speed({{"highway", "anything"}}).forward_kmh, 24);
    EXPECT_EQ(speed({{"highway", "primary"}, {"oneway", "yes"}}).backward_kmh, 0);
    EXPECT_EQ(speed({{"highway", "primary"}, {"access", "no"}}).exclusion, Exclusion::access);
    EXPECT_EQ(testbot.traffic_signal_penalty_s(), 7);
    // The car profile has no default: an unknown class is not a road.
    EXPECT_EQ(evaluate({{"highway", "anything"}}).exclusion, Exclusion::not_a_road);
}

} // namespace
