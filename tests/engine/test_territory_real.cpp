// Territory design on real units: every plan balanced within 3 %, every
// territory contiguous (checked by BFS, not by the search's own bookkeeping),
// and close to the certified bound.
#include <gtest/gtest.h>

#include "engine/territory/territory_contiguity.hpp"
#include "engine/territory/territory_design.hpp"
#include "engine/plan/territory_input.hpp"
#include "tests/test_support.hpp"

using namespace revir;

namespace {

struct Case {
    const char* name;
    const char* path;
    const char* weight;
    const char* id;
    std::size_t k;
    double max_gap_percent;
};

class RealTerritories : public ::testing::TestWithParam<Case> {};

TEST_P(RealTerritories, BalancedContiguousAndNearTheBound) {
    const Case& c = GetParam();
    REVIR_REQUIRE_DATA(path, c.path);
    geo::UnitOptions options;
    options.weight_fields = {c.weight};
    options.id_field = c.id;
    geo::UnitLoadReport load;
    const auto units = geo::read_units(path, options, load);
    geo::AdjacencyReport report;
    const auto links = geo::compute_adjacency(units, {}, report);
    std::vector<double> weight;
    for (const auto& u : units.units) weight.push_back(u.weights[0]);
    const auto bases = engine::bases_at_units(units, engine::weighted_sample_units(weight, c.k, 42));
    std::vector<geo::Coordinate> sites;
    for (const auto& b : bases) sites.push_back(b.location);
    engine::TerritoryInput input;
    input.units = &units;
    input.links = &links;
    input.bases = &bases;
    input.balance = {{c.weight, 0.03}};
    const auto problem =
        engine::make_territory_problem(input, engine::straight_line_distances(units, sites, engine::Measure::distance));
    engine::DesignOptions design;
    design.search.rounds = 300;
    const auto plan = engine::design_territories(problem, design);
    EXPECT_TRUE(plan.evaluation.feasible) << c.name;
    EXPECT_LE(plan.evaluation.max_deviation_pct, 3.0 + 1e-9);
    for (TerritoryIndex t : problem.territories()) {
        EXPECT_TRUE(engine::is_contiguous(problem, plan.assignment, t)) << c.name << " territory " << t.value();
        EXPECT_EQ(plan.assignment[problem.seed_unit[t]], t);
    }
    EXPECT_LE(plan.bound, plan.evaluation.objective);
    EXPECT_LT(plan.gap_percent, c.max_gap_percent) << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    Data, RealTerritories,
    ::testing::Values(Case{"LeedsMsoa8", "territory_design/uk_msoa_districting/Leeds.geojson", "POPULATION", "ID", 8, 1.5},
                      Case{"LondonMsoa16", "territory_design/uk_msoa_districting/London.geojson", "POPULATION", "ID", 16, 1.0},
                      Case{"NewHampshire4", "census/us_tracts_nh/NH_tract.shp", "DP0010001", "GEOID10", 4, 0.5}),
    [](const ::testing::TestParamInfo<Case>& param) { return std::string(param.param.name); });

} // namespace
