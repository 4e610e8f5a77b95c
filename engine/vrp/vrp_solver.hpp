#pragma once
// The vehicle-routing core: capacity, time windows, route duration, a vehicle
// limit, one depot, integer costs. Slack induction by string removals
// (Christiaens & Vanden Berghe, 2020): remove strings of customers from routes
// near a random customer, reinsert them greedily with blinks, accept by
// simulated annealing; the best solution is then polished by a local search
// (relocate, swap, cross exchange, 2-opt, 2-opt*, or-opt) with O(1) move evaluation from cached
// route data. Independent searches with their own seeds run in parallel.
#include <cstdint>

#include "engine/vrp/vrp_instance.hpp"
#include "engine/vrp/vrp_solution.hpp"

namespace revir::engine {

struct VrpOptions {
    std::uint64_t seed = 1;
    /// Seconds; the searches stop here at the latest.
    double time_limit_s = 10;
    /// Ruin-and-recreate iterations per search; the annealing schedule follows the
    /// iterations, so that a seed gives the same solution on any machine unless the
    /// time limit comes first. 0: 1,000 per customer.
    std::uint64_t iterations = 0;
    /// Independent searches (each its own seed), run on `threads` threads (0: every usable CPU).
    unsigned searches = 2;
    unsigned threads = 0;
};

struct VrpResult {
    VrpSolution solution;
    std::uint64_t iterations = 0; // over all searches
    bool hit_time_limit = false;
    double seconds = 0;
};

VrpResult solve_vrp(const VrpInstance& instance, const VrpOptions& options = {});

} // namespace revir::engine
