#include <gtest/gtest.h>

#include <cmath>

#include "geo/core/coordinate.hpp"

using revir::geo::Coordinate;

TEST(Coordinate, FixedPointRoundTrip) {
    const auto c = Coordinate::from_degrees(24.9351762, 60.164155);
    EXPECT_EQ(c.lon_e7, 249351762);
    EXPECT_EQ(c.lat_e7, 601641550);
    EXPECT_NEAR(c.lon(), 24.9351762, 1e-9);
}

TEST(Coordinate, HaversineMatchesKnownDistances) {
    // One degree of latitude is about 111.2 km on the mean sphere.
    EXPECT_NEAR(revir::geo::haversine_m(Coordinate::from_degrees(10, 50), Coordinate::from_degrees(10, 51)), 111195, 1);
    // Helsinki railway station to Tallinn old town: about 80.5 km.
    EXPECT_NEAR(revir::geo::haversine_m(Coordinate::from_degrees(24.9414, 60.1710), Coordinate::from_degrees(24.7453, 59.4370)),
                82000, 1500);
    EXPECT_EQ(revir::geo::haversine_m(Coordinate::from_degrees(1, 1), Coordinate::from_degrees(1, 1)), 0.0);
}

TEST(Coordinate, ParsesLatLonAndRejectsJunk) {
    const auto c = revir::geo::parse_lat_lon("60.17, 24.94");
    ASSERT_TRUE(c);
    EXPECT_NEAR(c->lat(), 60.17, 1e-9);
    EXPECT_NEAR(c->lon(), 24.94, 1e-9);
    for (const char* bad : {"", "60.17", "a,b", "91,0", "0,181", "nan,1", "1,inf", "60.1x,24", "1,2,3"}) {
        EXPECT_FALSE(revir::geo::parse_lat_lon(bad)) << bad;
    }
}

TEST(LocalProjection, MetresAreMetresNearTheReference) {
    const revir::geo::LocalProjection p(60.0);
    const auto a = Coordinate::from_degrees(24.9, 60.0);
    const auto b = Coordinate::from_degrees(24.91, 60.005);
    const double planar = std::hypot(p.x(b) - p.x(a), p.y(b) - p.y(a));
    EXPECT_NEAR(planar, revir::geo::haversine_m(a, b), 0.5);
}
