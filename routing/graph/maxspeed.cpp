#include "routing/graph/maxspeed.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

namespace revir::routing {

namespace {

std::string normalise(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    const auto first = out.find_first_not_of(' ');
    if (first == std::string::npos) return {};
    const auto last = out.find_last_not_of(' ');
    return out.substr(first, last - first + 1);
}

// A number followed by an optional unit: "50", "50 km/h", "30mph", "10 knots".
std::optional<double> parse_numeric(std::string_view text) {
    double number = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (ec != std::errc{} || ptr == text.data()) return std::nullopt;
    std::string_view unit(ptr, text.data() + text.size() - ptr);
    while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
    if (unit.empty() || unit == "km/h" || unit == "kmh" || unit == "kph" || unit == "km/t") {
        return number;
    }
    if (unit == "mph") return number * 1.609344;
    if (unit == "knots" || unit == "kn") return number * 1.852;
    return std::nullopt;
}

std::optional<double> in_range(std::optional<double> kmh, const MaxspeedTables& tables) {
    if (!kmh || !std::isfinite(*kmh) || *kmh < tables.min_kmh || *kmh > tables.max_kmh) {
        return std::nullopt;
    }
    return kmh;
}

} // namespace

std::optional<double> parse_maxspeed(std::string_view raw, const MaxspeedTables& tables) {
    std::string value = normalise(raw);
    // Several values ("50;30") apply to different lanes or times: the first is the main one.
    if (const auto semicolon = value.find(';'); semicolon != std::string::npos) {
        value = normalise(std::string_view(value).substr(0, semicolon));
    }
    if (value.empty()) return std::nullopt;

    if (std::isdigit(static_cast<unsigned char>(value.front()))) {
        return in_range(parse_numeric(value), tables);
    }
    if (const auto it = tables.implicit_kmh.find(value); it != tables.implicit_kmh.end()) {
        return in_range(it->second, tables);
    }
    const auto colon = value.find(':');
    if (colon == std::string::npos) return std::nullopt; // signals, variable, junk
    if (const auto it = tables.country_kmh.find(value); it != tables.country_kmh.end()) {
        return in_range(it->second, tables);
    }
    std::string_view type = std::string_view(value).substr(colon + 1);
    // Zones: "de:zone30", "de:zone:30".
    if (type.starts_with("zone")) {
        type.remove_prefix(4);
        if (!type.empty() && type.front() == ':') type.remove_prefix(1);
        return in_range(parse_numeric(type), tables);
    }
    if (const auto it = tables.implicit_kmh.find(std::string(type)); it != tables.implicit_kmh.end()) {
        return in_range(it->second, tables);
    }
    return std::nullopt;
}

} // namespace revir::routing
