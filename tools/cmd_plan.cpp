#include <cstdio>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/plan/plan_pipeline.hpp"
#include "geo/core/error.hpp"
#include "geo/core/output_folder.hpp"
#include "tools/commands.hpp"

namespace revir::tools {

namespace {
struct PlanCommandConfig {
    std::string config;
    std::string output;
    std::vector<std::string> overrides;
    bool json = false;
};

void print_summary(const nlohmann::json& s, const std::string& folder) {
    std::printf("Plan written to %s/\n", folder.c_str());
    std::printf("  %s  %s  %s  %s\n", engine::kPlanGeoPackage, engine::kAssignmentsCsv, engine::kReportHtml,
                engine::kManifestJson);
    std::printf("Objective %.6g, bound %.6g, gap %.2f %%, largest deviation %.2f %%, %s, %s\n",
                s["objective"].get<double>(), s["bound"].get<double>(), s["gap_percent"].get<double>(),
                s["max_deviation_percent"].get<double>(), s["feasible"].get<bool>() ? "feasible" : "NOT FEASIBLE",
                s["contiguous"].get<bool>() ? "contiguous" : "NOT CONTIGUOUS");
    for (const auto& t : s["territories"]) {
        std::string line = fmt::format("  {:<8} {:<18} {:4} units {:5} accounts", t["territory_id"].get<std::string>(),
                                       t["rep_name"].get<std::string>(), t["units"].get<std::size_t>(),
                                       t["accounts"].get<std::size_t>());
        for (const auto& [name, dev] : t["deviation_percent"].items()) {
            line += fmt::format("  {} {:+.2f} %", name, dev.get<double>());
        }
        if (t.contains("visits")) {
            const auto& v = t["visits"];
            line += fmt::format("  {} visits, day {:.0f}/{:.0f} min", v["visits"].get<std::size_t>(),
                                v["mean_day_min"].get<double>(), v["max_day_min"].get<double>());
        }
        std::printf("%s\n", line.c_str());
    }
    std::printf("Visits %zu, unscheduled %zu\n", s["visits"].get<std::size_t>(), s["unscheduled"].get<std::size_t>());
}

void run_plan_command(const PlanCommandConfig& command) {
    const auto config = engine::read_plan_config(command.config, command.overrides, command.output);
    geo::StagedFolder folder(config.output, engine::kManifestJson, "\"program\": \"revir");
    std::fprintf(stderr, "plan: %s → %s\n", config.file.c_str(), folder.path().c_str());
    const auto outcome = engine::run_plan(config, folder.staging(),
                                          [](const std::string& line) { std::fprintf(stderr, "plan: %s\n", line.c_str()); });
    folder.commit();
    const auto summary = engine::plan_summary(config, outcome);
    if (command.json) {
        std::printf("%s\n", summary.dump(2).c_str());
    } else {
        print_summary(summary, folder.path());
    }
    double total = 0;
    for (const auto& s : outcome.stages) total += s.seconds;
    std::fprintf(stderr, "plan: done in %.1f s; open %s/%s\n", total, folder.path().c_str(), engine::kReportHtml);
    engine::require_feasible(outcome.plan);
}
} // namespace

void add_plan_command(CLI::App& app) {
    auto config = std::make_shared<PlanCommandConfig>();
    auto* cmd = app.add_subcommand("plan",
                                   "From raw data to a finished plan in one folder: road graph, units, territories, "
                                   "visit routes, plan.gpkg, assignments.csv, report.html, manifest.json");
    cmd->add_option("config", config->config, "Plan configuration (YAML; see maps/sample/plan.yaml)")->required();
    cmd->add_option("-o,--output", config->output, "Output folder (instead of the configuration's output)");
    cmd->add_option("--set", config->overrides,
                    "Change a setting: KEY=VALUE with a dotted key, e.g. --set seed=2 --set territories.time_limit=20")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    cmd->add_flag("--json", config->json, "Print the summary as JSON on stdout");
    cmd->callback([config] { run_plan_command(*config); });
}

} // namespace revir::tools
