#include "engine/territory/territory_columns.hpp"

#include <ClpSimplex.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace revir::engine {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

} // namespace

void priced_costs(const FreeCentreProblem& fp, std::uint32_t centre, const std::vector<double>& prices,
                  std::vector<double>& cost) {
    const auto n = static_cast<std::uint32_t>(fp.base.unit_count);
    cost.resize(n);
    for (std::uint32_t i = 0; i < n; ++i) cost[i] = fp.cost(centre, i) - prices[i];
}

ColumnBound column_generation_bound(const FreeCentreProblem& fp, const WindowKnapsack& knapsack,
                                    const std::vector<Territory>& initial, const ColumnBoundOptions& options) {
    const TerritoryProblem& p = fp.base;
    const std::size_t n = p.unit_count, k = p.territory_count;
    const int count_row = static_cast<int>(n);        // Σ λ = K
    const int centre_row = static_cast<int>(n) + 1;   // + j: Σ λ of centre j ≤ 1
    auto cost_of = [&](std::uint32_t centre, const std::vector<std::uint32_t>& units) {
        double c = 0;
        for (std::uint32_t i : units) c += fp.cost(centre, i);
        return c;
    };

    ClpSimplex master;
    master.setLogLevel(0);
    master.resize(static_cast<int>(2 * n + 1), 0);
    for (std::size_t i = 0; i < n; ++i) master.setRowBounds(static_cast<int>(i), 1.0, 1.0);
    master.setRowBounds(count_row, static_cast<double>(k), static_cast<double>(k));
    for (std::size_t j = 0; j < n; ++j) master.setRowBounds(centre_row + static_cast<int>(j), -COIN_DBL_MAX, 1.0);
    std::vector<int> rows;
    std::vector<double> ones;
    auto add = [&](std::uint32_t centre, const std::vector<std::uint32_t>& units) {
        rows.clear();
        for (std::uint32_t i : units) rows.push_back(static_cast<int>(i));
        rows.push_back(count_row);
        rows.push_back(centre_row + static_cast<int>(centre));
        ones.assign(rows.size(), 1.0);
        master.addColumn(static_cast<int>(rows.size()), rows.data(), ones.data(), 0.0, COIN_DBL_MAX, cost_of(centre, units));
    };
    // Artificial columns, dearer than any plan, keep the master feasible before
    // real territories cover everything.
    double artificial = 1.0;
    for (std::size_t i = 0; i < n; ++i) {
        float farthest = 0;
        for (std::size_t j = 0; j < n; ++j) farthest = std::max(farthest, fp.unit_distance[j * n + i]);
        artificial += p.objective_weight[i] * farthest;
    }
    for (int r = 0; r <= count_row; ++r) {
        const double one = 1.0;
        master.addColumn(1, &r, &one, 0.0, COIN_DBL_MAX, artificial);
    }
    for (const Territory& t : initial) add(t.centre, t.units);

    ColumnBound result{-kInfinity, {}};
    WindowKnapsackSolver solver;
    std::vector<double> reduced(n), lower(n);
    std::vector<std::uint32_t> order(n);
    const double visit = static_cast<double>(n) * static_cast<double>(std::max<std::size_t>(knapsack.criteria, 1));
    double work = 0;
    const auto within = [&] { return work <= options.work_limit && !options.deadline.passed(); };
    for (std::size_t round = 0; round < options.max_rounds && within(); ++round) {
        // CLP stops at the deadline too (then the master is not proven optimal).
        if (!options.deadline.never()) master.setMaximumSeconds(std::max(options.deadline.remaining_s(), 1e-3));
        master.primal(); // from the previous basis once there is one
        if (!master.isProvenOptimal()) break;
        // A copy: adding columns may move the solver's arrays.
        const std::vector<double> dual(master.dualRowSolution(), master.dualRowSolution() + master.numberRows());
        const double sigma = dual[n];
        // Every candidate's cheapest territory at the prices π. A territory
        // improves the master when its value is below σ + ρ_j; that is the
        // cutoff, and below it the value is exact. Its lower bound is valid either way.
        double bound = 0;
        for (std::size_t i = 0; i < n; ++i) bound += dual[i];
        std::size_t added = 0;
        for (std::uint32_t j = 0; j < n; ++j) {
            priced_costs(fp, j, dual, reduced);
            const double cutoff = sigma + std::min(0.0, dual[static_cast<std::size_t>(centre_row) + j]);
            // Past the work limit the rest get their root bound only (still valid).
            const std::size_t nodes = within() ? options.node_limit : 0;
            const WindowKnapsackResult priced = solver.solve(knapsack, reduced, j, cutoff, nodes);
            work += static_cast<double>(priced.nodes + 1) * visit;
            lower[j] = priced.lower_bound;
            // Clearly below the cutoff (beyond the LP's own tolerances), so that a
            // column already in the master is not added again and again.
            if (priced.best < cutoff - 1e-6 * std::max(1.0, std::abs(cutoff))) {
                add(j, priced.chosen);
                ++added;
            }
        }
        std::iota(order.begin(), order.end(), 0u);
        std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                          [&](std::uint32_t x, std::uint32_t y) { return lower[x] != lower[y] ? lower[x] < lower[y] : x < y; });
        for (std::size_t r = 0; r < k; ++r) bound += lower[order[r]];
        if (std::isfinite(bound) && bound > result.value) {
            result.value = bound;
            result.centres.assign(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k));
            std::sort(result.centres.begin(), result.centres.end());
        }
        if (added == 0) break; // no territory improves the master: its optimum is reached
    }
    return result;
}

} // namespace revir::engine
