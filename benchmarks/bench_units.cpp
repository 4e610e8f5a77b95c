// revir-bench-units: load + repair and adjacency seconds and peak memory for the
// large real polygon layers. Usage: revir-bench-units [SHARED_DATA_DIR]
#include <cstdio>
#include <filesystem>

#include "benchmarks/bench_support.hpp"
#include "geo/units/adjacency.hpp"
#include "geo/units/units.hpp"

namespace {

using namespace revir;
using namespace revir::bench;

void bench_layer(const char* name, const std::string& path, const char* weight, const char* id) {
    geo::UnitOptions options;
    options.weight_fields = {weight};
    options.id_field = id;
    options.missing_weight_as_zero = true;
    geo::UnitLoadReport load;
    auto start = Clock::now();
    const auto units = geo::read_units(path, options, load);
    const double load_s = seconds_since(start);
    geo::AdjacencyReport report;
    start = Clock::now();
    const auto links = geo::compute_adjacency(units, {}, report);
    const double adjacency_s = seconds_since(start);
    std::printf("%-22s %7zu %9.2f %9zu %12.2f %8zu %8zu %9.1f\n", name, units.units.size(), load_s, load.repaired.size(),
                adjacency_s, links.size(), report.components, peak_mb());
}

} // namespace

int main(int argc, char** argv) {
    const std::filesystem::path data = argc > 1 ? argv[1] : REVIR_SHARED_DATA;
    struct Layer {
        const char* name;
        const char* path;
        const char* weight;
        const char* id;
    };
    const Layer layers[] = {
        {"Helsinki grid 2015", "helsinki/population/Vaestotietoruudukko_2015.shp", "ASUKKAITA", "INDEX"},
        {"Helsinki grid 2021", "helsinki/population/Population_grid_2021_HSY.gpkg", "inhabitants", "id"},
        {"US counties", "census/us_counties_natregimes/natregimes.shp", "PO90", "FIPS"},
        {"London MSOA", "territory_design/uk_msoa_districting/London.geojson", "POPULATION", "ID"},
        {"Porto Alegre hexagons", "porto_alegre/poa_hexgrid_h3.gpkg", "population", "id"},
    };
    std::printf("%-22s %7s %9s %9s %12s %8s %8s %9s\n", "layer", "units", "load_s", "repaired", "adjacency_s", "links",
                "comps", "peak_MB");
    for (const auto& l : layers) {
        const auto path = data / l.path;
        if (!std::filesystem::exists(path)) {
            std::printf("%-22s missing: %s\n", l.name, path.c_str());
            continue;
        }
        in_child([&] { bench_layer(l.name, path.string(), l.weight, l.id); });
    }
    return 0;
}
