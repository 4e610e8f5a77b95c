#include <cstdio>
#include <memory>

#include "routing/import/dimacs.hpp"
#include "routing/graph_file/graph_file.hpp"
#include "tools/commands.hpp"

namespace revir::tools {

namespace {
struct DimacsConfig {
    std::string arcs;
    std::string coordinates;
    std::string output;
};
} // namespace

void add_import_dimacs_command(CLI::App& app) {
    auto config = std::make_shared<DimacsConfig>();
    auto* cmd = app.add_subcommand("import-dimacs", "Convert a DIMACS challenge road graph (.gr + .co, plain or .gz) to a graph file");
    cmd->add_option("arcs", config->arcs, "Arc file, e.g. USA-road-t.NY.gr.gz")->required();
    cmd->add_option("coordinates", config->coordinates, "Coordinate file, e.g. USA-road-d.NY.co.gz")->required();
    cmd->add_option("-o,--output", config->output, "Road graph file to write (.rvg)")->required();
    cmd->callback([config] {
        Progress progress(true);
        const auto graph = routing::read_dimacs(config->arcs, config->coordinates, progress);
        routing::write_graph_file(graph, config->output);
        std::fprintf(stderr, "import-dimacs: %u nodes, %u arcs; wrote %s\n", graph.node_count(), graph.edge_count(),
                     config->output.c_str());
    });
}

} // namespace revir::tools
