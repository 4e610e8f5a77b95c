#include <cstdio>
#include <filesystem>
#include <memory>

#include "engine/plan/plan_export.hpp"
#include "tools/commands.hpp"

namespace revir::tools {

namespace {
struct ExportConfig {
    std::string units;
    std::vector<std::string> weights;
    std::string unit_id = "unit_id";
    std::string unit_layer;
    std::string assignment;
    std::string bases;
    std::string accounts;
    std::string crs;
    std::string output;
    std::string format = "gpkg";
    std::string assignments_csv;
    bool strict = false;
};

void run_export(const ExportConfig& config) {
    geo::UnitOptions unit_options;
    unit_options.weight_fields = config.weights;
    unit_options.id_field = config.unit_id;
    unit_options.layer = config.unit_layer;
    geo::UnitLoadReport load;
    auto units = geo::read_units(config.units, unit_options, load);
    geo::PointRecordOptions point_options;
    point_options.source_crs = config.crs;
    auto bases = geo::read_bases(config.bases, point_options);
    geo::locate_bases(units, bases);
    std::vector<geo::Account> accounts;
    if (!config.accounts.empty()) {
        accounts = geo::read_accounts(config.accounts, point_options);
        geo::LocateReport located;
        geo::locate_accounts(units, accounts, config.strict, located);
        std::fprintf(stderr, "export: %zu accounts, %zu orphans attached to their nearest unit\n", accounts.size(),
                     located.orphans.size());
        geo::add_account_weights(units, accounts);
    }
    geo::AdjacencyReport adjacency_report;
    const auto adjacency = geo::compute_adjacency(units, {}, adjacency_report);
    engine::PlanLayers plan;
    plan.units = &units;
    plan.bases = &bases;
    plan.accounts = config.accounts.empty() ? nullptr : &accounts;
    plan.adjacency = &adjacency;
    plan.territory_of_unit = engine::read_unit_assignment(config.assignment, units, bases);
    const auto territories = engine::territory_stats(plan);

    if (config.format == "gpkg") {
        engine::write_plan_geopackage(plan, territories, config.output);
    } else {
        // Through a temporary GeoPackage, then one file per layer in the output folder.
        const auto temporary = config.output + ".export.gpkg";
        engine::write_plan_geopackage(plan, territories, temporary);
        try {
            engine::translate_plan(temporary, config.output, config.format);
        } catch (...) {
            std::filesystem::remove(temporary);
            throw;
        }
        std::filesystem::remove(temporary);
    }
    if (!config.assignments_csv.empty()) engine::write_assignment_csv(plan, config.assignments_csv);
    for (const auto& t : territories) {
        std::fprintf(stderr, "export: %-10s %4zu units", bases[t.base].id.c_str(), t.units);
        for (std::size_t k = 0; k < t.load.size(); ++k) {
            std::fprintf(stderr, "  %s %.0f (%+.1f %%)", units.weight_names[k].c_str(), t.load[k], t.deviation_pct[k]);
        }
        std::fprintf(stderr, "  PP %.2f%s\n", t.polsby_popper, t.contiguous ? "" : "  NOT CONTIGUOUS");
    }
    std::fprintf(stderr, "export: wrote %s\n", config.output.c_str());
}
} // namespace

void add_export_command(CLI::App& app) {
    auto config = std::make_shared<ExportConfig>();
    auto* cmd = app.add_subcommand("export", "Write a territory plan's map layers (GeoPackage styled for QGIS, GeoJSON, Shapefile) and the CRM table");
    cmd->add_option("--units", config->units, "Units (a units GeoPackage from `revir units`, or any polygon source)")->required();
    cmd->add_option("--weight", config->weights, "Weight field(s) of the units, comma-separated")->required()->delimiter(',');
    cmd->add_option("--unit-id", config->unit_id, "Unit id field")->capture_default_str();
    cmd->add_option("--unit-layer", config->unit_layer, "Units layer (default: the first)");
    cmd->add_option("--assignment", config->assignment, "CSV unit_id,territory_id (a base id)")->required();
    cmd->add_option("--bases", config->bases, "Bases CSV (id,name,lon,lat[,capacity,locked_units]) or point layer")->required();
    cmd->add_option("--accounts", config->accounts, "Accounts CSV (id,lon,lat[,potential,service_minutes,visits,...]) or point layer");
    cmd->add_flag("--strict", config->strict, "Refuse accounts outside every unit instead of attaching them to the nearest");
    cmd->add_option("--crs", config->crs, "CRS of x,y columns in the bases and accounts CSVs");
    cmd->add_option("-o,--output", config->output, "GeoPackage to write (or a folder for geojson/shapefile)")->required();
    cmd->add_option("--format", config->format, "gpkg, geojson or shapefile")->capture_default_str()
        ->check(CLI::IsMember({"gpkg", "geojson", "shapefile"}));
    cmd->add_option("--assignments-csv", config->assignments_csv, "Also write account_id,unit_id,territory_id,rep_id,rep_name");
    cmd->callback([config] { run_export(*config); });
}

} // namespace revir::tools
