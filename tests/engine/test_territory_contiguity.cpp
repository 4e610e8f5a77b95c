#include <gtest/gtest.h>

#include <algorithm>

#include "geo/core/random.hpp"
#include "engine/territory/territory_contiguity.hpp"
#include "tests/engine/territory_fixtures.hpp"

using namespace revir;
using namespace revir::engine;

namespace {

// The reference: a unit is cut when its territory is connected with it and not without it.
bool splits_by_bfs(const TerritoryProblem& p, std::vector<std::uint32_t> assignment, std::uint32_t unit) {
    const std::uint32_t t = assignment[unit];
    if (!is_contiguous(p, assignment, t)) return false;
    assignment[unit] = kNoTerritory;
    bool others = false;
    for (std::uint32_t i = 0; i < p.unit_count; ++i) others = others || assignment[i] == t;
    return others && !is_contiguous(p, assignment, t);
}

// Units of unit's territory that the root cannot reach without unit, and unit.
std::vector<std::uint32_t> cut_off_by_bfs(const TerritoryProblem& p, const std::vector<std::uint32_t>& a,
                                          std::uint32_t unit, std::uint32_t root) {
    const std::uint32_t t = a[unit];
    std::vector<char> seen(p.unit_count, 0);
    std::vector<std::uint32_t> queue{root};
    seen[root] = 1;
    seen[unit] = 1; // removed
    for (std::size_t h = 0; h < queue.size(); ++h) {
        for (std::uint32_t e = p.neighbour_first[queue[h]]; e < p.neighbour_first[queue[h] + 1]; ++e) {
            const std::uint32_t v = p.neighbours[e];
            if (!seen[v] && a[v] == t) {
                seen[v] = 1;
                queue.push_back(v);
            }
        }
    }
    std::vector<std::uint32_t> out{unit};
    for (std::uint32_t i = 0; i < p.unit_count; ++i) {
        if (a[i] == t && !seen[i]) out.push_back(i);
    }
    std::sort(out.begin(), out.end());
    return out;
}

// Random plans: territories grown from random seeds in random order, then some
// units flipped at random (so that some territories are split, some not).
std::vector<std::uint32_t> random_plan(const TerritoryProblem& p, Random& rng, int flips) {
    std::vector<std::uint32_t> a(p.unit_count, kNoTerritory);
    std::vector<std::uint32_t> frontier;
    for (std::uint32_t t = 0; t < p.territory_count; ++t) {
        a[p.seed_unit[t]] = t;
        frontier.push_back(p.seed_unit[t]);
    }
    while (!frontier.empty()) {
        const std::size_t at = rng.below(frontier.size());
        const std::uint32_t u = frontier[at];
        frontier[at] = frontier.back();
        frontier.pop_back();
        for (std::uint32_t e = p.neighbour_first[u]; e < p.neighbour_first[u + 1]; ++e) {
            const std::uint32_t v = p.neighbours[e];
            if (a[v] == kNoTerritory) {
                a[v] = a[u];
                frontier.push_back(v);
            }
        }
    }
    for (int f = 0; f < flips; ++f) {
        const auto u = rng.below(p.unit_count);
        a[u] = static_cast<std::uint32_t>(rng.below(p.territory_count));
    }
    return a;
}

} // namespace

TEST(TerritoryContiguity, BfsCheckerOnHandMadePlans) {
    const auto p = test::grid_problem(3, 3, {0, 8}, 0.1, 1);
    // 0 1 1 / 0 1 1 / 0 0 1: both pieces connected.
    std::vector<std::uint32_t> a{0, 1, 1, 0, 1, 1, 0, 0, 1};
    EXPECT_TRUE(is_contiguous(p, a, 0));
    EXPECT_TRUE(is_contiguous(p, a, 1));
    // 0 1 0 / 1 1 1 / 0 1 1: territory 0 is three corners.
    a = {0, 1, 0, 1, 1, 1, 0, 1, 1};
    EXPECT_FALSE(is_contiguous(p, a, 0));
    EXPECT_TRUE(is_contiguous(p, a, 1));
    a.assign(9, 1);
    EXPECT_FALSE(is_contiguous(p, a, 0)) << "an empty territory is not contiguous";
}

TEST(TerritoryContiguity, CutUnitsMatchBfsOnRandomPlans) {
    Random rng(7);
    std::size_t cut_seen = 0, checked = 0, branches = 0;
    for (int trial = 0; trial < 40; ++trial) {
        const std::uint32_t rows = 3 + trial % 9, cols = 4 + trial % 7;
        std::vector<std::uint32_t> seeds;
        const std::uint32_t k = 2 + trial % 4;
        for (std::uint32_t t = 0; t < k; ++t) seeds.push_back(t * (rows * cols / k));
        const auto p = test::grid_problem(rows, cols, seeds, 0.1, trial);
        const auto a = random_plan(p, rng, trial % 3 == 0 ? 0 : trial % 5);
        CutUnits cuts(p);
        for (std::uint32_t t = 0; t < k; ++t) {
            std::vector<std::uint32_t> members;
            for (std::uint32_t i = 0; i < p.unit_count; ++i) {
                if (a[i] == t) members.push_back(i);
            }
            cuts.update(a, t, members, p.seed_unit[t]);
            if (!is_contiguous(p, a, t)) continue; // cut units are defined for connected territories
            for (std::uint32_t i : members) {
                ASSERT_EQ(cuts.is_cut(i), splits_by_bfs(p, a, i)) << "trial " << trial << " unit " << i;
                cut_seen += cuts.is_cut(i) ? 1 : 0;
                ++checked;
                // The branch: what the seed can no longer reach once i is gone, and i.
                std::vector<std::uint32_t> branch;
                if (a[p.seed_unit[t]] != t) continue; // a flip took the seed away: no root to measure from
                if (i == p.seed_unit[t]) {
                    EXPECT_FALSE(cuts.branch(i, p.unit_count, branch));
                    continue;
                }
                ASSERT_TRUE(cuts.branch(i, p.unit_count, branch));
                std::sort(branch.begin(), branch.end());
                EXPECT_EQ(branch, cut_off_by_bfs(p, a, i, p.seed_unit[t])) << "trial " << trial << " unit " << i;
                branches += branch.size() > 1 ? 1 : 0;
            }
        }
    }
    EXPECT_GT(cut_seen, 50u);
    EXPECT_GT(branches, 50u);
    EXPECT_GT(checked, 1000u);
}
