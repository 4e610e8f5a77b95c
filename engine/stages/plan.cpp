#include "engine/stages/plan.hpp"

#include <limits>

#include <fmt/format.h>

#include "engine/plan/plan_pipeline.hpp"
#include "engine/territory/territory_bound.hpp"
#include "geo/core/atomic_output.hpp"
#include "geo/core/output_folder.hpp"

namespace revir::engine {

namespace {

std::string territory_line(const nlohmann::json& t) {
    std::string line = fmt::format("  {:<8} {:<18} {:4} units {:5} accounts", t["territory_id"].get<std::string>(),
                                   t["rep_name"].get<std::string>(), t["units"].get<std::size_t>(),
                                   t["accounts"].get<std::size_t>());
    for (const auto& [name, dev] : t["deviation_percent"].items()) line += fmt::format("  {} {:+.2f} %", name, dev.get<double>());
    if (t.contains("visits")) {
        const auto& v = t["visits"];
        line += fmt::format("  {} visits, day {:.0f}/{:.0f} min", v["visits"].get<std::size_t>(),
                            v["mean_day_min"].get<double>(), v["max_day_min"].get<double>());
    }
    return line + "\n";
}

std::string summary_text(const nlohmann::json& s, const std::string& folder) {
    std::string text = fmt::format("Plan written to {}/\n  {}  {}  {}  {}\n", folder, kPlanGeoPackage, kAssignmentsCsv,
                                   kReportHtml, kManifestJson);
    // A missing certificate is null in the JSON.
    const auto number = [](const nlohmann::json& v) {
        return v.is_number() ? v.get<double>() : std::numeric_limits<double>::infinity();
    };
    text += fmt::format("Objective {:.6g}, {}, largest deviation {:.2f} %, {}, {}\n", s["objective"].get<double>(),
                        engine::certificate_text(number(s["bound"]), number(s["gap_percent"]), 2),
                        s["max_deviation_percent"].get<double>(), s["feasible"].get<bool>() ? "feasible" : "NOT FEASIBLE",
                        s["contiguous"].get<bool>() ? "contiguous" : "NOT CONTIGUOUS");
    for (const auto& t : s["territories"]) text += territory_line(t);
    return text + fmt::format("Visits {}, unscheduled {}\n", s["visits"].get<std::size_t>(), s["unscheduled"].get<std::size_t>());
}

} // namespace

StageReport run_plan_folder(const PlanRequest& request, const Log& log) {
    const auto config = read_plan_config(request.config, request.overrides, request.output);
    geo::refuse_inputs_inside({"the output folder", config.output},
                              {{"the configuration", config.file},
                               {"inputs.osm", config.osm},
                               {"inputs.profile", config.profile.find('/') != std::string::npos ? config.profile : ""},
                               {"inputs.units", config.units.path},
                               {"inputs.accounts", config.accounts.path},
                               {"inputs.bases", config.bases.path},
                               {"inputs.current_plan", config.current_plan}});
    geo::StagedFolder folder(config.output, kManifestJson, "\"program\": \"revir");
    say(log, fmt::format("plan: {} → {}", config.file, folder.path()));
    const Log plan_log = log ? Log([&](const std::string& line) { log("plan: " + line); }) : Log();
    const auto outcome = run_plan(config, folder.staging(), plan_log);
    folder.commit();
    StageReport report;
    report.summary = plan_summary(config, outcome);
    report.text = summary_text(report.summary, folder.path());
    double total = 0;
    for (const auto& s : outcome.stages) total += s.seconds;
    say(log, fmt::format("plan: done in {:.1f} s; open {}/{}", total, folder.path(), kReportHtml));
    report.infeasible = infeasibility(outcome.design.plan);
    return report;
}

} // namespace revir::engine
