#include <cstdio>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "engine/visits/territory_visits.hpp"
#include "geo/core/time_text.hpp"
#include "geo/core/error.hpp"
#include "engine/plan/plan_export.hpp"
#include "engine/plan/plan_reader.hpp"
#include "routing/graph_file/graph_file.hpp"
#include "tools/commands.hpp"

namespace revir::tools {

namespace {
struct VisitsConfig {
    std::string plan;
    std::string accounts;
    std::string accounts_crs;
    std::string graph;
    unsigned days = 20;
    std::string shift = "8h";
    std::string shift_start = "08:00";
    unsigned first_weekday = 1;
    std::uint64_t seed = 1;
    double time_limit_s = 60;
    double max_snap_m = kDefaultMaxSnapM;
    std::string output;
    bool json = false;
};

void run_visits(const VisitsConfig& config) {
    engine::VisitSettings settings;
    settings.shift_min = revir::parse_duration_minutes(config.shift, "--shift");
    settings.shift_start_min = revir::parse_clock_minutes(config.shift_start, "--shift-start");
    settings.days = config.days;
    settings.first_weekday = config.first_weekday;
    settings.seed = config.seed;
    settings.time_limit_s = config.time_limit_s;
    settings.max_snap_m = config.max_snap_m;
    if (config.days == 0) throw InputError("--days must be at least 1");
    if (config.first_weekday < 1 || config.first_weekday > 5) throw InputError("--first-weekday is 1 (Monday) to 5 (Friday)");
    auto plan = engine::read_plan_geopackage(config.plan);
    geo::PointRecordOptions point_options;
    point_options.source_crs = config.accounts_crs;
    auto accounts = geo::read_accounts(config.accounts, point_options);
    if (accounts.empty()) throw InputError(config.accounts + ": no accounts");
    geo::LocateReport located;
    geo::locate_accounts(plan.units, accounts, false, located);
    std::optional<routing::ContractionHierarchy> hierarchy;
    const auto graph = routing::read_graph_file(config.graph, hierarchy);

    nlohmann::json reps = nlohmann::json::array();
    const auto result = engine::plan_territory_visits(
        graph, hierarchy ? &*hierarchy : nullptr, plan.bases, plan.territory_of_unit, accounts, settings,
        [&](const engine::RepVisits& rep) {
            const auto& base = plan.bases[rep.territory];
            const auto& p = rep.plan;
            nlohmann::json missing = nlohmann::json::array();
            for (const auto& u : p.unscheduled) {
                const auto& a = accounts[rep.accounts[u.account]];
                std::fprintf(stderr, "visits: %s: account %s not scheduled: %s\n", base.id.c_str(), a.id.c_str(),
                             u.reason.c_str());
                missing.push_back({{"account_id", a.id}, {"reason", u.reason}});
            }
            std::fprintf(stderr,
                         "visits: %s: %zu accounts, %u days used, day %.0f min mean / %.0f max (ratio %.2f), %.0f min "
                         "driving, %zu unscheduled%s\n",
                         base.id.c_str(), rep.accounts.size(), p.days_used, p.mean_day_min, p.max_day_min,
                         p.balance_ratio(), p.drive_min, p.unscheduled.size(), p.hit_time_limit ? " (time limit)" : "");
            reps.push_back({{"territory_id", base.id},
                            {"rep_name", base.name},
                            {"accounts", rep.accounts.size()},
                            {"days_used", p.days_used},
                            {"mean_day_min", p.mean_day_min},
                            {"max_day_min", p.max_day_min},
                            {"balance_ratio", p.balance_ratio()},
                            {"drive_min", p.drive_min},
                            {"hit_time_limit", p.hit_time_limit},
                            {"unscheduled", missing}});
        });
    engine::PlanLayers layers;
    layers.units = &plan.units;
    layers.bases = &plan.bases;
    layers.accounts = &accounts;
    layers.territory_of_unit = plan.territory_of_unit;
    layers.visits = &result.visits;
    layers.routes = &result.routes;
    engine::write_plan_geopackage(layers, engine::territory_stats(layers), config.output);
    std::fprintf(stderr, "visits: %zu visits on %zu rep-days, %zu accounts unscheduled; wrote %s\n", result.visits.size(),
                 result.routes.size(), result.unscheduled(), config.output.c_str());
    if (config.json) {
        const nlohmann::json summary = {{"days", config.days},       {"shift_min", settings.shift_min},
                                        {"visits", result.visits.size()}, {"unscheduled", result.unscheduled()},
                                        {"reps", reps}};
        std::printf("%s\n", summary.dump(2).c_str());
    }
}
} // namespace

void add_visits_command(CLI::App& app) {
    auto config = std::make_shared<VisitsConfig>();
    auto* cmd = app.add_subcommand("visits", "Periodic visit plan per rep: visit days, daily routes from the base, balanced days");
    cmd->add_option("--plan", config->plan, "Plan GeoPackage from revir territories")->required()->check(CLI::ExistingFile);
    cmd->add_option("--accounts", config->accounts,
                    "Accounts CSV (id,lon,lat[,service_minutes,visits,weekdays,open,close]) or point layer")
        ->required();
    cmd->add_option("--accounts-crs", config->accounts_crs, "CRS of x,y columns in the accounts CSV");
    cmd->add_option("--graph", config->graph, "Road graph (.rvg, with a hierarchy for speed)")->required();
    cmd->add_option("--days", config->days, "Working days in the horizon (5 a week)")->capture_default_str();
    cmd->add_option("--shift", config->shift, "Shift length including driving (8h, 7h30, 450m)")->capture_default_str();
    cmd->add_option("--shift-start", config->shift_start, "When the shift starts (HH:MM)")->capture_default_str();
    cmd->add_option("--first-weekday", config->first_weekday, "Weekday of day 1 (1 = Monday … 5 = Friday)")->capture_default_str();
    cmd->add_option("--seed", config->seed, "Random seed")->capture_default_str();
    cmd->add_option("--time-limit", config->time_limit_s,
                    "Seconds per rep at most (past it, days keep their insertion order)")
        ->capture_default_str();
    cmd->add_option("--max-snap", config->max_snap_m, "Refuse a base farther than this from a road, and leave an account that far unscheduled (metres)")
        ->capture_default_str();
    cmd->add_option("-o,--output", config->output, "GeoPackage to write (plan layers plus visits and routes)")->required();
    cmd->add_flag("--json", config->json, "Print a JSON summary per rep on stdout");
    cmd->callback([config] { run_visits(*config); });
}

} // namespace revir::tools
