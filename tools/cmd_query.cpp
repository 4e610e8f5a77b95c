#include <memory>

#include "engine/stages/isochrone.hpp"
#include "engine/stages/queries.hpp"
#include "tools/commands.hpp"

namespace revir::tools {

namespace {
void add_max_snap(CLI::App* cmd, double& max_snap_m, const char* what) {
    cmd->add_option("--max-snap", max_snap_m, std::string("Refuse ") + what + " farther than this from a road (metres)")
        ->capture_default_str();
}
} // namespace

void add_query_commands(CLI::App& app) {
    auto route = std::make_shared<engine::RouteRequest>();
    auto json = std::make_shared<bool>(false);
    auto* cmd = app.add_subcommand("route", "Fastest route between two points: time, distance and road geometry");
    cmd->add_option("graph", route->graph, "Road graph file (.rvg)")->required();
    cmd->add_option("--from", route->from, "Start as LAT,LON")->required();
    cmd->add_option("--to", route->to, "Destination as LAT,LON")->required();
    cmd->add_option("--geojson", route->geojson, "Also write the route as a GeoJSON LineString feature");
    cmd->add_flag("--json", *json, "Print one JSON object (duration s, distance m, geometry, snap distances)");
    add_max_snap(cmd, route->max_snap_m, "points");
    cmd->callback([route, json] { finish(engine::run_route(*route, stderr_log()), *json); });

    auto matrix = std::make_shared<engine::MatrixRequest>();
    cmd = app.add_subcommand("matrix", "Drive times and distances between all pairs of points");
    cmd->add_option("graph", matrix->graph, "Road graph file (.rvg)")->required();
    cmd->add_option("--points", matrix->points, "CSV with a header holding at least id,lon,lat")->required();
    cmd->add_option("-o,--output", matrix->output,
                    "Matrix to write: CSV from,to,duration_s,distance_m,from_snap_m,to_snap_m, or .json with --format json")
        ->required();
    add_max_snap(cmd, matrix->max_snap_m, "points");
    cmd->add_option("--threads", matrix->threads, "Threads (0: every usable CPU)")->capture_default_str();
    cmd->add_option("--sources", matrix->sources, "Only from these point ids (comma-separated; default: all)")->delimiter(',');
    cmd->add_option("--destinations", matrix->destinations, "Only to these point ids (comma-separated; default: all)")
        ->delimiter(',');
    cmd->add_option("--format", matrix->format, "csv (long table) or json (an OSRM table response)")->capture_default_str();
    cmd->add_option("--far-points", matrix->far_points,
                    "Points farther than --max-snap from a road: fail (listing all), or skip (their cells stay empty)")
        ->capture_default_str();
    auto matrix_json = std::make_shared<bool>(false);
    cmd->add_flag("--json", *matrix_json, "Print the summary as JSON (counts, far points)");
    cmd->callback([matrix, matrix_json] { finish(engine::run_matrix(*matrix, stderr_log()), *matrix_json); });

    auto iso = std::make_shared<engine::IsochroneRequest>();
    cmd = app.add_subcommand("isochrone", "Areas reachable from a point within given drive times");
    cmd->add_option("graph", iso->graph, "Road graph file (.rvg)")->required();
    cmd->add_option("--from", iso->from, "Start as LAT,LON")->required();
    cmd->add_option("--minutes", iso->minutes, "Bands in minutes, comma-separated")->required()->delimiter(',');
    cmd->add_option("-o,--output", iso->output, "Output .gpkg (styled for QGIS) or .geojson")->required();
    cmd->add_option("--buffer", iso->buffer_m, "Distance around the reached roads (metres)")->capture_default_str();
    add_max_snap(cmd, iso->max_snap_m, "a start");
    cmd->callback([iso] { finish(engine::run_isochrone(*iso, stderr_log()), false); });
}

} // namespace revir::tools
