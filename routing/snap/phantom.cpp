#include "routing/snap/phantom.hpp"

#include <cmath>

namespace revir::routing {

namespace {

// The share `fraction` (0..1) of an edge's time, in whole milliseconds.
TimeMs share(double fraction, TimeMs edge_time) { return static_cast<TimeMs>(std::llround(fraction * edge_time)); }

} // namespace

std::vector<Leg> source_legs(const RoadGraph& graph, const SnappedPoint& from) {
    std::vector<Leg> legs;
    const double f = from.fraction();
    if (from.along != kNoEdge) {
        legs.push_back({from.last_node, share(1 - f, graph.travel_time[from.along]), from.geometry_length_m - from.offset_m,
                        from.along});
    }
    if (from.against != kNoEdge) {
        legs.push_back({from.first_node, share(f, graph.travel_time[from.against]), from.offset_m, from.against});
    }
    return legs;
}

std::vector<Leg> target_legs(const RoadGraph& graph, const SnappedPoint& to) {
    std::vector<Leg> legs;
    const double f = to.fraction();
    if (to.along != kNoEdge) {
        legs.push_back({to.first_node, share(f, graph.travel_time[to.along]), to.offset_m, to.along});
    }
    if (to.against != kNoEdge) {
        legs.push_back({to.last_node, share(1 - f, graph.travel_time[to.against]), to.geometry_length_m - to.offset_m,
                        to.against});
    }
    return legs;
}

std::optional<Leg> direct_leg(const RoadGraph& graph, const SnappedPoint& from, const SnappedPoint& to) {
    if (from.geometry != to.geometry) return std::nullopt;
    const double df = to.fraction() - from.fraction();
    std::optional<Leg> best;
    if (from.along != kNoEdge && df >= 0) {
        best = Leg{kNoNode, share(df, graph.travel_time[from.along]), to.offset_m - from.offset_m, from.along};
    }
    if (from.against != kNoEdge && df <= 0) {
        const Leg leg{kNoNode, share(-df, graph.travel_time[from.against]), from.offset_m - to.offset_m, from.against};
        if (!best || leg.time_ms < best->time_ms) best = leg;
    }
    return best;
}

} // namespace revir::routing
