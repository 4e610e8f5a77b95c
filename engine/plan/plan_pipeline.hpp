#pragma once
// `revir plan` end to end: road graph (imported and contracted, or reused when its
// fingerprint matches the extract and profile) → units and adjacency → accounts
// and bases → territory design (or realignment of a current plan) → visit plans →
// the outputs (plan.gpkg, assignments.csv, report.html, manifest.json), all
// written into one folder that the caller swaps into place when everything is done.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/plan/design.hpp"
#include "engine/plan/inputs.hpp"
#include "engine/plan/plan_config.hpp"
#include "engine/plan/plan_export.hpp"
#include "engine/visits/territory_visits.hpp"
#include "geo/digest/file_digest.hpp"

namespace revir::engine {

struct PlanStage {
    std::string name;
    double seconds = 0;
};

/// Everything a plan run produced, for the report, the manifest and the summary.
struct PlanOutcome {
    geo::FileDigest osm_digest; // of the extract, taken once for the fingerprint and the manifest
    std::string graph_path;
    bool graph_reused = false;
    std::size_t graph_nodes = 0;
    MapInputs map;
    DesignedPlan design;
    std::vector<engine::TerritoryStats> stats;
    TerritoryVisits visits;
    std::vector<PlanStage> stages;
};

/// Names of the files a run writes into its folder.
inline constexpr const char* kPlanGeoPackage = "plan.gpkg";
inline constexpr const char* kAssignmentsCsv = "assignments.csv";
inline constexpr const char* kReportHtml = "report.html";
inline constexpr const char* kManifestJson = "manifest.json";
inline constexpr const char* kRoadGraph = "road-graph.rvg";

/// Runs every stage, writing into `folder` (a staging folder; config.output is
/// only read, for a graph to reuse). `log` gets one line per stage step.
/// Throws InputError for bad input and NoFeasiblePlan (after writing) when the
/// constraints admit no plan.
PlanOutcome run_plan(const PlanConfig& config, const std::string& folder, const Log& log);

/// The short machine-readable summary: scorecard, objective, bound, gap, visits, timings.
nlohmann::json plan_summary(const PlanConfig& config, const PlanOutcome& outcome);

} // namespace revir::engine
