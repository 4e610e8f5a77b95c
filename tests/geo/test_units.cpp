// Census units and their adjacency on every real polygon layer in ../shared/data,
// and the errors users make.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <tuple>

#include "geo/units/adjacency.hpp"
#include "geo/core/error.hpp"
#include "geo/io/gdal.hpp"
#include "geo/io/geopackage.hpp"
#include "geo/units/unit_input.hpp"
#include "geo/units/unit_output.hpp"
#include "geo/units/units.hpp"
#include "tests/test_support.hpp"

namespace {

using namespace revir;

geo::UnitOptions opts(const std::string& weight, const std::string& id = "", bool zero = false,
                      const std::string& layer = "", const std::string& crs = "") {
    geo::UnitOptions o;
    o.weight_fields = {weight};
    o.id_field = id;
    o.layer = layer;
    o.source_crs = crs;
    o.missing_weight_as_zero = zero;
    return o;
}

struct Layer {
    const char* name;
    const char* path;
    const char* weight;
    const char* id;
    std::size_t units;
    double total;
    bool missing_as_zero = false; // the layer has empty weights
};

const Layer kLayers[] = {
    {"HelsinkiGrid2015", "helsinki/population/Vaestotietoruudukko_2015.shp", "ASUKKAITA", "INDEX", 5784, 1117552},
    {"HelsinkiGrid2021", "helsinki/population/Population_grid_2021_HSY.gpkg", "inhabitants", "id", 5853, 1207168},
    {"HelsinkiCentre2020", "helsinki/population/helsinki_population_grid_2020.gpkg", "population", "id", 92, 71724},
    {"UusimaaPostal", "helsinki/postal_areas/uusimaa_postal_code_areas.gpkg", "he_vakiy", "posti_alue", 370, 1618656, true},
    {"NewHampshireTracts", "census/us_tracts_nh/NH_tract.shp", "DP0010001", "GEOID10", 295, 1316470},
    {"UsCounties", "census/us_counties_natregimes/natregimes.shp", "PO90", "FIPS", 3085, 247023915},
    {"LeedsMsoa", "territory_design/uk_msoa_districting/Leeds.geojson", "POPULATION", "ID", 299, 2320214},
    {"LondonMsoa", "territory_design/uk_msoa_districting/London.geojson", "POPULATION", "ID", 983, 8859584},
    {"PortoAlegreHex", "porto_alegre/poa_hexgrid_h3.gpkg", "population", "id", 1227, 812935},
};

class RealUnits : public ::testing::TestWithParam<Layer> {};

TEST_P(RealUnits, LoadWithAdjacencyIntoOneComponent) {
    const Layer& layer = GetParam();
    REVIR_REQUIRE_DATA(path, layer.path);
    geo::UnitLoadReport report;
    const auto units = geo::read_units(path, opts(layer.weight, layer.id, layer.missing_as_zero), report);
    EXPECT_EQ(units.units.size() + report.dropped_empty.size(), layer.units);
    EXPECT_NEAR(units.totals()[0], layer.total, 0.5);
    for (const auto& u : units.units) {
        ASSERT_GT(u.area_m2, 0) << u.id;
        ASSERT_GT(u.perimeter_m, 0) << u.id;
        // The representative point lies inside its unit.
        const auto h = units.context->handle();
        const auto point = geo::own(*units.context,
                                    GEOSGeom_createPointFromXY_r(h, u.representative_point.lon(), u.representative_point.lat()),
                                    "point");
        double d = 0;
        GEOSDistance_r(h, u.geometry.get(), point.get(), &d);
        ASSERT_LT(d, 1e-6) << u.id;
    }
    geo::AdjacencyReport adjacency;
    const auto links = geo::compute_adjacency(units, {}, adjacency);
    const auto component = geo::connected_components(units.units.size(), links);
    EXPECT_EQ(*std::max_element(component.begin(), component.end()), 0u);
    std::size_t island_links = 0;
    for (const auto& l : links) island_links += l.kind == geo::LinkKind::island_link;
    EXPECT_EQ(island_links, adjacency.components - 1);
    RecordProperty("components", static_cast<int>(adjacency.components));
}

INSTANTIATE_TEST_SUITE_P(SharedData, RealUnits, ::testing::ValuesIn(kLayers),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(Units, EqualAreaMeasuresMatchTheGridCells) {
    REVIR_REQUIRE_DATA(path, "helsinki/population/Vaestotietoruudukko_2015.shp");
    geo::UnitLoadReport report;
    const auto units = geo::read_units(path, opts("ASUKKAITA", "INDEX"), report);
    // 250 m cells: 62,500 m² and 1,000 m, to within the projections' differences.
    for (const auto& u : units.units) {
        ASSERT_NEAR(u.area_m2, 62500, 62500 * 0.002) << u.id;
        ASSERT_NEAR(u.perimeter_m, 1000, 1000 * 0.002) << u.id;
    }
    EXPECT_NE(report.source_crs.find("GK25FIN"), std::string::npos) << report.source_crs;
}

TEST(Units, PortoAlegreRiverIslandsAreLinked) {
    REVIR_REQUIRE_DATA(path, "porto_alegre/poa_hexgrid_h3.gpkg");
    geo::UnitLoadReport report;
    const auto units = geo::read_units(path, opts("population", "id", true), report);
    geo::AdjacencyReport adjacency;
    const auto links = geo::compute_adjacency(units, {}, adjacency);
    EXPECT_EQ(adjacency.components, 4u);
    EXPECT_EQ(adjacency.island_links, 3u);
    std::vector<geo::AdjacencyLink> touching;
    for (const auto& l : links) {
        if (l.kind == geo::LinkKind::rook) {
            EXPECT_GT(l.shared_length_m, 100); // hexagon sides are ~174 m
            touching.push_back(l);
        }
    }
    // Each island is linked across the shortest gap to the rest (brute force).
    const auto component = geo::connected_components(units.units.size(), touching);
    const auto h = units.context->handle();
    for (const auto& l : links) {
        if (l.kind != geo::LinkKind::island_link) continue;
        const std::uint32_t island = std::count(component.begin(), component.end(), component[l.a]) <
                                             std::count(component.begin(), component.end(), component[l.b])
                                         ? component[l.a]
                                         : component[l.b];
        double best = INFINITY;
        for (std::uint32_t i = 0; i < units.units.size(); ++i) {
            if (component[i] != island) continue;
            for (std::uint32_t j = 0; j < units.units.size(); ++j) {
                if (component[j] == island) continue;
                double d = 0;
                GEOSDistance_r(h, units.units[i].metric.get(), units.units[j].metric.get(), &d);
                best = std::min(best, d);
            }
        }
        EXPECT_NEAR(l.distance_m, best, 1e-6);
    }
}

TEST(Units, PointUnitsBecomeVoronoiCells) {
    REVIR_REQUIRE_DATA(centres, "porto_alegre/poa_hexgrid.csv");
    REVIR_REQUIRE_DATA(hexes, "porto_alegre/poa_hexgrid_h3.gpkg");
    geo::UnitLoadReport report;
    const auto points = geo::read_units(centres, opts("population", "id"), report);
    const auto polygons = geo::read_units(hexes, opts("population", "id"), report);
    ASSERT_EQ(points.units.size(), 1227u);
    const auto pairs = [](const geo::UnitSet& set) {
        geo::AdjacencyReport adjacency;
        std::set<std::pair<std::string, std::string>> out;
        for (const auto& l : geo::compute_adjacency(set, {}, adjacency)) {
            if (l.kind == geo::LinkKind::rook) out.insert(std::minmax(set.units[l.a].id, set.units[l.b].id));
        }
        return out;
    };
    // The Voronoi cells of hexagon centres are the hexagons: every hexagon
    // neighbour pair is a cell neighbour pair (cells on the edge may touch more).
    const auto voronoi = pairs(points);
    for (const auto& p : pairs(polygons)) EXPECT_TRUE(voronoi.contains(p)) << p.first << "-" << p.second;
    std::map<std::string, double> hex_area;
    for (const auto& u : polygons.units) hex_area[u.id] = u.area_m2;
    std::size_t same = 0;
    for (const auto& u : points.units) same += std::abs(u.area_m2 - hex_area[u.id]) < 0.01 * hex_area[u.id];
    EXPECT_GT(same, 900u); // interior cells; edge cells are clipped differently
    EXPECT_NEAR(points.totals()[0], 812935, 0.5);
}

// Pairs (ID, ID) of the UK data set's reference adjacency list.
std::set<std::pair<std::string, std::string>> reference_pairs(const std::string& path) {
    auto dataset = geo::open_vector(path);
    OGRLayer& layer = geo::find_layer(*dataset, path, "");
    std::set<std::pair<std::string, std::string>> pairs;
    for (auto& f : layer) {
        const std::string id = f->GetFieldAsString("ID");
        int count = 0;
        const int* list = f->GetFieldAsIntegerList("LIST_ADJACENT", &count);
        for (int k = 0; k < count; ++k) {
            const std::string other = std::to_string(list[k]);
            pairs.insert(std::minmax(id, other));
        }
    }
    return pairs;
}

// Compares our adjacency with the data set's LIST_ADJACENT and checks that every
// difference is explained by the geometry: a pair only we have really touches
// (within the tolerance), a pair only the reference has is separated by a gap.
// Returns the agreement |common| / |union| for rook and for queen contiguity.
std::pair<double, double> compare_with_reference(const std::string& path) {
    geo::UnitLoadReport report;
    const auto units = geo::read_units(path, opts("POPULATION", "ID"), report);
    std::map<std::string, std::uint32_t> index;
    for (std::uint32_t i = 0; i < units.units.size(); ++i) index[units.units[i].id] = i;
    const auto reference = reference_pairs(path);
    const auto h = units.context->handle();
    const auto gap = [&](const std::pair<std::string, std::string>& p) {
        double d = 0;
        GEOSDistance_r(h, units.units[index.at(p.first)].metric.get(), units.units[index.at(p.second)].metric.get(), &d);
        return d;
    };
    std::pair<double, double> agreement;
    for (auto contiguity : {geo::Contiguity::rook, geo::Contiguity::queen}) {
        geo::AdjacencyOptions options;
        options.contiguity = contiguity;
        options.link_islands = false;
        geo::AdjacencyReport adjacency;
        std::set<std::pair<std::string, std::string>> ours;
        for (const auto& l : geo::compute_adjacency(units, options, adjacency)) {
            ours.insert(std::minmax(units.units[l.a].id, units.units[l.b].id));
        }
        std::size_t common = 0, only_ours = 0, only_reference = 0;
        for (const auto& p : ours) {
            if (reference.contains(p)) {
                ++common;
            } else {
                ++only_ours;
                EXPECT_LE(gap(p), options.tolerance_m) << "we link " << p.first << "-" << p.second << " but they do not touch";
            }
        }
        for (const auto& p : reference) {
            if (ours.contains(p)) continue;
            ++only_reference;
            // Rook leaves out corner contacts (a shared boundary of at most 4 × the
            // tolerance); queen only misses pairs with a gap.
            if (contiguity == geo::Contiguity::queen) {
                EXPECT_GT(gap(p), options.tolerance_m) << "we miss " << p.first << "-" << p.second << " though they touch";
            }
        }
        const double a = static_cast<double>(common) / static_cast<double>(ours.size() + reference.size() - common);
        (contiguity == geo::Contiguity::rook ? agreement.first : agreement.second) = a;
        std::printf("%s %s: ours %zu, reference %zu, common %zu, only ours %zu, only reference %zu, agreement %.4f\n",
                    std::filesystem::path(path).filename().c_str(), contiguity == geo::Contiguity::rook ? "rook" : "queen",
                    ours.size(), reference.size(), common, only_ours, only_reference, a);
    }
    return agreement;
}

TEST(Units, LeedsAdjacencyMatchesTheReference) {
    REVIR_REQUIRE_DATA(path, "territory_design/uk_msoa_districting/Leeds.geojson");
    const auto [rook, queen] = compare_with_reference(path);
    EXPECT_GE(rook, 0.99);
    EXPECT_GE(queen, 0.99);
}

// London's reference was not computed from these polygons: it lacks 37 pairs that
// touch or overlap here and holds 89 pairs 1-50 m apart. No contact rule reaches
// 99 % on it (the best, any gap up to 50 m, reaches 97.1 %); the comparison
// checks that each difference is one of those two kinds.
TEST(Units, LondonAdjacencyDiffersFromTheReferenceOnlyWhereItsGeometryDoes) {
    REVIR_REQUIRE_DATA(path, "territory_design/uk_msoa_districting/London.geojson");
    const auto [rook, queen] = compare_with_reference(path);
    EXPECT_GE(rook, 0.96);
    EXPECT_GE(queen, 0.96);
}

// Small hand-made inputs for repair and the errors users make.
class UnitFiles : public ::testing::Test {
protected:
    std::string write(const std::string& name, const std::string& text) {
        const auto path = test::temporary_folder("units") / name;
        std::ofstream(path) << text;
        return path.string();
    }
    static std::string feature(const std::string& properties, const std::string& geometry) {
        return R"({"type":"Feature","properties":)" + properties + R"(,"geometry":)" + geometry + "}";
    }
    static std::string collection(const std::vector<std::string>& features) {
        std::string out = R"({"type":"FeatureCollection","features":[)";
        for (std::size_t i = 0; i < features.size(); ++i) out += (i ? "," : "") + features[i];
        return out + "]}";
    }
    static std::string square(double x, double y, double size = 0.01) {
        char text[300];
        std::snprintf(text, sizeof text, R"({"type":"Polygon","coordinates":[[[%f,%f],[%f,%f],[%f,%f],[%f,%f],[%f,%f]]]})", x, y,
                      x + size, y, x + size, y + size, x, y + size, x, y);
        return text;
    }
    static std::string error_of(const std::string& path, geo::UnitOptions options) {
        try {
            geo::UnitLoadReport report;
            geo::read_units(path, options, report);
        } catch (const InputError& e) {
            return e.what();
        }
        return "no error";
    }
};

TEST_F(UnitFiles, InvalidPolygonsAreRepairedAndEmptyOnesDropped) {
    const std::string bowtie = R"({"type":"Polygon","coordinates":[[[10,50],[10.01,50.01],[10.01,50],[10,50.01],[10,50]]]})";
    const auto path = write("repair.geojson", collection({feature(R"({"id":"a","pop":5})", square(10.02, 50)),
                                                          feature(R"({"id":"bowtie","pop":"7"})", bowtie),
                                                          feature(R"({"id":"empty","pop":1})", "null")}));
    geo::UnitLoadReport report;
    const auto units = geo::read_units(path, opts("pop", "id"), report);
    ASSERT_EQ(units.units.size(), 2u);
    EXPECT_EQ(report.repaired, std::vector<std::string>{"bowtie"});
    EXPECT_EQ(report.dropped_empty, std::vector<std::string>{"empty"});
    EXPECT_TRUE(units.units[1].repaired);
    EXPECT_EQ(units.units[1].weights[0], 7.0); // numeric strings are weights too
    EXPECT_GT(units.units[1].area_m2, 0);
}

TEST_F(UnitFiles, ErrorsNameFileFeatureAndField) {
    const auto ok = write("ok.geojson", collection({feature(R"({"id":"a","pop":5})", square(10, 50))}));
    EXPECT_NE(error_of("/nonexistent/units.shp", opts("pop")).find("/nonexistent/units.shp: no such file"), std::string::npos);
    EXPECT_NE(error_of(ok, opts("pop", "", false, "nolayer")).find("no layer 'nolayer'"), std::string::npos);
    const auto missing = error_of(ok, opts("population"));
    EXPECT_NE(missing.find("no weight field 'population'"), std::string::npos) << missing;
    EXPECT_NE(missing.find("fields: id, pop"), std::string::npos) << missing;

    const auto text = write("text.geojson", collection({feature(R"({"id":"a","pop":5})", square(10, 50)),
                                                        feature(R"({"id":"b","pop":"many"})", square(10.01, 50))}));
    const auto bad = error_of(text, opts("pop", "id"));
    EXPECT_NE(bad.find("text.geojson"), std::string::npos) << bad;
    EXPECT_NE(bad.find("id 'b'"), std::string::npos) << bad;
    EXPECT_NE(bad.find("not a number: 'many'"), std::string::npos) << bad;
    geo::UnitLoadReport report;
    const auto zeroed = geo::read_units(text, opts("pop", "id", true), report);
    EXPECT_EQ(zeroed.units[1].weights[0], 0.0);
    EXPECT_EQ(report.zeroed, std::vector<std::string>{"b: pop"});

    const auto negative = write("neg.geojson", collection({feature(R"({"id":"a","pop":-5})", square(10, 50))}));
    EXPECT_NE(error_of(negative, opts("pop", "id")).find("negative"), std::string::npos);
    const auto null_weight = write("null.geojson", collection({feature(R"({"id":"a","pop":null})", square(10, 50))}));
    EXPECT_NE(error_of(null_weight, opts("pop", "id")).find("is empty"), std::string::npos);

    const auto duplicate = write("dup.geojson", collection({feature(R"({"id":"a","pop":1})", square(10, 50)),
                                                            feature(R"({"id":"a","pop":2})", square(10.01, 50))}));
    EXPECT_NE(error_of(duplicate, opts("pop", "id")).find("unit id 'a' is used by features 0 and 1"), std::string::npos);

    const auto lines = write("lines.geojson", collection({feature(R"({"id":"a","pop":1})", R"({"type":"LineString","coordinates":[[10,50],[10.1,50]]})")}));
    EXPECT_NE(error_of(lines, opts("pop", "id")).find("not a polygon or point"), std::string::npos);
    const auto mixed = write("mixed.geojson", collection({feature(R"({"id":"a","pop":1})", square(10, 50)),
                                                          feature(R"({"id":"b","pop":1})", R"({"type":"Point","coordinates":[10.5,50]})")}));
    EXPECT_NE(error_of(mixed, opts("pop", "id")).find("mixes points and polygons"), std::string::npos);

    const auto broken = write("broken.geojson", R"({"type":"FeatureCollection","features":[{"type":)");
    EXPECT_NE(error_of(broken, opts("pop")).find("broken.geojson"), std::string::npos);
}

TEST_F(UnitFiles, CsvWithWktAndAnExplicitCrs) {
    // Projected coordinates (ETRS-TM35FIN) without a .prj: the CRS comes from the user.
    const auto path = write("cells.csv",
                            "cell,pop,WKT\n"
                            "c1,10,\"POLYGON((385000 6672000,385250 6672000,385250 6672250,385000 6672250,385000 6672000))\"\n"
                            "c2,20,\"POLYGON((385250 6672000,385500 6672000,385500 6672250,385250 6672250,385250 6672000))\"\n");
    geo::UnitLoadReport report;
    const auto units = geo::read_units(path, opts("pop", "cell", false, "", "EPSG:3067"), report);
    ASSERT_EQ(units.units.size(), 2u);
    EXPECT_NEAR(units.units[0].area_m2, 62500, 100);
    EXPECT_NEAR(units.units[0].representative_point.lat(), 60.17, 0.05);
    geo::AdjacencyReport adjacency;
    const auto links = geo::compute_adjacency(units, {}, adjacency);
    ASSERT_EQ(links.size(), 1u);
    EXPECT_NEAR(links[0].shared_length_m, 250, 3);
    // Without the CRS the metres are out of range for degrees: a clear error.
    EXPECT_NE(error_of(path, opts("pop", "cell")).find("outside WGS84"), std::string::npos);
}

TEST_F(UnitFiles, GeoPackageHoldsUnitsAndAdjacency) {
    const auto input = write("three.geojson", collection({feature(R"({"id":"a","pop":1})", square(10, 50)),
                                                          feature(R"({"id":"b","pop":2})", square(10.01, 50)),
                                                          feature(R"({"id":"c","pop":3})", square(11, 50))}));
    geo::UnitLoadReport report;
    const auto units = geo::read_units(input, opts("pop", "id"), report);
    geo::AdjacencyReport adjacency;
    const auto links = geo::compute_adjacency(units, {}, adjacency);
    const auto output = (test::temporary_folder("units") / "units.gpkg").string();
    geo::write_units_geopackage(units, links, output);
    auto dataset = geo::open_vector(output);
    OGRLayer& layer = geo::find_layer(*dataset, output, "units");
    EXPECT_EQ(layer.GetFeatureCount(), 3);
    EXPECT_GE(layer.GetLayerDefn()->GetFieldIndex("pop"), 0);
    EXPECT_GE(layer.GetLayerDefn()->GetFieldIndex("rep_lon"), 0);
    OGRLayer& table = geo::find_layer(*dataset, output, "adjacency");
    EXPECT_EQ(table.GetFeatureCount(), 2); // a-b rook, c linked as an island
    std::set<std::string> kinds;
    for (auto& f : table) kinds.insert(f->GetFieldAsString("kind"));
    EXPECT_EQ(kinds, (std::set<std::string>{"rook", "island-link"}));
    for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(output).parent_path())) {
        EXPECT_EQ(entry.path().string().find(".tmp"), std::string::npos) << entry.path();
    }
}

TEST_F(UnitFiles, OnlyAUnitsGeoPackageGetsItsDefaults) {
    const auto input = write("pair.geojson", collection({feature(R"({"id":"a","pop":1})", square(10, 50)),
                                                         feature(R"({"id":"b","pop":2})", square(10.01, 50))}));
    geo::UnitLoadReport report;
    EXPECT_FALSE(geo::read_units_adjacency(input, geo::read_units(input, opts("pop", "id"), report)));
    // A `units` layer with unit_id but no adjacency table is some other GeoPackage: feature ids.
    const auto lookalike = (test::temporary_folder("units_lookalike") / "units.gpkg").string();
    const auto units = geo::read_units(input, opts("pop", "id"), report);
    geo::GeoPackageWriter gpkg(lookalike);
    auto& layer = gpkg.add_layer("units", wkbMultiPolygon, {{"unit_id", geo::FieldType::text}}, units.context.get());
    for (const auto& u : units.units) layer.add({u.id}, u.geometry.get());
    gpkg.commit();
    const auto read = geo::read_units(lookalike, geo::UnitOptions{}, report);
    EXPECT_EQ(read.units[0].id, "1");
    EXPECT_FALSE(geo::is_units_geopackage(*geo::open_vector(lookalike)));
    EXPECT_FALSE(geo::read_units_adjacency(lookalike, read));
}

// A units GeoPackage written from the Porto Alegre hexagons, under a name that
// says nothing: river islands give island links, gap_m gives gap links. Written
// once for the tests below.
struct WrittenUnits {
    geo::UnitSet units;
    std::vector<geo::AdjacencyLink> links;
    std::string path;
};

const WrittenUnits* porto_alegre_written() {
    static const std::unique_ptr<WrittenUnits> written = []() -> std::unique_ptr<WrittenUnits> {
        const std::string source = test::shared_data("porto_alegre/poa_hexgrid_h3.gpkg");
        if (source.empty()) return nullptr;
        auto w = std::make_unique<WrittenUnits>();
        geo::UnitLoadReport report;
        auto options = opts("population", "id", true); // some cells have no jobs figure
        options.weight_fields.push_back("jobs");
        w->units = geo::read_units(source, options, report);
        for (auto& u : w->units.units) u.name = "Hexágono " + u.id; // the source has no names
        geo::AdjacencyOptions adjacency_options;
        adjacency_options.gap_m = 180; // just over a hexagon side: cells one apart diagonally
        geo::AdjacencyReport adjacency;
        w->links = geo::compute_adjacency(w->units, adjacency_options, adjacency);
        w->path = (test::temporary_folder("units_readback") / "poa.gpkg").string();
        geo::write_units_geopackage(w->units, w->links, w->path);
        return w;
    }();
    return written.get();
}

#define REVIR_REQUIRE_WRITTEN(var)                                                       \
    const WrittenUnits* var = porto_alegre_written();                                    \
    if (var == nullptr) GTEST_SKIP() << "real data missing: ../shared/data/porto_alegre/poa_hexgrid_h3.gpkg"

geo::UnitSet read_back(const std::string& path, geo::UnitOptions options = opts("population")) {
    if (options.weight_fields == std::vector<std::string>{"population"}) options.weight_fields.push_back("jobs");
    geo::UnitLoadReport report;
    return geo::read_units(path, options, report);
}

TEST(Units, UnitsGeoPackageReadsBackWithItsIdsNamesAndWeights) {
    REVIR_REQUIRE_WRITTEN(w);
    auto dataset = geo::open_vector(w->path);
    EXPECT_TRUE(geo::is_units_geopackage(*dataset));
    const auto back = read_back(w->path);
    ASSERT_EQ(back.units.size(), w->units.units.size());
    EXPECT_EQ(back.weight_names, w->units.weight_names); // area_m2, rep_lon… are not weights
    for (std::size_t i = 0; i < back.units.size(); ++i) {
        const auto &b = back.units[i], &u = w->units.units[i];
        ASSERT_EQ(b.id, u.id);
        ASSERT_EQ(b.name, u.name);
        ASSERT_EQ(b.weights, u.weights) << u.id;
        ASSERT_NEAR(b.area_m2, u.area_m2, 1e-6 * u.area_m2) << u.id;
    }
}

TEST(Units, UnitsGeoPackageGivesBackItsAdjacency) {
    REVIR_REQUIRE_WRITTEN(w);
    std::map<geo::LinkKind, std::size_t> kinds;
    for (const auto& l : w->links) ++kinds[l.kind];
    ASSERT_GT(kinds[geo::LinkKind::island_link], 0u);
    ASSERT_GT(kinds[geo::LinkKind::gap_link], 0u);
    const auto links = geo::read_units_adjacency(w->path, read_back(w->path));
    ASSERT_TRUE(links);
    ASSERT_EQ(links->size(), w->links.size());
    for (std::size_t k = 0; k < links->size(); ++k) {
        const auto &l = (*links)[k], &e = w->links[k];
        ASSERT_EQ(std::tie(l.a, l.b, l.kind), std::tie(e.a, e.b, e.kind)) << k;
        ASSERT_NEAR(l.shared_length_m, e.shared_length_m, 1e-9) << k;
        ASSERT_NEAR(l.distance_m, e.distance_m, 1e-9) << k;
    }
    std::printf("read back %zu links: %zu rook, %zu island-link, %zu gap-link\n", links->size(),
                kinds[geo::LinkKind::rook], kinds[geo::LinkKind::island_link], kinds[geo::LinkKind::gap_link]);
}

TEST(Units, ExplicitOptionsWinOverTheUnitsGeoPackageDefaults) {
    REVIR_REQUIRE_WRITTEN(w);
    auto options = opts("population", "name");
    options.name_field = "unit_id";
    const auto back = read_back(w->path, options);
    EXPECT_EQ(back.units[0].id, w->units.units[0].name);
    EXPECT_EQ(back.units[0].name, w->units.units[0].id);
    // Links name units by unit_id, which these ids are not.
    const auto error = [&] {
        try {
            geo::read_units_adjacency(w->path, back);
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    }();
    EXPECT_NE(error.find("unknown unit id '" + w->units.units[w->links[0].a].id + "'"), std::string::npos) << error;
}

TEST(Units, OtherGeoPackagesHaveNoUnitsAdjacency) {
    REVIR_REQUIRE_DATA(path, "porto_alegre/poa_hexgrid_h3.gpkg");
    EXPECT_FALSE(geo::is_units_geopackage(*geo::open_vector(path)));
    geo::UnitLoadReport report;
    EXPECT_FALSE(geo::read_units_adjacency(path, geo::read_units(path, opts("population"), report)));
}

// A copy of the written GeoPackage with its adjacency table edited by `sql`.
std::string damaged(const WrittenUnits& w, const std::string& name, const std::string& sql) {
    const auto path = (std::filesystem::path(w.path).parent_path() / (name + ".gpkg")).string();
    std::filesystem::copy_file(w.path, path, std::filesystem::copy_options::overwrite_existing);
    GDALDatasetUniquePtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    if (!dataset) {
        ADD_FAILURE() << path << ": cannot open for update";
        return path;
    }
    CPLErrorReset();
    if (OGRLayer* result = dataset->ExecuteSQL(sql.c_str(), nullptr, nullptr)) dataset->ReleaseResultSet(result);
    EXPECT_EQ(CPLGetLastErrorType(), CE_None) << sql << ": " << geo::gdal_last_error();
    return path;
}

std::string adjacency_error(const std::string& path, const geo::UnitSet& units) {
    try {
        geo::read_units_adjacency(path, units);
    } catch (const InputError& e) {
        return e.what();
    }
    return "no error";
}

TEST(Units, DamagedAdjacencyRowsAreNamed) {
    REVIR_REQUIRE_WRITTEN(w);
    const auto& units = w->units;
    const std::pair<std::string, std::vector<std::string>> cases[] = {
        {"UPDATE adjacency SET neighbour_id = 'nowhere' WHERE fid = 5", {"row 5:", "unknown unit id 'nowhere' in neighbour_id"}},
        {"UPDATE adjacency SET kind = 'island_link' WHERE fid = 7",
         {"row 7:", "unknown kind 'island_link' (did you mean 'island-link'?)"}},
        {"UPDATE adjacency SET neighbour_id = unit_id WHERE fid = 9", {"row 9:", "to itself"}},
        {"UPDATE adjacency SET gap_m = -1 WHERE fid = 11", {"row 11:", "gap_m is '-1"}},
        {"UPDATE adjacency SET shared_length_m = NULL WHERE fid = 12", {"row 12:", "shared_length_m is empty"}},
        {"INSERT INTO adjacency (unit_id, neighbour_id, shared_length_m, gap_m, kind) "
         "SELECT neighbour_id, unit_id, 1, 0, 'rook' FROM adjacency WHERE fid = 3",
         {"row " + std::to_string(w->links.size() + 1) + ":", "already linked in row 3"}},
    };
    int n = 0;
    for (const auto& [sql, expected] : cases) {
        const auto path = damaged(*w, "damaged" + std::to_string(n++), sql);
        const auto error = adjacency_error(path, units);
        EXPECT_NE(error.find(path + ": table 'adjacency', row "), std::string::npos) << error;
        for (const auto& part : expected) EXPECT_NE(error.find(part), std::string::npos) << sql << "\n" << error;
    }
}

} // namespace
