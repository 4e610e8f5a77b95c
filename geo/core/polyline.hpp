#pragma once
// The encoded polyline format (Google's, as OSRM and Valhalla use it): each
// coordinate as zig-zag varint deltas of lat then lon, at 5 or 6 decimals.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "geo/core/coordinate.hpp"

namespace revir::geo {

/// precision: decimals (5 for `polyline`, 6 for `polyline6`).
std::string encode_polyline(std::span<const Coordinate> points, int precision);

/// Nothing for text that is not a whole polyline (a bad character, a value cut
/// short, a coordinate off the map).
std::optional<std::vector<Coordinate>> decode_polyline(std::string_view text, int precision);

} // namespace revir::geo
