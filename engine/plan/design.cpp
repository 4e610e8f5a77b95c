#include "engine/plan/design.hpp"

#include <chrono>

#include <fmt/format.h>

#include "engine/territory/free_centres.hpp"
#include "geo/core/error.hpp"

namespace revir::engine {

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Choosing centres needs every unit-to-unit distance (n² of them).
constexpr std::size_t kMaxFreeCentreUnits = 15000;

std::vector<geo::Base> centre_bases(const geo::UnitSet& units, const Centres& centres) {
    auto bases = bases_at_units(units, centres.vector());
    for (std::size_t k = 0; k < bases.size(); ++k) bases[k].id = bases[k].name = fmt::format("T{}", k + 1);
    return bases;
}

void check_free_centres(const TerritorySettings& settings, const geo::UnitSet& units, bool have_bases,
                        const RealignmentSettings& realignment) {
    const std::size_t k = settings.free_centres;
    if ((k > 0) == have_bases) throw InputError("give either bases or a number of territories whose centres to choose");
    if (k == 0) return;
    if (k > units.units.size()) throw InputError(fmt::format("--reps {}: only {} units", k, units.units.size()));
    if (units.units.size() > kMaxFreeCentreUnits) {
        const double gb = 8.0 * static_cast<double>(units.units.size() * units.units.size()) / 1e9;
        throw InputError(fmt::format("--reps: {} units need {:.1f} GB of unit-to-unit distances; choosing centres works "
                                     "up to {} units (aggregate the units, or give --bases)",
                                     units.units.size(), gb, kMaxFreeCentreUnits));
    }
    if (!realignment.current_plan.empty()) throw InputError("a current plan to realign needs bases (its territories)");
}

// From every source to every unit, at [unit * sources + source].
std::vector<float> distances_from(const std::vector<geo::Base>& sources, const geo::UnitSet& units,
                                  const TerritorySettings& settings, const RoadNetwork& network, double source_snap_m) {
    if (settings.measure == Measure::drive_time) {
        if (network.graph == nullptr) throw InputError("the objective drive time needs a road graph");
        Progress quiet; // a matrix of bases × units is quick; its own lines would only clutter the stage's
        return drive_time_minutes(*network.graph, network.hierarchy, units, sources, source_snap_m,
                                  settings.unit_max_snap_m, quiet);
    }
    std::vector<geo::Coordinate> sites;
    for (const auto& b : sources) sites.push_back(b.location);
    return straight_line_distances(units, sites, settings.measure);
}

TerritoryProblem make_problem(const TerritorySettings& settings, const geo::UnitSet& units,
                              const std::vector<geo::AdjacencyLink>& links, const std::vector<geo::Base>& bases,
                              std::vector<float> distance) {
    TerritoryInput input{&units, &links, &bases, settings.balance, settings.objective_weight, settings.measure};
    auto problem = make_territory_problem(input, std::move(distance));
    if (settings.max_distance) {
        problem.max_distance = *settings.max_distance;
        problem.max_distance_hard = !settings.soft_penalty.has_value();
        problem.max_distance_penalty = settings.soft_penalty.value_or(0);
    }
    return problem;
}

// The time limit counts from the start of the stage (the drive times included).
DesignOptions design_options(const TerritorySettings& settings, std::uint64_t seed, const Deadline& deadline) {
    DesignOptions options;
    options.search.seed = seed;
    options.search.time_limit_s = settings.time_limit_s;
    options.search.deadline = deadline;
    options.search.rounds = settings.rounds;
    options.search.threads = settings.threads;
    return options;
}

// Free centres: every unit is a candidate centre; the plan's bound is the
// p-median bound, valid for any centres.
void design_with_free_centres(const TerritorySettings& settings, std::uint64_t seed, const Deadline& deadline,
                              const geo::UnitSet& units, const std::vector<geo::AdjacencyLink>& links,
                              const RoadNetwork& network, DesignedPlan& out) {
    const std::size_t n = units.units.size();
    // The problem is built around the first K units as its centres;
    // design_free_centres then chooses the centres among every unit.
    Centres first;
    for (UnitIndex i : indices<UnitIndex>(settings.free_centres)) first.push_back(i);
    const auto every_unit = indices<UnitIndex>(n);
    const std::vector<UnitIndex> all(every_unit.begin(), every_unit.end());
    out.bases = centre_bases(units, first);
    const auto from_units = distances_from(bases_at_units(units, all), units, settings, network, settings.unit_max_snap_m);
    std::vector<float> between(n * n);   // [centre * n + unit]
    std::vector<float> from_first(n * first.size());
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) between[j * n + i] = from_units[i * n + j];
        for (std::size_t k = 0; k < first.size(); ++k) from_first[i * first.size() + k] = from_units[i * n + k];
    }
    auto problem = make_problem(settings, units, links, out.bases, std::move(from_first));
    problem.validate();
    FreeCentreProblem fp{std::move(problem), std::move(between)};
    FreeCentreOptions options;
    options.design = design_options(settings, seed, deadline);
    auto chosen = design_free_centres(fp, options);
    out.plan = std::move(chosen.plan);
    out.plan.hit_time_limit = chosen.hit_time_limit;
    out.plan.bound = chosen.bound;
    out.plan.gap_percent = chosen.gap_percent;
    out.plan.bound_optimal = false;
    out.bases = centre_bases(units, chosen.centres);
    out.problem = with_centres(fp, chosen.centres);
}

} // namespace

DesignedPlan design_plan(const TerritorySettings& settings, std::uint64_t seed, const RealignmentSettings& realignment,
                         const geo::UnitSet& units, const std::vector<geo::AdjacencyLink>& links,
                         std::vector<geo::Base> bases, const RoadNetwork& network, const Log& log,
                         const Deadline& started) {
    check_free_centres(settings, units, !bases.empty(), realignment);
    const auto start = std::chrono::steady_clock::now();
    const Deadline deadline = started.sooner(settings.time_limit_s);
    DesignedPlan out;
    const bool realigning = !realignment.current_plan.empty();
    say(log, fmt::format("territories: {} {} territories of {} units{} (seed {}, {}, at most {:g} s)",
                         realigning ? "realigning" : "designing", bases.empty() ? settings.free_centres : bases.size(),
                         units.units.size(), settings.free_centres > 0 ? " and choosing their centres" : "", seed,
                         settings.rounds > 0 ? fmt::format("{} rounds", settings.rounds) : std::string("default budget"),
                         settings.time_limit_s));
    if (settings.free_centres > 0) {
        design_with_free_centres(settings, seed, deadline, units, links, network, out);
        out.seconds = seconds_since(start);
        return out;
    }
    auto distance = distances_from(bases, units, settings, network, settings.max_snap_m);
    out.bases = std::move(bases);
    out.problem = make_problem(settings, units, links, out.bases, std::move(distance));
    DesignOptions options = design_options(settings, seed, deadline);
    if (realigning) {
        out.current = read_unit_assignment(realignment.current_plan, units, out.bases);
        set_realignment(out.problem, out.current, realignment.limits);
        options.search.start = out.problem.current;
    }
    out.problem.validate();
    out.plan = design_territories(out.problem, options);
    out.seconds = seconds_since(start);
    return out;
}

PlanLayers plan_layers(const DesignedPlan& design, const geo::UnitSet& units, const std::vector<geo::AdjacencyLink>& links,
                       const std::vector<geo::Account>* accounts) {
    PlanLayers layers;
    layers.units = &units;
    layers.bases = &design.bases;
    layers.accounts = accounts != nullptr && !accounts->empty() ? accounts : nullptr;
    layers.adjacency = &links;
    layers.territory_of_unit = design.plan.assignment;
    layers.distance_unit = measure_unit(design.problem.measure);
    return layers;
}

nlohmann::json design_summary(const DesignedPlan& design, const std::vector<TerritoryStats>& stats, std::uint64_t seed) {
    const auto& plan = design.plan;
    const auto& problem = design.problem;
    const auto& ev = plan.evaluation;
    const std::string du = measure_unit(problem.measure);
    nlohmann::json territories = nlohmann::json::array();
    for (const auto& s : stats) {
        const auto& tl = plan.territories[s.base];
        nlohmann::json t = {{"territory_id", design.bases[s.base.value()].id},
                            {"rep_name", design.bases[s.base.value()].name},
                            {"units", s.units},
                            {"accounts", s.accounts},
                            {"area_km2", s.area_m2 / 1e6},
                            {"polsby_popper", s.polsby_popper},
                            {"contiguous", s.contiguous},
                            {"weighted_" + du, s.weighted_distance},
                            {"mean_" + du, s.mean_distance},
                            {"max_" + du, s.max_distance}};
        for (std::size_t c = 0; c < problem.criteria.size(); ++c) {
            const auto& name = problem.criteria[c].name;
            t["load"][name] = tl.load[c];
            t["target"][name] = tl.target[c];
            t["deviation_percent"][name] = tl.deviation_pct[c];
        }
        territories.push_back(std::move(t));
    }
    return {{"objective", ev.objective},
            {"compactness", ev.compactness},
            {"measure", to_string(problem.measure)},
            {"distance_unit", du},
            {"bound", plan.bound},
            {"gap_percent", plan.gap_percent},
            {"bound_optimal", plan.bound_optimal},
            {"relaxed_cut_off_percent", plan.relaxed_cut_off_share * 100},
            {"max_deviation_percent", ev.max_deviation_pct},
            {"feasible", ev.feasible},
            {"contiguous", ev.contiguous},
            {"infeasible", plan.infeasible},
            {"moved_units", design.current.empty() ? nlohmann::json() : nlohmann::json(ev.moved_units)},
            {"moved_weight", design.current.empty() ? nlohmann::json() : nlohmann::json(ev.moved_weight)},
            {"seed", seed},
            {"rounds", plan.rounds},
            {"hit_time_limit", plan.hit_time_limit},
            {"territories", territories}};
}

void log_design(const DesignedPlan& design, const std::vector<TerritoryStats>& stats, const Log& log) {
    if (!log) return;
    const auto& problem = design.problem;
    const auto& plan = design.plan;
    const char* du = measure_unit(problem.measure);
    for (const auto& s : stats) {
        const auto& tl = plan.territories[s.base];
        std::string line = fmt::format("territories: {:<10} {:5} units", design.bases[s.base.value()].id, s.units);
        for (std::size_t c = 0; c < problem.criteria.size(); ++c) {
            line += fmt::format("  {} {:.0f} ({:+.2f} %)", problem.criteria[c].name, tl.load[c], tl.deviation_pct[c]);
        }
        line += fmt::format("  mean {:.1f} {} max {:.1f}  PP {:.2f}{}", s.mean_distance, du, s.max_distance,
                            s.polsby_popper, s.contiguous ? "" : "  NOT CONTIGUOUS");
        log(line);
    }
    const auto& ev = plan.evaluation;
    log(fmt::format("territories: objective {:.6g}, {}, max deviation {:.2f} %{}; {:.1f} s "
                    "({} rounds{}){}",
                    ev.objective, certificate_text(plan.bound, plan.gap_percent, 3), ev.max_deviation_pct,
                    design.current.empty() ? "" : fmt::format(", moved {} units", ev.moved_units),
                    design.seconds, plan.rounds, plan.hit_time_limit ? ", time limit" : "",
                    ev.feasible ? "" : "; NO FEASIBLE PLAN"));
}

} // namespace revir::engine
