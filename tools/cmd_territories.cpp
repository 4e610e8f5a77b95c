#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/territory/free_centres.hpp"
#include "engine/territory/territory_design.hpp"
#include "engine/plan/territory_input.hpp"
#include "geo/core/error.hpp"
#include "engine/plan/plan_export.hpp"
#include "routing/graph_file/graph_file.hpp"
#include "tools/commands.hpp"

namespace revir::tools {

namespace {
struct TerritoriesConfig {
    std::string units;
    std::string unit_id;
    std::string unit_layer;
    std::string balance;
    std::string bases;
    std::size_t reps = 0;
    std::string accounts;
    std::string crs;
    bool strict = false;
    std::string graph;
    bool crowfly = false;
    std::string objective; // time, distance, squared
    std::string objective_weight;
    bool queen = false;
    double tolerance_m = 1.0;
    double gap_m = 0;
    std::optional<double> max_distance;
    std::optional<double> soft_penalty;
    std::string current;
    std::string max_moved;
    std::string max_moved_weight;
    std::optional<double> move_penalty;
    std::uint64_t seed = 1;
    double time_limit_s = 60;
    std::size_t rounds = 0;
    unsigned threads = 0;
    double max_snap_m = kDefaultMaxSnapM;
    double unit_max_snap_m = 10 * kDefaultMaxSnapM;
    std::string output;
    std::string assignments_csv;
    bool json = false;
};

engine::Measure measure_of(const TerritoriesConfig& config) {
    const std::string o = config.objective.empty() ? (config.graph.empty() ? "distance" : "time") : config.objective;
    if (o == "time") {
        if (config.graph.empty()) throw InputError("--objective time needs --graph REGION.rvg (or use distance with --crowfly)");
        return engine::Measure::drive_time;
    }
    if (o == "distance") return engine::Measure::distance;
    if (o == "squared") return engine::Measure::squared_distance;
    throw InputError("--objective '" + o + "': use time, distance or squared");
}

// Units with the weight fields the balance and the objective name (except the
// ones the accounts provide), and the accounts' weights when there are accounts.
geo::UnitSet read_territory_units(const TerritoriesConfig& config, const std::vector<engine::BalanceSpec>& balance,
                                  std::vector<geo::Account>& accounts) {
    const bool with_accounts = !config.accounts.empty();
    auto from_accounts = [&](const std::string& f) {
        return with_accounts && (f == "accounts" || f == "potential" || f == "workload_min");
    };
    geo::UnitOptions unit_options;
    for (const auto& b : balance) {
        if (!from_accounts(b.field)) unit_options.weight_fields.push_back(b.field);
    }
    const std::string& ow = config.objective_weight;
    auto& fields = unit_options.weight_fields;
    if (!ow.empty() && ow != "none" && !from_accounts(ow) && std::find(fields.begin(), fields.end(), ow) == fields.end()) {
        fields.push_back(ow);
    }
    unit_options.id_field = config.unit_id;
    unit_options.layer = config.unit_layer;
    geo::UnitLoadReport load;
    auto units = geo::read_units(config.units, unit_options, load);
    std::fprintf(stderr, "territories: %zu units from %s (%zu repaired)\n", units.units.size(), config.units.c_str(),
                 load.repaired.size());
    if (with_accounts) {
        geo::PointRecordOptions point_options;
        point_options.source_crs = config.crs;
        accounts = geo::read_accounts(config.accounts, point_options);
        geo::LocateReport located;
        geo::locate_accounts(units, accounts, config.strict, located);
        geo::add_account_weights(units, accounts);
        std::fprintf(stderr, "territories: %zu accounts, %zu orphans attached to their nearest unit\n", accounts.size(),
                     located.orphans.size());
    }
    return units;
}

std::vector<geo::Base> centre_bases(const geo::UnitSet& units, const std::vector<std::uint32_t>& at) {
    auto bases = engine::bases_at_units(units, at);
    for (std::size_t k = 0; k < bases.size(); ++k) bases[k].id = bases[k].name = fmt::format("T{}", k + 1);
    return bases;
}

// The reps' bases; with --reps, K bases at the first units, which only name and
// count the territories: the design chooses where the centres are.
std::vector<geo::Base> territory_bases(const TerritoriesConfig& config, const geo::UnitSet& units) {
    if ((config.reps > 0) == !config.bases.empty()) throw InputError("give either --bases BASES.csv or --reps K");
    if (config.reps == 0) {
        geo::PointRecordOptions point_options;
        point_options.source_crs = config.crs;
        auto bases = geo::read_bases(config.bases, point_options);
        geo::locate_bases(units, bases);
        return bases;
    }
    if (config.reps > units.units.size()) {
        throw InputError(fmt::format("--reps {}: only {} units", config.reps, units.units.size()));
    }
    // Choosing centres needs every unit-to-unit distance (n² of them).
    constexpr std::size_t kMaxFreeCentreUnits = 15000;
    if (units.units.size() > kMaxFreeCentreUnits) {
        throw InputError(fmt::format("--reps: {} units need {:.1f} GB of unit-to-unit distances; choosing centres "
                                     "works up to {} units (aggregate the units, or give --bases)",
                                     units.units.size(),
                                     8.0 * static_cast<double>(units.units.size() * units.units.size()) / 1e9,
                                     kMaxFreeCentreUnits));
    }
    if (!config.current.empty()) throw InputError("--current needs --bases (the current plan's territories)");
    std::vector<std::uint32_t> first(config.reps);
    for (std::uint32_t k = 0; k < config.reps; ++k) first[k] = k;
    return centre_bases(units, first);
}

struct Distances {
    std::vector<float> from_bases;    // [unit * bases + base]
    std::vector<float> between_units; // free centres: [centre * units + unit]
};

// Drive times over the graph or straight lines: from the bases, or with free
// centres from every unit to every unit.
Distances territory_distances(const TerritoriesConfig& config, const geo::UnitSet& units,
                              const std::vector<geo::Base>& bases, engine::Measure measure) {
    const bool free_centres = config.reps > 0;
    const std::size_t n = units.units.size();
    std::vector<geo::Base> sources = bases;
    if (free_centres) {
        std::vector<std::uint32_t> all(n);
        for (std::uint32_t i = 0; i < n; ++i) all[i] = i;
        sources = engine::bases_at_units(units, all);
    }
    std::vector<float> from_sources;
    if (!config.graph.empty()) {
        std::optional<routing::ContractionHierarchy> hierarchy;
        const auto graph = routing::read_graph_file(config.graph, hierarchy);
        Progress progress;
        from_sources = engine::drive_time_minutes(graph, hierarchy ? &*hierarchy : nullptr, units, sources,
                                                  free_centres ? config.unit_max_snap_m : config.max_snap_m,
                                                  config.unit_max_snap_m, progress);
    } else {
        std::vector<geo::Coordinate> sites;
        for (const auto& b : sources) sites.push_back(b.location);
        from_sources = engine::straight_line_distances(units, sites, measure);
    }
    Distances d;
    if (!free_centres) {
        d.from_bases = std::move(from_sources);
        return d;
    }
    d.between_units.resize(n * n);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) d.between_units[j * n + i] = from_sources[i * n + j];
    }
    d.from_bases.resize(n * bases.size());
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t k = 0; k < bases.size(); ++k) d.from_bases[i * bases.size() + k] = d.between_units[k * n + i];
    }
    return d;
}

nlohmann::json plan_summary(const TerritoriesConfig& config, const engine::TerritoryProblem& problem,
                            const engine::TerritoryPlan& plan, const std::vector<geo::Base>& bases,
                            const std::vector<engine::TerritoryStats>& stats, double seconds, const std::string& csv) {
    const auto& ev = plan.evaluation;
    const char* du = engine::measure_unit(problem.measure);
    nlohmann::json summary = {
        {"objective", ev.objective},
        {"compactness", ev.compactness},
        {"measure", engine::to_string(problem.measure)},
        {"distance_unit", du},
        {"bound", plan.bound},
        {"gap_percent", plan.gap_percent},
        {"bound_optimal", plan.bound_optimal},
        {"relaxed_cut_off_percent", plan.relaxed_cut_off_share * 100},
        {"max_deviation_percent", ev.max_deviation_pct},
        {"feasible", ev.feasible},
        {"contiguous", ev.contiguous},
        {"infeasible", plan.infeasible},
        {"moved_units", ev.moved_units},
        {"moved_weight", ev.moved_weight},
        {"seed", config.seed},
        {"rounds", plan.rounds},
        {"hit_time_limit", plan.hit_time_limit},
        {"seconds", seconds},
        {"output", config.output},
        {"assignments_csv", csv},
    };
    summary["territories"] = nlohmann::json::array();
    for (const auto& s : stats) {
        const auto& tl = plan.territories[s.base];
        nlohmann::json t = {{"territory_id", bases[s.base].id},
                            {"rep_name", bases[s.base].name},
                            {"units", s.units},
                            {"accounts", s.accounts},
                            {"area_km2", s.area_m2 / 1e6},
                            {"polsby_popper", s.polsby_popper},
                            {"contiguous", tl.contiguous},
                            {std::string("weighted_") + du, s.weighted_distance},
                            {std::string("mean_") + du, s.mean_distance},
                            {std::string("max_") + du, s.max_distance}};
        for (std::size_t c = 0; c < problem.criteria.size(); ++c) {
            const auto& name = problem.criteria[c].name;
            t["load"][name] = tl.load[c];
            t["target"][name] = tl.target[c];
            t["deviation_percent"][name] = tl.deviation_pct[c];
        }
        summary["territories"].push_back(t);
    }
    return summary;
}

void print_plan(const engine::TerritoryProblem& problem, const engine::TerritoryPlan& plan,
                const std::vector<geo::Base>& bases, const std::vector<engine::TerritoryStats>& stats, double seconds) {
    const char* du = engine::measure_unit(problem.measure);
    for (const auto& s : stats) {
        const auto& tl = plan.territories[s.base];
        std::string line = fmt::format("territories: {:<10} {:5} units", bases[s.base].id, s.units);
        for (std::size_t c = 0; c < problem.criteria.size(); ++c) {
            line += fmt::format("  {} {:.0f} ({:+.2f} %)", problem.criteria[c].name, tl.load[c], tl.deviation_pct[c]);
        }
        line += fmt::format("  mean {:.1f} {} max {:.1f}  PP {:.2f}{}", s.mean_distance, du, s.max_distance,
                            s.polsby_popper, tl.contiguous ? "" : "  NOT CONTIGUOUS");
        std::fprintf(stderr, "%s\n", line.c_str());
    }
    const auto& ev = plan.evaluation;
    const std::string moved = problem.realigning() ? fmt::format(", moved {} units", ev.moved_units) : "";
    std::fprintf(stderr,
                 "territories: objective %.6g, bound %.6g, gap %.3f %%, max deviation %.2f %%%s; %.1f s (%zu rounds%s)\n",
                 ev.objective, plan.bound, plan.gap_percent, ev.max_deviation_pct, moved.c_str(), seconds, plan.rounds,
                 plan.hit_time_limit ? ", time limit" : "");
}

void run_territories(const TerritoriesConfig& config) {
    if (config.graph.empty() == !config.crowfly) {
        throw InputError("give either --graph REGION.rvg (drive times) or --crowfly (straight-line distances)");
    }
    const engine::Measure measure = measure_of(config);
    const auto balance = engine::parse_balance(config.balance);
    std::vector<geo::Account> accounts;
    auto units = read_territory_units(config, balance, accounts);
    auto bases = territory_bases(config, units);

    geo::AdjacencyOptions adjacency_options;
    adjacency_options.contiguity = config.queen ? geo::Contiguity::queen : geo::Contiguity::rook;
    adjacency_options.tolerance_m = config.tolerance_m;
    adjacency_options.gap_m = config.gap_m;
    geo::AdjacencyReport adjacency_report;
    const auto links = geo::compute_adjacency(units, adjacency_options, adjacency_report);
    std::fprintf(stderr, "territories: %zu links (%zu gap links, %zu island links)\n", links.size(),
                 adjacency_report.gap_links, adjacency_report.island_links);

    Distances distances = territory_distances(config, units, bases, measure);
    engine::TerritoryInput input;
    input.units = &units;
    input.links = &links;
    input.bases = &bases;
    input.balance = balance;
    input.objective_weight = config.objective_weight;
    input.measure = measure;
    engine::TerritoryProblem problem = engine::make_territory_problem(input, std::move(distances.from_bases));
    if (config.max_distance) {
        problem.max_distance = *config.max_distance;
        problem.max_distance_hard = !config.soft_penalty.has_value();
        problem.max_distance_penalty = config.soft_penalty.value_or(0);
    }
    engine::DesignOptions options;
    if (!config.current.empty()) {
        engine::RealignmentLimits limits;
        if (!config.max_moved.empty()) limits.max_moved = engine::parse_share(config.max_moved, "--max-moved");
        if (!config.max_moved_weight.empty()) {
            limits.max_moved_weight = engine::parse_share(config.max_moved_weight, "--max-moved-weight");
        }
        limits.move_penalty = config.move_penalty;
        engine::set_realignment(problem, engine::read_unit_assignment(config.current, units, bases), limits);
        options.search.start = problem.current;
    }
    problem.validate();
    options.search.seed = config.seed;
    options.search.time_limit_s = config.time_limit_s;
    options.search.rounds = config.rounds;
    options.search.threads = config.threads;

    const bool free_centres = config.reps > 0;
    std::fprintf(stderr, "territories: designing %zu territories%s (seed %llu)\n", problem.territory_count,
                 free_centres ? " and choosing their centres" : "", static_cast<unsigned long long>(config.seed));
    const auto start = std::chrono::steady_clock::now();
    engine::TerritoryPlan plan;
    if (free_centres) {
        engine::FreeCentreProblem fp{problem, std::move(distances.between_units)};
        engine::FreeCentreOptions free_options;
        free_options.design = options;
        auto chosen = engine::design_free_centres(fp, free_options);
        plan = std::move(chosen.plan);
        plan.bound = chosen.bound; // the p-median bound: valid for any centres
        plan.gap_percent = chosen.gap_percent;
        plan.bound_optimal = false;
        bases = centre_bases(units, chosen.centres);
        problem = engine::with_centres(fp, chosen.centres);
    } else {
        plan = engine::design_territories(problem, options);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    engine::PlanLayers layers;
    layers.units = &units;
    layers.bases = &bases;
    layers.accounts = accounts.empty() ? nullptr : &accounts;
    layers.adjacency = &links;
    layers.territory_of_unit = plan.assignment;
    layers.distance_unit = engine::measure_unit(measure);
    const auto stats = engine::plan_statistics(layers, plan, problem);
    engine::write_plan_geopackage(layers, stats, config.output);
    const std::string csv = !config.assignments_csv.empty()
                                ? config.assignments_csv
                                : std::filesystem::path(config.output).replace_extension(".csv").string();
    engine::write_assignment_csv(layers, csv);
    if (config.json) std::printf("%s\n", plan_summary(config, problem, plan, bases, stats, seconds, csv).dump(2).c_str());
    print_plan(problem, plan, bases, stats, seconds);
    std::fprintf(stderr, "territories: wrote %s and %s\n", config.output.c_str(), csv.c_str());
    engine::require_feasible(plan);
}
} // namespace

void add_territories_command(CLI::App& app) {
    auto config = std::make_shared<TerritoriesConfig>();
    auto* cmd = app.add_subcommand("territories",
                                   "Design balanced, contiguous, compact territories around the reps' bases, with a "
                                   "certified lower bound");
    cmd->add_option("--units", config->units, "Units: a units GeoPackage from `revir units`, or any polygon source")
        ->required();
    cmd->add_option("--unit-id", config->unit_id, "Unit id field (default: the feature id)");
    cmd->add_option("--unit-layer", config->unit_layer, "Units layer (default: the first)");
    cmd->add_option("--balance", config->balance, "Balance criteria FIELD:TOL[,FIELD:TOL], e.g. population:3%")
        ->required();
    cmd->add_option("--bases", config->bases, "Bases CSV (id,name,lon,lat[,capacity,locked_units]) or point layer");
    cmd->add_option("--reps", config->reps,
                    "No bases: choose K centre units as well (location-allocation), territories T1…TK");
    cmd->add_option("--accounts", config->accounts,
                    "Accounts CSV or point layer: adds the weights accounts, potential and workload_min");
    cmd->add_flag("--strict", config->strict, "Refuse accounts outside every unit instead of attaching them");
    cmd->add_option("--crs", config->crs, "CRS of x,y columns in the bases and accounts CSVs");
    cmd->add_option("--graph", config->graph, "Road graph (.rvg): drive times from the bases");
    cmd->add_flag("--crowfly", config->crowfly, "Straight-line distances instead of drive times");
    cmd->add_option("--objective", config->objective,
                    "time (drive minutes, needs --graph), distance (km) or squared (km², the Hess objective); "
                    "default: time with --graph, else distance");
    cmd->add_option("--objective-weight", config->objective_weight,
                    "Weight of a unit in the objective: a field, or none (default: the first balance field)");
    cmd->add_flag("--queen", config->queen, "Queen contiguity (a shared corner is enough)");
    cmd->add_option("--tolerance", config->tolerance_m, "Boundaries closer than this touch (metres)")->capture_default_str();
    cmd->add_option("--link-gaps", config->gap_m, "Also link units less than this many metres apart");
    cmd->add_option("--max-distance", config->max_distance,
                    "Largest distance from base to unit, in the objective's unit (minutes or km)");
    cmd->add_option("--soft", config->soft_penalty,
                    "Make --max-distance soft: this cost per unit of weight and distance beyond it");
    cmd->add_option("--current", config->current, "Current plan, CSV unit_id,territory_id: realign it");
    cmd->add_option("--max-moved", config->max_moved, "Realignment: move at most this share of the units (e.g. 10%)");
    cmd->add_option("--max-moved-weight", config->max_moved_weight,
                    "Realignment: move at most this share of the objective weight");
    cmd->add_option("--move-penalty", config->move_penalty,
                    "Realignment: objective cost per unit of weight moved out of its current territory "
                    "(default: a quarter of the current plan's mean distance)");
    cmd->add_option("--seed", config->seed, "Random seed: the same seed gives the same plan")->capture_default_str();
    cmd->add_option("--time-limit", config->time_limit_s, "Seconds the search may take at most")->capture_default_str();
    cmd->add_option("--rounds", config->rounds, "Perturbation rounds per search (default 1000)");
    cmd->add_option("--threads", config->threads, "Independent searches in parallel (default: one per core)");
    cmd->add_option("--max-snap", config->max_snap_m, "Refuse a base farther than this from a road (metres)")
        ->capture_default_str();
    cmd->add_option("--unit-max-snap", config->unit_max_snap_m,
                    "Refuse a unit whose point is farther than this from a road (metres)")
        ->capture_default_str();
    cmd->add_option("-o,--output", config->output, "Plan GeoPackage to write (styled for QGIS)")->required();
    cmd->add_option("--assignments-csv", config->assignments_csv,
                    "Where to write the assignment CSV (default: next to the output, .csv)");
    cmd->add_flag("--json", config->json, "Print a JSON summary on stdout");
    cmd->callback([config] { run_territories(*config); });
}

} // namespace revir::tools
