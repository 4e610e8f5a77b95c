#include "geo/core/coordinate.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <numbers>

namespace revir::geo {

namespace {
constexpr double kDegToRad = std::numbers::pi / 180.0;
} // namespace

std::optional<double> parse_number(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    if (text.empty()) return std::nullopt;
    if (text.front() == '+') text.remove_prefix(1);
    double value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || ptr != text.data() + text.size() || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

bool valid_lon_lat(double lon, double lat) noexcept {
    return std::isfinite(lon) && std::isfinite(lat) && lon >= -180.0 && lon <= 180.0 &&
           lat >= -90.0 && lat <= 90.0;
}

double haversine_m(Coordinate a, Coordinate b) noexcept {
    const double lat1 = a.lat() * kDegToRad;
    const double lat2 = b.lat() * kDegToRad;
    const double dlat = lat2 - lat1;
    const double dlon = (b.lon() - a.lon()) * kDegToRad;
    const double s = std::sin(dlat / 2) * std::sin(dlat / 2) +
                     std::cos(lat1) * std::cos(lat2) * std::sin(dlon / 2) * std::sin(dlon / 2);
    return 2.0 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(s)));
}

std::optional<Coordinate> parse_lat_lon(std::string_view text) {
    const auto comma = text.find(',');
    if (comma == std::string_view::npos) return std::nullopt;
    const auto lat = parse_number(text.substr(0, comma));
    const auto lon = parse_number(text.substr(comma + 1));
    if (!lat || !lon || !valid_lon_lat(*lon, *lat)) return std::nullopt;
    return Coordinate::from_degrees(*lon, *lat);
}

std::string to_string(Coordinate c) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.7f,%.7f", c.lat(), c.lon());
    return buffer;
}

void BoundingBox::extend(Coordinate c) noexcept {
    min.lon_e7 = std::min(min.lon_e7, c.lon_e7);
    min.lat_e7 = std::min(min.lat_e7, c.lat_e7);
    max.lon_e7 = std::max(max.lon_e7, c.lon_e7);
    max.lat_e7 = std::max(max.lat_e7, c.lat_e7);
}

LocalProjection::LocalProjection(double reference_lat_deg) noexcept
    : metres_per_lon_degree_(kEarthRadiusM * kDegToRad * std::cos(reference_lat_deg * kDegToRad)),
      metres_per_lat_degree_(kEarthRadiusM * kDegToRad) {}

Coordinate LocalProjection::unproject(double x, double y) const noexcept {
    return Coordinate::from_degrees(x / metres_per_lon_degree_, y / metres_per_lat_degree_);
}

} // namespace revir::geo
