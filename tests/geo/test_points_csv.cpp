#include <gtest/gtest.h>

#include <fstream>

#include "geo/core/error.hpp"
#include "geo/io/points_csv.hpp"
#include "tests/test_support.hpp"

namespace {

std::string write(const std::string& name, const std::string& text) {
    const auto path = revir::test::temporary_folder("csv") / name;
    std::ofstream(path) << text;
    return path.string();
}

std::string error_of(const std::string& path) {
    try {
        revir::geo::read_points_csv(path);
    } catch (const revir::InputError& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST(PointsCsv, AnyColumnOrderAndExtraColumns) {
    const auto path = write("ok.csv", "name,lat,id,lon\nStation,60.17,s1,24.94\n\"Quoted, name\",60.18,s2,24.95\n");
    const auto points = revir::geo::read_points_csv(path);
    ASSERT_EQ(points.size(), 2u);
    EXPECT_EQ(points[0].id, "s1");
    EXPECT_NEAR(points[1].location.lon(), 24.95, 1e-9);
}

TEST(PointsCsv, ErrorsNameFileAndLine) {
    EXPECT_NE(error_of(write("missing_col.csv", "id,lon\n1,2\n")).find("lat"), std::string::npos);
    const auto bad = error_of(write("bad.csv", "id,lon,lat\na,1,2\nb,x,3\n"));
    EXPECT_NE(bad.find("bad.csv:3"), std::string::npos) << bad;
    EXPECT_NE(error_of(write("nan.csv", "id,lon,lat\na,nan,2\n")).find("not a number"), std::string::npos);
    EXPECT_NE(error_of(write("range.csv", "id,lon,lat\na,200,2\n")).find("outside"), std::string::npos);
    EXPECT_NE(error_of(write("dup.csv", "id,lon,lat\na,1,2\na,1,3\n")).find("already used on line 2"), std::string::npos);
    EXPECT_NE(error_of(write("empty.csv", "id,lon,lat\n")).find("no points"), std::string::npos);
    EXPECT_NE(error_of("/nonexistent/points.csv").find("no such file"), std::string::npos);
}
