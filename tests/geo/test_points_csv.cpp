#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "geo/core/csv.hpp"
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

// RFC 4180 both ways: whatever csv_field writes, read_csv reads back.
TEST(Csv, WhatIsWrittenReadsBack) {
    const std::vector<std::string> ids{"plain", "a,1", "say \"hi\"", "two\nlines", "crlf\r\nend", " padded ", "", "ä ö"};
    std::string text = "id,lon,lat\n";
    for (std::size_t k = 0; k < ids.size(); ++k) text += revir::csv_field(ids[k]) + "," + std::to_string(k) + ",1\n";
    const auto table = revir::read_csv(write("round.csv", text));
    ASSERT_EQ(table.records.size(), ids.size());
    for (std::size_t k = 0; k < ids.size(); ++k) EXPECT_EQ(table.records[k].fields[0], ids[k]) << k;
    EXPECT_EQ(table.records[0].line, 2u);
    EXPECT_EQ(table.records[3].line, 6u); // "two\nlines" ends on the line after it starts
    EXPECT_EQ(table.records[4].line, 8u);
    EXPECT_EQ(revir::csv_field("a,1"), "\"a,1\"");
    EXPECT_EQ(revir::csv_field("plain"), "plain");
}

TEST(Csv, MalformedFilesNameTheLine) {
    auto error = [](const std::string& path) {
        try {
            revir::read_csv(path);
        } catch (const revir::InputError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    const auto fields = error(write("fields.csv", "id,lon,lat\na,1,2\na,1,1,2\n"));
    EXPECT_NE(fields.find("fields.csv:3: 4 fields where the header has 3"), std::string::npos) << fields;
    const auto quote = error(write("quote.csv", "id,lon,lat\n\"a,1,2\n"));
    EXPECT_NE(quote.find("never closed"), std::string::npos) << quote;
    const auto stray = error(write("stray.csv", "id,lon,lat\na\"b,1,2\n"));
    EXPECT_NE(stray.find("stray.csv:2"), std::string::npos) << stray;
    const auto nul = error(write("nul.csv", std::string("id,lon,lat\na,57.06\0junk,2\n", 26)));
    EXPECT_NE(nul.find("nul.csv:2: a NUL byte; this is not a text file"), std::string::npos) << nul;
    EXPECT_NE(error(write("empty.csv", "")).find("empty file"), std::string::npos);
    const auto column = error(write("column.csv", "id,lon,lat\na,1,2\n"));
    EXPECT_TRUE(column.empty()) << column;
}
