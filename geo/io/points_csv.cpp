#include "geo/io/points_csv.hpp"

#include <unordered_map>

#include "geo/core/csv.hpp"
#include "geo/core/error.hpp"

namespace revir::geo {

std::vector<NamedPoint> read_points_csv(const std::string& path) {
    const auto table = read_csv(path);
    const std::size_t id_column = table.column("id"), lon_column = table.column("lon"), lat_column = table.column("lat");
    std::vector<NamedPoint> points;
    std::unordered_map<std::string, std::size_t> seen;
    for (const auto& record : table.records) {
        const std::string& id = record.fields[id_column];
        const std::string where = table.where(record);
        auto degrees = [&](std::size_t column, const char* name) {
            const std::string& text = record.fields[column];
            const auto value = parse_number(text);
            if (!value) throw InputError(where + ": column '" + name + "' is not a number: '" + text + "'");
            return *value;
        };
        const double lon = degrees(lon_column, "lon");
        const double lat = degrees(lat_column, "lat");
        if (!valid_lon_lat(lon, lat)) {
            throw InputError(where + ": point '" + id + "' is outside WGS84 degrees (lon " + record.fields[lon_column] +
                             ", lat " + record.fields[lat_column] + ")");
        }
        if (id.empty()) throw InputError(where + ": empty id");
        if (auto [it, inserted] = seen.emplace(id, record.line); !inserted) {
            throw InputError(where + ": id '" + id + "' was already used on line " + std::to_string(it->second));
        }
        points.push_back({id, Coordinate::from_degrees(lon, lat)});
    }
    if (points.empty()) throw InputError(path + ": no points (the file has a header but no rows)");
    return points;
}

} // namespace revir::geo
