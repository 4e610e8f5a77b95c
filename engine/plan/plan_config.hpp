#pragma once
// The configuration of `revir plan`: one YAML file that names the inputs (OSM
// extract, census units and their weight fields, accounts, bases, an optional
// current plan) and the parameters of every stage. Relative paths are relative to
// the file. Mistakes are reported as FILE:LINE:COLUMN with the key's full name:
// unknown keys (with the closest known key), wrong types, missing files.
// maps/sample/plan.yaml is the commented example.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/plan/design.hpp"
#include "engine/plan/inputs.hpp"

namespace revir::engine {

struct PlanConfig {
    std::string file;   // the configuration, absolute
    std::string output; // output folder, absolute
    std::uint64_t seed = 1;

    using Units = UnitSource;
    using Points = PointSource;
    std::string osm;
    std::string profile = "car";
    std::string graph; // where the road graph is kept between runs; empty: in the output folder
    Units units;
    Points accounts;
    Points bases;
    std::string current_plan; // CSV unit_id,territory_id; empty: design from scratch

    using Territories = TerritorySettings;
    Territories territories;
    using Realignment = RealignmentLimits;
    Realignment realignment;

    struct Visits {
        bool enabled = true;
        unsigned days = 20;
        double shift_min = 480;
        double shift_start_min = 480;
        unsigned first_weekday = 1; // 1 = Monday … 5 = Friday
        double time_limit_s = 30;   // per rep
        double max_snap_m = 1000;
    } visits;

    /// The command line's KEY=VALUE overrides, as given.
    std::vector<std::string> overrides;
    /// Every setting after defaults and overrides, for the manifest.
    nlohmann::json parameters;
};

/// Reads and checks a configuration. `overrides` are KEY=VALUE with dotted keys
/// (territories.time_limit=20), applied before checking; `output`, when not empty,
/// replaces the file's output folder. Throws InputError.
PlanConfig read_plan_config(const std::string& path, const std::vector<std::string>& overrides = {},
                            const std::string& output = {});

} // namespace revir::engine
