#pragma once
// Territory design without bases (location-allocation, `--reps K`): choose K
// centre units as well as the territories around them. The search alternates
// between designing territories around fixed centres and moving every centre to
// the unit that serves its territory best (a medoid step, as in the
// districting literature), from several seeded starts. The certified bound is
// the Lagrangian bound of the capacitated p-median problem: each unit's
// assignment constraint gets a price, and for given prices every candidate
// centre's cheapest territory gives, summed over the K cheapest candidates, a
// lower bound. The prices are first driven with fractional territories under the
// first balance window (continuous knapsacks, fast), then set by column
// generation with whole territories under every window (engine/territory_columns),
// which is markedly stronger.
#include <cstdint>
#include <vector>

#include "engine/territory/territory_design.hpp"
#include "engine/territory/territory_problem.hpp"

namespace revir::engine {

/// The centre unit of every territory.
using Centres = IndexVector<TerritoryIndex, UnitIndex>;

struct FreeCentreProblem {
    /// The problem without bases: territory_count = K, capacities, criteria,
    /// objective weights, adjacency, measure and optional locks are used; seeds and
    /// the base → unit distances are filled in for each choice of centres.
    TerritoryProblem base;
    /// d(centre unit j, unit i) at [j * unit_count + i], in measure_unit(measure).
    std::vector<float> unit_distance;

    /// What unit i adds to the objective in the territory of centre j: w_i d(j, i).
    /// Both are units: the p-median bound (and its column generation and knapsack)
    /// work in the unit index space alone, on plain integers.
    double cost(std::uint32_t centre, std::uint32_t unit) const {
        return base.objective_weight[unit] * unit_distance[static_cast<std::size_t>(centre) * base.unit_count + unit];
    }
};

struct FreeCentreBoundOptions {
    /// Subgradient steps with fractional territories under the first window.
    std::size_t iterations = 1000;
    /// Then subgradient steps with whole territories under every window (0: none) …
    std::size_t whole_unit_iterations = 100;
    /// … and rounds of column generation with them (engine/territory_columns; 0: none).
    std::size_t column_rounds = 300;
    /// Branch-and-bound nodes per whole territory in the steps and in the column
    /// generation (beyond them the territory's own lower bound is used, which
    /// keeps the bound valid).
    std::size_t node_limit = 20000;
    std::size_t column_node_limit = 200000;
    /// Each of the two stops after this many unit visits (nodes × units × criteria).
    double work_limit = 3e9;
    /// Both stop here too (keeping the best bound met).
    Deadline deadline;
};

struct FreeCentreOptions {
    /// For each fixed-centre design; its time limit (and deadline) is the whole
    /// run's: the centre moves get 60 % of it, the final design most of the rest.
    DesignOptions design;
    std::size_t starts = 8;    // seeded starting centre sets
    std::size_t max_steps = 8; // medoid steps per start
    FreeCentreBoundOptions bound;
};

struct FreeCentrePlan {
    Centres centres;                    // unit per territory
    TerritoryPlan plan;                 // around those centres; its bound is replaced:
    double bound = 0;                   // the p-median bound, valid for any centres
    double gap_percent = 0;
    bool hit_time_limit = false;        // the time limit ended the centre moves, a design or the bound
};

FreeCentrePlan design_free_centres(const FreeCentreProblem& problem, const FreeCentreOptions& options = {});

/// The capacitated p-median Lagrangian bound alone. `start`: initial multipliers
/// per unit (empty: zeros).
double free_centre_bound(const FreeCentreProblem& problem, const FreeCentreBoundOptions& options, double upper_hint,
                         const std::vector<double>& start = {});

/// The fixed-centre problem for the given centre units.
TerritoryProblem with_centres(const FreeCentreProblem& problem, const Centres& centres);

} // namespace revir::engine
