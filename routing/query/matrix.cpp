#include "routing/query/matrix.hpp"

#include <atomic>

#include "routing/ch/ch_query.hpp"
#include "routing/search/dijkstra.hpp"
#include "geo/core/parallel.hpp"
#include "routing/snap/phantom.hpp"

namespace revir::routing {

namespace {

void fill_row(const RoadGraph& graph, Dijkstra& dijkstra, const std::vector<SnappedPoint>& from,
              const std::vector<SnappedPoint>& to, const std::vector<std::vector<Leg>>& targets,
              const IndexVector<NodeId, bool>& is_entry, std::size_t entries,
              std::size_t i, MatrixEntry* row) {
    dijkstra.reset();
    for (const Leg& s : source_legs(graph, from[i])) {
        dijkstra.add_source(s.node, s.time_ms, s.length_m);
    }
    // Stop once every node that leads to a target is settled.
    std::size_t settled_entries = 0;
    for (NodeId n; settled_entries < entries && (n = dijkstra.settle_next()) != kNoNode;) {
        if (is_entry[n]) ++settled_entries;
    }
    for (std::size_t j = 0; j < to.size(); ++j) {
        MatrixEntry best;
        for (const Leg& t : targets[j]) {
            const TimeMs at = dijkstra.time(t.node);
            if (at != kInfiniteTime && add_times(at, t.time_ms) < best.time_ms) {
                best = {add_times(at, t.time_ms), dijkstra.length_m(t.node) + t.length_m};
            }
        }
        if (const auto direct = direct_leg(graph, from[i], to[j]); direct && direct->time_ms <= best.time_ms) {
            best = {direct->time_ms, direct->length_m};
        }
        row[j] = best;
    }
}

std::vector<MatrixEntry> hierarchy_matrix(const RoadGraph& graph, const ContractionHierarchy& hierarchy,
                                          const std::vector<SnappedPoint>& from, const std::vector<SnappedPoint>& to,
                                          unsigned threads) {
    const std::size_t rows = from.size(), n = to.size();
    std::vector<std::vector<Leg>> sources(rows), targets(n);
    for (std::size_t i = 0; i < rows; ++i) sources[i] = source_legs(graph, from[i]);
    for (std::size_t j = 0; j < n; ++j) targets[j] = target_legs(graph, to[j]);
    const auto times = ch_many_to_many(hierarchy, sources, targets, threads);
    std::vector<MatrixEntry> matrix(rows * n);
    for (std::size_t i = 0; i < rows; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            const auto& entry = times[i * n + j];
            MatrixEntry best;
            if (entry.time_ms != kInfiniteTime) best = {entry.time_ms, entry.length_m};
            if (const auto direct = direct_leg(graph, from[i], to[j]); direct && direct->time_ms <= best.time_ms) {
                best = {direct->time_ms, direct->length_m};
            }
            matrix[i * n + j] = best;
        }
    }
    return matrix;
}

} // namespace

std::vector<MatrixEntry> drive_time_matrix(const RoadGraph& graph, const std::vector<SnappedPoint>& points,
                                           unsigned threads, Progress& progress, const ContractionHierarchy* hierarchy) {
    return drive_time_matrix(graph, points, points, threads, progress, hierarchy);
}

std::vector<MatrixEntry> drive_time_matrix(const RoadGraph& graph, const std::vector<SnappedPoint>& from,
                                           const std::vector<SnappedPoint>& to, unsigned threads, Progress& progress,
                                           const ContractionHierarchy* hierarchy) {
    const std::size_t rows = from.size(), n = to.size();
    const std::string size = std::to_string(rows) + " x " + std::to_string(n);
    if (hierarchy != nullptr) {
        progress.stage("matrix: " + size + " (contraction hierarchy)");
        auto matrix = hierarchy_matrix(graph, *hierarchy, from, to, threads);
        progress.finish();
        return matrix;
    }
    std::vector<MatrixEntry> matrix(rows * n);
    std::vector<std::vector<Leg>> targets(n);
    IndexVector<NodeId, bool> is_entry(graph.node_count(), false);
    std::size_t entries = 0;
    for (std::size_t j = 0; j < n; ++j) {
        targets[j] = target_legs(graph, to[j]);
        for (const Leg& t : targets[j]) {
            if (!is_entry[t.node]) {
                is_entry[t.node] = true;
                ++entries;
            }
        }
    }
    progress.stage("matrix: " + size);
    std::atomic<std::size_t> done{0};
    parallel_for(
        rows, threads, [&graph] { return Dijkstra(graph); },
        [&](Dijkstra& dijkstra, std::size_t i) {
            fill_row(graph, dijkstra, from, to, targets, is_entry, entries, i, matrix.data() + i * n);
            ++done;
        });
    progress.update(done, rows);
    progress.finish();
    return matrix;
}

} // namespace revir::routing
