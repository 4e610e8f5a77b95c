#pragma once
// What every stage hands back to its front end (the command line, the server):
// a machine-readable summary, the text a person reads on stdout when no JSON is
// asked for, and why a plan misses a constraint (its outputs are written all the
// same, so the front end reports that after printing).
#include <string>

#include <nlohmann/json.hpp>

#include "geo/core/progress.hpp"

namespace revir::engine {

struct StageReport {
    nlohmann::json summary = nlohmann::json::object();
    std::string text;       // for stdout without --json; may be empty
    std::string infeasible; // not empty: the plan misses a constraint, and why
};

/// Default for --max-snap: points farther than this from any road are refused.
inline constexpr double kDefaultMaxSnapM = 1000.0;

} // namespace revir::engine
