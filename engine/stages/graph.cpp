#include "engine/stages/graph.hpp"

#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "geo/core/atomic_output.hpp"
#include "routing/ch/contraction_hierarchy.hpp"
#include "routing/graph_file/graph_file.hpp"
#include "routing/import/dimacs.hpp"
#include "routing/import/osm_import.hpp"

namespace revir::engine {

namespace {
const char* const kGraphFormat = "a road graph file";
} // namespace

StageReport run_import(const ImportRequest& request, const Log& log) {
    geo::require_extension({"-o", request.output}, {".rvg"}, kGraphFormat);
    geo::OutputSet outputs({{"the OSM extract", request.input}, {"--profile", request.profile}});
    const auto output = outputs.reserve({"-o", request.output});
    const auto profile = routing::Profile::load(request.profile);
    Progress progress(request.progress ? log : Log());
    routing::ImportReport report;
    const auto graph = routing::import_osm(request.input, profile, report, progress, {request.keep_all_components});
    std::optional<routing::ContractionHierarchy> hierarchy;
    if (request.contract) hierarchy = routing::build_contraction_hierarchy(graph, progress);
    routing::write_graph_file(graph, output, hierarchy ? &*hierarchy : nullptr);
    outputs.commit();
    say(log, "import: " + report.summary());
    say(log, "import: wrote " + request.output);
    return {};
}

StageReport run_contract(const ContractRequest& request, const Log& log) {
    // Without -o the graph file is replaced, as documented; that is the one output
    // that may be its input.
    const auto& target = request.output.empty() ? request.input : request.output;
    geo::require_extension({"-o", target}, {".rvg"}, kGraphFormat);
    geo::OutputSet outputs({});
    const auto output = outputs.reserve({"-o", target});
    const auto graph = routing::read_graph_file(request.input);
    Progress progress(log);
    const auto hierarchy = routing::build_contraction_hierarchy(graph, progress);
    routing::write_graph_file(graph, output, &hierarchy);
    outputs.commit();
    say(log, fmt::format("contract: {} shortcuts; wrote {}", hierarchy.shortcut_count(), target));
    return {};
}

StageReport run_import_dimacs(const DimacsRequest& request, const Log& log) {
    geo::require_extension({"-o", request.output}, {".rvg"}, kGraphFormat);
    geo::OutputSet outputs({{"the arc file", request.arcs}, {"the coordinate file", request.coordinates}});
    const auto output = outputs.reserve({"-o", request.output});
    Progress progress(log);
    const auto graph = routing::read_dimacs(request.arcs, request.coordinates, progress);
    routing::write_graph_file(graph, output);
    outputs.commit();
    say(log, fmt::format("import-dimacs: {} nodes, {} arcs; wrote {}", graph.node_count(), graph.edge_count(),
                         request.output));
    return {};
}

namespace {

std::string info_text(const std::string& path, const nlohmann::json& j, const routing::RoadGraph& graph,
                      const geo::BoundingBox& box, double length_m, std::size_t oneway) {
    std::string t;
    t += fmt::format("file            {} (format version {})\n", path, routing::kGraphFormatVersion);
    t += fmt::format("source          {} ({} bytes)\n", graph.metadata.source_name, graph.metadata.source_size);
    t += fmt::format("profile         {} (fingerprint {:016x})\n", graph.metadata.profile_name,
                     graph.metadata.profile_fingerprint);
    t += fmt::format("nodes           {}\n", graph.node_count());
    t += fmt::format("edges           {} ({} road pieces, {} of them one-way)\n", graph.edge_count(),
                     static_cast<std::size_t>(graph.geometry_count()), oneway);
    t += fmt::format("directed length {:.1f} km\n", length_m / 1000.0);
    t += fmt::format("bbox            {:.6f},{:.6f} .. {:.6f},{:.6f} (lon,lat)\n", box.min.lon(), box.min.lat(),
                     box.max.lon(), box.max.lat());
    t += fmt::format("travel times    {}\n", graph.metadata.time_unit);
    t += j.contains("shortcuts") ? fmt::format("hierarchy       {} shortcuts\n", j["shortcuts"].get<std::size_t>())
                                 : std::string("hierarchy       none (queries use Dijkstra; run `revir contract`)\n");
    if (j.contains("import")) t += "import          " + j["import"].dump() + "\n";
    return t;
}

} // namespace

StageReport graph_info(const std::string& path) {
    std::optional<routing::ContractionHierarchy> hierarchy;
    const auto graph = routing::read_graph_file(path, hierarchy);
    geo::BoundingBox box;
    for (const auto& c : graph.node_coordinate) box.extend(c);
    double length_m = 0;
    for (const float length : graph.length_m) length_m += length;
    // An edge whose geometry carries no edge in the other direction is one-way.
    std::vector<std::uint8_t> directions(graph.geometry_count(), 0);
    for (const routing::GeometryId g : graph.edge_geometry) ++directions[g];
    std::size_t oneway = 0;
    for (auto d : directions) oneway += d == 1;
    StageReport report;
    auto& j = report.summary;
    j = {{"file", path},
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
         {"directed_length_km", std::round(length_m / 100.0) / 10.0},
         {"bbox", {box.min.lon(), box.min.lat(), box.max.lon(), box.max.lat()}},
         {"contraction_hierarchy", hierarchy.has_value()}};
    if (hierarchy) j["shortcuts"] = hierarchy->shortcut_count();
    if (!graph.metadata.import_report_json.empty()) j["import"] = nlohmann::json::parse(graph.metadata.import_report_json);
    report.text = info_text(path, j, graph, box, length_m, oneway);
    return report;
}

} // namespace revir::engine
