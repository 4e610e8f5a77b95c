#pragma once
// The routing core's working state: routes with cached loads, costs and, per
// position, the earliest service start (forward) and the latest start that keeps
// the rest of the route on time (backward), so that inserting a customer is
// checked and priced in O(1). Internal to the VRP solver.
#include <cstdint>
#include <vector>

#include "engine/vrp/vrp_instance.hpp"
#include "engine/vrp/vrp_solution.hpp"

namespace revir::engine {

class RouteSet {
public:
    explicit RouteSet(const VrpInstance& instance);

    std::size_t route_count() const { return routes_.size(); }
    const std::vector<std::uint32_t>& route(std::size_t r) const { return routes_[r].visits; }
    VrpCost load(std::size_t r) const { return routes_[r].load; }
    /// Load of the first `count` visits of route r.
    VrpCost load_before(std::size_t r, std::size_t count) const { return count == 0 ? 0 : routes_[r].prefix_load[count - 1]; }
    VrpCost route_cost(std::size_t r) const { return routes_[r].cost; }
    VrpCost cost() const { return cost_; }
    std::uint32_t route_of(std::uint32_t c) const { return route_of_[c]; }
    std::size_t position_of(std::uint32_t c) const { return position_[c]; }

    /// Leaving the node before position `at` (the depot for 0), and the latest start
    /// allowed at position `at` (the depot's closing time past the end).
    VrpCost departure_before(std::size_t r, std::size_t at) const;
    VrpCost latest_at(std::size_t r, std::size_t at) const;
    bool timed() const { return timed_; }

    /// Cost change of inserting c before position `at` of route r (at = size: at the
    /// end); kVrpInfinity when a time window would be missed (capacity not checked).
    VrpCost insertion_delta(std::size_t r, std::size_t at, std::uint32_t c) const;
    void insert(std::size_t r, std::size_t at, std::uint32_t c);
    void open_route(std::uint32_t c);
    /// Takes the flagged customers out of the listed routes; drops empty routes.
    void remove_marked(const std::vector<char>& flagged, const std::vector<std::uint32_t>& routes);
    /// Replaces route r's visits (an empty list drops it at the next cleanup).
    void set_route(std::size_t r, std::vector<std::uint32_t> visits);
    void drop_empty_routes();
    VrpSolution solution() const;

private:
    struct Route {
        std::vector<std::uint32_t> visits;
        VrpCost load = 0, cost = 0;
        std::vector<VrpCost> earliest, latest, prefix_load;
    };
    void refresh(std::size_t r);

    const VrpInstance* in_;
    bool timed_;
    std::vector<Route> routes_;
    std::vector<std::uint32_t> route_of_;
    std::vector<std::uint32_t> position_;
    VrpCost cost_ = 0;
};

} // namespace revir::engine
