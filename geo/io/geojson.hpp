#pragma once
// Small GeoJSON pieces (RFC 7946: lon,lat order, WGS84) for CLI outputs.
#include <nlohmann/json.hpp>

#include <span>

#include "geo/core/coordinate.hpp"

namespace revir::geo {

nlohmann::json geojson_line_string(std::span<const Coordinate> line);
nlohmann::json geojson_point(Coordinate c);

} // namespace revir::geo
