#include <memory>

#include "engine/stages/serve.hpp"
#include "tools/commands.hpp"

namespace revir::tools {

void add_serve_command(CLI::App& app) {
    auto serve = std::make_shared<engine::ServeRequest>();
    auto* cmd = app.add_subcommand("serve", "Serve drive times over HTTP: the OSRM v1 API and Valhalla-style isochrones");
    cmd->add_option("graph", serve->graph, "Road graph file (.rvg)")->required();
    cmd->add_option("--host", serve->host, "Address to listen on (another than 127.0.0.1 opens the service to the network)")
        ->capture_default_str();
    cmd->add_option("--port", serve->port, "Port (0: any free port, printed on stderr)")->capture_default_str();
    cmd->add_option("--threads", serve->threads, "Threads answering requests (0: every usable CPU)")->capture_default_str();
    cmd->add_option("--max-table-size", serve->max_table_size, "Largest table: sources x destinations up to this squared")
        ->capture_default_str();
    cmd->add_option("--max-viaroute-size", serve->max_viaroute_size, "Most coordinates in a route")->capture_default_str();
    cmd->add_option("--max-trip-size", serve->max_trip_size, "Most coordinates in a trip")->capture_default_str();
    cmd->add_option("--max-nearest", serve->max_nearest, "Most results of nearest")->capture_default_str();
    cmd->add_option("--request-timeout", serve->request_timeout, "Time to receive one request (30s, 500ms, 2min)")
        ->capture_default_str();
    cmd->add_option("--max-isochrone-minutes", serve->max_isochrone_minutes, "Largest isochrone contour (minutes)")
        ->capture_default_str();
    cmd->add_option("--max-snap", serve->max_snap_m,
                    "Coordinates farther than this from a road get NoSegment, unless `radiuses` says otherwise (metres; the default snaps at any distance, as osrm-routed)")
        ->capture_default_str();
    cmd->callback([serve] { finish(engine::run_serve(*serve, stderr_log()), false); });
}

} // namespace revir::tools
