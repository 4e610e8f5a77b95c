#pragma once
// `revir plan` as a stage: the configuration read and checked, every stage of
// engine/plan run into a staging folder that replaces the output folder whole,
// and the plan's summary.
#include <string>
#include <vector>

#include "engine/stages/stage.hpp"

namespace revir::engine {

struct PlanRequest {
    std::string config;                 // YAML
    std::string output;                 // empty: the configuration's
    std::vector<std::string> overrides; // KEY=VALUE with dotted keys
};
StageReport run_plan_folder(const PlanRequest& request, const Log& log);

} // namespace revir::engine
