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
#include <string>
#include <vector>

#include "engine/territory/prepared_problem.hpp"
#include "engine/territory/territory_problem.hpp"
#include "geo/core/deadline.hpp"

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
    /// The ascent stops here (every value met is a valid bound, so it keeps the best).
    Deadline deadline;
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
    bool hit_time_limit = false; // the deadline ended the ascent
};

TerritoryBound lagrangian_bound(const TerritoryProblem& problem, const BoundOptions& options = {});
/// The same on a problem already prepared (its windows and cost table shared).
TerritoryBound lagrangian_bound(const PreparedProblem& prepared, const BoundOptions& options = {});

/// What a plan's objective and a lower bound certify, in one place for every
/// designer: the bound as reported, never above the objective (a bound a hair
/// above it can only be the objective's own rounding), and the gap in per cent,
/// (objective − bound) / bound × 100: 0 when the bound meets the objective,
/// infinite when the bound is not positive and the objective is (nothing is
/// certified; a JSON null). Not finite inputs certify nothing either.
struct Certificate {
    double bound;
    double gap_percent;
};
Certificate certify(double objective, double bound);
/// "bound 1.2e+06, gap 0.35 %", or what stands for a missing certificate.
std::string certificate_text(double bound, double gap_percent, int gap_decimals);

/// The value of the dual at `prices` (what lagrangian_bound maximises), for tests.
double lagrangian_value(const TerritoryProblem& problem, const std::vector<double>& prices);

} // namespace revir::engine
