// The whole-territory pricing problem of the free-centre bound against brute
// force: every subset of up to 14 units, random costs of both signs and three
// criteria with windows.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "engine/territory/window_knapsack.hpp"
#include "geo/core/random.hpp"

namespace revir::engine {
namespace {

struct Case {
    WindowKnapsack problem;
    std::vector<double> cost;
    std::uint32_t centre = 0;
};

Case random_case(Random& rng, std::size_t n, std::size_t criteria) {
    Case c;
    c.problem.units = n;
    c.problem.criteria = criteria;
    for (std::size_t k = 0; k < criteria * n; ++k) c.problem.weight.push_back(k % 7 == 3 ? 0.0 : rng.uniform(0, 10));
    for (std::size_t k = 0; k < criteria; ++k) {
        double total = 0;
        for (std::size_t i = 0; i < n; ++i) total += c.problem.weight[k * n + i];
        const double target = total / 3; // about a third of the units
        c.problem.lower.push_back(target * 0.9);
        c.problem.upper.push_back(target * 1.1);
    }
    for (std::size_t i = 0; i < n; ++i) c.cost.push_back(rng.uniform(-8, 4));
    c.centre = static_cast<std::uint32_t>(rng.below(n));
    return c;
}

double brute_force(const Case& c) {
    const auto& p = c.problem;
    double best = std::numeric_limits<double>::infinity();
    for (std::uint32_t mask = 0; mask < (1u << p.units); ++mask) {
        if (!(mask >> c.centre & 1u)) continue;
        double cost = 0;
        bool fits = true;
        for (std::size_t k = 0; k < p.criteria && fits; ++k) {
            double load = 0;
            for (std::size_t i = 0; i < p.units; ++i) load += (mask >> i & 1u) ? p.weight[k * p.units + i] : 0.0;
            fits = load >= p.lower[k] && load <= p.upper[k];
        }
        if (!fits) continue;
        for (std::size_t i = 0; i < p.units; ++i) cost += (mask >> i & 1u) ? c.cost[i] : 0.0;
        best = std::min(best, cost);
    }
    return best;
}

TEST(WindowKnapsack, EqualsBruteForce) {
    Random rng(17);
    WindowKnapsackSolver solver;
    std::size_t feasible = 0, infeasible = 0;
    for (int round = 0; round < 300; ++round) {
        const Case c = random_case(rng, 6 + round % 9, 1 + round % 3);
        const double exact = brute_force(c);
        const auto result = solver.solve(c.problem, c.cost, c.centre);
        ASSERT_TRUE(result.exact) << "round " << round;
        if (std::isinf(exact)) {
            EXPECT_TRUE(std::isinf(result.lower_bound)) << "round " << round;
            ++infeasible;
            continue;
        }
        ++feasible;
        EXPECT_NEAR(result.lower_bound, exact, 1e-9) << "round " << round;
        EXPECT_NEAR(result.best, exact, 1e-9) << "round " << round;
        // The set it returns has the centre, fits every window and costs `best`.
        double cost = 0;
        bool centre = false;
        std::vector<double> load(c.problem.criteria, 0.0);
        for (std::uint32_t i : result.chosen) {
            cost += c.cost[i];
            centre = centre || i == c.centre;
            for (std::size_t k = 0; k < c.problem.criteria; ++k) load[k] += c.problem.weight[k * c.problem.units + i];
        }
        EXPECT_TRUE(centre);
        EXPECT_NEAR(cost, result.best, 1e-9);
        for (std::size_t k = 0; k < c.problem.criteria; ++k) {
            EXPECT_GE(load[k], c.problem.lower[k] - 1e-6);
            EXPECT_LE(load[k], c.problem.upper[k] + 1e-6);
        }
    }
    EXPECT_GT(feasible, 100u);
    EXPECT_GT(infeasible, 0u);
}

TEST(WindowKnapsack, CutoffAndNodeLimitKeepAValidLowerBound) {
    Random rng(5);
    WindowKnapsackSolver solver;
    std::size_t cut = 0;
    for (int round = 0; round < 200; ++round) {
        const Case c = random_case(rng, 12 + round % 3, 3);
        const double exact = brute_force(c);
        if (std::isinf(exact)) continue;
        // A cutoff below the optimum: the bound may stop early but never passes the optimum.
        const double cutoff = exact - 1.0;
        const auto early = solver.solve(c.problem, c.cost, c.centre, cutoff);
        EXPECT_LE(early.lower_bound, exact + 1e-9) << "round " << round;
        EXPECT_GE(early.lower_bound, cutoff - 1e-9) << "round " << round; // nothing cheaper than the cutoff exists
        // A cutoff above the optimum (as the column generation sets it): the optimum is found.
        const auto above = solver.solve(c.problem, c.cost, c.centre, exact + 1.0);
        EXPECT_NEAR(above.best, exact, 1e-9) << "round " << round;
        EXPECT_NEAR(above.lower_bound, exact, 1e-9) << "round " << round;
        const auto limited = solver.solve(c.problem, c.cost, c.centre, std::numeric_limits<double>::infinity(), 3);
        EXPECT_LE(limited.lower_bound, exact + 1e-9) << "round " << round;
        if (limited.exact) {
            EXPECT_NEAR(limited.lower_bound, exact, 1e-9) << "round " << round;
        } else {
            ++cut;
        }
    }
    EXPECT_GT(cut, 10u); // the limit did bite
}

} // namespace
} // namespace revir::engine
