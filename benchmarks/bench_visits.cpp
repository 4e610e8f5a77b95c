// revir-bench-visits: the visit scenario of the issue on Porto Alegre — about
// 1,500 accounts drawn from the population cells (fixed seed; weekly, biweekly and
// monthly; 20-45 service minutes), territories from territory design (K = 8, bases
// at population-weighted cells, drive times), 20 days of 8 h from the rep's base.
// Prints per rep: accounts, visits, days used, mean and max day, the balance
// ratio max/mean, drive minutes, unscheduled accounts, and the checker's verdict.
// Usage: revir-bench-visits [ACCOUNTS] (default 1,500).
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "benchmarks/bench_support.hpp"
#include "engine/territory/territory_design.hpp"
#include "engine/plan/territory_input.hpp"
#include "engine/visits/visit_planning.hpp"
#include "geo/units/adjacency.hpp"
#include "routing/ch/contraction_hierarchy.hpp"
#include "routing/query/matrix.hpp"
#include "routing/import/osm_import.hpp"
#include "routing/snap/snapping.hpp"
#include "geo/core/random.hpp"

using namespace revir;
using namespace revir::bench;

int main(int argc, char** argv) {
    const int account_count = argc > 1 ? std::atoi(argv[1]) : 1500;
    const std::filesystem::path data = REVIR_SHARED_DATA;
    Progress quiet;
    auto start = Clock::now();
    geo::UnitOptions options;
    options.weight_fields = {"population"};
    options.id_field = "id";
    options.missing_weight_as_zero = true;
    geo::UnitLoadReport load;
    const auto units = geo::read_units((data / "porto_alegre/poa_hexgrid_h3.gpkg").string(), options, load);
    geo::AdjacencyReport adjacency_report;
    const auto links = geo::compute_adjacency(units, {}, adjacency_report);
    routing::ImportReport import_report;
    const auto graph = routing::import_osm((data / "porto_alegre/poa_osm.pbf").string(), routing::Profile::load("car"),
                                           import_report, quiet);
    const auto hierarchy = routing::build_contraction_hierarchy(graph, quiet);
    std::vector<double> weight;
    for (const auto& u : units.units) weight.push_back(u.weights[0]);

    // Territories: K = 8 around population-weighted bases, drive times, 3 %.
    const std::size_t k = 8;
    const auto bases = engine::bases_at_units(units, engine::weighted_sample_units(weight, k, 42));
    engine::TerritoryInput input;
    input.units = &units;
    input.links = &links;
    input.bases = &bases;
    input.balance = {{"population", 0.03}};
    input.measure = engine::Measure::drive_time;
    auto problem = engine::make_territory_problem(
        input, engine::drive_time_minutes(graph, &hierarchy, units, bases, 5000, 5000, quiet));
    engine::DesignOptions design;
    const auto territories = engine::design_territories(problem, design);
    const double setup_s = seconds_since(start);

    // Accounts: cells drawn by population (with replacement), a point up to 150 m
    // from the cell's representative point; 20 % weekly, 30 % biweekly, 50 % monthly.
    Random rng(7);
    const WeightedIndex cell(weight);
    const routing::Snapper snapper(graph);
    struct Drawn {
        TerritoryIndex territory;
        routing::SnappedPoint at;
        geo::Account account;
    };
    std::vector<Drawn> drawn;
    for (int i = 0; i < account_count; ++i) {
        const auto u = static_cast<std::uint32_t>(cell(rng));
        const geo::Coordinate r = units.units[u].representative_point;
        const double lon = r.lon() + rng.uniform(-0.0014, 0.0014), lat = r.lat() + rng.uniform(-0.0014, 0.0014);
        const auto c = geo::Coordinate::from_degrees(lon, lat);
        geo::Account a;
        const auto kind = rng.below(10);
        a.visits = kind < 2 ? 4 : kind < 5 ? 2 : 1;
        a.service_minutes = std::round(rng.uniform(20, 45));
        const auto snapped = snapper.nearest(c);
        if (!snapped) continue;
        drawn.push_back({territories.assignment[UnitIndex(u)], *snapped, a});
    }
    std::printf("Porto Alegre: %zu accounts on %zu cells, K = %zu territories (gap %.2f %%), setup %.1f s\n",
                drawn.size(), units.units.size(), k, territories.gap_percent, setup_s);
    std::printf("%-4s %8s %7s %5s %9s %9s %7s %10s %12s %8s %s\n", "rep", "accounts", "visits", "days", "mean_min",
                "max_min", "ratio", "drive_min", "unscheduled", "plan_s", "check");
    for (std::uint32_t t = 0; t < k; ++t) {
        const auto base = snapper.nearest(bases[t].location);
        std::vector<routing::SnappedPoint> points{*base};
        engine::VisitProblem visits;
        std::size_t wanted = 0;
        for (const auto& d : drawn) {
            if (d.territory != TerritoryIndex(t)) continue;
            points.push_back(d.at);
            visits.accounts.push_back(d.account);
            wanted += d.account.visits;
        }
        start = Clock::now();
        const auto matrix = routing::drive_time_matrix(graph, points, 0, quiet, &hierarchy);
        for (const auto& m : matrix) visits.drive_s.push_back(m.reachable() ? m.seconds() : engine::kOutOfReach_s);
        const double matrix_s = seconds_since(start);
        start = Clock::now();
        const auto plan = engine::plan_visits(visits);
        const double plan_s = seconds_since(start);
        const auto problems = engine::check_visit_plan(visits, plan);
        std::printf("B%-3u %8zu %7zu %5u %9.1f %9.1f %7.3f %10.0f %12zu %8.2f %s (matrix %.2f s)\n", t + 1,
                    visits.accounts.size(), wanted, plan.days_used, plan.mean_day_min, plan.max_day_min,
                    plan.balance_ratio(), plan.drive_min, plan.unscheduled.size(), plan_s,
                    problems.empty() ? "ok" : problems.front().c_str(), matrix_s);
        std::fflush(stdout);
    }
    return 0;
}
