// revir-bench-import: per real extract, import seconds, peak memory, nodes and
// edges, and point-to-point Dijkstra query time (median of random pairs) next to
// Boost.Graph's Dijkstra for scale. Each extract runs in a child process so that
// its peak memory is its own. Usage: revir-bench-import [SHARED_DATA_DIR]
#include <cstdio>
#include <filesystem>
#include <thread>
#include <vector>

#include "benchmarks/bench_support.hpp"
#include "routing/search/dijkstra.hpp"
#include "routing/import/dimacs.hpp"
#include "routing/import/osm_import.hpp"
#include "routing/search/reference_dijkstra.hpp"
#include "geo/core/random.hpp"

namespace {

using namespace revir;
using namespace revir::bench;

struct QueryTimes {
    double dijkstra_ms;
    double boost_ms;
};

// Median time of point-to-point queries between random nodes (our Dijkstra stops
// at the target; Boost's computes the whole tree, as its interface does).
QueryTimes time_queries(const routing::RoadGraph& graph, int pairs) {
    routing::Dijkstra dijkstra(graph);
    const routing::ReferenceDijkstra reference(graph);
    Random rng(11);
    auto node = [&] { return routing::NodeId(static_cast<std::uint32_t>(rng.below(graph.node_count()))); };
    std::vector<double> ours, theirs;
    for (int i = 0; i < pairs; ++i) {
        const auto s = node(), t = node();
        auto start = Clock::now();
        dijkstra.reset();
        dijkstra.add_source(s, 0, 0);
        dijkstra.run_until_settled(t);
        ours.push_back(seconds_since(start) * 1000);
        if (i < 20) {
            start = Clock::now();
            const auto all = reference.one_to_all(s);
            theirs.push_back(seconds_since(start) * 1000);
            if (all[t] != dijkstra.time(t)) std::fprintf(stderr, "MISMATCH %u -> %u\n", s.value(), t.value());
        }
    }
    return {median(ours), median(theirs)};
}

void bench_extract(const std::string& name, const std::string& path) {
    const auto profile = routing::Profile::load("car");
    Progress quiet;
    routing::ImportReport report;
    const auto start = Clock::now();
    const auto graph = routing::import_osm(path, profile, report, quiet);
    const double import_s = seconds_since(start);
    const double memory = peak_mb();
    const auto q = time_queries(graph, 200);
    std::printf("%-16s %9.2f %9.1f %9u %9u %9llu %12.3f %12.3f\n", name.c_str(), import_s, memory, graph.node_count(),
                graph.edge_count(), static_cast<unsigned long long>(report.missing_node_refs), q.dijkstra_ms, q.boost_ms);
    std::fflush(stdout);
}

void bench_dimacs(const std::string& arcs, const std::string& coordinates) {
    Progress quiet;
    const auto start = Clock::now();
    const auto graph = routing::read_dimacs(arcs, coordinates, quiet);
    const double load_s = seconds_since(start);
    const double memory = peak_mb();
    const auto q = time_queries(graph, 100);
    std::printf("%-16s %9.2f %9.1f %9u %9u %9s %12.3f %12.3f\n", "DIMACS-NY", load_s, memory, graph.node_count(),
                graph.edge_count(), "-", q.dijkstra_ms, q.boost_ms);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv) {
    const std::filesystem::path data = argc > 1 ? argv[1] : REVIR_SHARED_DATA;
    const std::pair<const char*, const char*> extracts[] = {
        {"West-Oakland", "osm_extracts/West-Oakland.osm.bz2"},
        {"Helsinki", "helsinki/osm/Helsinki.osm.pbf"},
        {"Liechtenstein", "osm_extracts/liechtenstein-2013-08-03.osm.pbf"},
        {"Baltimore", "osm_extracts/baltimore.osm.pbf"},
        {"Monaco", "osm_extracts/monaco.osm.pbf"},
        {"Porto-Alegre", "porto_alegre/poa_osm.pbf"},
    };
    std::printf("cores: %u; query times are medians of random node pairs\n", std::thread::hardware_concurrency());
    std::printf("%-16s %9s %9s %9s %9s %9s %12s %12s\n", "extract", "import_s", "peak_MB", "nodes", "edges", "missing",
                "dijkstra_ms", "boost_ms");
    for (const auto& [name, relative] : extracts) {
        const auto path = data / relative;
        if (!std::filesystem::exists(path)) {
            std::printf("%-16s missing: %s\n", name, path.c_str());
            continue;
        }
        in_child([&] { bench_extract(name, path.string()); });
    }
    const auto arcs = data / "dimacs_road/USA-road-t.NY.gr.gz";
    const auto coordinates = data / "dimacs_road/USA-road-d.NY.co.gz";
    if (std::filesystem::exists(arcs) && std::filesystem::exists(coordinates)) {
        in_child([&] { bench_dimacs(arcs.string(), coordinates.string()); });
    }
    return 0;
}
