// revir-bench-territories: territory design on the real data sets of the issue —
// objective, certified bound and gap, balance, contiguity and seconds per data set
// and number of territories. Bases sit at population-weighted sample units (fixed
// seed). Usage: revir-bench-territories [FILTER] (runs the data sets whose name
// contains FILTER)
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "benchmarks/bench_support.hpp"
#include "engine/territory_bound.hpp"
#include "engine/territory_input.hpp"
#include "engine/territory_search.hpp"
#include "geo/adjacency.hpp"
#include "routing/graph_file.hpp"
#include "routing/osm_import.hpp"

using namespace revir;
using namespace revir::bench;

namespace {

struct DataSet {
    const char* name;
    const char* path;
    const char* weight;
    const char* id;
    std::vector<std::size_t> ks;
    const char* osm = nullptr; // drive times over this extract; else straight-line distance
    double gap_m = 0;          // gap links (grids without their empty cells)
};

void run(const DataSet& set, const std::filesystem::path& data, double tolerance) {
    geo::UnitOptions options;
    options.weight_fields = {set.weight};
    options.id_field = set.id;
    options.missing_weight_as_zero = true;
    geo::UnitLoadReport load;
    const auto units = geo::read_units((data / set.path).string(), options, load);
    geo::AdjacencyReport adjacency_report;
    geo::AdjacencyOptions adjacency_options;
    if (std::getenv("REVIR_BENCH_QUEEN")) adjacency_options.contiguity = geo::Contiguity::queen;
    adjacency_options.gap_m = set.gap_m;
    const auto links = geo::compute_adjacency(units, adjacency_options, adjacency_report);
    if (std::getenv("REVIR_BENCH_DEBUG")) {
        std::fprintf(stderr, "  %zu links, %zu components, %zu island links, %zu isolated\n", links.size(),
                     adjacency_report.components, adjacency_report.island_links, adjacency_report.isolated_units);
    }
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
        std::vector<geo::Base> bases;
        for (std::uint32_t i : engine::weighted_sample_units(weight, k, 42)) {
            geo::Base b;
            b.id = "B" + std::to_string(bases.size() + 1);
            b.location = units.units[i].representative_point;
            b.unit = i;
            bases.push_back(b);
        }
        engine::TerritoryInput input;
        input.units = &units;
        input.links = &links;
        input.bases = &bases;
        input.balance = {{set.weight, tolerance}};
        input.measure = set.osm ? engine::Measure::drive_time : engine::Measure::distance;
        std::vector<float> distance;
        if (set.osm) {
            distance = engine::drive_time_minutes(*graph, &*hierarchy, units, bases, 5000, quiet);
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
            for (std::uint32_t i = 0; i < problem.unit_count; ++i)
                for (std::uint32_t t = 0; t < k; ++t)
                    if (problem.allowed(t, i)) std::fprintf(f, " + %.17g x%u_%u\n", problem.cost(t, i), i, t);
            std::fprintf(f, "Subject To\n");
            for (std::uint32_t i = 0; i < problem.unit_count; ++i) {
                std::fprintf(f, " a%u:", i);
                for (std::uint32_t t = 0; t < k; ++t) if (problem.allowed(t, i)) std::fprintf(f, " + x%u_%u", i, t);
                std::fprintf(f, " = 1\n");
            }
            for (std::uint32_t t = 0; t < k; ++t) {
                for (int side = 0; side < 2; ++side) {
                    std::fprintf(f, " b%u_%d:", t, side);
                    for (std::uint32_t i = 0; i < problem.unit_count; ++i)
                        if (problem.allowed(t, i)) std::fprintf(f, " + %.17g x%u_%u\n", problem.criteria[0].weight[i], i, t);
                    std::fprintf(f, side == 0 ? " >= %.17g\n" : " <= %.17g\n", side == 0 ? w.lower[t] : w.upper[t]);
                }
            }
            std::fprintf(f, "End\n");
            std::fclose(f);
        }
        auto t = Clock::now();
        const auto first = engine::lagrangian_bound(problem, {});
        const double bound1_s = seconds_since(t);
        if (std::getenv("REVIR_BENCH_DEBUG")) {
            const auto relaxed = engine::evaluate_plan(problem, first.relaxed_assignment);
            { // weight of the relaxed assignment not connected to its seed
                const auto& a = first.relaxed_assignment;
                std::vector<char> seen(problem.unit_count, 0);
                std::vector<std::uint32_t> q;
                for (std::uint32_t r = 0; r < k; ++r) {
                    const std::uint32_t s0 = problem.seed_unit[r];
                    if (a[s0] != r) continue;
                    q.assign(1, s0);
                    seen[s0] = 1;
                    for (std::size_t h = 0; h < q.size(); ++h)
                        for (std::uint32_t e = problem.neighbour_first[q[h]]; e < problem.neighbour_first[q[h] + 1]; ++e) {
                            const std::uint32_t v = problem.neighbours[e];
                            if (!seen[v] && a[v] == r) { seen[v] = 1; q.push_back(v); }
                        }
                }
                double off = 0, all = 0;
                for (std::uint32_t i = 0; i < problem.unit_count; ++i) {
                    all += problem.criteria[0].weight[i];
                    if (!seen[i]) off += problem.criteria[0].weight[i];
                }
                std::fprintf(stderr, "  relaxed: %.2f%% of the weight not connected to its seed\n", off / all * 100);
            }
            std::fprintf(stderr, "  bound %.1f after %zu iterations%s; relaxed: cost %.1f maxdev %.2f contiguous %d\n",
                         first.value, first.iterations, first.optimal ? " (optimal)" : "", relaxed.objective,
                         relaxed.max_deviation_pct, relaxed.contiguous);
        }
        t = Clock::now();
        engine::SearchOptions search;
        search.seed = 1;
        search.time_limit_s = 30;
        if (const char* r = std::getenv("REVIR_BENCH_ROUNDS")) search.rounds = std::stoul(r);
        const auto plan = engine::search_territories(problem, first.prices, first.relaxed_assignment, search);
        const double search_s = seconds_since(t);
        if (std::getenv("REVIR_BENCH_DEBUG")) {
            const auto w = engine::balance_windows(problem);
            std::vector<double> loads(k, 0);
            std::vector<int> count(k, 0);
            for (std::size_t i = 0; i < problem.unit_count; ++i) {
                loads[plan.assignment[i]] += problem.criteria[0].weight[i];
                ++count[plan.assignment[i]];
            }
            for (std::uint32_t j = 0; j < k; ++j) {
                const std::uint32_t s = problem.seed_unit[j];
                std::fprintf(stderr, "    T%u: %d units, dev %+.2f%%, seed %u (neighbours %u)\n", j, count[j],
                             (loads[j] - w.target[j]) / w.target[j] * 100, s,
                             problem.neighbour_first[s + 1] - problem.neighbour_first[s]);
            }
        }
        t = Clock::now();
        engine::BoundOptions refine;
        refine.upper_hint = plan.evaluation.objective;
        refine.start_prices = first.prices;
        const auto bound = engine::lagrangian_bound(problem, refine);
        const double best_bound = std::max(bound.value, first.value);
        const double bound2_s = seconds_since(t);
        const double gap = (plan.evaluation.objective - best_bound) / best_bound * 100;
        std::printf("%-20s %6zu %4zu %14.1f %14.1f %7.3f %7.2f %5s %5s %7.2f %7.2f %7.2f %7.2f %6zu %s\n", set.name,
                    problem.unit_count, k, plan.evaluation.objective, best_bound, gap, plan.evaluation.max_deviation_pct,
                    plan.evaluation.contiguous ? "yes" : "NO", plan.evaluation.feasible ? "yes" : "NO", setup_s,
                    bound1_s + bound2_s, search_s, seconds_since(start), plan.rounds,
                    plan.hit_time_limit ? "(time limit)" : "");
        std::fflush(stdout);
    }
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
    std::printf("%-20s %6s %4s %14s %14s %7s %7s %5s %5s %7s %7s %7s %7s %6s\n", "data set", "units", "K", "objective",
                "bound", "gap_%", "maxdev", "contig", "feas", "setup_s", "bound_s", "search_s", "total_s", "rounds");
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
