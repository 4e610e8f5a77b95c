#pragma once
// The `revir` subcommands. Each registers its options on the CLI11 app and calls
// one library function when run; no algorithm lives in tools/.
#include <CLI/CLI.hpp>

namespace revir::tools {

void add_import_command(CLI::App& app);
void add_contract_command(CLI::App& app);
void add_import_dimacs_command(CLI::App& app);
void add_info_command(CLI::App& app);
void add_route_command(CLI::App& app);
void add_matrix_command(CLI::App& app);
void add_isochrone_command(CLI::App& app);
void add_units_command(CLI::App& app);
void add_territories_command(CLI::App& app);
void add_export_command(CLI::App& app);
void add_vrp_command(CLI::App& app);
void add_visits_command(CLI::App& app);
void add_plan_command(CLI::App& app);

/// Default for --max-snap: points farther than this from any road are refused.
inline constexpr double kDefaultMaxSnapM = 1000.0;

} // namespace revir::tools
