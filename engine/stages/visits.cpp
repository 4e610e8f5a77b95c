#include "engine/stages/visits.hpp"

#include <optional>

#include <fmt/format.h>

#include "engine/vrp/vrp_files.hpp"
#include "engine/plan/plan_export.hpp"
#include "engine/plan/plan_reader.hpp"
#include "engine/visits/territory_visits.hpp"
#include "engine/vrp/vrp_solution.hpp"
#include "engine/vrp/vrp_solver.hpp"
#include "engine/plan/limits.hpp"
#include "geo/core/atomic_output.hpp"
#include "geo/core/error.hpp"
#include "geo/core/time_text.hpp"
#include "routing/graph_file/graph_file.hpp"

namespace revir::engine {

namespace {

VisitSettings settings_of(const VisitsRequest& request) {
    require_within(std::uint64_t{request.days}, limits::kDays, "--days");
    require_within(std::uint64_t{request.first_weekday}, limits::kFirstWeekday, "--first-weekday");
    require_within(request.time_limit_s, limits::kTimeLimit, "--time-limit");
    require_within(request.max_snap_m, limits::kMaxSnap, "--max-snap");
    VisitSettings s;
    s.shift_min = parse_duration_minutes(request.shift, "--shift");
    s.shift_start_min = parse_clock_minutes(request.shift_start, "--shift-start");
    s.days = request.days;
    s.first_weekday = request.first_weekday;
    s.seed = request.seed;
    s.time_limit_s = request.time_limit_s;
    s.max_snap_m = request.max_snap_m;
    return s;
}

nlohmann::json rep_summary(const geo::Base& base, const RepVisits& rep, const std::vector<geo::Account>& accounts,
                           const Log& log) {
    const auto& p = rep.plan;
    nlohmann::json missing = nlohmann::json::array();
    for (const auto& u : p.unscheduled) {
        const auto& a = accounts[rep.accounts[u.account]];
        say(log, fmt::format("visits: {}: account {} not scheduled: {}", base.id, a.id, u.reason));
        missing.push_back({{"account_id", a.id}, {"reason", u.reason}});
    }
    say(log, fmt::format("visits: {}: {} accounts, {} days used, day {:.0f} min mean / {:.0f} max (ratio {:.2f}), "
                         "{:.0f} min driving, {} unscheduled{}",
                         base.id, rep.accounts.size(), p.days_used, p.mean_day_min, p.max_day_min, p.balance_ratio(),
                         p.drive_min, p.unscheduled.size(), p.hit_time_limit ? " (time limit)" : ""));
    return {{"territory_id", base.id},         {"rep_name", base.name},
            {"accounts", rep.accounts.size()}, {"days_used", p.days_used},
            {"mean_day_min", p.mean_day_min},  {"max_day_min", p.max_day_min},
            {"balance_ratio", p.balance_ratio()}, {"drive_min", p.drive_min},
            {"hit_time_limit", p.hit_time_limit}, {"unscheduled", missing}};
}

} // namespace

StageReport run_visits(const VisitsRequest& request, const Log& log) {
    const auto settings = settings_of(request);
    geo::require_extension({"-o", request.output}, {".gpkg"}, "a plan GeoPackage with visits");
    geo::OutputSet outputs({{"--plan", request.plan}, {"--accounts", request.accounts}, {"--graph", request.graph}});
    const auto output = outputs.reserve({"-o", request.output});
    auto plan = read_plan_geopackage(request.plan);
    geo::PointRecordOptions point_options;
    point_options.source_crs = request.accounts_crs;
    auto accounts = geo::read_accounts(request.accounts, point_options);
    geo::LocateReport located;
    geo::locate_accounts(plan.units, accounts, false, located);
    std::optional<routing::ContractionHierarchy> hierarchy;
    const auto graph = routing::read_graph_file(request.graph, hierarchy);
    nlohmann::json reps = nlohmann::json::array();
    const auto result = plan_territory_visits(graph, hierarchy ? &*hierarchy : nullptr, plan.bases, plan.territory_of_unit,
                                              accounts, settings, [&](const RepVisits& rep) {
                                                  reps.push_back(rep_summary(plan.bases[rep.territory.value()], rep, accounts, log));
                                              });
    PlanLayers layers;
    layers.units = &plan.units;
    layers.bases = &plan.bases;
    layers.accounts = &accounts;
    layers.adjacency = &plan.adjacency;
    layers.territory_of_unit = plan.territory_of_unit;
    layers.visits = &result.visits;
    layers.routes = &result.routes;
    write_plan_geopackage(layers, territory_stats(layers), output);
    outputs.commit();
    say(log, fmt::format("visits: {} visits on {} rep-days, {} accounts unscheduled; wrote {}", result.visits.size(),
                         result.routes.size(), result.unscheduled(), request.output));
    StageReport report;
    report.summary = {{"days", request.days},
                      {"shift_min", settings.shift_min},
                      {"visits", result.visits.size()},
                      {"unscheduled", result.unscheduled()},
                      {"reps", reps}};
    return report;
}

StageReport run_vrp(const VrpRequest& request, const Log& log) {
    require_within(request.time_limit_s, limits::kTimeLimit, "--time-limit");
    require_within(request.iterations, limits::kIterations, "--iterations");
    require_within(std::uint64_t{request.threads}, limits::kThreads, "--threads");
    geo::OutputSet outputs({{"the instance", request.instance}});
    std::string output;
    if (!request.output.empty()) {
        geo::require_extension({"-o", request.output}, {".sol", ".txt"}, "a CVRPLIB solution");
        output = outputs.reserve({"-o", request.output});
    }
    const auto instance = engine::read_vrp_instance(request.instance);
    say(log, fmt::format("vrp: {}, {} customers, capacity {}{}", instance.name, instance.customer_count(), instance.capacity,
                         instance.has_time_windows() ? ", time windows" : ""));
    VrpOptions options;
    options.time_limit_s = request.time_limit_s;
    options.iterations = request.iterations;
    options.seed = request.seed;
    options.threads = request.threads;
    const auto result = solve_vrp(instance, options);
    const auto problems = check_vrp_solution(instance, result.solution);
    for (const auto& p : problems) say(log, "vrp: not feasible: " + p);
    const double cost = static_cast<double>(result.solution.cost) * instance.cost_unit;
    say(log, fmt::format("vrp: {} routes, cost {:.1f}, {} iterations in {:.1f} s{}", result.solution.routes.size(), cost,
                         result.iterations, result.seconds, result.hit_time_limit ? " (time limit)" : ""));
    StageReport report;
    const std::string text = format_vrp_solution(instance, result.solution);
    if (!request.output.empty()) {
        geo::AtomicOutput file(output);
        file.stream() << text;
        file.commit();
        outputs.commit();
    } else {
        report.text = text;
    }
    report.summary = {{"instance", instance.name},   {"customers", instance.customer_count()},
                      {"cost", cost},                {"routes", result.solution.routes},
                      {"feasible", problems.empty()}, {"iterations", result.iterations},
                      {"seconds", result.seconds},   {"hit_time_limit", result.hit_time_limit}};
    if (!problems.empty()) report.infeasible = "vrp: no feasible solution found (" + problems.front() + ")";
    return report;
}

} // namespace revir::engine
