#include "engine/plan/plan_config.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "engine/plan/limits.hpp"
#include "geo/core/time_text.hpp"
#include "geo/core/error.hpp"
#include "geo/core/suggest.hpp"

namespace revir::engine {

namespace fs = std::filesystem;

namespace {

// Walks the YAML tree with the configuration's schema: every read names the key's
// full dotted name and its place in the file, every key left unread is unknown.
class Reader {
public:
    Reader(std::string file, fs::path folder, std::vector<std::string> overridden)
        : file_(std::move(file)), folder_(std::move(folder)), overridden_(std::move(overridden)) {}

    // FILE:LINE:COLUMN: KEY, or "--set KEY" for a value given on the command line.
    std::string where(const YAML::Node& node, const std::string& key) const {
        for (const auto& o : overridden_) {
            if (key == o || key.rfind(o + ".", 0) == 0 || key.rfind(o + "[", 0) == 0) return "--set " + key;
        }
        const auto mark = node.Mark();
        if (mark.line < 0) return "--set " + key;
        return fmt::format("{}:{}:{}: {}", file_, mark.line + 1, mark.column + 1, key);
    }

    [[noreturn]] void fail(const YAML::Node& node, const std::string& key, const std::string& message) const {
        throw InputError(where(node, key) + ": " + message);
    }

    // Checks that `node` is a mapping whose keys are all in `known`.
    void mapping(const YAML::Node& node, const std::string& key, const std::vector<std::string>& known) const {
        if (!node.IsMap()) fail(node, key.empty() ? "configuration" : key, "expected a mapping of keys to values");
        std::vector<std::string> seen;
        for (const auto& item : node) {
            const auto name = key_name(item.first, key);
            const std::string full = key.empty() ? name : key + "." + name;
            if (std::find(seen.begin(), seen.end(), name) != seen.end()) fail(item.first, full, "given twice");
            seen.push_back(name);
            if (std::find(known.begin(), known.end(), name) == known.end()) {
                std::string listed;
                for (const auto& k : known) listed += (listed.empty() ? "" : ", ") + k;
                fail(item.first, full, "unknown key" + geo::did_you_mean(name, known) + "; known here: " + listed);
            }
        }
    }

    // A mapping's key, which must be plain text.
    std::string key_name(const YAML::Node& node, const std::string& parent) const {
        if (!node.IsScalar()) fail(node, parent.empty() ? "configuration" : parent, "a key must be plain text");
        return node.Scalar();
    }

    std::string text(const YAML::Node& node, const std::string& key) const {
        if (!node.IsScalar()) fail(node, key, "expected a text value");
        return node.Scalar();
    }

    double number(const YAML::Node& node, const std::string& key, const Limits& limits) const {
        const auto t = node.IsScalar() ? node.Scalar() : std::string();
        double v = 0;
        const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
        if (!node.IsScalar() || t.empty() || ec != std::errc() || end != t.data() + t.size() || !std::isfinite(v)) {
            fail(node, key, fmt::format("expected a number, got {}", shown(node)));
        }
        if (v < limits.min || v > limits.max) fail(node, key, outside_limits(t, limits));
        return v;
    }

    std::uint64_t whole(const YAML::Node& node, const std::string& key, const Limits& limits) const {
        const auto t = node.IsScalar() ? node.Scalar() : std::string();
        std::uint64_t v = 0;
        const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
        if (!node.IsScalar() || t.empty() || ec != std::errc() || end != t.data() + t.size()) {
            fail(node, key, fmt::format("expected a whole number, got {}", shown(node)));
        }
        if (static_cast<double>(v) < limits.min || static_cast<double>(v) > limits.max) fail(node, key, outside_limits(t, limits));
        return v;
    }

    bool flag(const YAML::Node& node, const std::string& key) const {
        const auto t = node.IsScalar() ? node.Scalar() : std::string();
        if (t == "true" || t == "yes" || t == "on") return true;
        if (t == "false" || t == "no" || t == "off") return false;
        fail(node, key, fmt::format("expected true or false, got {}", shown(node)));
    }

    double share(const YAML::Node& node, const std::string& key) const {
        return parse_share(text(node, key), where(node, key));
    }

    std::vector<std::string> names(const YAML::Node& node, const std::string& key) const {
        std::vector<std::string> out;
        if (node.IsScalar()) {
            out.push_back(node.Scalar());
        } else if (node.IsSequence()) {
            for (std::size_t i = 0; i < node.size(); ++i) out.push_back(text(node[i], fmt::format("{}[{}]", key, i)));
        } else {
            fail(node, key, "expected a name or a list of names");
        }
        return out;
    }

    // A file that must exist, relative to the configuration's folder.
    std::string existing_file(const YAML::Node& node, const std::string& key) const {
        const auto given = text(node, key);
        const fs::path p = path(given);
        if (!fs::exists(p)) fail(node, key, fmt::format("no such file: {}", p.string()));
        if (fs::is_directory(p) && p.extension() != ".gdb") fail(node, key, fmt::format("{} is a folder, not a file", p.string()));
        return p.string();
    }

    fs::path path(const std::string& given) const {
        const fs::path p(given);
        return (p.is_absolute() ? p : folder_ / p).lexically_normal();
    }

private:
    static std::string shown(const YAML::Node& node) {
        if (node.IsScalar()) return "'" + node.Scalar() + "'";
        if (node.IsSequence()) return "a list";
        if (node.IsMap()) return "a mapping";
        return "nothing";
    }

    std::string file_;
    fs::path folder_;
    std::vector<std::string> overridden_;
};

YAML::Node load(const std::string& path) {
    if (!fs::exists(path)) throw InputError(path + ": no such configuration file");
    try {
        return YAML::LoadFile(path);
    } catch (const YAML::ParserException& e) {
        throw InputError(fmt::format("{}:{}:{}: not valid YAML: {}", path, e.mark.line + 1, e.mark.column + 1, e.msg));
    } catch (const YAML::Exception& e) {
        throw InputError(path + ": cannot read: " + e.what());
    }
}

// KEY=VALUE with a dotted key; the value is read as YAML (so 3%, 20, true, [a, b]).
std::string apply_override(YAML::Node& root, const std::string& assignment) {
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0) throw InputError("--set '" + assignment + "': write KEY=VALUE, e.g. seed=2");
    const auto key = assignment.substr(0, eq);
    YAML::Node value;
    try {
        value = YAML::Load(assignment.substr(eq + 1));
    } catch (const YAML::Exception& e) {
        throw InputError("--set " + key + ": not a valid value: " + e.what());
    }
    YAML::Node node;
    node.reset(root);
    std::size_t start = 0;
    while (true) {
        const auto dot = key.find('.', start);
        const auto part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (part.empty()) throw InputError("--set '" + assignment + "': empty key part");
        if (dot == std::string::npos) {
            if (!node.IsMap()) throw InputError("--set " + key + ": '" + part + "' sits under a value, not a section");
            node[part] = value;
            return key;
        }
        if (!node.IsMap()) throw InputError("--set " + key + ": '" + part + "' sits under a value, not a section");
        if (!node[part].IsDefined() || node[part].IsNull()) {
            node[part] = YAML::Node(YAML::NodeType::Map);
        } else if (node[part].IsScalar()) { // "accounts: x.csv" becomes {path: x.csv, …}
            YAML::Node expanded(YAML::NodeType::Map);
            expanded["path"] = node[part];
            node[part] = expanded;
        }
        YAML::Node next;
        next.reset(node[part]);
        node.reset(next);
        start = dot + 1;
    }
}

void read_units(const Reader& r, const YAML::Node& node, PlanConfig::Units& u) {
    const std::string key = "inputs.units";
    if (node.IsScalar()) {
        u.path = r.existing_file(node, key);
        return;
    }
    r.mapping(node, key, {"path", "layer", "id", "name", "crs", "weights", "contiguity", "tolerance_m", "link_gaps_m",
                          "missing_weight_as_zero"});
    if (!node["path"]) r.fail(node, key, "needs path: the units file (Shapefile, GeoPackage, GeoJSON, …)");
    u.path = r.existing_file(node["path"], key + ".path");
    if (node["layer"]) u.layer = r.text(node["layer"], key + ".layer");
    if (node["id"]) u.id = r.text(node["id"], key + ".id");
    if (node["name"]) u.name = r.text(node["name"], key + ".name");
    if (node["crs"]) u.crs = r.text(node["crs"], key + ".crs");
    if (node["weights"]) u.weights = r.names(node["weights"], key + ".weights");
    if (node["contiguity"]) {
        const auto c = r.text(node["contiguity"], key + ".contiguity");
        if (c != "rook" && c != "queen") r.fail(node["contiguity"], key + ".contiguity", "use rook or queen" + geo::did_you_mean(c, {"rook", "queen"}));
        u.contiguity = c == "queen" ? geo::Contiguity::queen : geo::Contiguity::rook;
    }
    if (node["tolerance_m"]) u.tolerance_m = r.number(node["tolerance_m"], key + ".tolerance_m", limits::kTolerance);
    if (node["link_gaps_m"]) u.link_gaps_m = r.number(node["link_gaps_m"], key + ".link_gaps_m", limits::kLinkGaps);
    if (node["missing_weight_as_zero"]) u.missing_weight_as_zero = r.flag(node["missing_weight_as_zero"], key + ".missing_weight_as_zero");
}

void read_points(const Reader& r, const YAML::Node& node, const std::string& key, PlanConfig::Points& p, bool accounts) {
    if (node.IsScalar()) {
        p.path = r.existing_file(node, key);
        return;
    }
    std::vector<std::string> known{"path", "crs"};
    if (accounts) {
        known.push_back("strict");
        known.push_back("keep_going");
    }
    r.mapping(node, key, known);
    if (!node["path"]) r.fail(node, key, "needs path: a CSV (id,lon,lat,…) or a point layer");
    p.path = r.existing_file(node["path"], key + ".path");
    if (node["crs"]) p.crs = r.text(node["crs"], key + ".crs");
    if (node["strict"]) p.strict = r.flag(node["strict"], key + ".strict");
    if (node["keep_going"]) p.keep_going = r.flag(node["keep_going"], key + ".keep_going");
}

void read_inputs(const Reader& r, const YAML::Node& node, PlanConfig& c) {
    r.mapping(node, "inputs", {"osm", "profile", "graph", "units", "accounts", "bases", "current_plan"});
    for (const char* required : {"osm", "units", "accounts", "bases"}) {
        if (!node[required]) r.fail(node, "inputs", fmt::format("needs {}", required));
    }
    c.osm = r.existing_file(node["osm"], "inputs.osm");
    if (node["profile"]) {
        c.profile = r.text(node["profile"], "inputs.profile");
        if (c.profile.find('/') != std::string::npos || c.profile.ends_with(".json")) {
            c.profile = r.existing_file(node["profile"], "inputs.profile");
        }
    }
    if (node["graph"]) c.graph = r.path(r.text(node["graph"], "inputs.graph")).string();
    read_units(r, node["units"], c.units);
    read_points(r, node["accounts"], "inputs.accounts", c.accounts, true);
    read_points(r, node["bases"], "inputs.bases", c.bases, false);
    if (node["current_plan"]) c.current_plan = r.existing_file(node["current_plan"], "inputs.current_plan");
}

void read_territories(const Reader& r, const YAML::Node& node, PlanConfig::Territories& t) {
    const std::string key = "territories";
    r.mapping(node, key, {"balance", "objective", "objective_weight", "max_distance", "soft_penalty", "time_limit",
                          "rounds", "threads", "max_snap_m", "unit_max_snap_m"});
    if (!node["balance"]) r.fail(node, key, "needs balance: the weights to balance and their tolerances, e.g. population: 3%");
    const auto& balance = node["balance"];
    if (!balance.IsMap() || balance.size() == 0) r.fail(balance, key + ".balance", "expected field: tolerance pairs, e.g. population: 3%");
    for (const auto& item : balance) {
        const auto field = r.key_name(item.first, key + ".balance");
        for (const auto& b : t.balance) {
            if (b.field == field) r.fail(item.first, key + ".balance." + field, "given twice");
        }
        t.balance.push_back({field, r.share(item.second, key + ".balance." + field)});
    }
    if (node["objective"]) {
        const auto name = r.text(node["objective"], key + ".objective");
        const auto measure = measure_named(name);
        const std::vector<std::string> known{"time", "distance", "squared"};
        if (!measure) r.fail(node["objective"], key + ".objective", "use time, distance or squared" + geo::did_you_mean(name, known));
        t.measure = *measure;
    }
    if (node["objective_weight"]) t.objective_weight = r.text(node["objective_weight"], key + ".objective_weight");
    if (node["max_distance"]) t.max_distance = r.number(node["max_distance"], key + ".max_distance", limits::kMaxDistance);
    if (node["soft_penalty"]) {
        if (!t.max_distance) r.fail(node["soft_penalty"], key + ".soft_penalty", "needs max_distance, the distance it softens");
        t.soft_penalty = r.number(node["soft_penalty"], key + ".soft_penalty", limits::kSoftPenalty);
    }
    if (node["time_limit"]) t.time_limit_s = r.number(node["time_limit"], key + ".time_limit", limits::kTimeLimit);
    if (node["rounds"]) t.rounds = r.whole(node["rounds"], key + ".rounds", limits::kRounds);
    if (node["threads"]) t.threads = static_cast<unsigned>(r.whole(node["threads"], key + ".threads", limits::kThreads));
    if (node["max_snap_m"]) t.max_snap_m = r.number(node["max_snap_m"], key + ".max_snap_m", limits::kMaxSnap);
    if (node["unit_max_snap_m"]) t.unit_max_snap_m = r.number(node["unit_max_snap_m"], key + ".unit_max_snap_m", limits::kUnitMaxSnap);
}

void read_realignment(const Reader& r, const YAML::Node& node, PlanConfig::Realignment& a) {
    const std::string key = "realignment";
    r.mapping(node, key, {"max_moved", "max_moved_weight", "move_penalty"});
    if (node["max_moved"]) a.max_moved = r.share(node["max_moved"], key + ".max_moved");
    if (node["max_moved_weight"]) a.max_moved_weight = r.share(node["max_moved_weight"], key + ".max_moved_weight");
    if (node["move_penalty"]) a.move_penalty = r.number(node["move_penalty"], key + ".move_penalty", limits::kMovePenalty);
}

void read_visits(const Reader& r, const YAML::Node& node, PlanConfig::Visits& v) {
    const std::string key = "visits";
    r.mapping(node, key, {"enabled", "days", "shift", "shift_start", "first_weekday", "time_limit", "max_snap_m"});
    if (node["enabled"]) v.enabled = r.flag(node["enabled"], key + ".enabled");
    if (node["days"]) v.days = static_cast<unsigned>(r.whole(node["days"], key + ".days", limits::kDays));
    if (node["shift"]) v.shift_min = parse_duration_minutes(r.text(node["shift"], key + ".shift"), r.where(node["shift"], key + ".shift"));
    if (node["shift_start"]) {
        v.shift_start_min = parse_clock_minutes(r.text(node["shift_start"], key + ".shift_start"), r.where(node["shift_start"], key + ".shift_start"));
    }
    if (node["first_weekday"]) v.first_weekday = static_cast<unsigned>(r.whole(node["first_weekday"], key + ".first_weekday", limits::kFirstWeekday));
    if (node["time_limit"]) v.time_limit_s = r.number(node["time_limit"], key + ".time_limit", limits::kTimeLimit);
    if (node["max_snap_m"]) v.max_snap_m = r.number(node["max_snap_m"], key + ".max_snap_m", limits::kMaxSnap);
}

nlohmann::json parameters_of(const PlanConfig& c) {
    nlohmann::json balance = nlohmann::json::object();
    for (const auto& b : c.territories.balance) balance[b.field] = b.tolerance;
    auto optional = [](const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
    return {
        {"output", c.output},
        {"seed", c.seed},
        {"inputs",
         {{"osm", c.osm},
          {"profile", c.profile},
          {"graph", c.graph},
          {"units",
           {{"path", c.units.path}, {"layer", c.units.layer}, {"id", c.units.id}, {"name", c.units.name},
            {"crs", c.units.crs}, {"weights", c.units.weights}, {"contiguity", c.units.contiguity == geo::Contiguity::queen ? "queen" : "rook"},
            {"tolerance_m", c.units.tolerance_m}, {"link_gaps_m", c.units.link_gaps_m},
            {"missing_weight_as_zero", c.units.missing_weight_as_zero}}},
          {"accounts", {{"path", c.accounts.path}, {"crs", c.accounts.crs}, {"strict", c.accounts.strict}}},
          {"bases", {{"path", c.bases.path}, {"crs", c.bases.crs}}},
          {"current_plan", c.current_plan}}},
        {"territories",
         {{"balance", balance},
          {"objective", objective_name(c.territories.measure)},
          {"objective_weight", c.territories.objective_weight},
          {"max_distance", optional(c.territories.max_distance)},
          {"soft_penalty", optional(c.territories.soft_penalty)},
          {"time_limit_s", c.territories.time_limit_s},
          {"rounds", c.territories.rounds},
          {"threads", c.territories.threads},
          {"max_snap_m", c.territories.max_snap_m},
          {"unit_max_snap_m", c.territories.unit_max_snap_m}}},
        {"realignment",
         {{"max_moved", optional(c.realignment.max_moved)},
          {"max_moved_weight", optional(c.realignment.max_moved_weight)},
          {"move_penalty", optional(c.realignment.move_penalty)}}},
        {"visits",
         {{"enabled", c.visits.enabled},
          {"days", c.visits.days},
          {"shift_min", c.visits.shift_min},
          {"shift_start_min", c.visits.shift_start_min},
          {"first_weekday", c.visits.first_weekday},
          {"time_limit_s", c.visits.time_limit_s},
          {"max_snap_m", c.visits.max_snap_m}}},
    };
}

} // namespace

PlanConfig read_plan_config(const std::string& path, const std::vector<std::string>& overrides, const std::string& output) {
    PlanConfig c;
    c.file = fs::absolute(path).lexically_normal().string();
    YAML::Node root = load(c.file);
    if (root.IsNull()) throw InputError(c.file + ": the configuration is empty");
    if (!root.IsMap()) throw InputError(c.file + ": expected a mapping of keys to values (output:, inputs:, …)");
    std::vector<std::string> overridden;
    for (const auto& o : overrides) overridden.push_back(apply_override(root, o));
    c.overrides = overrides;
    const Reader r(path, fs::path(c.file).parent_path(), overridden);
    r.mapping(root, "", {"output", "seed", "inputs", "territories", "realignment", "visits"});
    if (!output.empty()) {
        c.output = fs::absolute(output).lexically_normal().string();
    } else if (root["output"]) {
        c.output = r.path(r.text(root["output"], "output")).string();
    } else {
        throw InputError(c.file + ": no output folder (add output: FOLDER, or give --output)");
    }
    if (root["seed"]) c.seed = r.whole(root["seed"], "seed", limits::kSeed);
    if (!root["inputs"]) throw InputError(c.file + ": no inputs (osm, units, accounts, bases)");
    read_inputs(r, root["inputs"], c);
    if (!root["territories"]) throw InputError(c.file + ": no territories section (at least balance: …)");
    read_territories(r, root["territories"], c.territories);
    if (root["realignment"]) {
        if (c.current_plan.empty()) r.fail(root["realignment"], "realignment", "needs inputs.current_plan, the plan to realign");
        read_realignment(r, root["realignment"], c.realignment);
    }
    if (root["visits"]) read_visits(r, root["visits"], c.visits);
    if (!c.graph.empty()) {
        const auto inside = fs::path(c.graph).lexically_relative(c.output);
        if (!inside.empty() && *inside.begin() != "..") {
            throw InputError("inputs.graph: " + c.graph + " is inside the output folder, which each run replaces; "
                             "leave inputs.graph out to keep the graph there, or choose a path outside it");
        }
    }
    c.parameters = parameters_of(c);
    return c;
}

} // namespace revir::engine
