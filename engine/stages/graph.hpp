#pragma once
// The road-graph stages: an OSM extract or a DIMACS graph into a graph file (with
// its contraction hierarchy), a hierarchy added to a file, and a file's statistics.
#include <string>

#include "engine/stages/stage.hpp"

namespace revir::engine {

struct ImportRequest {
    std::string input;  // .osm.pbf, .osm, .osm.bz2, .osm.gz
    std::string output; // .rvg
    std::string profile = "car";
    bool keep_all_components = false;
    bool contract = true;
    bool progress = true; // counters of the long steps on the log
};
StageReport run_import(const ImportRequest& request, const Log& log);

struct ContractRequest {
    std::string input;
    std::string output; // empty: replace the input
};
StageReport run_contract(const ContractRequest& request, const Log& log);

struct DimacsRequest {
    std::string arcs;        // .gr or .gr.gz
    std::string coordinates; // .co or .co.gz
    std::string output;
};
StageReport run_import_dimacs(const DimacsRequest& request, const Log& log);

/// Nodes, edges, length, bounding box, profile, hierarchy and import report.
StageReport graph_info(const std::string& path);

} // namespace revir::engine
