#pragma once
// A certified lower bound for the territory objective: the transportation
// relaxation (balance windows, locks, maximum distance and realignment budgets
// kept; contiguity and integrality dropped), solved through its Lagrangian dual.
// The balance (and budget) constraints get prices; for given prices the problem
// splits into one cheapest choice per unit, so every evaluation is a valid bound
// and costs O(units × territories); a subgradient ascent with Polyak steps drives
// the prices towards the dual optimum, which equals the relaxation's optimum.
#include <cstdint>
#include <limits>
#include <vector>

#include "engine/territory/prepared_problem.hpp"
#include "engine/territory/territory_problem.hpp"

namespace revir::engine {

struct BoundOptions {
    std::size_t max_iterations = 3000;
    /// The objective of a known plan (any value ≥ the relaxation's optimum helps
    /// the step size); NaN: estimated from a proportional split.
    double upper_hint = std::numeric_limits<double>::quiet_NaN();
    /// Stops when the best bound has not improved by this share over 200 iterations.
    double stall_share = 1e-7;
    /// Prices to start from (e.g. a previous run's), else zero.
    std::vector<double> start_prices;
    unsigned threads = 0; // 0: every usable CPU
};

struct TerritoryBound {
    double value = -std::numeric_limits<double>::infinity(); // ≤ the objective of every plan
    /// Price of each territory's load on each criterion, [territory * criteria +
    /// criterion], in objective units per unit of weight (positive: the territory
    /// is pushed down, negative: pulled up); then the budgets' prices.
    std::vector<double> prices;
    /// Each unit's cheapest territory at those prices (a balanced, often nearly
    /// contiguous assignment: a good start for the search).
    Assignment relaxed_assignment;
    std::size_t iterations = 0;
    bool optimal = false; // the relaxed assignment met every window: the bound is the relaxation's optimum
};

TerritoryBound lagrangian_bound(const TerritoryProblem& problem, const BoundOptions& options = {});
/// The same on a problem already prepared (its windows and cost table shared).
TerritoryBound lagrangian_bound(const PreparedProblem& prepared, const BoundOptions& options = {});

/// The value of the dual at `prices` (what lagrangian_bound maximises), for tests.
double lagrangian_value(const TerritoryProblem& problem, const std::vector<double>& prices);

} // namespace revir::engine
