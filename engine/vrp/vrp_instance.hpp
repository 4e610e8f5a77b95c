#pragma once
// A vehicle-routing instance: one depot (node 0) and customers 1..n-1 with
// demands, a vehicle capacity, optional time windows and service times, an
// optional limit on a route's duration and on the number of vehicles, and an
// integer cost matrix that is also the travel-time matrix.
#include <cstdint>
#include <string>
#include <vector>

namespace revir::engine {

using VrpCost = std::int64_t;
inline constexpr VrpCost kVrpInfinity = std::int64_t{1} << 60;
/// Larger values (or coordinates) would overflow the integer costs and times.
inline constexpr double kVrpLargestValue = 1e12;

struct VrpInstance {
    std::string name;
    std::vector<double> x, y;        // coordinates, for output and neighbourhoods
    std::vector<VrpCost> demand;     // per node (depot: 0)
    VrpCost capacity = kVrpInfinity;
    std::vector<VrpCost> ready, due; // time windows per node (depot: the shift)
    std::vector<VrpCost> service;    // service time per node
    std::size_t max_vehicles = 0;    // 0: no limit
    std::vector<VrpCost> cost;       // [i * n + j], also the travel time
    /// What one unit of cost is in the file's own unit (0.1 for Solomon).
    double cost_unit = 1.0;

    std::size_t node_count() const { return demand.size(); }
    std::size_t customer_count() const { return demand.empty() ? 0 : demand.size() - 1; }
    VrpCost c(std::size_t i, std::size_t j) const { return cost[i * demand.size() + j]; }
    bool has_time_windows() const;
};

/// Fills `cost` (and so the travel times) with the Euclidean distances between
/// the nodes' coordinates times `scale`, rounded (or truncated) to integers.
void fill_euclidean_costs(VrpInstance& instance, double scale, bool truncate);

/// Throws InputError naming `what` when a value is out of range, a window empty
/// or a customer heavier than a vehicle holds.
void check_vrp_instance(const VrpInstance& instance, const std::string& what);

/// An instance from coordinates (EUC_2D, rounded), for tests and scenarios.
VrpInstance euclidean_vrp_instance(std::string name, std::vector<double> x, std::vector<double> y,
                                   std::vector<VrpCost> demand, VrpCost capacity, double scale = 1.0);

} // namespace revir::engine
