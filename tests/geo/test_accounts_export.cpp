// Accounts and bases located in real units, and the plan layers written as a
// styled GeoPackage, GeoJSON, Shapefile and CRM table.
#include <gtest/gtest.h>

#include <cpl_minixml.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <fstream>
#include <sstream>

#include "geo/units/accounts.hpp"
#include "geo/core/error.hpp"
#include "geo/io/gdal.hpp"
#include "engine/plan/plan_export.hpp"
#include "tests/test_support.hpp"

namespace {

using namespace revir;

std::string write(const std::string& name, const std::string& text) {
    const auto path = test::temporary_folder("accounts") / name;
    std::ofstream(path) << text;
    return path.string();
}

template <typename F>
std::string error_of(F call) {
    try {
        call();
    } catch (const InputError& e) {
        return e.what();
    }
    return "no error";
}

std::string slurp(const std::string& command) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe)) out += buffer;
    pclose(pipe);
    return out;
}

// Porto Alegre's hexagons with accounts at the centres of every fifth cell (from
// the data set's own CSV), one account in the Guaíba (an orphan) and four bases.
class PortoAlegrePlan : public ::testing::Test {
protected:
    void SetUp() override {
        hexes_ = test::shared_data("porto_alegre/poa_hexgrid_h3.gpkg");
        const auto centres = test::shared_data("porto_alegre/poa_hexgrid.csv");
        if (hexes_.empty() || centres.empty()) GTEST_SKIP() << "real data missing: porto_alegre/";
        geo::UnitLoadReport report;
        geo::UnitOptions options;
        options.weight_fields = {"population"};
        options.id_field = "id";
        units_ = geo::read_units(hexes_, options, report);

        std::ifstream in(centres);
        std::string line;
        std::getline(in, line); // id,lon,lat,population,...
        std::ostringstream accounts;
        accounts << "id,lon,lat,potential,service_minutes,visits,weekdays,open,close\n";
        int row = 0;
        while (std::getline(in, line)) {
            if (row++ % 5 != 0) continue;
            std::stringstream fields(line);
            std::string id, lon, lat;
            std::getline(fields, id, ',');
            std::getline(fields, lon, ',');
            std::getline(fields, lat, ',');
            accounts << "A" << row << "," << lon << "," << lat << "," << row % 7 << ",30,2,Mon;Wed,08:00,17:30\n";
        }
        accounts << "RIVER,-51.2650,-30.0600,1,45,1,,,\n"; // in the Guaíba, west of every cell
        accounts_path_ = write("accounts.csv", accounts.str());
        bases_path_ = write("bases.csv",
                            "id,name,lon,lat,capacity\n"
                            "N,Norte,-51.17,-30.01,1\n"
                            "C,Centro,-51.22,-30.03,1.5\n"
                            "L,Leste,-51.15,-30.06,1\n"
                            "S,Sul,-51.20,-30.09,1\n");
    }

    std::string hexes_, accounts_path_, bases_path_;
    geo::UnitSet units_;
};

TEST_F(PortoAlegrePlan, AccountsAreLocatedAndAggregated) {
    auto accounts = geo::read_accounts(accounts_path_, {});
    ASSERT_GT(accounts.size(), 200u);
    EXPECT_EQ(accounts[0].weekdays, 0b0000101);
    EXPECT_EQ(accounts[0].open_minute, 8 * 60);
    EXPECT_EQ(accounts[0].close_minute, 17 * 60 + 30);
    geo::LocateReport report;
    geo::locate_accounts(units_, accounts, false, report);
    EXPECT_EQ(report.orphans, std::vector<std::string>{"RIVER"});
    const auto& river = accounts.back();
    EXPECT_TRUE(river.orphan);
    EXPECT_GT(river.orphan_distance_m, 50);
    for (const auto& a : accounts) {
        ASSERT_TRUE(a.unit.valid()) << a.id;
        if (!a.orphan) {
            EXPECT_EQ(a.orphan_distance_m, 0);
        }
    }
    // Brute force: every non-orphan account's unit covers it.
    const auto h = units_.context->handle();
    for (const auto& a : accounts) {
        if (a.orphan) continue;
        const auto p = geo::own(*units_.context, GEOSGeom_createPointFromXY_r(h, a.location.lon(), a.location.lat()), "p");
        ASSERT_EQ(GEOSCovers_r(h, units_.units[a.unit.value()].geometry.get(), p.get()), 1) << a.id;
    }
    geo::add_account_weights(units_, accounts);
    ASSERT_EQ(units_.weight_names.size(), 4u);
    const auto totals = units_.totals();
    EXPECT_EQ(totals[1], static_cast<double>(accounts.size()));
    EXPECT_NEAR(totals[3], 30.0 * 2 * (accounts.size() - 1) + 45, 1e-6);

    EXPECT_NE(error_of([&] {
                  auto again = geo::read_accounts(accounts_path_, {});
                  geo::LocateReport strict;
                  geo::locate_accounts(units_, again, true, strict);
              }).find("RIVER"),
              std::string::npos);
}

TEST_F(PortoAlegrePlan, PlanGeoPackageOpensWithStyles) {
    auto accounts = geo::read_accounts(accounts_path_, {});
    geo::LocateReport located;
    geo::locate_accounts(units_, accounts, false, located);
    geo::add_account_weights(units_, accounts);
    auto bases = geo::read_bases(bases_path_, {});
    geo::locate_bases(units_, bases);
    EXPECT_TRUE(bases[1].unit.valid());
    geo::AdjacencyReport adjacency_report;
    const auto adjacency = geo::compute_adjacency(units_, {}, adjacency_report);

    // Each unit to the straight-line nearest base.
    engine::PlanLayers plan{&units_, &bases, &accounts, &adjacency, {}, {}};
    for (const auto& u : units_.units) {
        TerritoryIndex best(0);
        double best_d = INFINITY;
        for (TerritoryIndex b : indices<TerritoryIndex>(bases.size())) {
            const double d = geo::haversine_m(u.representative_point, bases[b.value()].location);
            if (d < best_d) best_d = d, best = b;
        }
        plan.territory_of_unit.push_back(best);
    }
    const auto territories = engine::territory_stats(plan);
    ASSERT_EQ(territories.size(), 4u);
    double population = 0;
    std::size_t unit_count = 0;
    for (const auto& t : territories) {
        population += t.load[0];
        unit_count += t.units;
        EXPECT_GT(t.polsby_popper, 0.05);
        EXPECT_LE(t.polsby_popper, 1.0);
    }
    EXPECT_NEAR(population, 812935, 0.5);
    EXPECT_EQ(unit_count, units_.units.size());
    // Capacity 1.5 of 4.5: the target is a third of the total.
    EXPECT_NEAR(territories[1].target[0], 812935.0 / 3, 0.5);

    const auto dir = test::temporary_folder("plan");
    const auto gpkg = (dir / "plan.gpkg").string();
    engine::write_plan_geopackage(plan, territories, gpkg);

    // ogrinfo sees every layer with its features.
    const auto info = slurp("ogrinfo -ro -so -al " + gpkg + " 2>&1");
    for (const char* expected : {"Layer name: territories", "Layer name: units", "Layer name: bases", "Layer name: accounts",
                                 "Layer name: routes", "Layer name: layer_styles", "Feature Count: 4",
                                 "Feature Count: 1227", "load_population: Real", "dev_population_pct: Real",
                                 "polsby_popper: Real", "territory_id: String"}) {
        EXPECT_NE(info.find(expected), std::string::npos) << expected << "\n" << info.substr(0, 2000);
    }
    EXPECT_NE(info.find("Feature Count: " + std::to_string(accounts.size())), std::string::npos);

    // One default style per layer, each a well-formed QML document.
    auto dataset = geo::open_vector(gpkg);
    OGRLayer& styles = geo::find_layer(*dataset, gpkg, "layer_styles");
    std::set<std::string> styled;
    for (auto& f : styles) {
        styled.insert(f->GetFieldAsString("f_table_name"));
        EXPECT_EQ(f->GetFieldAsInteger("useAsDefault"), 1);
        EXPECT_STREQ(f->GetFieldAsString("f_geometry_column"), "geom");
        CPLXMLNode* root = CPLParseXMLString(f->GetFieldAsString("styleQML"));
        ASSERT_NE(root, nullptr) << f->GetFieldAsString("f_table_name");
        EXPECT_NE(CPLSearchXMLNode(root, "=renderer-v2"), nullptr);
        CPLDestroyXMLNode(root);
    }
    EXPECT_EQ(styled, (std::set<std::string>{"territories", "units", "bases", "accounts", "routes"}));

    // The same layers as GeoJSON and Shapefile, and the CRM table.
    std::filesystem::create_directories(dir / "geojson");
    std::filesystem::create_directories(dir / "shp");
    geo::OutputSet outputs({{"the plan", gpkg}});
    engine::translate_plan(gpkg, (dir / "geojson").string(), "geojson", outputs);
    engine::translate_plan(gpkg, (dir / "shp").string(), "shapefile", outputs);
    EXPECT_FALSE(std::filesystem::exists(dir / "geojson" / "territories.geojson")); // not before commit()
    outputs.commit();
    EXPECT_TRUE(std::filesystem::exists(dir / "geojson" / "territories.geojson"));
    EXPECT_TRUE(std::filesystem::exists(dir / "shp" / "units.shp"));
    EXPECT_TRUE(std::filesystem::exists(dir / "shp" / "units.dbf"));
    const auto csv = (dir / "assignments.csv").string();
    engine::write_assignment_csv(plan, csv);
    std::ifstream in(csv);
    std::string header;
    std::getline(in, header);
    EXPECT_EQ(header, "account_id,unit_id,territory_id,rep_id,rep_name");
    std::size_t rows = 0;
    for (std::string line; std::getline(in, line);) ++rows;
    EXPECT_EQ(rows, accounts.size());
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        EXPECT_EQ(entry.path().filename().string().find("tmp"), std::string::npos) << entry.path();
    }
}

TEST(AccountFiles, ErrorsNameFileAndRecord) {
    const auto bad = write("bad.csv", "id,lon,lat\na,10,50\nb,ten,50\n");
    auto message = error_of([&] { geo::read_accounts(bad, {}); });
    EXPECT_NE(message.find("bad.csv:3"), std::string::npos) << message;
    EXPECT_NE(message.find("no valid coordinate"), std::string::npos) << message;

    const auto off = write("off.csv", "id,lon,lat\na,10,95\n");
    EXPECT_NE(error_of([&] { geo::read_accounts(off, {}); }).find("off the map"), std::string::npos);

    const auto dup = write("dup.csv", "id,lon,lat\na,10,50\nb,10,50\na,11,50\n");
    message = error_of([&] { geo::read_accounts(dup, {}); });
    EXPECT_NE(message.find("account id 'a' appears twice"), std::string::npos) << message;
    EXPECT_NE(message.find("dup.csv:2"), std::string::npos) << message;
    EXPECT_NE(message.find("dup.csv:4"), std::string::npos) << message;

    const auto noid = write("noid.csv", "name,lon,lat\na,10,50\n");
    EXPECT_NE(error_of([&] { geo::read_accounts(noid, {}); }).find("has no 'id'"), std::string::npos);
    const auto nocoords = write("nocoords.csv", "id,a,b\na,10,50\n");
    EXPECT_NE(error_of([&] { geo::read_accounts(nocoords, {}); }).find("lon,lat"), std::string::npos);
    const auto xy = write("xy.csv", "id,x,y\na,385000,6672000\n");
    EXPECT_NE(error_of([&] { geo::read_accounts(xy, {}); }).find("--crs"), std::string::npos);
    geo::PointRecordOptions tm35;
    tm35.source_crs = "EPSG:3067";
    const auto projected = geo::read_accounts(xy, tm35);
    EXPECT_NEAR(projected[0].location.lat(), 60.17, 0.05);
    const auto potential = write("potential.csv", "id,lon,lat,potential\na,10,50,lots\n");
    EXPECT_NE(error_of([&] { geo::read_accounts(potential, {}); }).find("'potential' is not a number"), std::string::npos);
    const auto window = write("window.csv", "id,lon,lat,open,close\na,10,50,18:00,08:00\n");
    EXPECT_NE(error_of([&] { geo::read_accounts(window, {}); }).find("closes before it opens"), std::string::npos);
    EXPECT_NE(error_of([&] { geo::read_accounts("/nonexistent/accounts.csv", {}); }).find("no such file"), std::string::npos);

    const auto capacity = write("bases.csv", "id,name,lon,lat,capacity\nb1,Anna,10,50,0\n");
    EXPECT_NE(error_of([&] { geo::read_bases(capacity, {}); }).find("capacity above 0"), std::string::npos);
    const auto locked = write("locked.csv", "id,name,lon,lat,locked_units\nb1,Anna,10,50,u1;u2\n");
    const auto bases = geo::read_bases(locked, {});
    EXPECT_EQ(bases[0].locked_units, (std::vector<std::string>{"u1", "u2"}));
}

} // namespace
