#pragma once
// The compact road graph: dense 32-bit node ids, forward CSR arrays (struct of
// arrays, RoutingKit style), integer travel times in milliseconds, lengths in
// metres and a shape polyline for every edge so that routes follow the roads.
//
// Every edge keeps its geometry, and every geometry its OSM way id; every node
// keeps its OSM node id. That is what an edge-based expansion for turn
// restrictions (from way, via node, to way) and turn penalties needs later.
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "geo/core/coordinate.hpp"

namespace revir::routing {

using NodeId = std::uint32_t;
using EdgeId = std::uint32_t;
using GeometryId = std::uint32_t;
/// Travel time in milliseconds (for DIMACS graphs: the file's own time unit).
using TimeMs = std::uint32_t;

inline constexpr NodeId kNoNode = std::numeric_limits<NodeId>::max();
inline constexpr EdgeId kNoEdge = std::numeric_limits<EdgeId>::max();
inline constexpr TimeMs kInfiniteTime = std::numeric_limits<TimeMs>::max();

/// Drive times are whole milliseconds (TimeMs) from the graph to every query
/// result, and kInfiniteTime is the one "unreachable"; seconds and minutes are
/// made only where a time leaves routing (a file, a summary, an optimiser's cost).
constexpr double to_seconds(TimeMs t) { return static_cast<double>(t) / 1000.0; }
/// a + b, held below kInfiniteTime (a sum of times is a time, never "unreachable").
constexpr TimeMs add_times(TimeMs a, TimeMs b) { return a > kInfiniteTime - 1 - b ? kInfiniteTime - 1 : a + b; }

enum EdgeFlag : std::uint8_t {
    kGeometryReversed = 1, // the edge runs against its geometry's point order
    kDestinationOnly = 2,  // access=destination and similar
};

/// What a graph was built from; stored in the graph file.
struct GraphMetadata {
    std::string profile_name;
    std::uint64_t profile_fingerprint = 0;
    std::string source_name;
    std::uint64_t source_size = 0;
    std::string time_unit = "ms";
    std::string import_report_json; // the import's counts, for `revir info`
};

struct RoadGraph {
    GraphMetadata metadata;

    std::vector<geo::Coordinate> node_coordinate;
    std::vector<std::int64_t> node_osm_id;

    std::vector<EdgeId> first_out; // node_count() + 1 entries
    std::vector<NodeId> head;
    std::vector<TimeMs> travel_time;
    std::vector<float> length_m;
    std::vector<GeometryId> edge_geometry;
    std::vector<std::uint8_t> edge_flags;

    std::vector<std::uint32_t> geometry_first; // geometry_count() + 1 entries
    std::vector<geo::Coordinate> geometry_points;
    std::vector<std::int64_t> geometry_way_osm_id;

    NodeId node_count() const { return static_cast<NodeId>(node_coordinate.size()); }
    EdgeId edge_count() const { return static_cast<EdgeId>(head.size()); }
    GeometryId geometry_count() const { return static_cast<GeometryId>(geometry_way_osm_id.size()); }

    std::span<const geo::Coordinate> geometry(GeometryId g) const {
        return {geometry_points.data() + geometry_first[g], geometry_points.data() + geometry_first[g + 1]};
    }
    /// The edge's shape from its tail to its head.
    std::vector<geo::Coordinate> edge_shape(EdgeId e) const;
    /// Tail of every edge (the CSR stores heads only).
    std::vector<NodeId> tails() const;

    /// Throws FileFormatError if the arrays do not form a consistent graph.
    void validate() const;
};

/// Collects nodes, geometries and edges in any order and builds the CSR graph.
class GraphBuilder {
public:
    NodeId add_node(geo::Coordinate c, std::int64_t osm_id);
    GeometryId add_geometry(std::span<const geo::Coordinate> points, std::int64_t way_osm_id);
    void add_edge(NodeId tail, NodeId head, TimeMs time, float length_m, GeometryId geometry,
                  std::uint8_t flags);
    std::size_t edge_count() const { return edges_.size(); }

    /// Builds the graph; edges keep their insertion order within a tail.
    RoadGraph build(GraphMetadata metadata) &&;

private:
    struct PendingEdge {
        NodeId tail, head;
        TimeMs time;
        float length_m;
        GeometryId geometry;
        std::uint8_t flags;
    };
    std::vector<geo::Coordinate> nodes_;
    std::vector<std::int64_t> node_osm_ids_;
    std::vector<std::uint32_t> geometry_first_{0};
    std::vector<geo::Coordinate> geometry_points_;
    std::vector<std::int64_t> geometry_way_ids_;
    std::vector<PendingEdge> edges_;
};

/// Keeps only the nodes with keep[n] set, the edges between them and the
/// geometries those edges use; ids are renumbered in their old order.
RoadGraph induced_subgraph(const RoadGraph& graph, const std::vector<bool>& keep);

} // namespace revir::routing
