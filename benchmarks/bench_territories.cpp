// revir-bench-territories: territory design on the real data sets of the issue —
// objective, certified bound and gap, balance, contiguity and seconds per data set
// and number of territories. Bases sit at population-weighted sample units (fixed
// seed). Usage: revir-bench-territories [FILTER] (runs the data sets whose name
// contains FILTER). Environment: REVIR_BENCH_ROUNDS=N sets the search rounds,
// REVIR_BENCH_WORK=N the work limit, REVIR_BENCH_TIME=S the time limit,
// REVIR_BENCH_SEED=N the search seed (default 1; the bases keep their own seed);
// REVIR_BENCH_LP=PREFIX also writes each relaxation as a CPLEX LP file, so that an
// independent solver (e.g. `clp PREFIX_PortoAlegre_8.lp -dualsimplex`) can check
// the bound.
#include <cstdio>
#include <cmath>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "benchmarks/bench_support.hpp"
#include "benchmarks/formats/ctdp_instance.hpp"
#include "engine/territory/territory_design.hpp"
#include "engine/plan/territory_input.hpp"
#include "geo/units/adjacency.hpp"
#include "engine/plan/plan_export.hpp"
#include "routing/graph_file/graph_file.hpp"
#include "routing/import/osm_import.hpp"
#include "geo/core/random.hpp"

using namespace revir;
using namespace revir::bench;

namespace {

std::uint64_t search_seed() {
    const char* s = std::getenv("REVIR_BENCH_SEED");
    return s ? std::stoull(s) : 1;
}

struct DataSet {
    const char* name;
    const char* path;
    const char* weight;
    const char* id;
    std::vector<std::size_t> ks;
    const char* osm = nullptr; // drive times over this extract; else straight-line distance
    double gap_m = 0;          // gap links (grids without their empty cells)
};

// Realignment: the weights of 10 % of the units change by ±30 %; the plan is then
// re-balanced from the old one with a budget of 15 % of the units, and re-planned
// from scratch, and what moved is counted for both (objectives without the move
// penalty).
void realign(engine::TerritoryProblem problem, const engine::TerritoryPlan& old) {
    Random rng(17);
    auto& w = problem.criteria.front().weight;
    for (std::uint32_t i = 0; i < problem.unit_count; ++i) {
        if (rng.chance(0.1)) w[i] *= rng.chance(0.5) ? 1.3 : 0.7;
    }
    problem.objective_weight = w;
    auto moved = [&](const Assignment& a) {
        std::size_t count = 0;
        for (UnitIndex i : problem.units()) count += a[i] != old.assignment[i] ? 1 : 0;
        return count;
    };
    const auto stale = engine::evaluate_plan(problem, old.assignment);
    engine::DesignOptions design;
    design.search.time_limit_s = 30;
    const auto fresh = engine::design_territories(problem, design);
    problem.current = old.assignment;
    problem.max_moved_units = problem.unit_count * 15 / 100;
    // Moving costs a quarter of the mean distance per unit of weight: the plan only
    // changes where that buys compactness or balance.
    double total = 0;
    for (double x : problem.objective_weight) total += x;
    problem.move_penalty = 0.25 * old.evaluation.compactness / total;
    design.search.start = old.assignment;
    const auto kept = engine::design_territories(problem, design);
    std::printf("    realign: old plan now %.2f %% off; re-plan moves %zu units (%.1f %%), objective %.1f, feasible %s; "
                "realignment (budget 15 %%, move penalty) moves %zu units (%.1f %%), objective %.1f, feasible %s\n",
                stale.max_deviation_pct, moved(fresh.assignment), 100.0 * moved(fresh.assignment) / problem.unit_count,
                fresh.evaluation.compactness, fresh.evaluation.feasible ? "yes" : "no", moved(kept.assignment),
                100.0 * moved(kept.assignment) / problem.unit_count, kept.evaluation.compactness,
                kept.evaluation.feasible ? "yes" : "no");
}

void run(const DataSet& set, const std::filesystem::path& data, double tolerance) {
    geo::UnitOptions options;
    options.weight_fields = {set.weight};
    options.id_field = set.id;
    options.missing_weight_as_zero = true;
    geo::UnitLoadReport load;
    const auto units = geo::read_units((data / set.path).string(), options, load);
    geo::AdjacencyReport adjacency_report;
    geo::AdjacencyOptions adjacency_options;
    adjacency_options.gap_m = set.gap_m;
    const auto links = geo::compute_adjacency(units, adjacency_options, adjacency_report);
    std::optional<routing::RoadGraph> graph;
    std::optional<routing::ContractionHierarchy> hierarchy;
    Progress quiet;
    if (set.osm) {
        routing::ImportReport import_report;
        graph = routing::import_osm((data / set.osm).string(), routing::Profile::load("car"), import_report, quiet);
        hierarchy = routing::build_contraction_hierarchy(*graph, quiet);
    }
    std::vector<double> weight;
    for (const auto& u : units.units) weight.push_back(u.weights[0]);
    for (std::size_t k : set.ks) {
        const auto start = Clock::now();
        const auto bases = engine::bases_at_units(units, engine::weighted_sample_units(weight, k, 42));
        engine::TerritoryInput input;
        input.units = &units;
        input.links = &links;
        input.bases = &bases;
        input.balance = {{set.weight, tolerance}};
        input.measure = set.osm ? engine::Measure::drive_time : engine::Measure::distance;
        std::vector<float> distance;
        if (set.osm) {
            distance = engine::drive_time_minutes(*graph, &*hierarchy, units, bases, 5000, 5000, quiet);
        } else {
            std::vector<geo::Coordinate> sites;
            for (const auto& b : bases) sites.push_back(b.location);
            distance = engine::straight_line_distances(units, sites, input.measure);
        }
        const auto problem = engine::make_territory_problem(input, std::move(distance));
        const double setup_s = seconds_since(start);
        if (const char* lp = std::getenv("REVIR_BENCH_LP")) { // the relaxation as an LP, to check the bound
            const auto w = engine::balance_windows(problem);
            FILE* f = std::fopen((std::string(lp) + "_" + set.name + "_" + std::to_string(k) + ".lp").c_str(), "w");
            std::fprintf(f, "Minimize\n obj:");
            for (UnitIndex i : problem.units())
                for (TerritoryIndex t : problem.territories())
                    if (problem.allowed(t, i))
                        std::fprintf(f, " + %.17g x%u_%u\n", problem.cost(t, i), i.value(), t.value());
            std::fprintf(f, "Subject To\n");
            for (UnitIndex i : problem.units()) {
                std::fprintf(f, " a%u:", i.value());
                for (TerritoryIndex t : problem.territories())
                    if (problem.allowed(t, i)) std::fprintf(f, " + x%u_%u", i.value(), t.value());
                std::fprintf(f, " = 1\n");
            }
            for (TerritoryIndex t : problem.territories()) {
                for (int side = 0; side < 2; ++side) {
                    std::fprintf(f, " b%u_%d:", t.value(), side);
                    for (UnitIndex i : problem.units())
                        if (problem.allowed(t, i))
                            std::fprintf(f, " + %.17g x%u_%u\n", problem.criteria[0].weight[i.value()], i.value(), t.value());
                    std::fprintf(f, side == 0 ? " >= %.17g\n" : " <= %.17g\n",
                                 side == 0 ? w.lower[t.value()] : w.upper[t.value()]);
                }
            }
            std::fprintf(f, "End\n");
            std::fclose(f);
        }
        engine::DesignOptions design;
        design.search.seed = search_seed();
        design.search.time_limit_s = 30;
        if (const char* r = std::getenv("REVIR_BENCH_ROUNDS")) design.search.rounds = std::stoul(r);
        if (const char* r = std::getenv("REVIR_BENCH_WORK")) design.search.work_limit = std::stoull(r);
        if (const char* r = std::getenv("REVIR_BENCH_TIME")) design.search.time_limit_s = std::stod(r);
        const auto plan = engine::design_territories(problem, design);
        const auto& ev = plan.evaluation;
        std::printf("%-20s %6zu %4zu %14.1f %14.1f %7.3f %7.2f %5s %5s %7.2f %7.2f %7.2f %7.2f %6zu %7.2f %s\n",
                    set.name, problem.unit_count, k, ev.objective, plan.bound, plan.gap_percent, ev.max_deviation_pct,
                    ev.contiguous ? "yes" : "NO", ev.feasible ? "yes" : "NO", setup_s, plan.bound_seconds,
                    plan.search_seconds, seconds_since(start), plan.rounds, plan.relaxed_cut_off_share * 100,
                    plan.hit_time_limit ? "(time limit)" : "");
        for (const auto& why : plan.infeasible) std::printf("    infeasible: %s\n", why.c_str());
        if (std::getenv("REVIR_BENCH_REALIGN") && ev.feasible) realign(problem, plan);
        if (const char* dir = std::getenv("REVIR_BENCH_WRITE")) { // the plan, to look at in QGIS
            engine::PlanLayers layers;
            layers.units = &units;
            layers.bases = &bases;
            layers.adjacency = &links;
            layers.territory_of_unit = plan.assignment;
            const auto path = std::filesystem::path(dir) / (std::string(set.name) + "_" + std::to_string(k) + ".gpkg");
            engine::write_plan_geopackage(layers, engine::territory_stats(layers), path.string());
        }
        std::fflush(stdout);
    }
}

// A control without geography: a side × side grid with random weights (1–100),
// rook adjacency, bases at weighted random cells, straight-line distances. Here the
// relaxation's territories are nearly contiguous, so the gap measures the search.
void run_grid(std::uint32_t side, std::size_t k, double tolerance) {
    engine::TerritoryProblem p;
    p.unit_count = side * side;
    p.territory_count = k;
    Random rng(side * 31 + k);
    engine::BalanceCriterion c{"weight", {}, tolerance, {}, {}};
    for (std::uint32_t i = 0; i < p.unit_count; ++i) c.weight.push_back(std::round(rng.uniform(1, 100)));
    p.criteria.push_back(c);
    p.objective_weight = c.weight;
    p.neighbour_first.push_back(0);
    for (std::uint32_t r = 0; r < side; ++r) {
        for (std::uint32_t col = 0; col < side; ++col) {
            if (r > 0) p.neighbours.push_back(UnitIndex((r - 1) * side + col));
            if (col > 0) p.neighbours.push_back(UnitIndex(r * side + col - 1));
            if (col + 1 < side) p.neighbours.push_back(UnitIndex(r * side + col + 1));
            if (r + 1 < side) p.neighbours.push_back(UnitIndex((r + 1) * side + col));
            p.neighbour_first.push_back(static_cast<std::uint32_t>(p.neighbours.size()));
        }
    }
    p.seed_unit = IndexVector<TerritoryIndex, UnitIndex>(engine::weighted_sample_units(c.weight, k, 42));
    for (std::uint32_t i = 0; i < p.unit_count; ++i) {
        for (UnitIndex seed : p.seed_unit) {
            const std::uint32_t s = seed.value();
            p.distance.push_back(static_cast<float>(std::hypot(double(i % side) - double(s % side), double(i / side) - double(s / side))));
        }
    }
    p.capacity.assign(k, 1.0);
    p.measure = engine::Measure::distance;
    const auto start = Clock::now();
    engine::DesignOptions design;
    design.search.seed = search_seed();
    design.search.time_limit_s = 30;
    if (const char* r = std::getenv("REVIR_BENCH_ROUNDS")) design.search.rounds = std::stoul(r);
    const auto plan = engine::design_territories(p, design);
    const auto& ev = plan.evaluation;
    std::printf("%-20s %6zu %4zu %14.1f %14.1f %7.3f %7.2f %5s %5s %7.2f %7.2f %7.2f %7.2f %6zu %7.2f %s\n",
                "GridControl", p.unit_count, k, ev.objective, plan.bound, plan.gap_percent, ev.max_deviation_pct,
                ev.contiguous ? "yes" : "NO", ev.feasible ? "yes" : "NO", 0.0, plan.bound_seconds, plan.search_seconds,
                seconds_since(start), plan.rounds, plan.relaxed_cut_off_share * 100,
                plan.hit_time_limit ? "(time limit)" : "");
}

// The CTDP instances in free-centre mode: three activity measures, 5 % each.
void run_ctdp(const std::filesystem::path& file) {
    const auto start = Clock::now();
    const auto fp = formats::read_ctdp_instance(file.string());
    engine::FreeCentreOptions options;
    options.design.search.seed = search_seed();
    options.design.search.time_limit_s = 30;
    if (const char* r = std::getenv("REVIR_BENCH_ROUNDS")) options.design.search.rounds = std::stoul(r);
    if (const char* s = std::getenv("REVIR_BENCH_STARTS")) options.starts = std::stoul(s);
    const auto result = engine::design_free_centres(fp, options);
    const auto& ev = result.plan.evaluation;
    std::string name = file.stem().string();
    if (name.size() > 20) name = name.substr(0, 20);
    std::printf("%-20s %6zu %4zu %14.3f %14.3f %7.3f %7.2f %5s %5s %7.2f %7.2f %7.2f %7.2f %6zu %7s\n", name.c_str(),
                fp.base.unit_count, fp.base.territory_count, ev.objective, result.bound, result.gap_percent,
                ev.max_deviation_pct, ev.contiguous ? "yes" : "NO", ev.feasible ? "yes" : "NO", 0.0, 0.0, 0.0,
                seconds_since(start), result.plan.rounds, "-");
}

} // namespace

int main(int argc, char** argv) {
    const std::string filter = argc > 1 ? argv[1] : "";
    const std::filesystem::path data = REVIR_SHARED_DATA;
    const DataSet sets[] = {
        {"PortoAlegre", "porto_alegre/poa_hexgrid_h3.gpkg", "population", "id", {4, 8, 16}, "porto_alegre/poa_osm.pbf"},
        // The HSY grid leaves out its empty cells: territories may cross a gap of one
        // 250 m cell (queen contacts count as well).
        {"HelsinkiGrid2021", "helsinki/population/Population_grid_2021_HSY.gpkg", "inhabitants", "id", {8, 16, 32},
         nullptr, 260},
        {"NewHampshireTracts", "census/us_tracts_nh/NH_tract.shp", "DP0010001", "GEOID10", {2, 4, 8}},
        {"UsCounties", "census/us_counties_natregimes/natregimes.shp", "PO90", "FIPS", {16, 32, 64}},
        {"LeedsMsoa", "territory_design/uk_msoa_districting/Leeds.geojson", "POPULATION", "ID", {8, 16}},
        {"LondonMsoa", "territory_design/uk_msoa_districting/London.geojson", "POPULATION", "ID", {8, 16}},
    };
    std::printf("%-20s %6s %4s %14s %14s %7s %7s %5s %5s %7s %7s %7s %7s %6s %7s\n", "data set", "units", "K", "objective",
                "bound", "gap_%", "maxdev", "contig", "feas", "setup_s", "bound_s", "search_s", "total_s", "rounds",
                "cutoff%");
    if (filter.empty() || std::string("GridControl").find(filter) != std::string::npos) {
        for (std::size_t k : {8, 16, 32}) in_child([&] { run_grid(76, k, 0.03); }); // 5,776 cells, like Helsinki
    }
    const auto ctdp = data / "territory_design/ctdp_du_instances/instances";
    if (std::filesystem::exists(ctdp) && (filter.empty() || filter == "CTDP" || filter.find("DU") != std::string::npos)) {
        std::vector<std::filesystem::path> files;
        for (const auto& f : std::filesystem::directory_iterator(ctdp)) files.push_back(f.path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            if (filter.find("DU") != std::string::npos && f.filename().string().find(filter) == std::string::npos) continue;
            in_child([&] { run_ctdp(f); });
        }
    }
    for (const auto& set : sets) {
        if (!filter.empty() && std::string(set.name).find(filter) == std::string::npos) continue;
        if (!std::filesystem::exists(data / set.path)) {
            std::printf("%-20s missing: %s\n", set.name, (data / set.path).c_str());
            continue;
        }
        in_child([&] { run(set, data, 0.03); });
    }
    return 0;
}
