// End-to-end tests of the revir command line: outputs, exit codes and the error
// messages a user sees for the mistakes users make.
#include <gtest/gtest.h>


#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/vrp/vrp_files.hpp"
#include "engine/vrp/vrp_solution.hpp"
#include "geo/io/gdal.hpp"
#include "geo/units/units.hpp"
#include "maps/sample/sample_town.hpp"
#include "tests/test_support.hpp"
#include "tests/tools/cli_support.hpp"

namespace {

using namespace revir;

using Result = test::CliResult;

Result run(const std::string& args) { return test::run_revir(args); }

std::string lat_lon(double x, double y) {
    const auto c = sample::town_coordinate(x, y);
    return std::to_string(c.lat()) + "," + std::to_string(c.lon());
}

class Cli : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = test::temporary_folder("cli-graph");
        graph_ = (dir_ / "town.rvg").string();
        const auto r = run("import " + test::sample_town_file().string() + " -o " + graph_);
        ASSERT_EQ(r.exit_code, 0) << r.err;
        ASSERT_NE(r.err.find("nodes"), std::string::npos);
        ASSERT_TRUE(r.out.empty()) << "import printed to stdout: " << r.out;
    }
    static inline std::filesystem::path dir_;
    static inline std::string graph_;
};

TEST_F(Cli, InfoPrintsStatistics) {
    const auto r = run("info " + graph_);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("nodes"), std::string::npos);
    const auto j = nlohmann::json::parse(run("info --json " + graph_).out);
    EXPECT_EQ(j["profile"], "car");
    EXPECT_GT(j["nodes"].get<int>(), 100);
    EXPECT_EQ(j["import"]["nodes"], j["nodes"]);
}

TEST_F(Cli, RouteJsonHasDurationDistanceAndSnapDistances) {
    const auto geojson = (dir_ / "route.geojson").string();
    const auto r = run("route " + graph_ + " --from " + lat_lon(-1050, -1050) + " --to " + lat_lon(1050, 1050) +
                       " --json --geojson " + geojson);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_GT(j["duration"].get<double>(), 60);
    EXPECT_GT(j["distance"].get<double>(), 2828);
    EXPECT_EQ(j["waypoints"].size(), 2u);
    EXPECT_LT(j["waypoints"][0]["distance"].get<double>(), 1.0);
    EXPECT_EQ(j["geometry"]["type"], "LineString");
    std::ifstream in(geojson);
    const auto fc = nlohmann::json::parse(in);
    EXPECT_EQ(fc["features"][0]["properties"]["duration_s"], j["duration"]);
}

TEST_F(Cli, MatrixWritesALongTableWithEmptyUnreachableCells) {
    const auto points = (dir_ / "points.csv").string();
    {
        std::ofstream out(points);
        out << "name,lat,lon,id\n";
        for (int i = 0; i < 4; ++i) {
            const auto c = sample::town_coordinate(-1200 + 800 * i, -900 + 600 * i);
            out << "p" << i << "," << c.lat() << "," << c.lon() << ",id" << i << "\n";
        }
    }
    const auto matrix = (dir_ / "matrix.csv").string();
    const auto r = run("matrix " + graph_ + " --points " + points + " -o " + matrix);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::ifstream in(matrix);
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line, "from,to,duration_s,distance_m,from_snap_m,to_snap_m");
    int rows = 0;
    while (std::getline(in, line)) {
        ++rows;
        if (line.starts_with("id0,id0,")) {
            EXPECT_TRUE(line.starts_with("id0,id0,0.0,0.0,")) << line;
        }
    }
    EXPECT_EQ(rows, 16);

    // Chosen sources and destinations, as an OSRM table response.
    const auto table = (dir_ / "table.json").string();
    const auto t = run("matrix " + graph_ + " --points " + points + " --sources id1,id3 --destinations id0 --format json -o " + table);
    ASSERT_EQ(t.exit_code, 0) << t.err;
    const auto j = nlohmann::json::parse(test::file_contents(table));
    EXPECT_EQ(j["code"], "Ok");
    ASSERT_EQ(j["durations"].size(), 2u);
    EXPECT_EQ(j["durations"][0].size(), 1u);
    EXPECT_EQ(j["sources"][0]["id"], "id1");
    EXPECT_EQ(j["destinations"][0]["id"], "id0");
    EXPECT_EQ(run("matrix " + graph_ + " --points " + points + " --sources id9 -o " + matrix).exit_code, 2);
    EXPECT_EQ(run("matrix " + graph_ + " --points " + points + " --format json -o " + matrix).exit_code, 2); // .csv name
}

TEST_F(Cli, MatrixListsEveryFarPointAndCanSkipThem) {
    const auto points = (dir_ / "far.csv").string();
    {
        std::ofstream out(points);
        out << "id,lat,lon\n";
        for (int i = 0; i < 3; ++i) {
            const auto c = sample::town_coordinate(-1200 + 800 * i, -900 + 600 * i);
            out << "near" << i << "," << c.lat() << "," << c.lon() << "\n";
        }
        const auto far = sample::town_coordinate(0, 60000);
        out << "farA," << far.lat() << "," << far.lon() << "\nfarB," << far.lat() << "," << far.lon() + 0.01 << "\n";
    }
    const auto matrix = (dir_ / "far-matrix.csv").string();
    const auto failed = run("matrix " + graph_ + " --points " + points + " -o " + matrix);
    EXPECT_EQ(failed.exit_code, 2);
    EXPECT_NE(failed.err.find("farA"), std::string::npos) << failed.err;
    EXPECT_NE(failed.err.find("farB"), std::string::npos) << failed.err;
    EXPECT_FALSE(std::filesystem::exists(matrix));
    const auto skipped = run("matrix " + graph_ + " --points " + points + " --far-points skip --json -o " + matrix);
    ASSERT_EQ(skipped.exit_code, 0) << skipped.err;
    EXPECT_EQ(nlohmann::json::parse(skipped.out)["far_points"], nlohmann::json({"farA", "farB"}));
    std::ifstream in(matrix);
    std::string line;
    int empty = 0, rows = 0;
    std::getline(in, line);
    while (std::getline(in, line)) {
        ++rows;
        if (line.find("far") != std::string::npos) {
            const auto fields = line.substr(line.find(',', line.find(',') + 1) + 1);
            EXPECT_TRUE(fields.starts_with(",,")) << line; // no duration, no distance
            ++empty;
        }
    }
    EXPECT_EQ(rows, 25);
    EXPECT_EQ(empty, 16);
}

TEST_F(Cli, UnitsWritesAGeoPackageAndReportsIslands) {
    REVIR_REQUIRE_DATA(hexes, "porto_alegre/poa_hexgrid_h3.gpkg");
    const auto output = (dir_ / "poa-units.gpkg").string();
    const auto r = run("units " + hexes + " --weight population,jobs --id id --missing-weight-as-zero --json -o " + output);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["units"], 1227);
    EXPECT_EQ(j["components_before_linking"], 4);
    EXPECT_EQ(j["island_links"].size(), 3u);
    EXPECT_EQ(j["total_weight"]["population"], 812935.0);
    EXPECT_EQ(j["weights_taken_as_zero"].size(), 5u); // five hexagons have no jobs value
    EXPECT_TRUE(std::filesystem::exists(output));

    // Accounts with a bad coordinate or a duplicated id fail naming the record.
    const auto failed_accounts = (dir_ / "failed-accounts.gpkg").string();
    const auto bad_coordinate = (dir_ / "bad-coordinate.csv").string();
    std::ofstream(bad_coordinate) << "id,lon,lat\na1,-51.2,-30.05\na2,-51.2,south\n";
    auto bad = run("units " + hexes + " --weight population --id id --accounts " + bad_coordinate + " -o " + failed_accounts);
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("bad-coordinate.csv:3"), std::string::npos) << bad.err;
    const auto duplicated = (dir_ / "duplicated.csv").string();
    std::ofstream(duplicated) << "id,lon,lat\na1,-51.2,-30.05\na1,-51.21,-30.05\n";
    bad = run("units " + hexes + " --weight population --id id --accounts " + duplicated + " -o " + failed_accounts);
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("account id 'a1' appears twice: " + duplicated + ":2 and " + duplicated + ":3"),
              std::string::npos)
        << bad.err;
    EXPECT_FALSE(std::filesystem::exists(failed_accounts));

    // A missing weight field fails, names the field and leaves no file behind.
    const auto failed = (dir_ / "failed.gpkg").string();
    bad = run("units " + hexes + " --weight residents --id id -o " + failed);
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("no weight field 'residents'"), std::string::npos) << bad.err;
    EXPECT_FALSE(std::filesystem::exists(failed));
    for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
        EXPECT_EQ(entry.path().string().find(".tmp"), std::string::npos) << entry.path();
    }
}

TEST_F(Cli, ExportWritesTheStyledPlanAndTheCrmTable) {
    REVIR_REQUIRE_DATA(hexes, "porto_alegre/poa_hexgrid_h3.gpkg");
    const auto units = (dir_ / "export-units.gpkg").string();
    ASSERT_EQ(run("units " + hexes + " --weight population --id id -o " + units).exit_code, 0);
    // West of -51.2 to one rep, the rest to the other.
    const auto assignment = (dir_ / "assignment.csv").string();
    {
        std::ofstream out(assignment);
        out << "unit_id,territory_id\n";
        auto dataset = geo::open_vector(units);
        for (auto& f : geo::find_layer(*dataset, units, "units")) {
            out << f->GetFieldAsString("unit_id") << "," << (f->GetFieldAsDouble("rep_lon") < -51.2 ? "W" : "E") << "\n";
        }
    }
    const auto bases = (dir_ / "bases.csv").string();
    std::ofstream(bases) << "id,name,lon,lat,capacity\nW,Wanda,-51.23,-30.05,1\nE,Eero,-51.17,-30.05,2\n";
    const auto plan = (dir_ / "plan.gpkg").string();
    const auto crm = (dir_ / "crm.csv").string();
    auto r = run("export --units " + units + " --weight population --assignment " + assignment + " --bases " + bases +
                 " -o " + plan + " --assignments-csv " + crm);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("export: W "), std::string::npos) << r.err; // one summary line per territory
    EXPECT_NE(r.err.find("export: E "), std::string::npos) << r.err;
    auto dataset = geo::open_vector(plan);
    EXPECT_EQ(geo::find_layer(*dataset, plan, "territories").GetFeatureCount(), 2);
    EXPECT_EQ(geo::find_layer(*dataset, plan, "layer_styles").GetFeatureCount(), 5);
    std::ifstream in(crm);
    std::string header;
    std::getline(in, header);
    EXPECT_EQ(header, "unit_id,territory_id,rep_id");

    const auto folder = (dir_ / "plan-geojson").string();
    r = run("export --units " + units + " --weight population --assignment " + assignment + " --bases " + bases +
            " --format geojson -o " + folder);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(folder) / "territories.geojson"));

    // A unit without territory is refused and nothing is written.
    std::ofstream(assignment) << "unit_id,territory_id\n";
    const auto refused = (dir_ / "refused.gpkg").string();
    r = run("export --units " + units + " --weight population --assignment " + assignment + " --bases " + bases +
            " -o " + refused);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("has no territory"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(refused));
}

// A field's values over a layer, in file order.
std::vector<std::string> field_values(const std::string& path, const std::string& layer, const std::string& field) {
    auto dataset = geo::open_vector(path);
    OGRLayer* l = layer.empty() ? dataset->GetLayer(0) : dataset->GetLayerByName(layer.c_str());
    std::vector<std::string> out;
    if (l == nullptr) return out;
    l->ResetReading();
    for (auto& feature : *l) out.emplace_back(feature->GetFieldAsString(field.c_str()));
    return out;
}

// The adjacency table's rows as "unit neighbour kind gap", sorted.
std::vector<std::string> adjacency_rows(const std::string& path) {
    auto dataset = geo::open_vector(path);
    OGRLayer* l = dataset->GetLayerByName("adjacency");
    std::vector<std::string> out;
    if (l == nullptr) return out;
    for (auto& f : *l) {
        // One call at a time: OGR may hand back the same buffer for every field.
        const std::string unit = f->GetFieldAsString("unit_id");
        const std::string neighbour = f->GetFieldAsString("neighbour_id");
        const std::string kind = f->GetFieldAsString("kind");
        out.push_back(unit + " " + neighbour + " " + kind + " " + std::to_string(f->GetFieldAsDouble("gap_m")));
    }
    std::sort(out.begin(), out.end());
    return out;
}

// `revir units` then `revir territories` with no id flag: the plan carries the
// source's unit ids and designs on the adjacency the units GeoPackage holds (here
// with gap links, which a fresh computation with default settings would not make).
TEST_F(Cli, TerritoriesReadAUnitsGeoPackageAsWritten) {
    REVIR_REQUIRE_DATA(hexes, "porto_alegre/poa_hexgrid_h3.gpkg");
    const auto units = (dir_ / "poa-gaps.gpkg").string();
    auto r = run("units " + hexes + " --weight population --id id --missing-weight-as-zero --link-gaps 180 -o " + units);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto bases = (dir_ / "poa-bases.csv").string();
    std::ofstream(bases) << "id,name,lon,lat\nN,North,-51.20,-30.03\nS,South,-51.20,-30.12\nE,East,-51.12,-30.07\n";
    const auto plan = (dir_ / "poa-plan.gpkg").string();
    r = run("territories --units " + units + " --bases " + bases + " --crowfly --balance population:5% --rounds 100 -o " +
            plan);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("links as " + units + " holds them"), std::string::npos) << r.err;

    auto source_ids = field_values(hexes, "", "id");
    auto plan_ids = field_values(plan, "units", "unit_id");
    ASSERT_EQ(source_ids.size(), 1227u);
    std::sort(source_ids.begin(), source_ids.end());
    std::sort(plan_ids.begin(), plan_ids.end());
    EXPECT_EQ(plan_ids, source_ids);

    const auto written = adjacency_rows(units);
    ASSERT_FALSE(written.empty());
    EXPECT_TRUE(std::any_of(written.begin(), written.end(), [](const std::string& row) {
        return row.find(" gap-link ") != std::string::npos;
    }));
    EXPECT_EQ(adjacency_rows(plan), written); // the plan was designed on, and carries, the file's adjacency
}

TEST_F(Cli, TerritoriesWritePlanCsvAndJsonAndReportWhatCannotBeDone) {
    REVIR_REQUIRE_DATA(leeds, "territory_design/uk_msoa_districting/Leeds.geojson");
    // Four reps at four MSOAs' points (lon/lat), one of them with more capacity.
    const auto bases = (dir_ / "leeds-bases.csv").string();
    std::ofstream(bases) << "id,name,lon,lat,capacity\nN,North,-1.55,53.86,1\nS,South,-1.54,53.76,1\n"
                            "E,East,-1.45,53.80,1.5\nW,West,-1.65,53.80,1\n";
    const auto plan = (dir_ / "leeds-plan.gpkg").string();
    const std::string common = "territories --units " + leeds + " --unit-id ID --bases " + bases + " --crowfly ";
    auto r = run(common + "--balance POPULATION:3% --seed 7 -o " + plan + " --json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto summary = nlohmann::json::parse(r.out);
    for (const char* key : {"objective", "bound", "gap_percent", "max_deviation_percent", "territories", "seconds"}) {
        EXPECT_TRUE(summary.contains(key)) << key;
    }
    EXPECT_TRUE(summary["feasible"].get<bool>());
    EXPECT_LE(summary["max_deviation_percent"].get<double>(), 3.0 + 1e-9);
    EXPECT_LE(summary["bound"].get<double>(), summary["objective"].get<double>());
    ASSERT_EQ(summary["territories"].size(), 4u);
    for (const auto& t : summary["territories"]) EXPECT_TRUE(t["contiguous"].get<bool>());
    auto dataset = geo::open_vector(plan);
    EXPECT_EQ(geo::find_layer(*dataset, plan, "territories").GetFeatureCount(), 4);
    EXPECT_EQ(geo::find_layer(*dataset, plan, "units").GetFeatureCount(), 299);
    const auto csv = (dir_ / "leeds-plan.csv").string();
    ASSERT_TRUE(std::filesystem::exists(csv));
    std::ifstream in(csv);
    std::string header;
    std::getline(in, header);
    EXPECT_EQ(header, "unit_id,territory_id,rep_id");

    // The same seed gives the same plan.
    const auto again = (dir_ / "leeds-again.gpkg").string();
    r = run(common + "--balance POPULATION:3% --seed 7 -o " + again);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::ifstream a(csv), b((dir_ / "leeds-again.csv").string());
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(a), {}), std::string(std::istreambuf_iterator<char>(b), {}));

    // Realignment from that plan with capacities changed: few units move.
    const auto changed = (dir_ / "leeds-bases-changed.csv").string();
    std::ofstream(changed) << "id,name,lon,lat,capacity\nN,North,-1.55,53.86,1.2\nS,South,-1.54,53.76,1\n"
                              "E,East,-1.45,53.80,1.5\nW,West,-1.65,53.80,1\n";
    r = run("territories --units " + leeds + " --unit-id ID --bases " + changed + " --crowfly --balance POPULATION:3% "
            "--current " + csv + " --max-moved 10% -o " + (dir_ / "leeds-realigned.gpkg").string() + " --json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto realigned = nlohmann::json::parse(r.out);
    EXPECT_TRUE(realigned["feasible"].get<bool>());
    EXPECT_GT(realigned["moved_units"].get<int>(), 0);
    EXPECT_LE(realigned["moved_units"].get<int>(), 29); // 10 % of 299

    // A hard maximum distance from the base is kept by every unit.
    r = run(common + "--balance POPULATION:5% --max-distance 40 -o " + (dir_ / "leeds-near.gpkg").string() + " --json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto near = nlohmann::json::parse(r.out);
    for (const auto& t : near["territories"]) EXPECT_LE(t["max_km"].get<double>(), 40.0);

    // A tolerance no plan can meet: the best plan is written, the exit code says so.
    const auto tight = (dir_ / "leeds-tight.gpkg").string();
    r = run(common + "--balance POPULATION:0% --rounds 50 -o " + tight); // targets are not whole numbers
    EXPECT_EQ(r.exit_code, 4) << r.err;
    EXPECT_NE(r.err.find("no feasible plan"), std::string::npos) << r.err;
    EXPECT_TRUE(std::filesystem::exists(tight));

    // User mistakes.
    r = run(common + "--balance POPULATON:3% -o " + (dir_ / "x.gpkg").string());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("POPULATON"), std::string::npos) << r.err;
    r = run(common + "--balance POPULATION -o " + (dir_ / "x.gpkg").string());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("needs a field and a tolerance"), std::string::npos) << r.err;
    r = run("territories --units " + leeds + " --unit-id ID --bases " + bases + " --balance POPULATION:3% -o " +
            (dir_ / "x.gpkg").string());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--crowfly"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir_ / "x.gpkg"));
}

// Leeds MSOAs and three centres: a real case that runs the whole
// free-centre path (under AddressSanitizer NH tracts took 15 minutes, Leeds
// with four centres over 4).
TEST_F(Cli, TerritoriesChooseCentresWithoutBases) {
    REVIR_REQUIRE_DATA(leeds, "territory_design/uk_msoa_districting/Leeds.geojson");
    const auto plan = (dir_ / "leeds-free.gpkg").string();
    const auto r = run("territories --units " + leeds + " --unit-id ID --reps 3 --crowfly --balance POPULATION:3% "
                       "--rounds 50 -o " + plan + " --json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto summary = nlohmann::json::parse(r.out);
    EXPECT_TRUE(summary["feasible"].get<bool>());
    ASSERT_EQ(summary["territories"].size(), 3u);
    EXPECT_EQ(summary["territories"][0]["territory_id"], "T1");
    EXPECT_LE(summary["bound"].get<double>(), summary["objective"].get<double>());
    auto dataset = geo::open_vector(plan);
    EXPECT_EQ(geo::find_layer(*dataset, plan, "bases").GetFeatureCount(), 3);
}

TEST_F(Cli, HierarchyAndDijkstraGiveTheSameAnswers) {
    const auto plain = (dir_ / "plain.rvg").string();
    ASSERT_EQ(run("import -q --no-contract " + test::sample_town_file().string() + " -o " + plain).exit_code, 0);
    EXPECT_NE(run("info " + plain).out.find("hierarchy       none"), std::string::npos);
    EXPECT_NE(run("info " + graph_).out.find("shortcuts"), std::string::npos);
    for (const auto& [from, to] : {std::pair{lat_lon(-1237, -290), lat_lon(1300, 1000)}, std::pair{lat_lon(1500, 700), lat_lon(-1600, -1100)},
                                   std::pair{lat_lon(-1260, -300), lat_lon(-1220, -300)}}) {
        const auto args = " --from " + from + " --to " + to + " --json";
        const auto with = run("route " + graph_ + args);
        const auto without = run("route " + plain + args);
        ASSERT_EQ(with.exit_code, 0) << with.err;
        EXPECT_EQ(with.out, without.out);
    }
    const auto points = (dir_ / "ch-points.csv").string();
    {
        std::ofstream out(points);
        out << "id,lon,lat\n";
        for (int i = 0; i < 12; ++i) {
            const auto c = sample::town_coordinate(-1500 + 260 * i, -1100 + 190 * i + (i % 3) * 37);
            out << "p" << i << "," << c.lon() << "," << c.lat() << "\n";
        }
    }
    const auto a = (dir_ / "m-ch.csv").string(), b = (dir_ / "m-plain.csv").string();
    ASSERT_EQ(run("matrix " + graph_ + " --points " + points + " -o " + a).exit_code, 0);
    ASSERT_EQ(run("matrix " + plain + " --points " + points + " -o " + b).exit_code, 0);
    std::ifstream fa(a), fb(b);
    std::stringstream sa, sb;
    sa << fa.rdbuf();
    sb << fb.rdbuf();
    EXPECT_EQ(sa.str(), sb.str());
}

TEST_F(Cli, IsochroneWritesBandsAndRefusesBadInput) {
    const auto output = (dir_ / "iso.geojson").string();
    auto r = run("isochrone " + graph_ + " --from " + lat_lon(-900, 0) + " --minutes 2,4 -o " + output);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::ifstream in(output);
    const auto fc = nlohmann::json::parse(in);
    ASSERT_EQ(fc["features"].size(), 2u);
    EXPECT_EQ(fc["features"][0]["properties"]["minutes"], 4.0); // largest first
    EXPECT_GT(fc["features"][0]["properties"]["area_km2"].get<double>(), fc["features"][1]["properties"]["area_km2"].get<double>());

    r = run("isochrone " + graph_ + " --from " + lat_lon(-900, 0) + " --minutes 0,5 -o " + (dir_ / "bad.geojson").string());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--minutes must be from 0.1 to 1440 minutes, not 0"), std::string::npos) << r.err;
    r = run("isochrone " + graph_ + " --from " + lat_lon(0, 9000) + " --minutes 5 -o " + (dir_ / "far.geojson").string());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("from the nearest road"), std::string::npos) << r.err;
    r = run("isochrone " + graph_ + " --from " + lat_lon(-900, 0) + " --minutes 5 -o " + (dir_ / "iso.txt").string());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find(".gpkg or .geojson"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir_ / "bad.geojson"));
    r = run("contract /nonexistent/region.rvg");
    EXPECT_EQ(r.exit_code, 2);
}

TEST_F(Cli, UserMistakesGiveClearErrors) {
    auto r = run("route /nonexistent/x.rvg --from 1,1 --to 1,1");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("/nonexistent/x.rvg"), std::string::npos) << r.err;

    r = run("route " + graph_ + " --from 91,0 --to 1,1");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--from"), std::string::npos) << r.err;

    r = run("route " + graph_ + " --from " + lat_lon(0, 9000) + " --to " + lat_lon(0, 0));
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("from the nearest road"), std::string::npos) << r.err;

    r = run("import /nonexistent/city.osm.pbf -o " + (dir_ / "x.rvg").string());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("no such OSM file"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir_ / "x.rvg"));

    r = run("import " + test::sample_town_file().string() + " -o " + (dir_ / "y.rvg").string() + " --profile hovercraft");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("unknown profile 'hovercraft'"), std::string::npos) << r.err;

    const auto not_a_graph = (dir_ / "points-as-graph.rvg").string();
    std::ofstream(not_a_graph) << "id,lon,lat\n";
    r = run("info " + not_a_graph);
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find("not a Revir graph file"), std::string::npos) << r.err;

    r = run("frobnicate");
    EXPECT_NE(r.exit_code, 0);
}

// revir vrp: a .sol on stdout (or in a file) that the library reads back and
// checks; a broken instance is refused with its file and line.
TEST(CliVrp, SolvesAnInstanceAndPrintsASol) {
    REVIR_REQUIRE_DATA(instance, "vrp/solomon_vrptw/C101.txt");
    auto r = run("vrp " + instance + " --iterations 3000 --threads 1");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("routes, cost"), std::string::npos) << r.err;
    const auto parsed = engine::read_vrp_instance(instance);
    const auto solution = engine::parse_vrp_solution(parsed, r.out);
    EXPECT_TRUE(engine::check_vrp_solution(parsed, solution).empty()) << r.out;

    const auto dir = test::temporary_folder("cli_vrp");
    const auto sol = (dir / "c101.sol").string();
    r = run("vrp " + instance + " --iterations 3000 --threads 1 -o " + sol + " --json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto summary = nlohmann::json::parse(r.out);
    EXPECT_TRUE(summary.at("feasible").get<bool>());
    std::ifstream written(sol);
    std::stringstream text;
    text << written.rdbuf();
    EXPECT_EQ(engine::parse_vrp_solution(parsed, text.str()).routes.size(), summary.at("routes").size());

    const auto broken = (dir / "broken.txt").string();
    std::ofstream(broken) << "BROKEN\n\nVEHICLE\nNUMBER CAPACITY\n 25 200\n\nCUSTOMER\n 0 40 50 0 0 1236 0\n 1 45 x\n";
    r = run("vrp " + broken);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("broken.txt:9"), std::string::npos) << r.err;
}

// revir visits on Porto Alegre: roads, a 3-rep plan by drive time, accounts near
// unit centres; every rep's days come back with routes, visits and a summary.
TEST(CliVisits, PlansVisitsFromAPlanAndReportsPerRep) {
    REVIR_REQUIRE_DATA(osm, "porto_alegre/poa_osm.pbf");
    REVIR_REQUIRE_DATA(cells, "porto_alegre/poa_hexgrid_h3.gpkg");
    const auto dir = test::temporary_folder("cli_visits");
    const auto graph = (dir / "poa.rvg").string(), plan = (dir / "plan.gpkg").string();
    auto r = run("import " + osm + " -o " + graph);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto bases = (dir / "bases.csv").string();
    std::ofstream(bases) << "id,name,lon,lat\nA,Ana,-51.22,-30.03\nB,Bruno,-51.18,-30.06\nC,Carla,-51.20,-30.09\n";
    r = run("territories --units " + cells + " --unit-id id --bases " + bases + " --graph " + graph +
            " --balance population:3% -o " + plan);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // 150 accounts at every eighth cell's inside point; some on Mondays and Wednesdays
    // only, some in the afternoon only.
    geo::UnitOptions unit_options;
    unit_options.id_field = "id";
    geo::UnitLoadReport load;
    const auto units = geo::read_units(cells, unit_options, load);
    const auto accounts = (dir / "accounts.csv").string();
    {
        std::ofstream out(accounts);
        out << "id,lon,lat,service_minutes,visits,weekdays,open,close\n";
        for (std::size_t i = 0, n = 0; i < units.units.size() && n < 150; i += 8, ++n) {
            const auto c = units.units[i].representative_point;
            out << "a" << n << "," << c.lon() << "," << c.lat() << "," << 20 + n % 26 << "," << (n % 5 == 0 ? 4 : n % 2 == 0 ? 2 : 1)
                << "," << (n % 9 == 0 ? "Mon;Wed" : "") << "," << (n % 7 == 0 ? "13:00,17:00" : ",") << "\n";
        }
    }
    const auto visits = (dir / "visits.gpkg").string();
    r = run("visits --plan " + plan + " --accounts " + accounts + " --graph " + graph + " --days 20 --shift 8h --max-snap 3000 -o " + visits +
            " --json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto summary = nlohmann::json::parse(r.out);
    ASSERT_EQ(summary["reps"].size(), 3u);
    EXPECT_EQ(summary["unscheduled"].get<int>(), 0);
    for (const auto& rep : summary["reps"]) {
        EXPECT_EQ(rep["days_used"].get<int>(), 20);
        EXPECT_LE(rep["max_day_min"].get<double>(), 480.0);
        EXPECT_LT(rep["balance_ratio"].get<double>(), 1.3);
    }
    auto dataset = geo::open_vector(visits);
    EXPECT_EQ(geo::find_layer(*dataset, visits, "visits").GetFeatureCount(), summary["visits"].get<int>());
    EXPECT_EQ(geo::find_layer(*dataset, visits, "routes").GetFeatureCount(), 60); // 3 reps × 20 days
    EXPECT_EQ(geo::find_layer(*dataset, visits, "accounts").GetFeatureCount(), 150);

    // Mistakes: a shift that is not a duration; a file that is not a plan.
    r = run("visits --plan " + plan + " --accounts " + accounts + " --graph " + graph + " --shift 8hours -o " + visits);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--shift '8hours'"), std::string::npos) << r.err;
    r = run("visits --plan " + cells + " --accounts " + accounts + " --graph " + graph + " -o " + (dir / "x.gpkg").string());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("no 'bases' layer"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "x.gpkg"));
    const auto quarterly = (dir / "quarterly.csv").string();
    std::ofstream(quarterly) << "id,lon,lat,service_minutes,visits\nq1,-51.22,-30.03,30,0.25\n";
    r = run("visits --plan " + plan + " --accounts " + quarterly + " --graph " + graph + " -o " + (dir / "q.gpkg").string());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("not a whole number of visits"), std::string::npos) << r.err;
}

} // namespace
