// The territory search's parts, each against an obviously right reference: the
// construction gives complete contiguous plans, the state's incremental figures
// and move deltas equal a from-scratch evaluation, movability equals a BFS, a
// settled plan has no improving single move, and a perturbation keeps every
// territory in one piece. On grids and on real units (Leeds MSOAs).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <functional>

#include "engine/plan/territory_input.hpp"
#include "engine/territory/search/construction.hpp"
#include "engine/territory/search/local_search.hpp"
#include "engine/territory/search/perturbation.hpp"
#include "engine/territory/search/search_state.hpp"
#include "engine/territory/territory_bound.hpp"
#include "engine/territory/territory_contiguity.hpp"
#include "engine/territory/territory_search.hpp"
#include "tests/engine/territory_fixtures.hpp"
#include "tests/test_support.hpp"

using namespace revir;
using namespace revir::engine;

namespace {

std::vector<TerritoryProblem> grid_problems() {
    std::vector<TerritoryProblem> out;
    out.push_back(test::grid_problem(12, 12, {0, 11, 132, 143}, 0.05, 1));
    auto locked = test::grid_problem(10, 14, {15, 60, 124}, 0.08, 2);
    locked.locked.assign(locked.unit_count, kNoTerritory);
    locked.locked[UnitIndex(70)] = TerritoryIndex(0);
    locked.locked[UnitIndex(71)] = TerritoryIndex(0);
    out.push_back(std::move(locked));
    out.push_back(test::grid_problem(20, 9, {4, 90, 175, 100, 30}, 0.03, 3));
    return out;
}

// Leeds MSOAs, 8 bases drawn by population, straight-line distances.
TerritoryProblem leeds_problem(const std::string& path) {
    geo::UnitOptions options;
    options.weight_fields = {"POPULATION"};
    options.id_field = "ID";
    geo::UnitLoadReport load;
    static const auto units = geo::read_units(path, options, load);
    geo::AdjacencyReport report;
    static const auto links = geo::compute_adjacency(units, {}, report);
    std::vector<double> weight;
    for (const auto& u : units.units) weight.push_back(u.weights[0]);
    static const auto bases = bases_at_units(units, weighted_sample_units(weight, 8, 42));
    std::vector<geo::Coordinate> sites;
    for (const auto& b : bases) sites.push_back(b.location);
    TerritoryInput input{&units, &links, &bases, {{"POPULATION", 0.03}}, "", Measure::distance};
    return make_territory_problem(input, straight_line_distances(units, sites, Measure::distance));
}

void expect_complete_and_contiguous(const TerritoryProblem& p, const Assignment& a) {
    ASSERT_EQ(a.size(), p.unit_count);
    for (UnitIndex i : p.units()) {
        ASSERT_LT(a[i].value(), p.territory_count) << "unit " << i.value();
        if (p.is_locked(i)) {
            EXPECT_EQ(a[i], p.locked[i]) << "locked unit " << i.value();
        }
    }
    for (TerritoryIndex t : p.territories()) {
        EXPECT_EQ(a[p.seed_unit[t]], t);
        EXPECT_TRUE(is_contiguous(p, a, t)) << "territory " << t.value();
    }
}

// The state's cost and violation against a from-scratch evaluation.
void expect_state_matches(const SearchState& s, const TerritoryProblem& p) {
    const auto ev = evaluate_plan(p, s.assignment());
    EXPECT_NEAR(s.cost(), ev.objective, 1e-6 * (std::abs(ev.objective) + 1));
    EXPECT_NEAR(s.violation(), ev.violation, 1e-9);
}

// Whether unit i can leave its territory without splitting it, by BFS.
bool movable_by_bfs(const TerritoryProblem& p, Assignment a, UnitIndex i) {
    const TerritoryIndex t = a[i];
    if (p.seed_unit[t] == i || p.is_locked(i)) return false;
    std::size_t members = 0;
    for (auto x : a) members += x == t;
    if (members <= 1) return false;
    a[i] = kNoTerritory;
    return is_contiguous(p, a, t);
}

class SearchParts : public ::testing::Test {
protected:
    void for_each_problem(const std::function<void(const TerritoryProblem&, const std::string&)>& check) {
        for (const auto& p : grid_problems()) check(p, "grid " + std::to_string(p.unit_count));
        const auto path = test::shared_data("territory_design/uk_msoa_districting/Leeds.geojson");
        if (std::filesystem::exists(path)) check(leeds_problem(path), "Leeds");
    }
};

TEST_F(SearchParts, ConstructionIsCompleteAndContiguousFromAnyStart) {
    for_each_problem([](const TerritoryProblem& p, const std::string& name) {
        SCOPED_TRACE(name);
        const PreparedProblem prepared(p);
        expect_complete_and_contiguous(p, construct_plan(prepared, {}, {}, {}));
        const auto bound = lagrangian_bound(prepared);
        const auto from_relaxation = construct_plan(prepared, bound.prices, bound.relaxed_assignment, {});
        expect_complete_and_contiguous(p, from_relaxation);
        // A contiguous start is kept as it is.
        EXPECT_EQ(construct_plan(prepared, bound.prices, bound.relaxed_assignment, from_relaxation), from_relaxation);
    });
}

TEST_F(SearchParts, StateDeltasEqualTheChangeOfAFreshEvaluation) {
    for_each_problem([](const TerritoryProblem& p, const std::string& name) {
        SCOPED_TRACE(name);
        const PreparedProblem prepared(p);
        SearchState s(prepared);
        s.reset(construct_plan(prepared, {}, {}, {}));
        s.set_penalty(3.5, false);
        expect_state_matches(s, p);
        Random rng(9);
        std::size_t checked = 0;
        for (int step = 0; step < 3000 && checked < 300; ++step) {
            const UnitIndex i(static_cast<std::uint32_t>(rng.below(p.unit_count)));
            ASSERT_EQ(s.movable(i), movable_by_bfs(p, s.assignment(), i)) << "unit " << i.value();
            if (!s.movable(i)) continue;
            const TerritoryIndex from = s.assignment()[i];
            TerritoryIndex to = kNoTerritory;
            for (UnitIndex v : p.neighbours_of(i)) {
                if (s.assignment()[v] != from) to = s.assignment()[v];
            }
            if (to.is_none() || !p.allowed(to, i)) continue;
            const double before = s.penalised();
            const double delta = s.move_delta(i, to);
            s.apply_move(i, to);
            EXPECT_NEAR(s.penalised() - before, delta, 1e-6 * (std::abs(before) + 1));
            expect_state_matches(s, p);
            ++checked;
        }
        EXPECT_GT(checked, 20u);
    });
}

TEST_F(SearchParts, SwapAndGroupDeltasEqualTheirMoves) {
    for_each_problem([](const TerritoryProblem& p, const std::string& name) {
        SCOPED_TRACE(name);
        const PreparedProblem prepared(p);
        SearchState s(prepared);
        s.reset(construct_plan(prepared, {}, {}, {}));
        s.set_penalty(2.0, false);
        std::size_t swaps = 0, groups = 0;
        for (UnitIndex i(0); i.value() < p.unit_count && (swaps < 50 || groups < 50); ++i) {
            for (UnitIndex j : p.neighbours_of(i)) {
                const TerritoryIndex a = s.assignment()[i], b = s.assignment()[j];
                if (a == b || !p.allowed(b, i) || !p.allowed(a, j)) continue;
                const double before = s.penalised();
                if (swaps < 50) {
                    const double delta = s.swap_delta(i, j);
                    s.apply_move(i, b);
                    s.apply_move(j, a);
                    EXPECT_NEAR(s.penalised() - before, delta, 1e-6 * (std::abs(before) + 1));
                    s.apply_move(i, a);
                    s.apply_move(j, b);
                    ++swaps;
                }
                if (groups < 50) {
                    const std::vector<UnitIndex> group{i};
                    const double delta = s.group_delta(group, a, b);
                    s.apply_move(i, b);
                    EXPECT_NEAR(s.penalised() - before, delta, 1e-6 * (std::abs(before) + 1));
                    s.apply_move(i, a);
                    ++groups;
                }
                break;
            }
        }
        expect_state_matches(s, p);
        EXPECT_GE(swaps, 30u);
    });
}

TEST_F(SearchParts, SettledPlanHasNoImprovingSingleMove) {
    for_each_problem([](const TerritoryProblem& p, const std::string& name) {
        SCOPED_TRACE(name);
        const PreparedProblem prepared(p);
        SearchState s(prepared);
        SearchRandom random(5);
        LocalSearch local(s, random, Deadline::in(3600));
        s.reset(construct_plan(prepared, {}, {}, {}));
        const double lambda = 4 * (std::abs(s.cost()) + 1) / static_cast<double>(p.territory_count);
        // A descent looks again only at units next to a move (or in a territory
        // out of its window), so one settle may leave a move that another move
        // made possible. Settles over every unit until the plan stays put: then
        // no single move improves it at the penalty of the last descent, which
        // is what improve() must see.
        Assignment before;
        for (int settles = 0; settles < 50 && before != s.assignment(); ++settles) {
            before = s.assignment();
            local.push_all();
            local.settle(true, lambda);
        }
        ASSERT_EQ(before, s.assignment()) << "no fixed point after 50 settles";
        expect_complete_and_contiguous(p, s.assignment());
        expect_state_matches(s, p);
        s.set_penalty(local.settled_lambda(), false);
        for (UnitIndex i : p.units()) {
            if (!s.movable(i)) continue;
            for (UnitIndex v : p.neighbours_of(i)) {
                const TerritoryIndex b = s.assignment()[v];
                if (b == s.assignment()[i]) continue;
                EXPECT_GE(s.move_delta(i, b), -s.tiny()) << "unit " << i.value() << " to " << b.value();
            }
        }
    });
}

TEST_F(SearchParts, PerturbationKeepsTerritoriesInOnePiece) {
    for_each_problem([](const TerritoryProblem& p, const std::string& name) {
        SCOPED_TRACE(name);
        const PreparedProblem prepared(p);
        SearchState s(prepared);
        SearchRandom random(11);
        LocalSearch local(s, random, Deadline::in(3600));
        Perturbation perturbation(s, local, random);
        s.reset(construct_plan(prepared, {}, {}, {}));
        std::size_t changed = 0;
        for (int round = 0; round < 40; ++round) {
            const auto before = s.assignment();
            perturbation.perturb();
            changed += s.assignment() != before;
            expect_complete_and_contiguous(p, s.assignment());
            local.clear_queue();
        }
        expect_state_matches(s, p);
        EXPECT_GT(changed, 30u);
    });
}

} // namespace
