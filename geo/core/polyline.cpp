#include "geo/core/polyline.hpp"

#include <cmath>
#include <cstdint>

namespace revir::geo {

namespace {

double scale_of(int precision) { return precision == 6 ? 1e6 : 1e5; }

void put_value(std::string& out, std::int64_t delta) {
    std::uint64_t v = delta < 0 ? ~(static_cast<std::uint64_t>(delta) << 1) : static_cast<std::uint64_t>(delta) << 1;
    while (v >= 0x20) {
        out.push_back(static_cast<char>((0x20 | (v & 0x1f)) + 63));
        v >>= 5;
    }
    out.push_back(static_cast<char>(v + 63));
}

// Reads one zig-zag varint at `pos`; nothing when the text ends inside it, a
// character is outside the alphabet or the value would not fit a coordinate.
std::optional<std::int64_t> get_value(std::string_view text, std::size_t& pos) {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 35; shift += 5) {
        if (pos >= text.size()) return std::nullopt;
        const int c = static_cast<unsigned char>(text[pos++]) - 63;
        if (c < 0 || c > 63) return std::nullopt;
        v |= static_cast<std::uint64_t>(c & 0x1f) << shift;
        if (c < 0x20) return (v & 1) ? ~static_cast<std::int64_t>(v >> 1) : static_cast<std::int64_t>(v >> 1);
    }
    return std::nullopt;
}

} // namespace

std::string encode_polyline(std::span<const Coordinate> points, int precision) {
    const double scale = scale_of(precision);
    std::string out;
    out.reserve(points.size() * 8);
    std::int64_t last_lat = 0, last_lon = 0;
    for (const Coordinate& c : points) {
        const auto lat = static_cast<std::int64_t>(std::llround(c.lat() * scale));
        const auto lon = static_cast<std::int64_t>(std::llround(c.lon() * scale));
        put_value(out, lat - last_lat);
        put_value(out, lon - last_lon);
        last_lat = lat;
        last_lon = lon;
    }
    return out;
}

std::optional<std::vector<Coordinate>> decode_polyline(std::string_view text, int precision) {
    const double scale = scale_of(precision);
    std::vector<Coordinate> points;
    std::int64_t lat = 0, lon = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto dlat = get_value(text, pos);
        if (!dlat) return std::nullopt;
        const auto dlon = get_value(text, pos);
        if (!dlon) return std::nullopt;
        lat += *dlat;
        lon += *dlon;
        const double lat_deg = static_cast<double>(lat) / scale;
        const double lon_deg = static_cast<double>(lon) / scale;
        if (!valid_lon_lat(lon_deg, lat_deg)) return std::nullopt;
        points.push_back(Coordinate::from_degrees(lon_deg, lat_deg));
    }
    return points;
}

} // namespace revir::geo
