// Route steps on the sample town: bearings and modifiers by their definitions,
// and on real routes a new step exactly where the street changes or the road
// turns at a choice, with every piece of the route in exactly one step.
#include <gtest/gtest.h>

#include "geo/core/progress.hpp"
#include "maps/sample/sample_town.hpp"
#include "routing/ch/contraction_hierarchy.hpp"
#include "routing/guidance/guidance.hpp"
#include "tests/test_support.hpp"

namespace {

using namespace revir;

TEST(Guidance, BearingsAndModifiers) {
    const auto o = geo::Coordinate::from_degrees(10, 50);
    EXPECT_EQ(routing::bearing_degrees(o, geo::Coordinate::from_degrees(10, 50.01)), 0);
    EXPECT_EQ(routing::bearing_degrees(o, geo::Coordinate::from_degrees(10.01, 50)), 90);
    EXPECT_EQ(routing::bearing_degrees(o, geo::Coordinate::from_degrees(10, 49.99)), 180);
    EXPECT_EQ(routing::bearing_degrees(o, geo::Coordinate::from_degrees(9.99, 50)), 270);
    EXPECT_STREQ(routing::turn_modifier(0, 5), "straight");
    EXPECT_STREQ(routing::turn_modifier(350, 10), "straight");
    EXPECT_STREQ(routing::turn_modifier(0, 30), "slight right");
    EXPECT_STREQ(routing::turn_modifier(0, 90), "right");
    EXPECT_STREQ(routing::turn_modifier(0, 150), "sharp right");
    EXPECT_STREQ(routing::turn_modifier(0, 180), "uturn");
    EXPECT_STREQ(routing::turn_modifier(90, 0), "left");
    EXPECT_STREQ(routing::turn_modifier(90, 60), "slight left");
}

TEST(Guidance, StepsCoverTheRouteAndChangeWithTheStreet) {
    const auto& graph = test::sample_town_graph();
    Progress quiet;
    const auto hierarchy = routing::build_contraction_hierarchy(graph, quiet);
    const routing::Snapper snapper(graph);
    routing::Router router(graph, &hierarchy);
    const routing::Guidance guidance(graph);
    std::size_t turns = 0, renamed = 0;
    const std::vector<std::pair<double, double>> places = {{-1800, -900}, {1700, 1100}, {600, -1500}, {-2500, 300}, {0, 0}};
    for (const auto& [ax, ay] : places) {
        for (const auto& [bx, by] : places) {
            const auto route = router.route(*snapper.nearest(sample::town_coordinate(ax, ay)),
                                            *snapper.nearest(sample::town_coordinate(bx, by)));
            ASSERT_TRUE(route);
            const auto steps = guidance.steps(*route);
            ASSERT_GE(steps.size(), 2u);
            EXPECT_EQ(steps.front().maneuver.type, "depart");
            EXPECT_EQ(steps.back().maneuver.type, "arrive");
            EXPECT_EQ(steps.back().distance_m, 0);
            routing::TimeMs time = 0;
            double distance = 0;
            for (std::size_t i = 0; i < steps.size(); ++i) {
                time += steps[i].time_ms;
                distance += steps[i].distance_m;
                const auto& m = steps[i].maneuver;
                if (m.type == "turn") ++turns;
                if (m.type == "new name" || m.type == "turn") {
                    ++renamed;
                    EXPECT_TRUE(steps[i].name != steps[i - 1].name || steps[i].ref != steps[i - 1].ref);
                }
                if (i > 0 && i + 1 < steps.size()) {
                    EXPECT_FALSE(m.modifier.empty());
                    EXPECT_EQ(steps[i - 1].geometry.back(), steps[i].geometry.front());
                    EXPECT_EQ(m.location, steps[i].geometry.front());
                }
                // The maneuver's own intersection comes first, with the way out marked.
                ASSERT_FALSE(steps[i].intersections.empty());
                const auto& x = steps[i].intersections.front();
                EXPECT_EQ(x.bearings.size(), x.entry.size());
                if (m.type != "arrive") {
                    ASSERT_GE(x.out, 0);
                    EXPECT_TRUE(x.entry[static_cast<std::size_t>(x.out)]);
                    EXPECT_NEAR(x.bearings[static_cast<std::size_t>(x.out)], m.bearing_after, 3);
                }
                EXPECT_TRUE(std::is_sorted(x.bearings.begin(), x.bearings.end()));
            }
            EXPECT_EQ(time, route->time_ms);
            EXPECT_NEAR(distance, route->distance_m, 1e-6 * route->distance_m + 1e-3); // float edge lengths
        }
    }
    EXPECT_GT(turns, 3u);
    EXPECT_GT(renamed, turns);
}

} // namespace
