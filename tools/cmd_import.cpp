#include <cstdio>
#include <memory>
#include <optional>

#include "routing/ch/contraction_hierarchy.hpp"
#include "routing/graph_file/graph_file.hpp"
#include "routing/import/osm_import.hpp"
#include "tools/commands.hpp"

namespace revir::tools {

namespace {
struct ImportConfig {
    std::string input;
    std::string output;
    std::string profile = "car";
    bool keep_all_components = false;
    bool quiet = false;
    bool contract = true;
};

void run_import(const ImportConfig& config) {
    const auto profile = routing::Profile::load(config.profile);
    Progress progress(!config.quiet);
    routing::ImportReport report;
    const auto graph = routing::import_osm(config.input, profile, report, progress, {config.keep_all_components});
    std::optional<routing::ContractionHierarchy> hierarchy;
    if (config.contract) hierarchy = routing::build_contraction_hierarchy(graph, progress);
    write_graph_file(graph, config.output, hierarchy ? &*hierarchy : nullptr);
    std::fprintf(stderr, "import: %s\n", report.summary().c_str());
    std::fprintf(stderr, "import: wrote %s\n", config.output.c_str());
}
} // namespace

void add_import_command(CLI::App& app) {
    auto config = std::make_shared<ImportConfig>();
    auto* cmd = app.add_subcommand("import", "Import an OSM extract (.osm.pbf, .osm, .osm.bz2, .osm.gz) into a road graph file");
    cmd->add_option("input", config->input, "OSM extract")->required();
    cmd->add_option("-o,--output", config->output, "Road graph file to write (.rvg)")->required();
    cmd->add_option("--profile", config->profile, "Profile name in maps/profiles or a profile JSON path")->capture_default_str();
    cmd->add_flag("--keep-all-components", config->keep_all_components,
                  "Keep every strongly connected component, not just the largest");
    cmd->add_flag("-q,--quiet", config->quiet, "No progress on stderr");
    cmd->add_flag("!--no-contract", config->contract, "Do not build the contraction hierarchy (queries fall back to Dijkstra)");
    cmd->callback([config] { run_import(*config); });
}

void add_contract_command(CLI::App& app) {
    struct ContractConfig {
        std::string input;
        std::string output;
    };
    auto config = std::make_shared<ContractConfig>();
    auto* cmd = app.add_subcommand("contract", "Add a contraction hierarchy to a graph file (revir import does this by default)");
    cmd->add_option("graph", config->input, "Road graph file (.rvg)")->required();
    cmd->add_option("-o,--output", config->output, "Where to write (default: replace the input)");
    cmd->callback([config] {
        const auto graph = routing::read_graph_file(config->input);
        Progress progress(true);
        const auto hierarchy = routing::build_contraction_hierarchy(graph, progress);
        const auto& output = config->output.empty() ? config->input : config->output;
        routing::write_graph_file(graph, output, &hierarchy);
        std::fprintf(stderr, "contract: %zu shortcuts; wrote %s\n", hierarchy.shortcut_count(), output.c_str());
    });
}

} // namespace revir::tools
