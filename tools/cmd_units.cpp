#include <cstdio>
#include <memory>

#include <nlohmann/json.hpp>

#include "geo/units/accounts.hpp"
#include "geo/units/unit_output.hpp"
#include "tools/commands.hpp"

namespace revir::tools {

namespace {
struct UnitsConfig {
    std::string input;
    std::string output;
    std::vector<std::string> weights;
    std::string id_field;
    std::string name_field;
    std::string layer;
    std::string crs;
    bool queen = false;
    double tolerance_m = 1.0;
    double gap_m = 0;
    bool missing_weight_as_zero = false;
    bool json = false;
    std::string accounts;
    std::string accounts_crs;
    bool strict = false;
};

std::string first_ids(const std::vector<std::string>& ids, std::size_t limit = 10) {
    std::string out;
    for (std::size_t i = 0; i < ids.size() && i < limit; ++i) out += (i ? ", " : "") + ids[i];
    if (ids.size() > limit) out += ", … (" + std::to_string(ids.size() - limit) + " more)";
    return out;
}

void run_units(const UnitsConfig& config) {
    geo::UnitOptions options{config.weights, config.id_field, config.name_field, config.layer, config.crs,
                             config.missing_weight_as_zero};
    geo::UnitLoadReport load;
    std::fprintf(stderr, "units: reading %s\n", config.input.c_str());
    auto units = geo::read_units(config.input, options, load);
    std::fprintf(stderr, "units: %zu units from %zu features in %.2f s (CRS %s)\n", units.units.size(), load.features_read,
                 load.seconds, load.source_crs.c_str());
    geo::AdjacencyOptions adjacency_options;
    adjacency_options.contiguity = config.queen ? geo::Contiguity::queen : geo::Contiguity::rook;
    adjacency_options.tolerance_m = config.tolerance_m;
    adjacency_options.gap_m = config.gap_m;
    geo::AdjacencyReport adjacency;
    std::fprintf(stderr, "units: computing %s adjacency (tolerance %.2f m)\n", config.queen ? "queen" : "rook",
                 config.tolerance_m);
    const auto links = geo::compute_adjacency(units, adjacency_options, adjacency);
    std::vector<geo::Account> accounts;
    geo::LocateReport located;
    if (!config.accounts.empty()) {
        geo::PointRecordOptions point_options;
        point_options.source_crs = config.accounts_crs;
        accounts = geo::read_accounts(config.accounts, point_options);
        geo::locate_accounts(units, accounts, config.strict, located);
        geo::add_account_weights(units, accounts);
        std::fprintf(stderr, "units: %zu accounts located, %zu orphans attached to their nearest unit%s%s\n",
                     accounts.size(), located.orphans.size(), located.orphans.empty() ? "" : ": ",
                     first_ids(located.orphans).c_str());
    }
    geo::write_units_geopackage(units, links, config.output, config.accounts.empty() ? nullptr : &accounts);

    const auto totals = units.totals();
    nlohmann::json island_links = nlohmann::json::array();
    std::size_t touching = 0;
    for (const auto& l : links) {
        if (l.kind == geo::LinkKind::rook || l.kind == geo::LinkKind::queen) ++touching;
        if (l.kind != geo::LinkKind::island_link) continue;
        island_links.push_back({{"unit", units.units[l.a].id}, {"neighbour", units.units[l.b].id}, {"gap_m", l.distance_m}});
    }
    nlohmann::json report = {
        {"input", config.input},
        {"output", config.output},
        {"features", load.features_read},
        {"units", units.units.size()},
        {"source_crs", load.source_crs},
        {"equal_area_crs", units.metric_crs},
        {"repaired", load.repaired},
        {"dropped_empty", load.dropped_empty},
        {"weights_taken_as_zero", load.zeroed},
        {"adjacent_pairs", touching},
        {"gap_links", adjacency.gap_links},
        {"components_before_linking", adjacency.components},
        {"isolated_units", adjacency.isolated_units},
        {"island_links", island_links},
        {"accounts", accounts.size()},
        {"orphan_accounts", located.orphans},
        {"load_seconds", load.seconds},
        {"adjacency_seconds", adjacency.seconds},
    };
    for (std::size_t k = 0; k < totals.size(); ++k) report["total_weight"][units.weight_names[k]] = totals[k];
    if (config.json) {
        std::printf("%s\n", report.dump(2).c_str());
    }
    std::fprintf(stderr, "units: total weight");
    for (std::size_t k = 0; k < totals.size(); ++k) std::fprintf(stderr, " %s=%.0f", units.weight_names[k].c_str(), totals[k]);
    std::fprintf(stderr, "\nunits: repaired %zu%s%s\n", load.repaired.size(), load.repaired.empty() ? "" : ": ",
                 first_ids(load.repaired).c_str());
    std::fprintf(stderr, "units: dropped %zu without geometry%s%s\n", load.dropped_empty.size(),
                 load.dropped_empty.empty() ? "" : ": ", first_ids(load.dropped_empty).c_str());
    std::fprintf(stderr, "units: %zu adjacent pairs, %zu gap links; %zu components (%zu isolated units) joined by %zu "
                 "island links\n",
                 touching, adjacency.gap_links, adjacency.components, adjacency.isolated_units, adjacency.island_links);
    for (const auto& link : island_links) {
        std::fprintf(stderr, "units:   island link %s - %s across %.0f m\n", link["unit"].get<std::string>().c_str(),
                     link["neighbour"].get<std::string>().c_str(), link["gap_m"].get<double>());
    }
    std::fprintf(stderr, "units: wrote %s in %.2f s\n", config.output.c_str(), load.seconds + adjacency.seconds);
}
} // namespace

void add_units_command(CLI::App& app) {
    auto config = std::make_shared<UnitsConfig>();
    auto* cmd = app.add_subcommand("units", "Read census units (any OGR polygon source), repair them, compute adjacency");
    cmd->add_option("input", config->input, "Shapefile, GeoPackage, GeoJSON or CSV with WKT")->required();
    cmd->add_option("-o,--output", config->output, "Units GeoPackage to write")->required();
    cmd->add_option("--weight", config->weights, "Weight field(s), comma-separated")->required()->delimiter(',');
    cmd->add_option("--id", config->id_field, "Unit id field (default: the feature id)");
    cmd->add_option("--name", config->name_field, "Unit name field");
    cmd->add_option("--layer", config->layer, "Layer name (default: the first layer)");
    cmd->add_option("--crs", config->crs, "CRS of the input when the file has none or a wrong one, e.g. EPSG:3879");
    cmd->add_flag("--queen", config->queen, "Queen contiguity (a shared point is enough) instead of rook");
    cmd->add_option("--tolerance", config->tolerance_m, "Boundaries closer than this touch (metres)")->capture_default_str();
    cmd->add_option("--link-gaps", config->gap_m,
                    "Also link units less than this many metres apart (grids without their empty cells)");
    cmd->add_flag("--missing-weight-as-zero", config->missing_weight_as_zero,
                  "Take a missing, non-numeric, negative or NaN weight as 0 instead of failing");
    cmd->add_option("--accounts", config->accounts,
                    "Accounts CSV (id,lon,lat or x,y; potential, service_minutes, visits, ...) or point layer: "
                    "located in units and added as weights accounts, potential, workload_min");
    cmd->add_option("--accounts-crs", config->accounts_crs, "CRS of the accounts' x,y columns");
    cmd->add_flag("--strict", config->strict, "Refuse accounts in no unit instead of attaching them to the nearest");
    cmd->add_flag("--json", config->json, "Print the report as JSON on stdout");
    cmd->callback([config] { run_units(*config); });
}

} // namespace revir::tools
