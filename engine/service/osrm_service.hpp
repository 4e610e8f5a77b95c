#pragma once
// The routing service behind `revir serve`: one read-only graph (with its
// hierarchy, snapping index and guidance) shared by every request, and a pool of
// per-thread query objects. It answers OSRM v1 requests (route, table, nearest,
// trip) and Valhalla-style isochrones as JSON text, independent of the HTTP layer
// (which only carries requests and answers).
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/service/osrm_request.hpp"
#include "routing/ch/contraction_hierarchy.hpp"
#include "routing/graph/road_graph.hpp"

namespace revir::engine::service {

struct ServiceLimits {
    std::size_t max_table_size = 100;    // sources × destinations ≤ this squared
    std::size_t max_viaroute_size = 500; // coordinates of a route
    std::size_t max_trip_size = 100;
    std::size_t max_nearest = 100;       // `number` of nearest
    double max_isochrone_minutes = 120;
    double max_isochrone_km = 200;
    double max_snap_m = 1e6;             // no road within this (without radiuses): NoSegment
    unsigned matrix_threads = 1;         // threads one big table may use
};

/// What the HTTP layer sends back.
struct ServiceAnswer {
    int status = 200;
    std::string body; // JSON
    std::vector<std::pair<std::string, std::string>> headers; // beyond the usual ones
};

class RoutingService {
public:
    /// Takes the graph and hierarchy over; `name` is what `/` reports (the file's name).
    RoutingService(routing::RoadGraph graph, std::optional<routing::ContractionHierarchy> hierarchy, std::string name,
                   ServiceLimits limits);
    ~RoutingService();

    /// GET or POST on `target` (with its query string, percent-encoded as sent).
    /// Never throws for a bad request: errors are answers (400 with code and message).
    ServiceAnswer handle(const std::string& method, const std::string& target, const std::string& body) const;

    const ServiceLimits& limits() const { return limits_; }

private:
    struct Shared;
    struct Workspace;
    class Lease;

    ServiceAnswer osrm(const OsrmParameters& request) const;
    ServiceAnswer isochrone(const std::string& json_text) const;
    ServiceAnswer about() const;

    std::unique_ptr<Shared> shared_;
    ServiceLimits limits_;
    mutable std::mutex pool_mutex_;
    mutable std::vector<std::unique_ptr<Workspace>> idle_;
};

} // namespace revir::engine::service
