#include <cstdio>
#include <memory>
#include <optional>

#include "engine/stages/isochrone.hpp"
#include "geo/core/error.hpp"
#include "routing/graph_file/graph_file.hpp"
#include "tools/commands.hpp"

namespace revir::tools {

namespace {
struct IsochroneConfig {
    std::string graph;
    std::string from;
    std::vector<double> minutes;
    std::string output;
    double buffer_m = 60;
    double max_snap_m = kDefaultMaxSnapM;
};

void run_isochrone(const IsochroneConfig& config) {
    const auto from = geo::parse_lat_lon(config.from);
    if (!from) throw InputError("--from '" + config.from + "' is not LAT,LON in degrees");
    std::optional<routing::ContractionHierarchy> hierarchy;
    const auto graph = routing::read_graph_file(config.graph, hierarchy);
    const routing::Snapper snapper(graph);
    const auto start = snapper.snap(*from, config.max_snap_m, "--from");
    geo::GeosContext context;
    geo::LineAreaOptions options;
    options.buffer_m = config.buffer_m;
    const auto bands = engine::compute_isochrones(graph, hierarchy ? &*hierarchy : nullptr, start, config.minutes, context, options);
    engine::write_isochrones(bands, context, config.output);
    for (const auto& b : bands) {
        std::fprintf(stderr, "isochrone: %5.1f min  %8.2f km²  %7zu road nodes\n", b.minutes, b.area_km2, b.nodes_reached);
    }
    std::fprintf(stderr, "isochrone: wrote %s\n", config.output.c_str());
}
} // namespace

void add_isochrone_command(CLI::App& app) {
    auto config = std::make_shared<IsochroneConfig>();
    auto* cmd = app.add_subcommand("isochrone", "Areas reachable from a point within given drive times");
    cmd->add_option("graph", config->graph, "Road graph file (.rvg)")->required();
    cmd->add_option("--from", config->from, "Start as LAT,LON")->required();
    cmd->add_option("--minutes", config->minutes, "Bands in minutes, comma-separated")->required()->delimiter(',');
    cmd->add_option("-o,--output", config->output, "Output .gpkg (styled for QGIS) or .geojson")->required();
    cmd->add_option("--buffer", config->buffer_m, "Distance around the reached roads (metres)")->capture_default_str();
    cmd->add_option("--max-snap", config->max_snap_m, "Refuse a start farther than this from a road (metres)")
        ->capture_default_str();
    cmd->callback([config] { run_isochrone(*config); });
}

} // namespace revir::tools
