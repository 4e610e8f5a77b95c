#include "routing/graph/profile.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "geo/core/error.hpp"
#include "geo/core/suggest.hpp"
#include "routing/graph/checksum.hpp"

#ifndef REVIR_SOURCE_PROFILE_DIR
#define REVIR_SOURCE_PROFILE_DIR ""
#endif

namespace revir::routing {

namespace {

std::string fmt_number(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}


using nlohmann::json;

template <typename T>
T required(const json& doc, const char* key, const std::string& path) {
    if (!doc.contains(key)) {
        throw InputError(path + ": profile lacks the key '" + key + "'");
    }
    try {
        return doc.at(key).get<T>();
    } catch (const json::exception& e) {
        throw InputError(path + ": profile key '" + key + "' has the wrong type: " + e.what());
    }
}

template <typename T>
T optional_key(const json& doc, const char* key, T fallback, const std::string& path) {
    if (!doc.contains(key)) return fallback;
    return required<T>(doc, key, path);
}

} // namespace

const char* to_string(Exclusion e) {
    switch (e) {
    case Exclusion::none: return "none";
    case Exclusion::not_a_road: return "not a car road";
    case Exclusion::area: return "area=yes";
    case Exclusion::access: return "no access";
    case Exclusion::service: return "excluded service road";
    case Exclusion::reversible: return "reversible one-way";
    case Exclusion::impassable: return "impassable";
    }
    return "?";
}

Profile Profile::from_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw InputError(path + ": cannot open profile file");
    json doc;
    try {
        doc = json::parse(in);
    } catch (const json::exception& e) {
        throw InputError(path + ": profile is not valid JSON: " + e.what());
    }
    if (!doc.is_object()) throw InputError(path + ": a profile is a JSON object");
    static const std::vector<std::string> known{
        "name", "comment", "speeds_kmh", "implied_oneway_highways", "oneway_keys", "access_keys", "access_excluded",
        "access_destination", "destination_speed_factor", "service_speed_factors", "service_excluded", "maxspeed_factor",
        "maxspeed_min_kmh", "maxspeed_max_kmh", "maxspeed_implicit_kmh", "maxspeed_country_kmh", "traffic_signal_penalty_s",
        "side_road_speed_factor", "surface_max_kmh", "tracktype_max_kmh", "smoothness_max_kmh", "default_speed_kmh"};
    for (const auto& item : doc.items()) {
        if (std::find(known.begin(), known.end(), item.key()) == known.end()) {
            throw InputError(path + ": unknown profile key '" + item.key() + "'" + geo::did_you_mean(item.key(), known));
        }
    }
    Profile p;
    p.name_ = required<std::string>(doc, "name", path);
    p.speeds_kmh_ = required<std::map<std::string, double>>(doc, "speeds_kmh", path);
    for (const auto& [highway, kmh] : p.speeds_kmh_) {
        if (!(kmh > 0 && kmh < 400)) {
            throw InputError(path + ": speed for highway=" + highway + " must be in (0, 400) km/h");
        }
    }
    auto as_set = [&](const char* key) {
        auto v = optional_key<std::vector<std::string>>(doc, key, {}, path);
        return std::set<std::string>(v.begin(), v.end());
    };
    p.implied_oneway_ = as_set("implied_oneway_highways");
    p.oneway_keys_ = optional_key<std::vector<std::string>>(doc, "oneway_keys", {"oneway"}, path);
    p.access_keys_ = optional_key<std::vector<std::string>>(doc, "access_keys", {"access"}, path);
    p.access_excluded_ = as_set("access_excluded");
    p.access_destination_ = as_set("access_destination");
    p.destination_factor_ = optional_key<double>(doc, "destination_speed_factor", 1.0, path);
    p.service_factors_ = optional_key<std::map<std::string, double>>(doc, "service_speed_factors", {}, path);
    p.service_excluded_ = as_set("service_excluded");
    p.maxspeed_factor_ = optional_key<double>(doc, "maxspeed_factor", 1.0, path);
    p.maxspeed_.min_kmh = optional_key<double>(doc, "maxspeed_min_kmh", 5.0, path);
    p.maxspeed_.max_kmh = optional_key<double>(doc, "maxspeed_max_kmh", 300.0, path);
    p.maxspeed_.implicit_kmh = optional_key<std::map<std::string, double>>(doc, "maxspeed_implicit_kmh", {}, path);
    p.maxspeed_.country_kmh = optional_key<std::map<std::string, double>>(doc, "maxspeed_country_kmh", {}, path);
    p.traffic_signal_penalty_s_ = optional_key<double>(doc, "traffic_signal_penalty_s", 0.0, path);
    p.default_speed_kmh_ = optional_key<double>(doc, "default_speed_kmh", 0.0, path);
    p.side_road_factor_ = optional_key<double>(doc, "side_road_speed_factor", 1.0, path);
    for (const char* key : {"surface", "tracktype", "smoothness"}) {
        const std::string table = std::string(key) + "_max_kmh";
        p.caps_.emplace_back(key, optional_key<std::map<std::string, double>>(doc, table.c_str(), {}, path));
    }
    // Every value in its range: a negative speed or penalty wrapped edge times to ~202 h.
    const auto within = [&](double value, double min, double max, bool min_open, const std::string& what) {
        if (!std::isfinite(value) || value > max || (min_open ? value <= min : value < min)) {
            throw InputError(path + ": " + what + " must be " + (min_open ? "above " : "at least ") + fmt_number(min) +
                             " and at most " + fmt_number(max) + ", not " + fmt_number(value));
        }
    };
    within(p.destination_factor_, 0, 2, true, "destination_speed_factor");
    within(p.default_speed_kmh_, 0, 400, false, "default_speed_kmh");
    within(p.maxspeed_factor_, 0, 2, true, "maxspeed_factor");
    within(p.side_road_factor_, 0, 2, true, "side_road_speed_factor");
    for (const auto& [service, factor] : p.service_factors_) within(factor, 0, 2, true, "service_speed_factors." + service);
    within(p.maxspeed_.min_kmh, 0, 400, true, "maxspeed_min_kmh");
    within(p.maxspeed_.max_kmh, p.maxspeed_.min_kmh, 400, false, "maxspeed_max_kmh");
    for (const auto& [key, kmh] : p.maxspeed_.implicit_kmh) within(kmh, 0, 400, true, "maxspeed_implicit_kmh." + key);
    // 0: no statutory limit, the class speed applies.
    for (const auto& [key, kmh] : p.maxspeed_.country_kmh) within(kmh, 0, 400, false, "maxspeed_country_kmh." + key);
    // 0: impassable.
    for (const auto& [key, caps] : p.caps_) {
        for (const auto& [value, kmh] : caps) within(kmh, 0, 400, false, key + "_max_kmh." + value);
    }
    within(p.traffic_signal_penalty_s_, 0, 600, false, "traffic_signal_penalty_s");
    p.fingerprint_ = fnv1a64(doc.dump());
    return p;
}

std::string profile_directory() {
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const auto beside = exe.parent_path().parent_path() / "share" / "revir" / "profiles";
        if (std::filesystem::is_directory(beside, ec)) return beside.string();
    }
    return REVIR_SOURCE_PROFILE_DIR;
}

Profile Profile::load(const std::string& name_or_path) {
    const bool is_path = name_or_path.find('/') != std::string::npos || name_or_path.ends_with(".json");
    if (is_path) return from_file(name_or_path);
    const auto path = std::filesystem::path(profile_directory()) / (name_or_path + ".json");
    if (!std::filesystem::exists(path)) {
        throw InputError("unknown profile '" + name_or_path + "' (no " + path.string() + ")");
    }
    return from_file(path.string());
}

double Profile::max_speed_kmh() const {
    double top = 0;
    for (const auto& [highway, kmh] : speeds_kmh_) top = std::max(top, kmh);
    top = std::max(top, default_speed_kmh_);
    for (const auto& [key, kmh] : maxspeed_.implicit_kmh) top = std::max(top, kmh * maxspeed_factor_);
    for (const auto& [key, kmh] : maxspeed_.country_kmh) top = std::max(top, kmh * maxspeed_factor_);
    return std::max(top, maxspeed_.max_kmh * maxspeed_factor_);
}

std::optional<double> Profile::way_maxspeed(const TagGetter& tag, const char* directional_key) const {
    if (const char* v = tag(directional_key)) {
        if (auto kmh = parse_maxspeed(v, maxspeed_)) return kmh;
    }
    if (const char* v = tag("maxspeed")) return parse_maxspeed(v, maxspeed_);
    return std::nullopt;
}

WayAttributes Profile::evaluate_way(const TagGetter& tag) const {
    WayAttributes result;
    const char* highway = tag("highway");
    if (highway == nullptr) {
        result.exclusion = Exclusion::not_a_road;
        return result;
    }
    const auto speed_it = speeds_kmh_.find(highway);
    if (speed_it == speeds_kmh_.end() && !(default_speed_kmh_ > 0)) {
        result.exclusion = Exclusion::not_a_road;
        return result;
    }
    double class_kmh = speed_it == speeds_kmh_.end() ? default_speed_kmh_ : speed_it->second;
    const auto is = [&tag](const char* key, const char* value) {
        const char* v = tag(key);
        return v != nullptr && std::strcmp(v, value) == 0;
    };
    if (is("area", "yes")) {
        result.exclusion = Exclusion::area;
        return result;
    }
    if (is("impassable", "yes") || is("status", "impassable")) {
        result.exclusion = Exclusion::impassable;
        return result;
    }
    // The most specific access key present decides (motorcar before access).
    for (const auto& key : access_keys_) {
        const char* value = tag(key.c_str());
        if (value == nullptr) continue;
        if (access_excluded_.contains(value)) {
            result.exclusion = Exclusion::access;
            return result;
        }
        result.destination_only = access_destination_.contains(value);
        break;
    }
    double factor = result.destination_only ? destination_factor_ : 1.0;
    if (const char* service = tag("service")) {
        if (service_excluded_.contains(service)) {
            result.exclusion = Exclusion::service;
            return result;
        }
        if (const auto it = service_factors_.find(service); it != service_factors_.end()) {
            factor *= it->second;
        }
    }

    bool forward = true;
    bool backward = true;
    const char* oneway = nullptr;
    for (const auto& key : oneway_keys_) {
        if ((oneway = tag(key.c_str())) != nullptr) break;
    }
    if (oneway != nullptr) {
        const std::string_view v = oneway;
        if (v == "yes" || v == "1" || v == "true") {
            backward = false;
        } else if (v == "-1" || v == "reverse") {
            forward = false;
        } else if (v == "reversible") {
            result.exclusion = Exclusion::reversible;
            return result;
        } else if (v != "no" && v != "false" && v != "0" && v != "alternating") {
            oneway = nullptr; // unknown value: fall back to what the way implies
        }
    }
    if (oneway == nullptr) {
        const bool roundabout = is("junction", "roundabout") || is("junction", "circular");
        if (roundabout || implied_oneway_.contains(highway)) backward = false;
    }

    // The class speed, capped by the surface; a signed limit replaces both.
    for (const auto& [key, caps] : caps_) {
        const char* value = tag(key.c_str());
        if (value == nullptr) continue;
        if (const auto it = caps.find(value); it != caps.end()) {
            if (it->second <= 0) {
                result.exclusion = Exclusion::impassable;
                return result;
            }
            class_kmh = std::min(class_kmh, it->second);
        }
    }
    if (is("side_road", "yes") || is("side_road", "rotary")) factor *= side_road_factor_;
    const auto forward_limit = way_maxspeed(tag, "maxspeed:forward");
    const auto backward_limit = way_maxspeed(tag, "maxspeed:backward");
    const double forward_kmh = forward_limit ? *forward_limit * maxspeed_factor_ : class_kmh;
    const double backward_kmh = backward_limit ? *backward_limit * maxspeed_factor_ : class_kmh;
    result.forward_kmh = forward ? std::max(1.0, forward_kmh * factor) : 0.0;
    result.backward_kmh = backward ? std::max(1.0, backward_kmh * factor) : 0.0;
    return result;
}

} // namespace revir::routing
