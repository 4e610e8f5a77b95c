#pragma once
// Turn-by-turn guidance for a route: the route's pieces grouped into steps, one
// per manoeuvre, in the shape of OSRM's RouteStep (maneuver type and modifier,
// bearings, the street's name and ref, the intersections passed). A new step
// begins where the street changes, or where the road turns at a junction that
// offers a straighter way on.
#include <cstdint>
#include <string>
#include <vector>

#include "routing/query/route.hpp"

namespace revir::routing {

struct Maneuver {
    std::string type;     // depart, turn, new name, continue, arrive
    std::string modifier; // uturn, sharp right, right, slight right, straight, slight left, left, sharp left; "" for depart/arrive
    geo::Coordinate location;
    int bearing_before = 0; // degrees clockwise from north, 0 … 359
    int bearing_after = 0;
};

/// A junction passed: every road at it (bearings clockwise from north, ascending),
/// which of them may be entered, and the ones the route came in on and left by.
struct Intersection {
    geo::Coordinate location;
    std::vector<int> bearings;
    std::vector<bool> entry;
    int in = -1; // index into bearings; -1 at the start
    int out = -1; // -1 at the destination
};

struct RouteStep {
    Maneuver maneuver;
    std::string name;
    std::string ref;
    double distance_m = 0;
    TimeMs time_ms = 0;
    std::vector<geo::Coordinate> geometry; // at least 2 points
    std::vector<Intersection> intersections;
};

/// Initial bearing of the great circle from `a` to `b`, in whole degrees 0 … 359.
int bearing_degrees(geo::Coordinate a, geo::Coordinate b);
/// The modifier of a turn from bearing `before` to `after`.
const char* turn_modifier(int before, int after);

/// Built once per graph (it indexes the roads at every node); steps() is const and
/// may be called from many threads.
class Guidance {
public:
    explicit Guidance(const RoadGraph& graph);
    /// The steps of one route from its start to its destination, ending with arrive.
    std::vector<RouteStep> steps(const Route& route) const;

private:
    struct Road {
        int bearing;   // leaving the node
        bool entry;    // may be driven away from the node
        GeometryId geometry;
        bool forward;  // leaves along the geometry's point order
    };
    std::vector<Road> roads_at(NodeId node) const;
    Intersection intersection(NodeId node, EdgeId in, EdgeId out, geo::Coordinate at) const;

    const RoadGraph& graph_;
    IndexVector<EdgeId, NodeId> tail_;
    // Reverse adjacency: the edges into each node.
    std::vector<std::uint32_t> in_first_;
    std::vector<EdgeId> in_edges_;
};

} // namespace revir::routing
