#include "engine/plan/inputs.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "geo/core/error.hpp"
#include "geo/units/unit_input.hpp"

namespace revir::engine {

namespace {

geo::UnitOptions unit_options(const UnitSource& source, const std::vector<std::string>& more_weights, bool with_accounts) {
    geo::UnitOptions options;
    auto want = [&](const std::string& field) {
        auto& f = options.weight_fields;
        if (field.empty() || field == "none" || (with_accounts && geo::is_account_weight(field))) return;
        if (std::find(f.begin(), f.end(), field) == f.end()) f.push_back(field);
    };
    for (const auto& w : source.weights) want(w);
    for (const auto& w : more_weights) want(w);
    options.id_field = source.id;
    options.name_field = source.name;
    options.layer = source.layer;
    options.source_crs = source.crs;
    options.missing_weight_as_zero = source.missing_weight_as_zero;
    return options;
}

// Whether to take the file's adjacency table: only with the settings it was made
// with unknown to differ (the defaults) and the units read by its own ids.
bool reuse_written(const UnitSource& source) {
    return source.reuse_written_adjacency && source.contiguity == geo::Contiguity::rook && source.tolerance_m == 1 &&
           source.link_gaps_m == 0 && (source.id.empty() || source.id == "unit_id") &&
           (source.layer.empty() || source.layer == "units");
}

// What compute_adjacency reports, for links read from a file: components and
// isolated units before the island links.
void describe_written(MapInputs& in) {
    std::vector<geo::AdjacencyLink> touching;
    std::vector<char> linked(in.units.units.size(), 0);
    for (const auto& l : in.links) {
        in.adjacency.island_links += l.kind == geo::LinkKind::island_link;
        in.adjacency.gap_links += l.kind == geo::LinkKind::gap_link;
        if (l.kind == geo::LinkKind::island_link) continue;
        touching.push_back(l);
        linked[l.a] = linked[l.b] = 1;
    }
    const auto component = geo::connected_components(in.units.units.size(), touching);
    for (auto c : component) in.adjacency.components = std::max<std::size_t>(in.adjacency.components, c + 1);
    for (char l : linked) in.adjacency.isolated_units += l == 0;
}

// A units GeoPackage's adjacency as `revir units` wrote it (island and gap links
// included); else computed with the source's settings.
void load_adjacency(const UnitSource& source, MapInputs& in, const Log& log) {
    auto written = reuse_written(source) ? geo::read_units_adjacency(source.path, in.units) : std::nullopt;
    if (written) {
        in.links = std::move(*written);
        describe_written(in);
        say(log, fmt::format("units: {} links as {} holds them ({} gap links, {} island links joining {} components)",
                             in.links.size(), source.path, in.adjacency.gap_links, in.adjacency.island_links,
                             in.adjacency.components));
        return;
    }
    geo::AdjacencyOptions options;
    options.contiguity = source.contiguity;
    options.tolerance_m = source.tolerance_m;
    options.gap_m = source.link_gaps_m;
    in.links = geo::compute_adjacency(in.units, options, in.adjacency);
    say(log, fmt::format("units: {} links ({} gap links, {} island links joining {} components)", in.links.size(),
                         in.adjacency.gap_links, in.adjacency.island_links, in.adjacency.components));
}

} // namespace

MapInputs load_units(const UnitSource& source, const std::vector<std::string>& more_weights, bool with_accounts,
                     const Log& log) {
    MapInputs in;
    in.units = geo::read_units(source.path, unit_options(source, more_weights, with_accounts), in.load);
    say(log, fmt::format("units: {} units from {} ({} repaired, {} without geometry dropped)", in.units.units.size(),
                         source.path, in.load.repaired.size(), in.load.dropped_empty.size()));
    load_adjacency(source, in, log);
    return in;
}

void add_accounts(const PointSource& accounts, MapInputs& in, const Log& log) {
    geo::PointRecordOptions options;
    options.source_crs = accounts.crs;
    in.accounts = geo::read_accounts(accounts.path, options);
    geo::LocateReport located;
    geo::locate_accounts(in.units, in.accounts, accounts.strict, located, accounts.keep_going);
    in.orphans = located.orphans;
    geo::add_account_weights(in.units, in.accounts);
    say(log, fmt::format("accounts: {} from {}, {} outside every unit attached to the nearest", in.accounts.size(),
                         accounts.path, in.orphans.size()));
}

MapInputs load_map_inputs(const UnitSource& source, const std::vector<std::string>& more_weights,
                          const PointSource& accounts, const Log& log) {
    auto in = load_units(source, more_weights, !accounts.path.empty(), log);
    if (!accounts.path.empty()) add_accounts(accounts, in, log);
    return in;
}

std::vector<geo::Base> load_bases(const PointSource& source, const geo::UnitSet& units, const Log& log) {
    geo::PointRecordOptions options;
    options.source_crs = source.crs;
    auto bases = geo::read_bases(source.path, options);
    geo::locate_bases(units, bases);
    say(log, fmt::format("bases: {} reps from {}", bases.size(), source.path));
    return bases;
}

} // namespace revir::engine
