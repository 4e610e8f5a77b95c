// Hostile and mistaken input, one case or more per class of defect: each is
// refused with the documented exit code and a message that names the option,
// file or record, no output file appears, and no input file changes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "geo/core/csv.hpp"
#include "geo/geometry/geos.hpp"
#include "maps/sample/sample_plan.hpp"
#include "maps/sample/sample_town.hpp"
#include "tests/test_support.hpp"
#include "tests/tools/cli_support.hpp"

namespace {

using namespace revir;
namespace fs = std::filesystem;

std::string lat_lon(double x, double y) {
    const auto c = sample::town_coordinate(x, y);
    return std::to_string(c.lat()) + "," + std::to_string(c.lon());
}

struct Refusal {
    std::string args;                  // after `revir`; {dir} stands for the test folder
    int exit_code;                     // 2 bad input or usage, 3 damaged graph file
    std::vector<std::string> mentions; // each must appear in stderr
    std::vector<std::string> outputs;  // files (under {dir}) that must not appear
};

class BadInput : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = test::temporary_folder("bad-input");
        graph_ = (dir_ / "town.rvg").string();
        ASSERT_EQ(test::run_revir("import -q " + test::sample_town_file().string() + " -o " + graph_).exit_code, 0);
        sample::write_sample_plan_inputs((dir_ / "sample").string());
        std::ofstream(dir_ / "points.csv") << "id,lon,lat\n"
                                           << "a," << sample::town_coordinate(-500, 0).lon() << ","
                                           << sample::town_coordinate(-500, 0).lat() << "\n"
                                           << "b," << sample::town_coordinate(500, 200).lon() << ","
                                           << sample::town_coordinate(500, 200).lat() << "\n";
    }

    static void snapshot(std::map<fs::path, std::string>& files) {
        for (const auto& entry : fs::recursive_directory_iterator(dir_)) {
            if (entry.is_regular_file()) files[entry.path()] = test::file_contents(entry.path());
        }
    }

    // Runs each case and checks the refusal; every file in the folder must be
    // byte for byte what it was, and no new file may appear.
    static void expect_refused(const std::vector<Refusal>& cases) {
        for (const auto& c : cases) {
            std::map<fs::path, std::string> before;
            snapshot(before);
            std::string args = c.args;
            for (std::size_t at; (at = args.find("{dir}")) != std::string::npos;) args.replace(at, 5, dir_.string());
            const auto r = test::run_revir(args);
            SCOPED_TRACE("revir " + args);
            EXPECT_EQ(r.exit_code, c.exit_code) << r.err;
            for (const auto& m : c.mentions) EXPECT_NE(r.err.find(m), std::string::npos) << "no '" << m << "' in: " << r.err;
            EXPECT_TRUE(r.out.empty()) << r.out;
            for (const auto& o : c.outputs) EXPECT_FALSE(fs::exists(dir_ / o)) << o;
            std::map<fs::path, std::string> after;
            snapshot(after);
            EXPECT_TRUE(after == before) << "a file appeared, vanished or changed";
        }
    }

    static inline fs::path dir_;
    static inline std::string graph_;
};

// Class 1: a number that is not finite reaches no C library (GEOS crashed on a NaN buffer).
TEST_F(BadInput, NumbersThatAreNotFiniteAreRefusedByName) {
    const std::string iso = "isochrone " + graph_ + " --from " + lat_lon(0, 0) + " --minutes 5 -o {dir}/iso.geojson";
    const std::string route = "route " + graph_ + " --from " + lat_lon(-500, 0) + " --to " + lat_lon(500, 0);
    expect_refused({
        {iso + " --buffer nan", 2, {"--buffer", "nan"}, {"iso.geojson"}},
        {iso + " --buffer inf", 2, {"--buffer", "inf"}, {"iso.geojson"}},
        {iso + " --max-snap nan", 2, {"--max-snap", "nan"}, {"iso.geojson"}},
        {route + " --max-snap nan", 2, {"--max-snap", "nan"}, {}},
        {"matrix " + graph_ + " --points {dir}/points.csv --max-snap nan -o {dir}/m.csv", 2, {"--max-snap"}, {"m.csv"}},
    });
}

// Class 3: every option has a documented range; a value outside it names the option.
TEST_F(BadInput, ValuesOutsideTheirRangeNameTheOption) {
    const std::string iso = "isochrone " + graph_ + " --from " + lat_lon(0, 0) + " -o {dir}/iso.geojson";
    const std::string route = "route " + graph_ + " --from " + lat_lon(-500, 0) + " --to " + lat_lon(500, 0);
    const std::string units = "units {dir}/sample/units.geojson --weight population -o {dir}/u.gpkg";
    expect_refused({
        {iso + " --minutes 5 --buffer -60", 2, {"--buffer", "-60", "from 1 to 5000 metres"}, {"iso.geojson"}},
        {iso + " --minutes 5 --buffer 0", 2, {"--buffer"}, {"iso.geojson"}},
        {iso + " --minutes 5 --buffer 1e7", 2, {"--buffer"}, {"iso.geojson"}},
        {iso + " --minutes 0,5", 2, {"--minutes"}, {"iso.geojson"}},
        {route + " --max-snap -5", 2, {"--max-snap", "-5"}, {}},
        {units + " --tolerance -5", 2, {"--tolerance", "-5"}, {"u.gpkg"}},
        {units + " --tolerance nan", 2, {"--tolerance", "nan"}, {"u.gpkg"}},
        {units + " --tolerance 1e9", 2, {"--tolerance"}, {"u.gpkg"}},
        {"matrix " + graph_ + " --points {dir}/points.csv --threads -1 -o {dir}/m.csv", 2, {"--threads", "-1"}, {"m.csv"}},
        {"territories --units {dir}/u.gpkg --reps -3 --balance population:5% --crowfly -o {dir}/t.gpkg", 2,
         {"--reps", "-3"}, {"t.gpkg"}},
        {"vrp {dir}/points.csv --iterations -5", 2, {"--iterations", "-5"}, {}},
        {"vrp {dir}/points.csv --time-limit -1", 2, {"--time-limit", "-1"}, {}},
        {"vrp {dir}/points.csv --time-limit nan", 2, {"--time-limit", "nan"}, {}},
    });
}

// Class 3: a NUL byte inside a field is refused, not read up to the NUL.
TEST_F(BadInput, ANulByteIsRefusedWithItsLine) {
    std::ofstream(dir_ / "nul-accounts.csv", std::ios::binary)
        << std::string("id,lon,lat\nacc,") << sample::town_coordinate(0, 0).lon() << std::string("\0junk,", 6)
        << sample::town_coordinate(0, 0).lat() << "\n";
    std::ofstream(dir_ / "nul-points.csv", std::ios::binary) << std::string("id,lon,lat\na,57.06\0junk,14.02\n", 30);
    expect_refused({
        {"matrix " + graph_ + " --points {dir}/nul-points.csv -o {dir}/m.csv", 2, {"nul-points.csv:2", "NUL byte"}, {"m.csv"}},
        {"units {dir}/sample/units.geojson --weight population --accounts {dir}/nul-accounts.csv -o {dir}/u.gpkg", 2,
         {"nul-accounts.csv:2", "NUL byte"}, {"u.gpkg"}},
    });
}

// Class 3: an instance file is read by whole tokens, and what the format does not
// allow is refused (numbers were taken by their leading digits, a missing CAPACITY
// was unlimited, the last of two CAPACITY lines won, TYPE: TSP was accepted).
TEST_F(BadInput, VrpInstancesAreReadByWholeTokens) {
    const std::string head = "NAME : t\nTYPE : CVRP\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EUC_2D\n";
    const std::string body = "NODE_COORD_SECTION\n1 0 0\n2 10 0\n3 0 10\nDEMAND_SECTION\n1 0\n2 5\n3 5\nDEPOT_SECTION\n1\n-1\nEOF\n";
    const std::map<std::string, std::pair<std::string, std::string>> instances{
        {"big.vrp", {head + "CAPACITY : 1e300\n" + body, "CAPACITY is not a whole number: '1e300'"}},
        {"half.vrp", {head + "CAPACITY : 2.5\n" + body, "'2.5'"}},
        {"none.vrp", {head + body, "no CAPACITY"}},
        {"twice.vrp", {head + "CAPACITY : 10\nCAPACITY : 20\n" + body, "CAPACITY is given twice"}},
        {"tsp.vrp", {"NAME : t\nTYPE : TSP\nDIMENSION : 3\nCAPACITY : 10\n" + body, "TYPE TSP"}},
        {"coord.vrp", {head + "CAPACITY : 10\n" + "NODE_COORD_SECTION\n1 0 0 7\n" + body.substr(body.find("2 10")), "needs 3 values"}},
        {"demand.vrp", {head + "CAPACITY : 10\n" + body.substr(0, body.find("DEMAND")) + "DEMAND_SECTION\n1 0\n2 5x\n3 5\nDEPOT_SECTION\n1\n-1\n",
                        "'5x'"}},
    };
    std::vector<Refusal> cases;
    for (const auto& [name, instance] : instances) {
        std::ofstream(dir_ / name) << instance.first;
        cases.push_back({"vrp {dir}/" + name + " --iterations 10", 2, {name, instance.second}, {}});
    }
    cases.push_back({"vrp /dev/zero", 2, {"/dev/zero", "not a regular file"}, {}});
    expect_refused(cases);
}

// Class 3: every profile value is checked (a negative penalty wrapped edge times
// to about 202 hours), and a misspelt key is not silently ignored.
TEST_F(BadInput, ProfileValuesAreChecked) {
    const std::string text = test::file_contents(std::string(REVIR_SOURCE_DIR) + "/maps/profiles/car.json");
    auto variant = [&](const std::string& name, const std::string& from, const std::string& to) {
        std::string t = text;
        const auto at = t.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        t.replace(at, from.size(), to);
        std::ofstream(dir_ / name) << t;
        return "import " + test::sample_town_file().string() + " --profile {dir}/" + name + " -o {dir}/g.rvg";
    };
    expect_refused({
        {variant("penalty.json", "\"traffic_signal_penalty_s\": 2.0", "\"traffic_signal_penalty_s\": -5"), 2,
         {"penalty.json", "traffic_signal_penalty_s", "-5"}, {"g.rvg"}},
        {variant("speed.json", "\"motorway\": 90,", "\"motorway\": -90,"), 2, {"speed.json", "motorway"}, {"g.rvg"}},
        {variant("factor.json", "\"parking_aisle\": 0.5", "\"parking_aisle\": -0.5"), 2,
         {"service_speed_factors.parking_aisle"}, {"g.rvg"}},
        {variant("typo.json", "\"side_road_speed_factor\"", "\"side_road_sped_factor\""), 2,
         {"unknown profile key 'side_road_sped_factor'", "side_road_speed_factor"}, {"g.rvg"}},
    });
}

// Class 3: swapped lat,lon headers put every account thousands of kilometres away;
// when most would fall inside with the axes swapped, that is said and refused.
TEST_F(BadInput, SwappedLonLatColumnsAreRefused) {
    std::ifstream in(dir_ / "sample" / "accounts.csv");
    std::string header, rest, line;
    std::getline(in, header);
    while (std::getline(in, line)) rest += line + "\n";
    const auto at = header.find("lon,lat");
    ASSERT_NE(at, std::string::npos) << header;
    header.replace(at, 7, "lat,lon");
    std::ofstream(dir_ / "swapped.csv") << header << "\n" << rest;
    const std::string units = "units {dir}/sample/units.geojson --weight population --accounts {dir}/swapped.csv";
    expect_refused({{units + " -o {dir}/u.gpkg", 2, {"swapped.csv:2", "longitude and latitude swapped", "--keep-going"}, {"u.gpkg"}}});
    const auto kept = dir_ / "kept" / "u.gpkg";
    fs::create_directories(kept.parent_path());
    std::string args = units + " --keep-going -o " + kept.string();
    args.replace(args.find("{dir}"), 5, dir_.string());
    args.replace(args.find("{dir}"), 5, dir_.string());
    const auto r = test::run_revir(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    fs::remove_all(kept.parent_path());
    fs::remove(dir_ / "swapped.csv");
}

// Class 3: a duration needs its unit ("8" could be hours or minutes), and 7h90 is a typo.
TEST_F(BadInput, DurationsNeedAUnit) {
    const std::string visits = "visits --plan {dir}/points.csv --accounts {dir}/points.csv --graph " + graph_ + " -o {dir}/v.gpkg";
    expect_refused({
        {visits + " --shift 8", 2, {"--shift", "'8'", "8h"}, {"v.gpkg"}},
        {visits + " --shift 7h90", 2, {"--shift", "'7h90'"}, {"v.gpkg"}},
        {visits + " --shift 25h", 2, {"--shift"}, {"v.gpkg"}},
        {visits + " --days 0", 2, {"--days", "0"}, {"v.gpkg"}},
        {visits + " --first-weekday 6", 2, {"--first-weekday", "6"}, {"v.gpkg"}},
    });
}

// `revir serve` refuses its options before it binds.
TEST_F(BadInput, ServeOptionsNameTheOption) {
    const std::string serve = "serve " + graph_ + " --port 0";
    expect_refused({
        {serve + " --request-timeout 30", 2, {"--request-timeout", "'30'", "30s"}, {}},
        {serve + " --request-timeout 5h", 2, {"--request-timeout"}, {}},
        {serve + " --max-table-size 0", 2, {"--max-table-size", "0"}, {}},
        {serve + " --max-isochrone-minutes nan", 2, {"--max-isochrone-minutes", "nan"}, {}},
        {serve + " --max-snap -5", 2, {"--max-snap", "-5"}, {}},
        {serve + " --host not-an-address", 2, {"--host", "not-an-address"}, {}},
        {"serve {dir}/missing.rvg --port 0", 2, {"missing.rvg"}, {}},
    });
}

// Class 5: an empty layer is called empty, not "no weight field (fields: )".
TEST_F(BadInput, AnEmptyLayerIsCalledEmpty) {
    std::ofstream(dir_ / "empty.geojson") << R"({"type":"FeatureCollection","features":[]})";
    expect_refused({{"units {dir}/empty.geojson --weight population -o {dir}/u.gpkg", 2, {"empty.geojson", "no features"}, {"u.gpkg"}}});
}

// A 2 × 2 grid of square units near the sample town with the given properties.
void write_grid(const fs::path& path, const std::string& properties) {
    std::ofstream out(path);
    out << R"({"type":"FeatureCollection","features":[)";
    for (int i = 0; i < 4; ++i) {
        const double x = 14.0 + 0.01 * (i % 2), y = 57.0 + 0.01 * (i / 2);
        out << (i ? "," : "") << R"({"type":"Feature","properties":{"id":"g)" << i << "\"," << properties
            << R"(},"geometry":{"type":"Polygon","coordinates":[[[)" << x << "," << y << "],[" << x + 0.01 << "," << y
            << "],[" << x + 0.01 << "," << y + 0.01 << "],[" << x << "," << y + 0.01 << "],[" << x << "," << y << "]]]}}";
    }
    out << "]}";
}

// Class 3: weights that certify nothing (all zero) or overflow (1e308 gave a
// bound above the objective, a negative gap) are refused, naming the field.
TEST_F(BadInput, WeightsThatCertifyNothingAreRefused) {
    write_grid(dir_ / "grid.geojson", R"("pop":5,"zero":0,"huge":1e308)");
    const std::string t = "territories --units {dir}/grid.geojson --unit-id id --reps 2 --crowfly -o {dir}/t.gpkg";
    expect_refused({
        {t + " --balance zero:5%", 2, {"'zero'", "zero in every unit"}, {"t.gpkg", "t.csv"}},
        {t + " --balance huge:5%", 2, {"'huge'", "add up to"}, {"t.gpkg", "t.csv"}},
        {t + " --balance pop:5% --objective-weight zero", 2, {"objective weight is zero"}, {"t.gpkg", "t.csv"}},
    });
}

// Classes 3 and 5: a graph file's header is inside a checksum (a flipped byte
// there is "damaged", not "truncated"), and bytes after its end are refused.
TEST_F(BadInput, DamagedGraphHeadersAndTrailingBytesAreCalledDamaged) {
    std::string bytes = test::file_contents(graph_);
    std::string flipped = bytes;
    flipped[20] = static_cast<char>(flipped[20] ^ 1); // the header size field
    std::ofstream(dir_ / "flipped.rvg", std::ios::binary) << flipped;
    std::ofstream(dir_ / "longer.rvg", std::ios::binary) << bytes << "trailing junk";
    const std::string route = " --from " + lat_lon(-500, 0) + " --to " + lat_lon(500, 0);
    expect_refused({
        {"route {dir}/flipped.rvg" + route, 3, {"flipped.rvg", "damaged"}, {}},
        {"route {dir}/longer.rvg" + route, 3, {"longer.rvg", "damaged", "13 bytes after the end"}, {}},
    });
}

// Class 5: what GEOS and SQLite would have said raw is said in words, naming the
// file, the feature or the field.
TEST_F(BadInput, LibraryErrorsAreSaidInWords) {
    write_grid(dir_ / "cased.geojson", R"("pop":5,"POP":3)");
    expect_refused({
        {"units {dir}/cased.geojson --weight pop,POP --id id -o {dir}/cased.gpkg", 2,
         {"'pop' and 'POP'", "ignore case"}, {"cased.gpkg"}},
    });
    EXPECT_EQ(geo::geos_in_words("IllegalArgumentException: Points of LinearRing do not form a closed linestring"),
              "a ring does not end where it starts");
}

// Class 5: usage errors exit 2 like any bad input, and say what was meant.
TEST_F(BadInput, UsageErrorsExitTwoAndSuggest) {
    expect_refused({
        {"frobnicate", 2, {"unknown subcommand 'frobnicate'", "territories"}, {}},
        {"territorie", 2, {"unknown subcommand 'territorie'", "did you mean 'territories'"}, {}},
        {"", 2, {"subcommand"}, {}},
        {"route " + graph_ + " --from 1,2 --to 2,3 --max-snp 5", 2, {"--max-snp", "did you mean '--max-snap'"}, {}},
        {"isochrone " + graph_ + " --from 1,2 --minutes five -o {dir}/i.geojson", 2, {"--minutes", "five"}, {"i.geojson"}},
        {"route", 2, {"graph", "required"}, {}},
    });
}

// Class 2: no output is ever an input, under any name; an output's extension
// promises the format written.
TEST_F(BadInput, AnOutputIsNeverAnInput) {
    fs::copy_file(test::sample_town_file(), dir_ / "town.osm.pbf", fs::copy_options::overwrite_existing);
    fs::create_symlink(graph_, dir_ / "graph-link.geojson");
    fs::create_hard_link(dir_ / "points.csv", dir_ / "points-link.csv");
    const std::string route = "route " + graph_ + " --from " + lat_lon(-500, 0) + " --to " + lat_lon(500, 0);
    const std::string units = "units {dir}/sample/units.geojson --weight population";
    expect_refused({
        {"matrix " + graph_ + " --points {dir}/points.csv -o {dir}/points.csv", 2, {"-o", "is the input --points"}, {}},
        {"matrix " + graph_ + " --points {dir}/points.csv -o {dir}/points-link.csv", 2, {"is the input --points"}, {}},
        {"matrix " + graph_ + " --points {dir}/points.csv -o {dir}/./points.csv", 2, {"is the input --points"}, {}},
        {"matrix " + graph_ + " --points {dir}/points.csv -o {dir}/m.txt", 2, {"-o", "name it .csv"}, {"m.txt"}},
        {"import {dir}/town.osm.pbf -o {dir}/town.osm.pbf", 2, {"-o", "name it .rvg"}, {}},
        {route + " --geojson {dir}/graph-link.geojson", 2, {"--geojson", "is the input"}, {}},
        {route + " --geojson " + graph_, 2, {"--geojson", "name it .geojson"}, {}},
        {units + " -o {dir}/sample/units.geojson", 2, {"-o", "name it .gpkg"}, {}},
        {units + " -o {dir}/u.geojson", 2, {"-o", "name it .gpkg"}, {"u.geojson"}},
        {"isochrone " + graph_ + " --from " + lat_lon(0, 0) + " --minutes 5 -o {dir}/iso.txt", 2, {"-o", ".gpkg"}, {"iso.txt"}},
        {"vrp {dir}/points.csv -o {dir}/points.csv", 2, {"-o", "name it .sol"}, {}},
    });
}

// Class 4: a command that writes several files writes all or none; an output that
// cannot be written is found before the long work.
TEST_F(BadInput, SeveralOutputsAppearAllOrNone) {
    const std::string territories = "territories --units {dir}/sample/units.geojson --bases {dir}/sample/bases.csv "
                                    "--balance population:5% --crowfly --time-limit 1 -o {dir}/ok.gpkg";
    expect_refused({
        {territories + " --assignments-csv {dir}/points.csv/t.csv", 2, {"--assignments-csv", "points.csv/t.csv"}, {"ok.gpkg"}},
        {territories + " --assignments-csv {dir}/sample/bases.csv", 2, {"is the input --bases"}, {"ok.gpkg"}},
    });
}

// Class 3: an id with a comma, a quote or a line break is quoted in every CSV
// written (RFC 4180), and reads back as itself.
TEST_F(BadInput, CsvOutputsQuoteWhatNeedsQuoting) {
    const auto a = sample::town_coordinate(-500, 0), b = sample::town_coordinate(500, 200);
    const auto points = dir_ / "quoted" / "points.csv";
    fs::create_directories(points.parent_path());
    std::ofstream(points) << "id,lon,lat\n\"a,1\"," << a.lon() << "," << a.lat() << "\n\"say \"\"hi\"\"\nthere\"," << b.lon()
                          << "," << b.lat() << "\n";
    const auto out = dir_ / "quoted" / "m.csv";
    const auto r = test::run_revir("matrix " + graph_ + " --points " + points.string() + " -o " + out.string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto table = read_csv(out.string());
    ASSERT_EQ(table.records.size(), 4u);
    EXPECT_EQ(table.records[1].fields[0], "a,1");
    EXPECT_EQ(table.records[1].fields[1], "say \"hi\"\nthere");
    fs::remove_all(points.parent_path());
}

} // namespace
