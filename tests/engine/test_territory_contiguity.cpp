#include <gtest/gtest.h>

#include <algorithm>

#include "geo/core/random.hpp"
#include "engine/territory/territory_contiguity.hpp"
#include "tests/engine/territory_fixtures.hpp"

using namespace revir;
using namespace revir::engine;

namespace {

// The reference: a unit is cut when its territory is connected with it and not without it.
bool splits_by_bfs(const TerritoryProblem& p, Assignment assignment, UnitIndex unit) {
    const TerritoryIndex t = assignment[unit];
    if (!is_contiguous(p, assignment, t)) return false;
    assignment[unit] = kNoTerritory;
    bool others = false;
    for (UnitIndex i : p.units()) others = others || assignment[i] == t;
    return others && !is_contiguous(p, assignment, t);
}

// Units of unit's territory that the root cannot reach without unit, and unit.
std::vector<UnitIndex> cut_off_by_bfs(const TerritoryProblem& p, const Assignment& a, UnitIndex unit, UnitIndex root) {
    const TerritoryIndex t = a[unit];
    IndexVector<UnitIndex, char> seen(p.unit_count, 0);
    std::vector<UnitIndex> queue{root};
    seen[root] = 1;
    seen[unit] = 1; // removed
    for (std::size_t h = 0; h < queue.size(); ++h) {
        for (UnitIndex v : p.neighbours_of(queue[h])) {
            if (!seen[v] && a[v] == t) {
                seen[v] = 1;
                queue.push_back(v);
            }
        }
    }
    std::vector<UnitIndex> out{unit};
    for (UnitIndex i : p.units()) {
        if (a[i] == t && !seen[i]) out.push_back(i);
    }
    std::sort(out.begin(), out.end());
    return out;
}

// Random plans: territories grown from random seeds in random order, then some
// units flipped at random (so that some territories are split, some not).
Assignment random_plan(const TerritoryProblem& p, Random& rng, int flips) {
    Assignment a(p.unit_count, kNoTerritory);
    std::vector<UnitIndex> frontier;
    for (TerritoryIndex t : p.territories()) {
        a[p.seed_unit[t]] = t;
        frontier.push_back(p.seed_unit[t]);
    }
    while (!frontier.empty()) {
        const std::size_t at = rng.below(frontier.size());
        const UnitIndex u = frontier[at];
        frontier[at] = frontier.back();
        frontier.pop_back();
        for (UnitIndex v : p.neighbours_of(u)) {
            if (a[v].is_none()) {
                a[v] = a[u];
                frontier.push_back(v);
            }
        }
    }
    for (int f = 0; f < flips; ++f) {
        const UnitIndex u(static_cast<std::uint32_t>(rng.below(p.unit_count)));
        a[u] = TerritoryIndex(static_cast<std::uint32_t>(rng.below(p.territory_count)));
    }
    return a;
}

} // namespace

TEST(TerritoryContiguity, BfsCheckerOnHandMadePlans) {
    const auto p = test::grid_problem(3, 3, {0, 8}, 0.1, 1);
    // 0 1 1 / 0 1 1 / 0 0 1: both pieces connected.
    const TerritoryIndex t0(0), t1(1);
    Assignment a = test::plan_of({0, 1, 1, 0, 1, 1, 0, 0, 1});
    EXPECT_TRUE(is_contiguous(p, a, t0));
    EXPECT_TRUE(is_contiguous(p, a, t1));
    // 0 1 0 / 1 1 1 / 0 1 1: territory 0 is three corners.
    a = test::plan_of({0, 1, 0, 1, 1, 1, 0, 1, 1});
    EXPECT_FALSE(is_contiguous(p, a, t0));
    EXPECT_TRUE(is_contiguous(p, a, t1));
    a.assign(9, t1);
    EXPECT_FALSE(is_contiguous(p, a, t0)) << "an empty territory is not contiguous";
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
        for (TerritoryIndex t : p.territories()) {
            std::vector<UnitIndex> members;
            for (UnitIndex i : p.units()) {
                if (a[i] == t) members.push_back(i);
            }
            cuts.update(a, t, members, p.seed_unit[t]);
            if (!is_contiguous(p, a, t)) continue; // cut units are defined for connected territories
            for (UnitIndex i : members) {
                ASSERT_EQ(cuts.is_cut(i), splits_by_bfs(p, a, i)) << "trial " << trial << " unit " << i.value();
                cut_seen += cuts.is_cut(i) ? 1 : 0;
                ++checked;
                // The branch: what the seed can no longer reach once i is gone, and i.
                std::vector<UnitIndex> branch;
                if (a[p.seed_unit[t]] != t) continue; // a flip took the seed away: no root to measure from
                if (i == p.seed_unit[t]) {
                    EXPECT_FALSE(cuts.branch(i, p.unit_count, branch));
                    continue;
                }
                ASSERT_TRUE(cuts.branch(i, p.unit_count, branch));
                std::sort(branch.begin(), branch.end());
                EXPECT_EQ(branch, cut_off_by_bfs(p, a, i, p.seed_unit[t])) << "trial " << trial << " unit " << i.value();
                branches += branch.size() > 1 ? 1 : 0;
            }
        }
    }
    EXPECT_GT(cut_seen, 50u);
    EXPECT_GT(branches, 50u);
    EXPECT_GT(checked, 1000u);
}
