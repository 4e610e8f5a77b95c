#include <memory>

#include "engine/stages/graph.hpp"
#include "tools/commands.hpp"

namespace revir::tools {

void add_graph_commands(CLI::App& app) {
    auto in = std::make_shared<engine::ImportRequest>();
    auto* cmd = app.add_subcommand("import", "Import an OSM extract (.osm.pbf, .osm, .osm.bz2, .osm.gz) into a road graph file");
    cmd->add_option("input", in->input, "OSM extract")->required();
    cmd->add_option("-o,--output", in->output, "Road graph file to write (.rvg)")->required();
    cmd->add_option("--profile", in->profile, "Profile name in maps/profiles or a profile JSON path")->capture_default_str();
    cmd->add_flag("--keep-all-components", in->keep_all_components,
                  "Keep every strongly connected component, not just the largest");
    cmd->add_flag("!-q,!--quiet", in->progress, "No progress on stderr");
    cmd->add_flag("!--no-contract", in->contract, "Do not build the contraction hierarchy (queries fall back to Dijkstra)");
    cmd->callback([in] { finish(engine::run_import(*in, stderr_log()), false); });

    auto ch = std::make_shared<engine::ContractRequest>();
    cmd = app.add_subcommand("contract", "Add a contraction hierarchy to a graph file (revir import does this by default)");
    cmd->add_option("graph", ch->input, "Road graph file (.rvg)")->required();
    cmd->add_option("-o,--output", ch->output, "Where to write (default: replace the input)");
    cmd->callback([ch] { finish(engine::run_contract(*ch, stderr_log()), false); });

    auto dimacs = std::make_shared<engine::DimacsRequest>();
    cmd = app.add_subcommand("import-dimacs", "Convert a DIMACS challenge road graph (.gr + .co, plain or .gz) to a graph file");
    cmd->add_option("arcs", dimacs->arcs, "Arc file, e.g. USA-road-t.NY.gr.gz")->required();
    cmd->add_option("coordinates", dimacs->coordinates, "Coordinate file, e.g. USA-road-d.NY.co.gz")->required();
    cmd->add_option("-o,--output", dimacs->output, "Road graph file to write (.rvg)")->required();
    cmd->callback([dimacs] { finish(engine::run_import_dimacs(*dimacs, stderr_log()), false); });

    auto path = std::make_shared<std::string>();
    auto json = std::make_shared<bool>(false);
    cmd = app.add_subcommand("info", "Print a road graph file's statistics");
    cmd->add_option("graph", *path, "Road graph file (.rvg)")->required();
    cmd->add_flag("--json", *json, "Print one JSON object");
    cmd->callback([path, json] { finish(engine::graph_info(*path), *json); });
}

} // namespace revir::tools
