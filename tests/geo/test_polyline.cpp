#include <gtest/gtest.h>

#include "geo/core/polyline.hpp"

namespace {

using revir::geo::Coordinate;

TEST(Polyline, GooglesExampleBothWays) {
    const std::vector<Coordinate> points = {Coordinate::from_degrees(-120.2, 38.5), Coordinate::from_degrees(-120.95, 40.7),
                                            Coordinate::from_degrees(-126.453, 43.252)};
    EXPECT_EQ(revir::geo::encode_polyline(points, 5), "_p~iF~ps|U_ulLnnqC_mqNvxq`@");
    const auto back = revir::geo::decode_polyline("_p~iF~ps|U_ulLnnqC_mqNvxq`@", 5);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, points);
    const auto six = revir::geo::decode_polyline(revir::geo::encode_polyline(points, 6), 6);
    EXPECT_EQ(*six, points);
}

TEST(Polyline, BrokenTextIsRefused) {
    EXPECT_FALSE(revir::geo::decode_polyline("_p~iF~ps|U_ulL", 5));       // a latitude without its longitude
    EXPECT_FALSE(revir::geo::decode_polyline("_p~iF~ps|U_", 5));          // cut inside a value
    EXPECT_FALSE(revir::geo::decode_polyline("_p~iF ~ps|U", 5));          // a character outside the alphabet
    EXPECT_FALSE(revir::geo::decode_polyline("~~~~~~~~~~~~~~~~~~~~", 5)); // too long a value
    EXPECT_TRUE(revir::geo::decode_polyline("", 5)->empty());
}

} // namespace
