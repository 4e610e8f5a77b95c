#include "routing/graph/road_graph.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "geo/core/error.hpp"

namespace revir::routing {

std::vector<geo::Coordinate> RoadGraph::edge_shape(EdgeId e) const {
    const auto points = geometry(edge_geometry[e]);
    std::vector<geo::Coordinate> shape(points.begin(), points.end());
    if (edge_flags[e] & kGeometryReversed) std::reverse(shape.begin(), shape.end());
    return shape;
}

IndexVector<EdgeId, NodeId> RoadGraph::tails() const {
    IndexVector<EdgeId, NodeId> tail(edge_count());
    for (NodeId n : nodes()) {
        for (EdgeId e : out_edges(n)) tail[e] = n;
    }
    return tail;
}

void RoadGraph::validate() const {
    const auto fail = [](const std::string& what) { throw FileFormatError("inconsistent graph: " + what); };
    const std::size_t n = node_coordinate.size();
    const std::size_t m = head.size();
    if (node_osm_id.size() != n || first_out.size() != n + 1) fail("node arrays differ in size");
    if (travel_time.size() != m || length_m.size() != m || edge_geometry.size() != m || edge_flags.size() != m) {
        fail("edge arrays differ in size");
    }
    if (first_out.front() != EdgeId(0) || first_out.back().value() != m) fail("edge index does not cover the edges");
    for (NodeId v : nodes()) {
        if (first_out[v] > first_out[NodeId(v.value() + 1)]) fail("edge index is not sorted at node " + std::to_string(v.value()));
    }
    const std::size_t g = geometry_way_osm_id.size();
    if (geometry_first.size() != g + 1 || geometry_first.back() != geometry_points.size()) {
        fail("geometry index does not cover the shape points");
    }
    if (geometry_name.size() != g || geometry_ref.size() != g) fail("geometry name arrays differ in size");
    if (name_first.size() < 2 || name_first.front() != 0 || name_first.back() != name_text.size() || name_first[1] != 0) {
        fail("name index does not cover the names");
    }
    for (std::size_t i = 0; i + 1 < name_first.size(); ++i) {
        if (name_first[i] > name_first[i + 1]) fail("name index is not sorted at name " + std::to_string(i));
    }
    const std::size_t names = name_first.size() - 1;
    for (std::size_t i = 0; i < g; ++i) {
        if (geometry_name[i] >= names || geometry_ref[i] >= names) fail("geometry " + std::to_string(i) + " has a missing name");
    }
    for (std::size_t i = 0; i < g; ++i) {
        if (std::uint64_t{geometry_first[i]} + 2 > geometry_first[i + 1]) fail("geometry " + std::to_string(i) + " has fewer than 2 points");
    }
    const auto on_map = [](geo::Coordinate c) { return geo::valid_lon_lat(c.lon(), c.lat()); };
    for (NodeId v : nodes()) {
        if (!on_map(node_coordinate[v])) {
            fail("node " + std::to_string(v.value()) + " is off the map (" + std::to_string(node_coordinate[v].lat()) +
                 ", " + std::to_string(node_coordinate[v].lon()) + ")");
        }
    }
    for (std::size_t i = 0; i < geometry_points.size(); ++i) {
        if (!on_map(geometry_points[i])) fail("shape point " + std::to_string(i) + " is off the map");
    }
    constexpr std::uint8_t known_flags = kGeometryReversed | kDestinationOnly;
    for (EdgeId e : edges()) {
        const std::string edge = "edge " + std::to_string(e.value());
        if (head[e].value() >= n) fail(edge + " points to a missing node");
        if (edge_geometry[e] >= g) fail(edge + " has a missing geometry");
        if (travel_time[e] == kInfiniteTime) fail(edge + " has no drive time");
        if (!std::isfinite(length_m[e]) || length_m[e] < 0) fail(edge + " has a length that is not a distance");
        if ((edge_flags[e] & ~known_flags) != 0) fail(edge + " has unknown flags");
    }
}

NodeId GraphBuilder::add_node(geo::Coordinate c, std::int64_t osm_id) {
    const NodeId id = nodes_.next_index();
    nodes_.push_back(c);
    node_osm_ids_.push_back(osm_id);
    return id;
}

NameId GraphBuilder::add_name(std::string_view name) {
    const auto [it, added] = name_ids_.try_emplace(std::string(name), static_cast<NameId>(name_first_.size() - 1));
    if (added) {
        name_text_.append(name);
        name_first_.push_back(static_cast<std::uint32_t>(name_text_.size()));
    }
    return it->second;
}

GeometryId GraphBuilder::add_geometry(std::span<const geo::Coordinate> points, std::int64_t way_osm_id, NameId name,
                                      NameId ref) {
    geometry_points_.insert(geometry_points_.end(), points.begin(), points.end());
    geometry_first_.push_back(static_cast<std::uint32_t>(geometry_points_.size()));
    geometry_way_ids_.push_back(way_osm_id);
    geometry_names_.push_back(name);
    geometry_refs_.push_back(ref);
    return static_cast<GeometryId>(geometry_way_ids_.size() - 1);
}

void GraphBuilder::add_edge(NodeId tail, NodeId head, TimeMs time, float length_m, GeometryId geometry,
                            std::uint8_t flags) {
    edges_.push_back({tail, head, time, length_m, geometry, flags});
}

RoadGraph GraphBuilder::build(GraphMetadata metadata) && {
    std::stable_sort(edges_.begin(), edges_.end(),
                     [](const PendingEdge& a, const PendingEdge& b) { return a.tail < b.tail; });
    RoadGraph g;
    g.metadata = std::move(metadata);
    g.node_coordinate = std::move(nodes_);
    g.node_osm_id = std::move(node_osm_ids_);
    g.geometry_first = std::move(geometry_first_);
    g.geometry_points = std::move(geometry_points_);
    g.geometry_way_osm_id = std::move(geometry_way_ids_);
    g.geometry_name = std::move(geometry_names_);
    g.geometry_ref = std::move(geometry_refs_);
    g.name_first = std::move(name_first_);
    g.name_text = std::move(name_text_);
    const std::size_t m = edges_.size();
    g.first_out.assign(g.node_coordinate.size() + 1, EdgeId(0));
    g.head.resize(m);
    g.travel_time.resize(m);
    g.length_m.resize(m);
    g.edge_geometry.resize(m);
    g.edge_flags.resize(m);
    for (EdgeId e : g.edges()) {
        const auto& p = edges_[e.value()];
        ++g.first_out[NodeId(p.tail.value() + 1)]; // out-degrees first, node n's at n + 1
        g.head[e] = p.head;
        g.travel_time[e] = p.time;
        g.length_m[e] = p.length_m;
        g.edge_geometry[e] = p.geometry;
        g.edge_flags[e] = p.flags;
    }
    // … summed into where each node's edges begin.
    std::partial_sum(g.first_out.begin(), g.first_out.end(), g.first_out.begin(),
                     [](EdgeId sum, EdgeId degree) { return EdgeId(sum.value() + degree.value()); });
    edges_.clear();
    edges_.shrink_to_fit();
    return g;
}

RoadGraph induced_subgraph(const RoadGraph& graph, const IndexVector<NodeId, bool>& keep) {
    GraphBuilder builder;
    IndexVector<NodeId, NodeId> new_id(graph.node_count(), kNoNode);
    for (NodeId n : graph.nodes()) {
        if (keep[n]) new_id[n] = builder.add_node(graph.node_coordinate[n], graph.node_osm_id[n]);
    }
    std::vector<GeometryId> new_geometry(graph.geometry_count(), kNoGeometry);
    for (NodeId n : graph.nodes()) {
        if (!keep[n]) continue;
        for (EdgeId e : graph.out_edges(n)) {
            if (!keep[graph.head[e]]) continue;
            GeometryId& g = new_geometry[graph.edge_geometry[e]];
            if (g == kNoGeometry) {
                const GeometryId old = graph.edge_geometry[e];
                g = builder.add_geometry(graph.geometry(old), graph.geometry_way_osm_id[old],
                                         builder.add_name(graph.name(graph.geometry_name[old])),
                                         builder.add_name(graph.name(graph.geometry_ref[old])));
            }
            builder.add_edge(new_id[n], new_id[graph.head[e]], graph.travel_time[e], graph.length_m[e], g,
                             graph.edge_flags[e]);
        }
    }
    return std::move(builder).build(graph.metadata);
}

} // namespace revir::routing
