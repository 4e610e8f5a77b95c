#include "geo/io/geojson.hpp"

namespace revir::geo {

namespace {
nlohmann::json position(Coordinate c) { return nlohmann::json::array({c.lon(), c.lat()}); }
} // namespace

nlohmann::json geojson_line_string(std::span<const Coordinate> line) {
    nlohmann::json coordinates = nlohmann::json::array();
    for (const auto& c : line) coordinates.push_back(position(c));
    return {{"type", "LineString"}, {"coordinates", std::move(coordinates)}};
}

nlohmann::json geojson_point(Coordinate c) { return {{"type", "Point"}, {"coordinates", position(c)}}; }

} // namespace revir::geo
