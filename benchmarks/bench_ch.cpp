// revir-bench-ch: contraction hierarchy on the DIMACS New York travel-time graph
// (or a graph file given as argument): build seconds and peak memory, then medians
// of point-to-point queries, a 1000 × 1000 matrix on one and on all cores, and
// PHAST one-to-all, next to plain Dijkstra for scale.
// Usage: revir-bench-ch [GRAPH.rvg] (a file with a hierarchy skips the build)
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <filesystem>
#include <optional>
#include <thread>

#include "benchmarks/bench_support.hpp"
#include "routing/ch/ch_query.hpp"
#include "routing/search/dijkstra.hpp"
#include "routing/import/dimacs.hpp"
#include "routing/graph_file/graph_file.hpp"
#include "geo/core/random.hpp"

using namespace revir;
using namespace revir::bench;
using namespace revir::routing;

int main(int argc, char** argv) {
    Progress quiet;
    RoadGraph graph;
    std::optional<ContractionHierarchy> stored;
    const std::filesystem::path data = REVIR_SHARED_DATA;
    if (argc > 1) {
        graph = read_graph_file(argv[1], stored);
    } else {
        graph = read_dimacs((data / "dimacs_road/USA-road-t.NY.gr.gz").string(),
                            (data / "dimacs_road/USA-road-d.NY.co.gz").string(), quiet);
    }
    const double before_mb = peak_mb();
    std::printf("graph: %u nodes, %u edges; cores: %u\n", graph.node_count(), graph.edge_count(),
                std::thread::hardware_concurrency());
    auto start = Clock::now();
    Progress quiet_build;
    // A graph file with a hierarchy is measured as it is (queries only); otherwise
    // the build runs three times and the median is printed.
    ContractionHierarchy ch;
    // REVIR_BENCH_CH_SIM / REVIR_BENCH_CH_WITNESS / REVIR_BENCH_CH_THREADS override
    // the contraction's settle limits and thread count, for tuning.
    ChOptions options;
    if (const char* v = std::getenv("REVIR_BENCH_CH_SIM")) options.simulation_settle_limit = static_cast<std::uint32_t>(std::atoi(v));
    if (const char* v = std::getenv("REVIR_BENCH_CH_WITNESS")) options.witness_settle_limit = static_cast<std::uint32_t>(std::atoi(v));
    if (const char* v = std::getenv("REVIR_BENCH_CH_THREADS")) options.threads = static_cast<unsigned>(std::atoi(v));
    if (stored) {
        ch = std::move(*stored);
        std::printf("hierarchy from the file: %zu shortcuts\n", ch.shortcut_count());
    } else {
        std::vector<double> build_s;
        for (int run = 0; run < 3; ++run) {
            ch = ContractionHierarchy{}; // free the previous one: peak memory is one build's
            start = Clock::now();
            ch = build_contraction_hierarchy(graph, quiet_build, options);
            build_s.push_back(seconds_since(start));
        }
        std::printf("build: %.2f s median of 3, %zu shortcuts, peak %.0f MB (graph loaded: %.0f MB)\n", median(build_s),
                    ch.shortcut_count(), peak_mb(), before_mb);
    }

    Random rng(9);
    auto node = [&] { return NodeId(static_cast<std::uint32_t>(rng.below(graph.node_count()))); };
    ChQuery query(ch);
    std::vector<double> round_medians, space;
    for (int round = 0; round < 5; ++round) {
        std::vector<double> ch_us;
        for (int i = 0; i < 10000; ++i) {
            const NodeId s = node(), t = node();
            start = Clock::now();
            const TimeMs d = query.time(s, t);
            ch_us.push_back(seconds_since(start) * 1e6);
            space.push_back(static_cast<double>(query.last_search_space()));
            if (d == 0xdeadbeef) std::printf("?");
        }
        round_medians.push_back(median(ch_us));
    }
    Dijkstra dijkstra(graph);
    std::vector<double> dijkstra_ms;
    for (int i = 0; i < 30; ++i) {
        const NodeId s = node(), t = node();
        start = Clock::now();
        dijkstra.reset();
        dijkstra.add_source(s, 0, 0);
        dijkstra.run_until_settled(t);
        dijkstra_ms.push_back(seconds_since(start) * 1e3);
    }
    std::printf("point-to-point: CH %.2f us (median of 5 rounds of 10,000; rounds %.1f-%.1f; search space %.0f nodes), "
                "Dijkstra %.2f ms median\n",
                median(round_medians), *std::min_element(round_medians.begin(), round_medians.end()),
                *std::max_element(round_medians.begin(), round_medians.end()), median(space), median(dijkstra_ms));

    std::vector<std::vector<Leg>> points(1000);
    for (auto& p : points) p = {Leg{node(), 0, 0, kNoEdge}};
    for (unsigned threads : {1u, 0u}) {
        std::vector<double> ms;
        for (int run = 0; run < 5; ++run) {
            start = Clock::now();
            const auto m = ch_many_to_many(ch, points, points, threads);
            ms.push_back(seconds_since(start) * 1e3);
        }
        std::printf("1000 x 1000 matrix: %.1f ms median (%s)\n", median(ms), threads == 1 ? "1 thread" : "all cores");
    }
    Phast phast(ch);
    std::vector<double> phast_ms;
    for (int run = 0; run < 20; ++run) {
        const NodeId s = node();
        start = Clock::now();
        phast.one_to_all(s);
        phast_ms.push_back(seconds_since(start) * 1e3);
    }
    std::vector<double> full_ms;
    for (int run = 0; run < 5; ++run) {
        const NodeId s = node();
        start = Clock::now();
        dijkstra.reset();
        dijkstra.add_source(s, 0, 0);
        dijkstra.run_to_completion();
        full_ms.push_back(seconds_since(start) * 1e3);
    }
    std::printf("one-to-all: PHAST %.2f ms median, Dijkstra %.2f ms median\n", median(phast_ms), median(full_ms));
    return 0;
}
