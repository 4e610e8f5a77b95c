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
#include <string_view>
#include <unordered_map>
#include <vector>

#include "geo/core/coordinate.hpp"
#include "geo/core/strong_index.hpp"

namespace revir::routing {

struct NodeTag {};
struct EdgeTag {};

/// A node's position in the graph (and in every per-node array).
using NodeId = StrongIndex<NodeTag>;
/// An edge's position in the CSR arrays (and in every per-edge array). Distinct
/// types: a node id where an edge id belongs (or a plain integer) does not compile.
using EdgeId = StrongIndex<EdgeTag>;
using GeometryId = std::uint32_t;
/// A street name or reference in the graph's name table; 0 is the empty name.
using NameId = std::uint32_t;
/// Travel time in milliseconds (for DIMACS graphs: the file's own time unit).
using TimeMs = std::uint32_t;

inline constexpr NodeId kNoNode = NodeId::none();
inline constexpr EdgeId kNoEdge = EdgeId::none();
inline constexpr GeometryId kNoGeometry = std::numeric_limits<GeometryId>::max();
inline constexpr TimeMs kInfiniteTime = std::numeric_limits<TimeMs>::max();

/// A time per node: what a one-to-all search gives.
using NodeTimes = IndexVector<NodeId, TimeMs>;

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

    IndexVector<NodeId, geo::Coordinate> node_coordinate;
    IndexVector<NodeId, std::int64_t> node_osm_id;

    IndexVector<NodeId, EdgeId> first_out; // node_count() + 1 entries
    IndexVector<EdgeId, NodeId> head;
    IndexVector<EdgeId, TimeMs> travel_time;
    IndexVector<EdgeId, float> length_m;
    IndexVector<EdgeId, GeometryId> edge_geometry;
    IndexVector<EdgeId, std::uint8_t> edge_flags;

    std::vector<std::uint32_t> geometry_first; // geometry_count() + 1 entries
    std::vector<geo::Coordinate> geometry_points;
    std::vector<std::int64_t> geometry_way_osm_id;
    std::vector<NameId> geometry_name; // the way's `name` (0: none)
    std::vector<NameId> geometry_ref;  // the way's `ref` (0: none)

    // The name table: name i is name_text[name_first[i] … name_first[i + 1]); name 0 is "".
    std::vector<std::uint32_t> name_first{0, 0};
    std::string name_text;

    std::uint32_t node_count() const { return static_cast<std::uint32_t>(node_coordinate.size()); }
    std::uint32_t edge_count() const { return static_cast<std::uint32_t>(head.size()); }
    GeometryId geometry_count() const { return static_cast<GeometryId>(geometry_way_osm_id.size()); }

    /// Every node, every edge, in id order.
    IndexRange<NodeId> nodes() const { return node_coordinate.indices(); }
    IndexRange<EdgeId> edges() const { return head.indices(); }
    /// The edges out of `n` (the CSR range first_out[n] … first_out[n + 1]).
    IndexRange<EdgeId> out_edges(NodeId n) const { return {first_out[n], first_out[NodeId(n.value() + 1)]}; }

    std::span<const geo::Coordinate> geometry(GeometryId g) const {
        return {geometry_points.data() + geometry_first[g], geometry_points.data() + geometry_first[g + 1]};
    }
    std::string_view name(NameId i) const {
        return std::string_view(name_text).substr(name_first[i], name_first[i + 1] - name_first[i]);
    }
    std::string_view street_name(EdgeId e) const { return name(geometry_name[edge_geometry[e]]); }
    std::string_view street_ref(EdgeId e) const { return name(geometry_ref[edge_geometry[e]]); }

    /// The edge's shape from its tail to its head.
    std::vector<geo::Coordinate> edge_shape(EdgeId e) const;
    /// Tail of every edge (the CSR stores heads only).
    IndexVector<EdgeId, NodeId> tails() const;

    /// Throws FileFormatError if the arrays do not form a consistent graph.
    void validate() const;
};

/// Collects nodes, geometries and edges in any order and builds the CSR graph.
class GraphBuilder {
public:
    NodeId add_node(geo::Coordinate c, std::int64_t osm_id);
    /// The id of `name` in the name table (added the first time it is seen).
    NameId add_name(std::string_view name);
    GeometryId add_geometry(std::span<const geo::Coordinate> points, std::int64_t way_osm_id, NameId name = 0,
                            NameId ref = 0);
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
    IndexVector<NodeId, geo::Coordinate> nodes_;
    IndexVector<NodeId, std::int64_t> node_osm_ids_;
    std::vector<std::uint32_t> geometry_first_{0};
    std::vector<geo::Coordinate> geometry_points_;
    std::vector<std::int64_t> geometry_way_ids_;
    std::vector<NameId> geometry_names_;
    std::vector<NameId> geometry_refs_;
    std::vector<std::uint32_t> name_first_{0, 0};
    std::string name_text_;
    std::unordered_map<std::string, NameId> name_ids_{{"", 0}};
    std::vector<PendingEdge> edges_;
};

/// Keeps only the nodes with keep[n] set, the edges between them and the
/// geometries those edges use; ids are renumbered in their old order.
RoadGraph induced_subgraph(const RoadGraph& graph, const IndexVector<NodeId, bool>& keep);

} // namespace revir::routing
