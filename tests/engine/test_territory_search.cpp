#include <gtest/gtest.h>

#include "engine/territory_bound.hpp"
#include "engine/territory_contiguity.hpp"
#include "engine/territory_search.hpp"
#include "tests/engine/territory_fixtures.hpp"

using namespace revir;
using namespace revir::engine;

namespace {

SearchResult solve(const TerritoryProblem& p, std::uint64_t seed = 1, unsigned threads = 1) {
    const auto bound = lagrangian_bound(p);
    SearchOptions options;
    options.seed = seed;
    options.threads = threads;
    options.rounds = 300;
    return search_territories(p, bound.prices, bound.relaxed_assignment, options);
}

} // namespace

TEST(TerritorySearch, GridPlansAreFeasibleAndContiguous) {
    for (std::uint32_t size : {12u, 30u}) {
        const auto p = test::grid_problem(size, size, {0, size - 1, size * size - 1, size * (size - 1), size * size / 2 + size / 2}, 0.03, size);
        const auto result = solve(p);
        const auto reference = evaluate_plan(p, result.assignment);
        EXPECT_TRUE(reference.feasible) << size << ": max deviation " << reference.max_deviation_pct;
        EXPECT_NEAR(result.evaluation.objective, reference.objective, 1e-6 * reference.objective);
        for (std::uint32_t t = 0; t < p.territory_count; ++t) EXPECT_TRUE(is_contiguous(p, result.assignment, t));
        const auto bound = lagrangian_bound(p);
        EXPECT_LE(bound.value, reference.objective * (1 + 1e-9));
    }
}
