#include <memory>

#include "engine/stages/territories.hpp"
#include "tools/commands.hpp"

namespace revir::tools {

void add_units_command(CLI::App& app) {
    auto r = std::make_shared<engine::UnitsRequest>();
    auto json = std::make_shared<bool>(false);
    auto& u = r->units;
    auto* cmd = app.add_subcommand("units", "Read census units (any OGR polygon source), repair them, compute adjacency");
    cmd->add_option("input", u.path, "Shapefile, GeoPackage, GeoJSON or CSV with WKT")->required();
    cmd->add_option("-o,--output", r->output, "Units GeoPackage to write")->required();
    cmd->add_option("--weight", u.weights, "Weight field(s), comma-separated")->required()->delimiter(',');
    cmd->add_option("--id", u.id, "Unit id field (default: the feature id)");
    cmd->add_option("--name", u.name, "Unit name field");
    cmd->add_option("--layer", u.layer, "Layer name (default: the first layer)");
    cmd->add_option("--crs", u.crs, "CRS of the input when the file has none or a wrong one, e.g. EPSG:3879");
    cmd->add_flag_callback("--queen", [r] { r->units.contiguity = geo::Contiguity::queen; },
                           "Queen contiguity (a shared point is enough) instead of rook");
    cmd->add_option("--tolerance", u.tolerance_m, "Boundaries closer than this touch (metres)")->capture_default_str();
    cmd->add_option("--link-gaps", u.link_gaps_m, "Also link units less than this many metres apart (grids without their empty cells)");
    cmd->add_flag("--missing-weight-as-zero", u.missing_weight_as_zero,
                  "Take a missing, non-numeric, negative or NaN weight as 0 instead of failing");
    cmd->add_option("--accounts", r->accounts.path,
                    "Accounts CSV (id,lon,lat or x,y; potential, service_minutes, visits, ...) or point layer: "
                    "located in units and added as weights accounts, potential, workload_min");
    cmd->add_option("--accounts-crs", r->accounts.crs, "CRS of the accounts' x,y columns");
    cmd->add_flag("--strict", r->accounts.strict, "Refuse accounts in no unit instead of attaching them to the nearest");
    cmd->add_flag("--keep-going", r->accounts.keep_going, "Attach accounts in no unit to the nearest even when their lon/lat look swapped");
    cmd->add_flag("--json", *json, "Print the report as JSON on stdout");
    cmd->callback([r, json] { finish(engine::run_units(*r, stderr_log()), *json); });
}

} // namespace revir::tools
