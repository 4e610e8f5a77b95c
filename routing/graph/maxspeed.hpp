#pragma once
// Parses OSM `maxspeed` values: plain km/h, mph and knots, `none`, `walk`,
// country-implicit values such as `DE:urban` or `RU:rural`, zones such as
// `DE:zone30`. Anything unusable (`signals`, `variable`, junk) yields no value,
// so the caller falls back to the road class default.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace revir::routing {

struct MaxspeedTables {
    /// Implicit values without a country: urban, rural, motorway, none, walk, …
    std::map<std::string, double> implicit_kmh;
    /// Country-specific implicit values, keys lower-case "cc:type".
    std::map<std::string, double> country_kmh;
    double min_kmh = 5;
    double max_kmh = 300;
};

/// Speed in km/h, or nothing when the value does not give a usable speed.
std::optional<double> parse_maxspeed(std::string_view value, const MaxspeedTables& tables);

} // namespace revir::routing
