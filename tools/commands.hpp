#pragma once
// The `revir` subcommands. Each binds its options to a stage's request struct and
// runs that one stage (engine/stages); what the stage reports is printed here,
// the human lines on stderr and the results on stdout.
#include <CLI/CLI.hpp>

#include "engine/stages/stage.hpp"
#include "geo/core/interrupt.hpp"

namespace revir::tools {

void add_graph_commands(CLI::App& app); // import, contract, import-dimacs, info
void add_query_commands(CLI::App& app); // route, matrix, isochrone
void add_units_command(CLI::App& app);
void add_territories_command(CLI::App& app);
void add_export_command(CLI::App& app);
void add_visits_commands(CLI::App& app); // visits, vrp
void add_plan_command(CLI::App& app);
void add_serve_command(CLI::App& app); // serve

/// The commands that keep a best result while they work (territories, plan,
/// visits, vrp) hold a GracefulStop while they run: a first Ctrl-C or SIGTERM
/// ends them as at their time limit, with every output written, and revir exits
/// 130; a second stops at once. Work with nothing to keep yet (a graph import or
/// hierarchy) stops at the first (Interrupted, also 130, nothing written).
using revir::GracefulStop;

/// The stage's lines on stderr.
Log stderr_log();

/// Prints the report (the summary as JSON when asked, else its text) and throws
/// NoFeasiblePlan when the stage says the plan misses a constraint.
void finish(const engine::StageReport& report, bool json);

} // namespace revir::tools
