#include <memory>

#include "engine/stages/export.hpp"
#include "tools/commands.hpp"

namespace revir::tools {

void add_export_command(CLI::App& app) {
    auto r = std::make_shared<engine::ExportRequest>();
    r->units.id = "unit_id";
    auto* cmd = app.add_subcommand("export", "Write a territory plan's map layers (GeoPackage styled for QGIS, GeoJSON, Shapefile) and the CRM table");
    cmd->add_option("--units", r->units.path, "Units (a units GeoPackage from `revir units`, or any polygon source)")->required();
    cmd->add_option("--weight", r->units.weights, "Weight field(s) of the units, comma-separated")->required()->delimiter(',');
    cmd->add_option("--unit-id", r->units.id, "Unit id field")->capture_default_str();
    cmd->add_option("--unit-layer", r->units.layer, "Units layer (default: the first)");
    cmd->add_option("--assignment", r->assignment, "CSV unit_id,territory_id (a base id)")->required();
    cmd->add_option("--bases", r->bases.path, "Bases CSV (id,name,lon,lat[,capacity,locked_units]) or point layer")->required();
    cmd->add_option("--accounts", r->accounts.path, "Accounts CSV (id,lon,lat[,potential,service_minutes,visits,...]) or point layer");
    cmd->add_flag("--strict", r->accounts.strict, "Refuse accounts outside every unit instead of attaching them to the nearest");
    cmd->add_flag("--keep-going", r->accounts.keep_going, "Attach accounts in no unit to the nearest even when their lon/lat look swapped");
    cmd->add_option("--crs", r->bases.crs, "CRS of x,y columns in the bases and accounts CSVs");
    cmd->add_option("-o,--output", r->output, "GeoPackage to write (or a folder for geojson/shapefile)")->required();
    cmd->add_option("--format", r->format, "gpkg, geojson or shapefile")->capture_default_str()
        ->check(CLI::IsMember({"gpkg", "geojson", "shapefile"}));
    cmd->add_option("--assignments-csv", r->assignments_csv, "Also write account_id,unit_id,territory_id,rep_id,rep_name");
    cmd->callback([r] {
        r->accounts.crs = r->bases.crs;
        finish(engine::run_export(*r, stderr_log()), false);
    });
}

} // namespace revir::tools
