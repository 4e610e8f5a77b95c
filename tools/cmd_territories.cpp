#include <memory>

#include "engine/plan/territory_input.hpp"
#include "engine/stages/territories.hpp"
#include "geo/core/error.hpp"
#include "tools/commands.hpp"

namespace revir::tools {

namespace {

void add_inputs(CLI::App* cmd, engine::TerritoriesRequest& r) {
    cmd->add_option("--units", r.units.path, "Units: a units GeoPackage from `revir units`, or any polygon source")->required();
    cmd->add_option("--unit-id", r.units.id, "Unit id field (default: unit_id in a units GeoPackage, else the feature id)");
    cmd->add_option("--unit-layer", r.units.layer, "Units layer (default: the first)");
    cmd->add_option_function<std::string>(
           "--balance", [&r](const std::string& text) { r.settings.balance = engine::parse_balance(text, "--balance"); },
           "Balance criteria FIELD:TOL[,FIELD:TOL], e.g. population:3%")
        ->required();
    cmd->add_option("--bases", r.bases.path, "Bases CSV (id,name,lon,lat[,capacity,locked_units]) or point layer");
    cmd->add_option("--reps", r.settings.free_centres, "No bases: choose K centre units as well (location-allocation), territories T1…TK");
    cmd->add_option("--accounts", r.accounts.path, "Accounts CSV or point layer: adds the weights accounts, potential and workload_min");
    cmd->add_flag("--strict", r.accounts.strict, "Refuse accounts outside every unit instead of attaching them");
    cmd->add_flag("--keep-going", r.accounts.keep_going, "Attach accounts in no unit to the nearest even when their lon/lat look swapped");
    cmd->add_option("--crs", r.bases.crs, "CRS of x,y columns in the bases and accounts CSVs");
    cmd->add_option("--graph", r.graph, "Road graph (.rvg): drive times from the bases");
    cmd->add_flag("--crowfly", r.crowfly, "Straight-line distances instead of drive times");
    cmd->add_flag_callback("--queen", [&r] { r.units.contiguity = geo::Contiguity::queen; },
                           "Queen contiguity (a shared corner is enough)");
    cmd->add_option("--tolerance", r.units.tolerance_m, "Boundaries closer than this touch (metres)")->capture_default_str();
    cmd->add_option("--link-gaps", r.units.link_gaps_m, "Also link units less than this many metres apart");
}

void add_design_options(CLI::App* cmd, engine::TerritoriesRequest& r) {
    auto& s = r.settings;
    cmd->add_option_function<std::string>(
        "--objective",
        [&r](const std::string& name) {
            r.objective = engine::measure_named(name);
            if (!r.objective) throw InputError("--objective '" + name + "': use time, distance or squared");
        },
        "time (drive minutes, needs --graph), distance (km) or squared (km², the Hess objective); "
        "default: time with --graph, else distance");
    cmd->add_option("--objective-weight", s.objective_weight, "Weight of a unit in the objective: a field, or none (default: the first balance field)");
    cmd->add_option("--max-distance", s.max_distance, "Largest distance from base to unit, in the objective's unit (minutes or km)");
    cmd->add_option("--soft", s.soft_penalty, "Make --max-distance soft: this cost per unit of weight and distance beyond it");
    cmd->add_option("--current", r.realignment.current_plan, "Current plan, CSV unit_id,territory_id: realign it");
    auto& limits = r.realignment.limits;
    cmd->add_option_function<std::string>(
        "--max-moved", [&limits](const std::string& text) { limits.max_moved = engine::parse_share(text, "--max-moved"); },
        "Realignment: move at most this share of the units (e.g. 10%)");
    cmd->add_option_function<std::string>(
        "--max-moved-weight",
        [&limits](const std::string& text) { limits.max_moved_weight = engine::parse_share(text, "--max-moved-weight"); },
        "Realignment: move at most this share of the objective weight");
    cmd->add_option("--move-penalty", r.realignment.limits.move_penalty,
                    "Realignment: objective cost per unit of weight moved out of its current territory "
                    "(default: a quarter of the current plan's mean distance)");
    cmd->add_option("--seed", r.seed, "Random seed: the same seed gives the same plan")->capture_default_str();
    cmd->add_option("--time-limit", s.time_limit_s, "Seconds the search may take at most")->capture_default_str();
    cmd->add_option("--rounds", s.rounds, "Perturbation rounds per search (default: 20,000 or the work limit)");
    cmd->add_option("--threads", s.threads, "Independent searches (default: 2 on any machine; they run in parallel on the usable CPUs)");
    cmd->add_option("--max-snap", s.max_snap_m, "Refuse a base farther than this from a road (metres)")->capture_default_str();
    cmd->add_option("--unit-max-snap", s.unit_max_snap_m, "Refuse a unit whose point is farther than this from a road (metres)")
        ->capture_default_str();
}

} // namespace

void add_territories_command(CLI::App& app) {
    auto r = std::make_shared<engine::TerritoriesRequest>();
    auto json = std::make_shared<bool>(false);
    auto* cmd = app.add_subcommand("territories", "Design balanced, contiguous, compact territories around the reps' bases, "
                                                  "with a certified lower bound");
    add_inputs(cmd, *r);
    add_design_options(cmd, *r);
    cmd->add_option("-o,--output", r->output, "Plan GeoPackage to write (styled for QGIS)")->required();
    cmd->add_option("--assignments-csv", r->assignments_csv, "Where to write the assignment CSV (default: next to the output, .csv)");
    cmd->add_flag("--json", *json, "Print a JSON summary on stdout");
    cmd->callback([r, json] {
        r->accounts.crs = r->bases.crs;
        const GracefulStop graceful;
        finish(engine::run_territories(*r, stderr_log()), *json);
    });
}

} // namespace revir::tools
