#pragma once
// OSM import: reads an extract (.osm.pbf, .osm, .osm.bz2, .osm.gz) through
// libosmium in two passes — the routable ways first, then the locations of just
// the nodes they use — and builds the road graph. Because the passes are by
// entity type, the result does not depend on the file's order, and memory grows
// with the extract, not with the magnitude of OSM ids.
#include <array>
#include <cstdint>
#include <string>

#include "routing/graph/components.hpp"
#include "routing/graph/profile.hpp"
#include "geo/core/progress.hpp"
#include "routing/graph/road_graph.hpp"

namespace revir::routing {

struct ImportReport {
    std::uint64_t ways_read = 0;
    std::uint64_t highway_ways = 0;
    std::uint64_t routable_ways = 0;
    std::array<std::uint64_t, kExclusionCount> excluded{};
    std::uint64_t nodes_read = 0;
    /// References in routable ways to nodes the file does not contain (or that have
    /// no location); the ways are cut at each gap.
    std::uint64_t missing_node_refs = 0;
    std::uint64_t ways_cut = 0;
    std::uint64_t traffic_signals = 0;
    std::uint64_t self_loops_dropped = 0;
    bool ways_sorted = true;
    bool nodes_sorted = true;
    ComponentReport components;
    std::uint32_t nodes = 0;
    std::uint32_t edges = 0;
    double seconds = 0;

    std::string to_json() const;
    /// One line: nodes, edges, dropped components, missing node refs, seconds.
    std::string summary() const;
};

struct ImportOptions {
    bool keep_all_components = false;
};

/// Throws InputError for a missing, unreadable or malformed file (the message names
/// the file), and for a file holding the same object twice.
RoadGraph import_osm(const std::string& path, const Profile& profile, ImportReport& report,
                     Progress& progress, const ImportOptions& options = {});

} // namespace revir::routing
