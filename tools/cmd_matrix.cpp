#include <cstdio>
#include <memory>

#include "geo/core/atomic_file.hpp"
#include "geo/io/points_csv.hpp"
#include "routing/graph_file/graph_file.hpp"
#include "routing/query/matrix.hpp"
#include "tools/commands.hpp"

namespace revir::tools {

namespace {
struct MatrixConfig {
    std::string graph;
    std::string points;
    std::string output;
    double max_snap_m = kDefaultMaxSnapM;
    unsigned threads = 0;
};

void run_matrix(const MatrixConfig& config) {
    const auto points = geo::read_points_csv(config.points);
    std::optional<routing::ContractionHierarchy> hierarchy;
    const auto graph = routing::read_graph_file(config.graph, hierarchy);
    const routing::Snapper snapper(graph);
    std::vector<routing::SnappedPoint> snapped;
    snapped.reserve(points.size());
    for (const auto& p : points) {
        snapped.push_back(snapper.snap(p.location, config.max_snap_m, config.points + ": point '" + p.id + "'"));
    }
    Progress progress(true);
    const auto matrix = routing::drive_time_matrix(graph, snapped, config.threads, progress, hierarchy ? &*hierarchy : nullptr);

    geo::AtomicFile file(config.output);
    auto& out = file.stream();
    out << "from,to,duration_s,distance_m\n";
    std::size_t unreachable = 0;
    char number[64];
    for (std::size_t i = 0; i < points.size(); ++i) {
        for (std::size_t j = 0; j < points.size(); ++j) {
            const auto& entry = matrix[i * points.size() + j];
            out << points[i].id << ',' << points[j].id << ',';
            if (entry.reachable()) {
                std::snprintf(number, sizeof number, "%.1f,%.1f", entry.duration_s, entry.distance_m);
                out << number;
            } else {
                out << ',';
                ++unreachable;
            }
            out << '\n';
        }
    }
    file.commit();
    std::fprintf(stderr, "matrix: %zu x %zu, %zu unreachable pairs; wrote %s\n", points.size(), points.size(),
                 unreachable, config.output.c_str());
}
} // namespace

void add_matrix_command(CLI::App& app) {
    auto config = std::make_shared<MatrixConfig>();
    auto* cmd = app.add_subcommand("matrix", "Drive times and distances between all pairs of points");
    cmd->add_option("graph", config->graph, "Road graph file (.rvg)")->required();
    cmd->add_option("--points", config->points, "CSV with a header holding at least id,lon,lat")->required();
    cmd->add_option("-o,--output", config->output, "Matrix CSV to write: from,to,duration_s,distance_m")->required();
    cmd->add_option("--max-snap", config->max_snap_m, "Refuse points farther than this from a road (metres)")
        ->capture_default_str();
    cmd->add_option("--threads", config->threads, "Threads (0: every core)")->capture_default_str();
    cmd->callback([config] { run_matrix(*config); });
}

} // namespace revir::tools
