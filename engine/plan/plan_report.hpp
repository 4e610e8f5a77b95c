#pragma once
// report.html: one self-contained page (no scripts, no external files) that a
// planner can open or mail: a map of the territories, bases, accounts and routes
// as inline SVG drawn from the plan's geometries, the per-territory scorecard
// (loads and deviation per criterion, drive times, compactness, accounts, visit
// days), the objective with its bound and gap, what the input needed (repaired
// units, orphaned accounts, linked islands), the unscheduled visits and what a
// realignment moved.
#include <string>

#include "engine/plan/plan_config.hpp"
#include "engine/plan/plan_pipeline.hpp"

namespace revir::engine {

void write_plan_report(const PlanConfig& config, const PlanOutcome& outcome, const std::string& path);

} // namespace revir::engine
