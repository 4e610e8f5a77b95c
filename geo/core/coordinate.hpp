#pragma once
// Plain geographic value types shared by every module: WGS84 coordinates in
// fixed point (like osmium::Location), great-circle distance and bounding boxes.
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace revir::geo {

inline constexpr double kEarthRadiusM = 6371008.8;
inline constexpr double kCoordinatePrecision = 1e7;

/// A WGS84 position stored as two int32 in units of 1e-7 degree (about 1 cm).
struct Coordinate {
    std::int32_t lon_e7 = 0;
    std::int32_t lat_e7 = 0;

    static constexpr Coordinate from_degrees(double lon, double lat) noexcept {
        return {static_cast<std::int32_t>(std::lround(lon * kCoordinatePrecision)),
                static_cast<std::int32_t>(std::lround(lat * kCoordinatePrecision))};
    }
    constexpr double lon() const noexcept { return lon_e7 / kCoordinatePrecision; }
    constexpr double lat() const noexcept { return lat_e7 / kCoordinatePrecision; }
    constexpr bool operator==(const Coordinate&) const noexcept = default;
};

/// A whole decimal number (surrounding spaces and a leading '+' allowed); nothing
/// for empty text, trailing characters, NaN or infinity.
std::optional<double> parse_number(std::string_view text);

/// True for finite degrees inside [-180, 180] × [-90, 90].
bool valid_lon_lat(double lon, double lat) noexcept;

/// Great-circle distance in metres (haversine on the mean Earth radius).
double haversine_m(Coordinate a, Coordinate b) noexcept;

/// Parses "LAT,LON" in degrees (the order used by --from/--to). Returns nothing
/// for malformed text, NaN or values out of range.
std::optional<Coordinate> parse_lat_lon(std::string_view text);

/// Formats as "lat,lon" with 7 decimals.
std::string to_string(Coordinate c);

/// Axis-aligned box in degrees.
struct BoundingBox {
    Coordinate min{INT32_MAX, INT32_MAX};
    Coordinate max{INT32_MIN, INT32_MIN};

    void extend(Coordinate c) noexcept;
    bool empty() const noexcept { return min.lon_e7 > max.lon_e7; }
};

/// Equirectangular projection to metres around a reference latitude; accurate to
/// well under 1 % over a city, used for nearest-segment searches and projections.
class LocalProjection {
public:
    explicit LocalProjection(double reference_lat_deg) noexcept;
    double x(Coordinate c) const noexcept { return c.lon() * metres_per_lon_degree_; }
    double y(Coordinate c) const noexcept { return c.lat() * metres_per_lat_degree_; }
    Coordinate unproject(double x, double y) const noexcept;

private:
    double metres_per_lon_degree_;
    double metres_per_lat_degree_;
};

} // namespace revir::geo
