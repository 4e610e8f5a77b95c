#include <memory>

#include "engine/stages/visits.hpp"
#include "tools/commands.hpp"

namespace revir::tools {

void add_visits_commands(CLI::App& app) {
    auto r = std::make_shared<engine::VisitsRequest>();
    auto json = std::make_shared<bool>(false);
    auto* cmd = app.add_subcommand("visits", "Periodic visit plan per rep: visit days, daily routes from the base, balanced days");
    cmd->add_option("--plan", r->plan, "Plan GeoPackage from revir territories")->required()->check(CLI::ExistingFile);
    cmd->add_option("--accounts", r->accounts, "Accounts CSV (id,lon,lat[,service_minutes,visits,weekdays,open,close]) or point layer")
        ->required();
    cmd->add_option("--accounts-crs", r->accounts_crs, "CRS of x,y columns in the accounts CSV");
    cmd->add_option("--graph", r->graph, "Road graph (.rvg, with a hierarchy for speed)")->required();
    cmd->add_option("--days", r->days, "Working days in the horizon (5 a week)")->capture_default_str();
    cmd->add_option("--shift", r->shift, "Shift length including driving (8h, 7h30, 450m)")->capture_default_str();
    cmd->add_option("--shift-start", r->shift_start, "When the shift starts (HH:MM)")->capture_default_str();
    cmd->add_option("--first-weekday", r->first_weekday, "Weekday of day 1 (1 = Monday … 5 = Friday)")->capture_default_str();
    cmd->add_option("--seed", r->seed, "Random seed")->capture_default_str();
    cmd->add_option("--time-limit", r->time_limit_s, "Seconds per rep at most (past it, days keep their insertion order)")
        ->capture_default_str();
    cmd->add_option("--max-snap", r->max_snap_m,
                    "Refuse a base farther than this from a road, and leave an account that far unscheduled (metres)")
        ->capture_default_str();
    cmd->add_option("-o,--output", r->output, "GeoPackage to write (plan layers plus visits and routes)")->required();
    cmd->add_flag("--json", *json, "Print a JSON summary per rep on stdout");
    cmd->callback([r, json] {
        const GracefulStop graceful;
        finish(engine::run_visits(*r, stderr_log()), *json);
    });

    auto vrp = std::make_shared<engine::VrpRequest>();
    auto vrp_json = std::make_shared<bool>(false);
    cmd = app.add_subcommand("vrp", "Solve a CVRPLIB (.vrp) or Solomon (.txt) routing instance; prints a .sol");
    cmd->add_option("instance", vrp->instance, "Instance file")->required()->check(CLI::ExistingFile);
    cmd->add_option("--time-limit", vrp->time_limit_s, "Seconds at most")->capture_default_str();
    cmd->add_option("--iterations", vrp->iterations,
                    "Ruin-and-recreate iterations per search (0: 1,000 per customer); the same seed and iterations give "
                    "the same solution unless the time limit comes first")
        ->capture_default_str();
    cmd->add_option("--seed", vrp->seed, "Random seed")->capture_default_str();
    cmd->add_option("--threads", vrp->threads, "Threads for the two searches (0: every usable CPU)")->capture_default_str();
    cmd->add_option("-o,--output", vrp->output, "Write the .sol here instead of stdout");
    cmd->add_flag("--json", *vrp_json, "Print a JSON summary (cost, routes, feasible, iterations) on stdout");
    cmd->callback([vrp, vrp_json] {
        const GracefulStop graceful;
        finish(engine::run_vrp(*vrp, stderr_log()), *vrp_json);
    });
}

} // namespace revir::tools
