#include "geo/io/points_csv.hpp"

// fccp copies file names with strncpy, which GCC flags once inlined here.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-truncation"
#include <libfccp/csv.h>
#pragma GCC diagnostic pop

#include <cmath>
#include <filesystem>
#include <unordered_map>

#include "geo/core/error.hpp"

namespace revir::geo {

namespace {
double parse_degrees(const std::string& text, const char* column, const std::string& path,
                     unsigned line) {
    const auto value = parse_number(text);
    if (!value) {
        throw InputError(path + ":" + std::to_string(line) + ": column '" + column +
                         "' is not a number: '" + text + "'");
    }
    return *value;
}
} // namespace

std::vector<NamedPoint> read_points_csv(const std::string& path) {
    if (!std::filesystem::is_regular_file(path)) {
        throw InputError(path + ": no such file");
    }
    std::vector<NamedPoint> points;
    std::unordered_map<std::string, unsigned> seen;
    try {
        io::CSVReader<3, io::trim_chars<' ', '\t'>, io::double_quote_escape<',', '"'>> reader(path);
        reader.read_header(io::ignore_extra_column, "id", "lon", "lat");
        std::string id, lon_text, lat_text;
        while (reader.read_row(id, lon_text, lat_text)) {
            const unsigned line = reader.get_file_line();
            const double lon = parse_degrees(lon_text, "lon", path, line);
            const double lat = parse_degrees(lat_text, "lat", path, line);
            if (!valid_lon_lat(lon, lat)) {
                throw InputError(path + ":" + std::to_string(line) + ": point '" + id +
                                 "' is outside WGS84 degrees (lon " + lon_text + ", lat " +
                                 lat_text + ")");
            }
            if (id.empty()) {
                throw InputError(path + ":" + std::to_string(line) + ": empty id");
            }
            if (auto [it, inserted] = seen.emplace(id, line); !inserted) {
                throw InputError(path + ":" + std::to_string(line) + ": id '" + id +
                                 "' was already used on line " + std::to_string(it->second));
            }
            points.push_back({id, Coordinate::from_degrees(lon, lat)});
        }
    } catch (const io::error::base& e) {
        throw InputError(path + ": " + e.what());
    }
    if (points.empty()) {
        throw InputError(path + ": no points (the file has a header but no rows)");
    }
    return points;
}

} // namespace revir::geo
