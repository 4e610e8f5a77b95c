#include <memory>

#include "engine/stages/plan.hpp"
#include "tools/commands.hpp"

namespace revir::tools {

void add_plan_command(CLI::App& app) {
    auto r = std::make_shared<engine::PlanRequest>();
    auto json = std::make_shared<bool>(false);
    auto* cmd = app.add_subcommand("plan",
                                   "From raw data to a finished plan in one folder: road graph, units, territories, "
                                   "visit routes, plan.gpkg, assignments.csv, report.html, manifest.json");
    cmd->add_option("config", r->config, "Plan configuration (YAML; see maps/sample/plan.yaml)")->required();
    cmd->add_option("-o,--output", r->output, "Output folder (instead of the configuration's output)");
    cmd->add_option("--set", r->overrides,
                    "Change a setting: KEY=VALUE with a dotted key, e.g. --set seed=2 --set territories.time_limit=20")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    cmd->add_flag("--json", *json, "Print the summary as JSON on stdout");
    cmd->callback([r, json] {
        const GracefulStop graceful;
        finish(engine::run_plan_folder(*r, stderr_log()), *json);
    });
}

} // namespace revir::tools
