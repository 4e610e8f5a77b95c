#include "routing/import/dimacs.hpp"

#include <zlib.h>

#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "geo/core/error.hpp"

namespace revir::routing {

namespace {

struct GzCloser {
    void operator()(gzFile f) const { gzclose(f); }
};

// Calls `on_line(line_number, text)` for every line; gzopen reads plain files too.
template <typename F>
void for_each_line(const std::string& path, F on_line) {
    if (!std::filesystem::is_regular_file(path)) throw InputError(path + ": no such file");
    std::unique_ptr<gzFile_s, GzCloser> file(gzopen(path.c_str(), "rb"));
    if (!file) throw InputError(path + ": cannot open");
    gzbuffer(file.get(), 1 << 20);
    char buffer[4096];
    std::uint64_t line = 0;
    while (gzgets(file.get(), buffer, sizeof buffer) != nullptr) on_line(++line, buffer);
    int err = 0;
    const char* message = gzerror(file.get(), &err);
    if (err != Z_OK && err != Z_STREAM_END) throw InputError(path + ": read error: " + message);
}

[[noreturn]] void bad_line(const std::string& path, std::uint64_t line, const char* what) {
    throw InputError(path + ":" + std::to_string(line) + ": " + what);
}

} // namespace

RoadGraph read_dimacs(const std::string& arcs_path, const std::string& coordinates_path, Progress& progress) {
    progress.stage("dimacs: reading coordinates");
    std::vector<geo::Coordinate> coordinates;
    for_each_line(coordinates_path, [&](std::uint64_t line, const char* text) {
        if (text[0] == 'p') {
            unsigned long long n = 0;
            if (std::sscanf(text, "p aux sp co %llu", &n) != 1) bad_line(coordinates_path, line, "bad problem line");
            coordinates.assign(n, geo::Coordinate{});
        } else if (text[0] == 'v') {
            unsigned long long id = 0;
            long long x = 0, y = 0;
            if (std::sscanf(text, "v %llu %lld %lld", &id, &x, &y) != 3 || id == 0 || id > coordinates.size()) {
                bad_line(coordinates_path, line, "bad node line (or node id outside the problem line's count)");
            }
            // Microdegrees to our 1e-7 degree units.
            coordinates[id - 1] = {static_cast<std::int32_t>(x * 10), static_cast<std::int32_t>(y * 10)};
        }
    });
    progress.finish(std::to_string(coordinates.size()) + " nodes");
    if (coordinates.empty()) throw InputError(coordinates_path + ": no nodes");

    progress.stage("dimacs: reading arcs");
    GraphBuilder builder;
    for (std::size_t i = 0; i < coordinates.size(); ++i) builder.add_node(coordinates[i], static_cast<std::int64_t>(i + 1));
    for_each_line(arcs_path, [&](std::uint64_t line, const char* text) {
        if (text[0] != 'a') return;
        unsigned long long u = 0, v = 0, w = 0;
        if (std::sscanf(text, "a %llu %llu %llu", &u, &v, &w) != 3 || u == 0 || v == 0 || u > coordinates.size() ||
            v > coordinates.size() || w >= kInfiniteTime) {
            bad_line(arcs_path, line, "bad arc line (or node id outside the coordinate file)");
        }
        const geo::Coordinate shape[2] = {coordinates[u - 1], coordinates[v - 1]};
        const GeometryId g = builder.add_geometry(shape, static_cast<std::int64_t>(line));
        // The file counts nodes from 1.
        const NodeId tail(static_cast<std::uint32_t>(u - 1)), head(static_cast<std::uint32_t>(v - 1));
        builder.add_edge(tail, head, static_cast<TimeMs>(w), static_cast<float>(geo::haversine_m(shape[0], shape[1])), g, 0);
        if ((line & 0xffff) == 0) progress.update(line);
    });
    GraphMetadata metadata;
    metadata.profile_name = "dimacs";
    metadata.source_name = std::filesystem::path(arcs_path).filename().string();
    metadata.source_size = std::filesystem::file_size(arcs_path);
    metadata.time_unit = "dimacs";
    RoadGraph graph = std::move(builder).build(std::move(metadata));
    progress.finish(std::to_string(graph.edge_count()) + " arcs");
    return graph;
}

} // namespace revir::routing
