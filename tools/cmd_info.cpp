#include <cstdio>
#include <memory>

#include <nlohmann/json.hpp>

#include "routing/graph_file/graph_file.hpp"
#include "tools/commands.hpp"

namespace revir::tools {

namespace {
void run_info(const std::string& path, bool json_output) {
    std::optional<routing::ContractionHierarchy> hierarchy;
    const auto graph = routing::read_graph_file(path, hierarchy);
    geo::BoundingBox box;
    for (const auto& c : graph.node_coordinate) box.extend(c);
    double total_length = 0;
    std::size_t oneway = 0;
    for (routing::EdgeId e = 0; e < graph.edge_count(); ++e) total_length += graph.length_m[e];
    // An edge whose geometry carries no edge in the other direction is one-way.
    std::vector<std::uint8_t> directions(graph.geometry_count(), 0);
    for (routing::EdgeId e = 0; e < graph.edge_count(); ++e) ++directions[graph.edge_geometry[e]];
    for (auto d : directions) oneway += d == 1;
    nlohmann::json j = {
        {"file", path},
        {"format_version", routing::kGraphFormatVersion},
        {"profile", graph.metadata.profile_name},
        {"profile_fingerprint", graph.metadata.profile_fingerprint},
        {"source", graph.metadata.source_name},
        {"source_size", graph.metadata.source_size},
        {"time_unit", graph.metadata.time_unit},
        {"nodes", graph.node_count()},
        {"edges", graph.edge_count()},
        {"road_pieces", graph.geometry_count()},
        {"one_way_pieces", oneway},
        {"shape_points", graph.geometry_points.size()},
        {"directed_length_km", std::round(total_length / 100.0) / 10.0},
        {"bbox", {box.min.lon(), box.min.lat(), box.max.lon(), box.max.lat()}},
        {"contraction_hierarchy", hierarchy.has_value()},
    };
    if (hierarchy) j["shortcuts"] = hierarchy->shortcut_count();
    if (!graph.metadata.import_report_json.empty()) j["import"] = nlohmann::json::parse(graph.metadata.import_report_json);
    if (json_output) {
        std::printf("%s\n", j.dump(2).c_str());
        return;
    }
    std::printf("file            %s (format version %u)\n", path.c_str(), routing::kGraphFormatVersion);
    std::printf("source          %s (%llu bytes)\n", graph.metadata.source_name.c_str(),
                static_cast<unsigned long long>(graph.metadata.source_size));
    std::printf("profile         %s (fingerprint %016llx)\n", graph.metadata.profile_name.c_str(),
                static_cast<unsigned long long>(graph.metadata.profile_fingerprint));
    std::printf("nodes           %u\n", graph.node_count());
    std::printf("edges           %u (%zu road pieces, %zu of them one-way)\n", graph.edge_count(),
                static_cast<std::size_t>(graph.geometry_count()), oneway);
    std::printf("directed length %.1f km\n", total_length / 1000.0);
    std::printf("bbox            %.6f,%.6f .. %.6f,%.6f (lon,lat)\n", box.min.lon(), box.min.lat(), box.max.lon(),
                box.max.lat());
    std::printf("travel times    %s\n", graph.metadata.time_unit.c_str());
    if (hierarchy) {
        std::printf("hierarchy       %zu shortcuts\n", hierarchy->shortcut_count());
    } else {
        std::printf("hierarchy       none (queries use Dijkstra; run `revir contract`)\n");
    }
    if (j.contains("import")) std::printf("import          %s\n", j["import"].dump().c_str());
}
} // namespace

void add_info_command(CLI::App& app) {
    auto path = std::make_shared<std::string>();
    auto json_output = std::make_shared<bool>(false);
    auto* cmd = app.add_subcommand("info", "Print a road graph file's statistics");
    cmd->add_option("graph", *path, "Road graph file (.rvg)")->required();
    cmd->add_flag("--json", *json_output, "Print one JSON object");
    cmd->callback([path, json_output] { run_info(*path, *json_output); });
}

} // namespace revir::tools
