#include "engine/service/osrm_request.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>

#include <nlohmann/json.hpp>

#include "geo/core/polyline.hpp"

namespace revir::engine::service {

namespace {

[[noreturn]] void invalid_query(std::size_t position) {
    throw ApiError("InvalidQuery", "Query string malformed close to position " + std::to_string(position));
}

[[noreturn]] void invalid_options(const std::string& message) { throw ApiError("InvalidOptions", message); }

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// A plain decimal number at `pos` ([+-]digits[.digits][e[+-]digits]); advances
// `pos` past it. Nothing (and `pos` unchanged) when there is none.
std::optional<double> read_number(std::string_view text, std::size_t& pos) {
    std::size_t p = pos;
    if (p < text.size() && (text[p] == '+' || text[p] == '-')) ++p;
    const std::size_t digits_start = p;
    while (p < text.size() && text[p] >= '0' && text[p] <= '9') ++p;
    std::size_t digits = p - digits_start;
    if (p < text.size() && text[p] == '.') {
        const std::size_t fraction_start = ++p;
        while (p < text.size() && text[p] >= '0' && text[p] <= '9') ++p;
        digits += p - fraction_start;
        if (p == fraction_start) return std::nullopt; // a trailing dot is not a number
    }
    if (digits == 0) return std::nullopt;
    if (p < text.size() && (text[p] == 'e' || text[p] == 'E')) {
        std::size_t q = p + 1;
        if (q < text.size() && (text[q] == '+' || text[q] == '-')) ++q;
        const std::size_t exponent_start = q;
        while (q < text.size() && text[q] >= '0' && text[q] <= '9') ++q;
        if (q > exponent_start) p = q;
    }
    std::string copy(text.substr(pos, p - pos));
    if (!copy.empty() && copy[0] == '+') copy.erase(0, 1);
    double value = 0;
    const auto [end, ec] = std::from_chars(copy.data(), copy.data() + copy.size(), value);
    if (ec != std::errc() || end != copy.data() + copy.size() || !std::isfinite(value)) return std::nullopt;
    pos = p;
    return value;
}

std::optional<unsigned long> read_unsigned(std::string_view text, std::size_t& pos) {
    unsigned long value = 0;
    const auto [end, ec] = std::from_chars(text.data() + pos, text.data() + text.size(), value);
    if (ec != std::errc()) return std::nullopt;
    pos = static_cast<std::size_t>(end - text.data());
    return value;
}

// A coordinate component as OSRM's grammar takes it: a number that fits its
// fixed-point type (|x| × 10⁶ within int32); range is checked later.
std::optional<double> read_degrees(std::string_view text, std::size_t& pos) {
    std::size_t p = pos;
    const auto value = read_number(text, p);
    if (!value || std::abs(*value) * 1e6 > std::numeric_limits<std::int32_t>::max()) return std::nullopt;
    pos = p;
    return value;
}

struct Target {
    OsrmService service;
    std::string profile;
    std::size_t query_start; // where the coordinates begin
};

// /{service}/v{version}/{profile}/… : positions are in the decoded target.
Target parse_prefix(std::string_view t, bool query_follows) {
    const auto malformed = [&t](std::size_t pos) {
        const std::size_t from = pos >= 3 ? pos - 3 : 0;
        throw ApiError("InvalidUrl", "URL string malformed close to position " + std::to_string(pos) + ": \"" +
                                         std::string(t.substr(from, std::min(pos, t.size()) - from)) + "\"");
    };
    if (t.empty() || t[0] != '/') malformed(0);
    std::size_t p = 1;
    const std::size_t service_start = p;
    while (p < t.size() && is_name_char(t[p])) ++p;
    if (p == service_start) malformed(p);
    const std::string service(t.substr(service_start, p - service_start));
    if (p >= t.size() || t[p] != '/') malformed(p);
    ++p;
    if (p >= t.size() || t[p] != 'v') malformed(p);
    ++p;
    const std::size_t version_start = p;
    const auto version = read_unsigned(t, p);
    if (!version) malformed(version_start);
    if (p >= t.size() || t[p] != '/') malformed(p);
    ++p;
    const std::size_t profile_start = p;
    while (p < t.size() && is_name_char(t[p])) ++p;
    if (p == profile_start) malformed(p);
    Target target{OsrmService::route, std::string(t.substr(profile_start, p - profile_start)), 0};
    if (query_follows) {
        if (p >= t.size() || t[p] != '/') malformed(p);
        ++p;
        if (p >= t.size()) malformed(p);
    } else if (p < t.size() && !(t[p] == '/' && p + 1 == t.size())) {
        malformed(p);
    }
    target.query_start = p;

    if (service == "route") {
        target.service = OsrmService::route;
    } else if (service == "table") {
        target.service = OsrmService::table;
    } else if (service == "nearest") {
        target.service = OsrmService::nearest;
    } else if (service == "trip") {
        target.service = OsrmService::trip;
    } else if (service == "match" || service == "tile") {
        throw ApiError("NotImplemented", "Service " + service + " is not offered by this server", 501);
    } else {
        throw ApiError("InvalidService", "Service " + service + " not found!");
    }
    if (*version != 1) throw ApiError("InvalidVersion", "Service " + service + " not found!");
    return target;
}

using Degrees = std::vector<std::pair<double, double>>; // lon, lat as given

Degrees coordinates_from_polyline(std::string_view t, std::size_t& p) {
    for (const auto& [prefix, precision] : {std::pair<std::string_view, int>{"polyline6(", 6}, {"polyline(", 5}}) {
        if (t.substr(p, prefix.size()) != prefix) continue;
        const std::size_t start = p + prefix.size();
        const std::size_t close = t.find(')', start);
        if (close == std::string_view::npos) invalid_query(p);
        const auto points = geo::decode_polyline(t.substr(start, close - start), precision);
        if (!points) invalid_query(start);
        p = close + 1;
        Degrees degrees;
        for (const auto& c : *points) degrees.emplace_back(c.lon(), c.lat());
        return degrees;
    }
    return {};
}

// `coordinate (';' coordinate)*`, failing where OSRM's grammar does: a longitude
// that is not there ends the list, a missing ',' or latitude after one is an error.
Degrees parse_coordinates(std::string_view t, std::size_t& p) {
    if (t.substr(p, 8) == "polyline") return coordinates_from_polyline(t, p);
    Degrees coordinates;
    std::size_t list_end = p;
    while (true) {
        std::size_t q = coordinates.empty() ? p : list_end + 1;
        const auto lon = read_degrees(t, q);
        if (!lon) break;
        if (q >= t.size() || t[q] != ',') invalid_query(q);
        ++q;
        const auto lat = read_degrees(t, q);
        if (!lat) invalid_query(q);
        // Out of range is a value error (reported after the options are read).
        coordinates.emplace_back(*lon, *lat);
        list_end = q;
        if (list_end >= t.size() || t[list_end] != ';') break;
    }
    if (coordinates.empty()) invalid_query(p);
    p = list_end;
    return coordinates;
}

bool parse_bool(std::string_view value, std::size_t at) {
    if (value == "true") return true;
    if (value == "false") return false;
    invalid_query(at);
}

// `a;b;…` with each part handed to `each` (given its text and position).
template <typename F>
void split_list(std::string_view value, std::size_t at, char separator, F&& each) {
    std::size_t start = 0;
    while (true) {
        const std::size_t end = value.find(separator, start);
        const std::string_view part = value.substr(start, end == std::string_view::npos ? value.npos : end - start);
        each(part, at + start);
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
}

std::vector<std::size_t> parse_indices(std::string_view value, std::size_t at, bool all_allowed) {
    std::vector<std::size_t> indices;
    if (all_allowed && value == "all") return indices;
    split_list(value, at, ';', [&](std::string_view part, std::size_t part_at) {
        std::size_t q = 0;
        const auto v = read_unsigned(part, q);
        if (!v || q != part.size()) invalid_query(part_at);
        indices.push_back(*v);
    });
    return indices;
}

double parse_positive(std::string_view value, std::size_t at) {
    std::size_t q = 0;
    const auto v = read_number(value, q);
    if (!v || q != value.size()) invalid_query(at);
    return *v;
}

void set_annotations(OsrmParameters& r, std::string_view value, std::size_t at) {
    if (r.service == OsrmService::table) {
        r.table_durations = r.table_distances = false;
        split_list(value, at, ',', [&](std::string_view part, std::size_t part_at) {
            if (part == "duration") {
                r.table_durations = true;
            } else if (part == "distance") {
                r.table_distances = true;
            } else {
                invalid_query(part_at);
            }
        });
        return;
    }
    if (value == "true") {
        r.annotations = {true, true, true, true, true, true};
        return;
    }
    r.annotations = {};
    if (value == "false") return;
    split_list(value, at, ',', [&](std::string_view part, std::size_t part_at) {
        if (part == "duration") {
            r.annotations.duration = true;
        } else if (part == "distance") {
            r.annotations.distance = true;
        } else if (part == "nodes") {
            r.annotations.nodes = true;
        } else if (part == "speed") {
            r.annotations.speed = true;
        } else if (part == "weight") {
            r.annotations.weight = true;
        } else if (part == "datasource") {
            r.annotations.datasource = true;
        } else {
            invalid_query(part_at);
        }
    });
}

// One `key=value`; false for a key this service does not know.
bool set_option(OsrmParameters& r, std::string_view key, std::string_view value, std::size_t at) {
    const bool routes = r.service == OsrmService::route || r.service == OsrmService::trip;
    if (key == "bearings") {
        r.bearings.clear();
        split_list(value, at, ';', [&](std::string_view part, std::size_t part_at) {
            if (part.empty()) {
                r.bearings.emplace_back();
                return;
            }
            std::size_t q = 0;
            const auto b = read_unsigned(part, q);
            if (!b || q >= part.size() || part[q] != ',') invalid_query(part_at + q);
            ++q;
            const auto range = read_unsigned(part, q);
            if (!range || q != part.size() || *b > 360 || *range > 180) invalid_query(part_at + q);
            r.bearings.push_back(Bearing{static_cast<int>(*b), static_cast<int>(*range)});
        });
    } else if (key == "radiuses") {
        r.radiuses.clear();
        split_list(value, at, ';', [&](std::string_view part, std::size_t part_at) {
            if (part.empty() || part == "unlimited") {
                r.radiuses.emplace_back();
                return;
            }
            const double radius = parse_positive(part, part_at);
            if (radius < 0) invalid_query(part_at);
            r.radiuses.emplace_back(radius);
        });
    } else if (key == "hints" || key == "approaches" || key == "snapping") {
        // Accepted and ignored: every coordinate is snapped afresh to the nearest road.
    } else if (key == "generate_hints") {
        r.generate_hints = parse_bool(value, at);
    } else if (key == "skip_waypoints") {
        r.skip_waypoints = parse_bool(value, at);
    } else if (key == "exclude") {
        if (!value.empty()) throw ApiError("InvalidValue", "Exclude flag combination is not supported.");
    } else if (routes && key == "steps") {
        r.steps = parse_bool(value, at);
    } else if (routes && key == "geometries") {
        if (value == "polyline") {
            r.geometries = Geometries::polyline;
        } else if (value == "polyline6") {
            r.geometries = Geometries::polyline6;
        } else if (value == "geojson") {
            r.geometries = Geometries::geojson;
        } else {
            invalid_query(at);
        }
    } else if (routes && key == "overview") {
        if (value == "simplified") {
            r.overview = Overview::simplified;
        } else if (value == "full") {
            r.overview = Overview::full;
        } else if (value == "false") {
            r.overview = Overview::none;
        } else {
            invalid_query(at);
        }
    } else if ((routes || r.service == OsrmService::table) && key == "annotations") {
        set_annotations(r, value, at);
    } else if (r.service == OsrmService::route && key == "alternatives") {
        if (value == "true" || value == "false") {
            r.alternatives = value == "true" ? 1 : 0;
        } else {
            std::size_t q = 0;
            const auto n = read_unsigned(value, q);
            if (!n || q != value.size()) invalid_query(at);
            r.alternatives = static_cast<unsigned>(std::min<unsigned long>(*n, 100));
        }
    } else if (routes && key == "continue_straight") {
        if (value == "default") {
            r.continue_straight.reset();
        } else {
            r.continue_straight = parse_bool(value, at);
        }
    } else if (r.service == OsrmService::route && key == "waypoints") {
        r.waypoints = parse_indices(value, at, false);
    } else if (r.service == OsrmService::table && key == "sources") {
        r.sources = parse_indices(value, at, true);
    } else if (r.service == OsrmService::table && key == "destinations") {
        r.destinations = parse_indices(value, at, true);
    } else if (r.service == OsrmService::table && key == "fallback_speed") {
        r.fallback_speed = parse_positive(value, at);
    } else if (r.service == OsrmService::table && key == "fallback_coordinate") {
        if (value == "input") {
            r.fallback_snapped = false;
        } else if (value == "snapped") {
            r.fallback_snapped = true;
        } else {
            invalid_query(at);
        }
    } else if (r.service == OsrmService::table && key == "scale_factor") {
        r.scale_factor = parse_positive(value, at);
    } else if (r.service == OsrmService::nearest && key == "number") {
        std::size_t q = 0;
        const auto n = read_unsigned(value, q);
        if (!n || q != value.size()) invalid_query(at);
        r.number = static_cast<unsigned>(std::min<unsigned long>(*n, std::numeric_limits<unsigned>::max()));
    } else if (r.service == OsrmService::trip && key == "roundtrip") {
        r.roundtrip = parse_bool(value, at);
    } else if (r.service == OsrmService::trip && key == "source") {
        if (value != "any" && value != "first") invalid_query(at);
        r.source_first = value == "first";
    } else if (r.service == OsrmService::trip && key == "destination") {
        if (value != "any" && value != "last") invalid_query(at);
        r.destination_last = value == "last";
    } else {
        return false;
    }
    return true;
}

// What OSRM's parameter classes check once everything is read (InvalidOptions),
// then the coordinates' range (InvalidValue); the coordinates are set last.
void validate(OsrmParameters& r, const Degrees& degrees) {
    const std::size_t n = degrees.size();
    const auto per_coordinate = [n](const char* name, std::size_t size) {
        if (size != 0 && size != n) {
            invalid_options("Number of elements in " + std::string(name) + " size " + std::to_string(size) +
                            " does not match coordinate size " + std::to_string(n));
        }
    };
    per_coordinate("bearings", r.bearings.size());
    per_coordinate("radiuses", r.radiuses.size());
    switch (r.service) {
    case OsrmService::route:
        if (n < 2) invalid_options("Number of coordinates needs to be at least two.");
        if (!r.waypoints.empty()) {
            if (r.waypoints.front() != 0 || r.waypoints.back() != n - 1) {
                invalid_options("First and last coordinates must be specified in waypoints.");
            }
            for (std::size_t i = 0; i < r.waypoints.size(); ++i) {
                if (r.waypoints[i] >= n || (i > 0 && r.waypoints[i] <= r.waypoints[i - 1])) {
                    invalid_options("Waypoints must be supplied in increasing order and exist in the coordinates.");
                }
            }
        }
        break;
    case OsrmService::table:
        if (n < 2 && r.sources.empty() && r.destinations.empty()) {
            invalid_options("Number of coordinates needs to be at least two.");
        }
        for (const auto* list : {&r.sources, &r.destinations}) {
            for (std::size_t i : *list) {
                if (i >= n) invalid_options("Index " + std::to_string(i) + " is out of range: there are " + std::to_string(n) + " coordinates.");
            }
        }
        if (r.fallback_speed && !(*r.fallback_speed > 0)) {
            throw ApiError("InvalidValue", "fallback_speed must be > 0");
        }
        if (!(r.scale_factor > 0)) throw ApiError("InvalidValue", "scale_factor must be > 0");
        if (!r.table_durations && !r.table_distances) invalid_options("annotations must name duration or distance.");
        break;
    case OsrmService::nearest:
        if (n != 1) invalid_options("Number of coordinates needs to be exactly one.");
        if (r.number < 1) throw ApiError("InvalidOptions", "Number of results to return must be greater than zero.");
        break;
    case OsrmService::trip:
        if (n < 2) invalid_options("Number of coordinates needs to be at least two.");
        if (!r.roundtrip && !(r.source_first && r.destination_last)) {
            throw ApiError("NotImplemented", "Only roundtrips, or trips from the first to the last coordinate, are supported.",
                           501);
        }
        break;
    }
    for (const auto& [lon, lat] : degrees) {
        if (!geo::valid_lon_lat(lon, lat)) throw ApiError("InvalidValue", "Invalid coordinate value.");
        r.coordinates.push_back(geo::Coordinate::from_degrees(lon, lat));
    }
}

} // namespace

std::string percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    const auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2])));
            i += 2;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

OsrmParameters parse_osrm_get(std::string_view raw_target) {
    const std::string t = percent_decode(raw_target);
    const Target target = parse_prefix(t, true);
    OsrmParameters r;
    r.service = target.service;
    r.profile = target.profile;
    std::size_t p = target.query_start;
    const Degrees degrees = parse_coordinates(t, p);
    if (t.compare(p, 5, ".json") == 0) {
        p += 5;
    } else if (t.compare(p, 12, ".flatbuffers") == 0) {
        throw ApiError("NotImplemented", "Only JSON output is offered by this server", 501);
    }
    if (p < t.size()) {
        if (t[p] != '?') invalid_query(p);
        ++p;
        while (p < t.size()) {
            const std::size_t end = std::min(t.find('&', p), t.size());
            const std::string_view pair = std::string_view(t).substr(p, end - p);
            const std::size_t eq = pair.find('=');
            if (eq == std::string_view::npos || eq == 0) invalid_query(p);
            if (!set_option(r, pair.substr(0, eq), pair.substr(eq + 1), p + eq + 1)) invalid_query(p);
            p = end + (end < t.size() ? 1 : 0);
            if (end + 1 == t.size()) invalid_query(end); // a trailing '&'
        }
    }
    validate(r, degrees);
    return r;
}

namespace {

// A JSON value of the body as the text the GET grammar reads, so that both
// forms go through one set of rules.
std::string as_option_text(const nlohmann::json& v, const std::string& key) {
    const auto element = [&key](const nlohmann::json& e) -> std::string {
        if (e.is_null()) return "";
        if (e.is_string()) return e.get<std::string>();
        if (e.is_boolean()) return e.get<bool>() ? "true" : "false";
        if (e.is_number_unsigned() || e.is_number_integer()) return std::to_string(e.get<long long>());
        if (e.is_number_float()) {
            const double d = e.get<double>();
            std::string s = nlohmann::json(d).dump();
            return s;
        }
        if (e.is_array()) { // a bearing [value, range]
            std::string s;
            for (std::size_t i = 0; i < e.size(); ++i) {
                if (!e[i].is_number()) throw ApiError("InvalidQuery", "Body field '" + key + "' is malformed");
                if (i) s += ',';
                s += e[i].dump();
            }
            return s;
        }
        throw ApiError("InvalidQuery", "Body field '" + key + "' is malformed");
    };
    if (!v.is_array()) return element(v);
    const char separator = key == "annotations" || key == "exclude" ? ',' : ';';
    std::string s;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) s += separator;
        s += element(v[i]);
    }
    return s;
}

} // namespace

OsrmParameters parse_osrm_post(std::string_view raw_target, std::string_view body) {
    const std::string t = percent_decode(raw_target);
    const Target target = parse_prefix(t, false);
    if (target.service == OsrmService::nearest || target.service == OsrmService::trip) {
        throw ApiError("NotImplemented", "POST is offered for route and table; use GET for nearest and trip", 501);
    }
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(body);
    } catch (const nlohmann::json::exception& e) {
        throw ApiError("InvalidQuery", std::string("Body is not JSON: ") + e.what());
    }
    if (!json.is_object()) throw ApiError("InvalidQuery", "Body must be a JSON object");
    OsrmParameters r;
    r.service = target.service;
    r.profile = target.profile;
    const auto coordinates = json.find("coordinates");
    if (coordinates == json.end()) throw ApiError("InvalidQuery", "Body has no 'coordinates'");
    Degrees degrees;
    if (coordinates->is_string()) {
        const std::string text = coordinates->get<std::string>();
        std::size_t p = 0;
        degrees = coordinates_from_polyline(text, p);
        if (p != text.size()) throw ApiError("InvalidQuery", "Body field 'coordinates' is malformed");
    } else if (coordinates->is_array()) {
        for (const auto& c : *coordinates) {
            if (!c.is_array() || c.size() != 2 || !c[0].is_number() || !c[1].is_number()) {
                throw ApiError("InvalidQuery", "Body field 'coordinates' must hold [lon, lat] pairs");
            }
            const double lon = c[0].get<double>(), lat = c[1].get<double>();
            if (!std::isfinite(lon) || !std::isfinite(lat) || std::abs(lon) * 1e6 > std::numeric_limits<std::int32_t>::max() ||
                std::abs(lat) * 1e6 > std::numeric_limits<std::int32_t>::max()) {
                throw ApiError("InvalidQuery", "Body field 'coordinates' is malformed");
            }
            degrees.emplace_back(lon, lat);
        }
    } else {
        throw ApiError("InvalidQuery", "Body field 'coordinates' is malformed");
    }
    for (const auto& [key, value] : json.items()) {
        if (key == "coordinates") continue;
        if (key == "format") {
            if (value != "json") throw ApiError("NotImplemented", "Only JSON output is offered by this server", 501);
            continue;
        }
        try {
            // Unknown keys are ignored, as OSRM does.
            set_option(r, key, as_option_text(value, key), 0);
        } catch (const ApiError& e) {
            if (e.code() != "InvalidQuery") throw;
            throw ApiError("InvalidQuery", "Body field '" + key + "' is malformed");
        }
    }
    validate(r, degrees);
    return r;
}

} // namespace revir::engine::service
