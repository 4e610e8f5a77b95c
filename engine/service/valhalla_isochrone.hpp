#pragma once
// Isochrones in the shape of Valhalla's /isochrone API: a JSON request with one
// location and up to four contours of time (minutes) or distance (km), answered
// with a GeoJSON FeatureCollection, largest contour first, carrying Valhalla's
// properties (contour, metric, color, fill, fillColor, fillOpacity, opacity …).
#include <string>
#include <vector>

#include "routing/ch/contraction_hierarchy.hpp"
#include "routing/graph/road_graph.hpp"
#include "routing/snap/snapping.hpp"

namespace revir::engine::service {

/// The graph's loose ends at the edge of its data: dead ends near the bounding
/// box, where an extract cut the roads. A contour that reaches one is cut short
/// by the data, not by the time.
class EdgeOfData {
public:
    explicit EdgeOfData(const routing::RoadGraph& graph);
    /// True when a node with `value[n] <= limit` is at the edge.
    template <typename Values, typename Limit>
    bool reached(const Values& value, Limit limit) const {
        for (routing::NodeId n : nodes_) {
            if (value[n] <= limit) return true;
        }
        return false;
    }
    std::size_t size() const { return nodes_.size(); }

private:
    std::vector<routing::NodeId> nodes_;
};

struct IsochroneLimits {
    double max_minutes = 120;
    double max_km = 200;
    double max_snap_m = 1000;
};

struct IsochroneAnswer {
    std::string body;       // the FeatureCollection
    bool reaches_edge = false; // some contour reaches the edge of the data
};

/// Throws ApiError("IsochroneError", <Valhalla error JSON>) for a request it refuses.
IsochroneAnswer valhalla_isochrone(const routing::RoadGraph& graph, const routing::ContractionHierarchy* hierarchy,
                                   const routing::Snapper& snapper, const EdgeOfData& edge, const std::string& request,
                                   const IsochroneLimits& limits);

} // namespace revir::engine::service
