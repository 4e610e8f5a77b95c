#pragma once
// Requests of the OSRM HTTP API v1, read into typed parameters: a GET target
// (/{service}/v1/{profile}/{coordinates}[.json]?{options}) or a POST with a JSON
// body. Everything a request can get wrong without looking at the graph is
// refused here with OSRM's error codes and messages (InvalidUrl, InvalidService,
// InvalidVersion, InvalidQuery with the position, InvalidOptions, InvalidValue).
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "geo/core/coordinate.hpp"

namespace revir::engine::service {

/// A request the service refuses: OSRM's code ("InvalidQuery", "NoRoute" …) and a
/// message for a person; the HTTP status goes with it (400, or 501 for NotImplemented).
class ApiError : public std::runtime_error {
public:
    ApiError(std::string code, const std::string& message, int status = 400)
        : std::runtime_error(message), code_(std::move(code)), status_(status) {}
    const std::string& code() const { return code_; }
    int status() const { return status_; }

private:
    std::string code_;
    int status_;
};

enum class OsrmService { route, table, nearest, trip };
enum class Geometries { polyline, polyline6, geojson };
enum class Overview { simplified, full, none };

struct Bearing {
    int value = 0; // 0 … 360
    int range = 0; // 0 … 180
};

struct RouteAnnotations {
    bool duration = false, distance = false, nodes = false, speed = false, weight = false, datasource = false;
    bool any() const { return duration || distance || nodes || speed || weight || datasource; }
};

struct OsrmParameters {
    OsrmService service = OsrmService::route;
    std::string profile;
    std::vector<geo::Coordinate> coordinates;
    // One per coordinate, or none at all.
    std::vector<std::optional<Bearing>> bearings;
    std::vector<std::optional<double>> radiuses; // nothing: unlimited
    bool generate_hints = true;
    bool skip_waypoints = false;

    // route and trip
    bool steps = false;
    unsigned alternatives = 0;
    RouteAnnotations annotations;
    Geometries geometries = Geometries::polyline;
    Overview overview = Overview::simplified;
    std::optional<bool> continue_straight; // nothing: the default
    std::vector<std::size_t> waypoints;    // route: the coordinates that are stops (empty: all)

    // table
    std::vector<std::size_t> sources;      // empty: all
    std::vector<std::size_t> destinations; // empty: all
    bool table_durations = true;
    bool table_distances = false;
    std::optional<double> fallback_speed; // m/s
    bool fallback_snapped = false;        // fallback_coordinate=snapped
    double scale_factor = 1.0;

    // nearest
    unsigned number = 1;

    // trip
    bool roundtrip = true;
    bool source_first = false;     // source=first
    bool destination_last = false; // destination=last
};

/// A GET target as it comes from the request line (percent-encoded).
OsrmParameters parse_osrm_get(std::string_view target);
/// A POST: the target names the service and profile (/{service}/v1/{profile}),
/// the body is a JSON object with the same options.
OsrmParameters parse_osrm_post(std::string_view target, std::string_view body);

/// The percent-decoding OSRM applies to a whole target before parsing it.
std::string percent_decode(std::string_view text);

} // namespace revir::engine::service
