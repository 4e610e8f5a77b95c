#pragma once
// Column generation for the free-centre (capacitated p-median) bound: the linear
// relaxation of choosing K whole territories — each a centre unit and a set of
// units within every balance window — that cover every unit once, with each unit
// the centre of at most one. The restricted master is a linear program solved by
// COIN-OR CLP; new territories come from each candidate centre's cheapest whole
// territory at the master's prices (engine/window_knapsack). At any prices
// π, Σ π_i plus the K cheapest candidates' territory values is a valid lower
// bound (the Lagrangian bound); at the master's optimum it equals the master's
// value, the strongest bound of this relaxation, which plain subgradient steps
// approach only slowly (CTDP 2DU100-05-1: 6,443 after 1,000 subgradient steps
// against 6,513 here).
#include <cstdint>
#include <vector>

#include "engine/territory/free_centres.hpp"
#include "geo/core/deadline.hpp"
#include "engine/territory/window_knapsack.hpp"

namespace revir::engine {

struct Territory {
    std::uint32_t centre = 0;
    std::vector<std::uint32_t> units; // the centre included
};

struct ColumnBoundOptions {
    std::size_t max_rounds = 300;
    std::size_t node_limit = 20000; // per priced territory
    double work_limit = 3e9;        // nodes × units × criteria in all
    Deadline deadline;              // past it, as past the work limit
};

struct ColumnBound {
    double value; // the best Lagrangian bound met: valid whatever stopped the rounds
    std::vector<std::uint32_t> centres; // the K cheapest candidates at the prices of the best bound
};

/// Each unit's cost in centre j's territory at unit prices π: w_i d_ji − π_i
/// (what the pricing problem minimises).
void priced_costs(const FreeCentreProblem& problem, std::uint32_t centre, const std::vector<double>& prices,
                  std::vector<double>& cost);

/// `knapsack`: the whole-territory pricing problem (weights and widest windows);
/// `initial`: territories to start the master with (a plan's: then the master is
/// feasible from the start; artificial columns make it feasible anyway).
ColumnBound column_generation_bound(const FreeCentreProblem& problem, const WindowKnapsack& knapsack,
                                    const std::vector<Territory>& initial, const ColumnBoundOptions& options = {});

} // namespace revir::engine
