// The HTTP service's table on Porto Alegre and New York: a 1000 × 1000 table with
// durations and distances, timed three ways in one run — the in-process matrix,
// the service's answer with its JSON, and the whole request over loopback HTTP —
// so that the ratio says what the service adds. Medians of three.
//   revir-bench-serve [GRAPH.rvg]      (default: Porto Alegre from OSM, then DIMACS New York)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <thread>

#include <fmt/format.h>

#include "benchmarks/bench_support.hpp"
#include "engine/service/http_server.hpp"
#include "engine/service/osrm_service.hpp"
#include "geo/core/progress.hpp"
#include "routing/ch/contraction_hierarchy.hpp"
#include "routing/graph_file/graph_file.hpp"
#include "routing/import/dimacs.hpp"
#include "routing/import/osm_import.hpp"
#include "routing/query/matrix.hpp"

using namespace revir;
using namespace revir::bench;

namespace {

// One GET over a fresh loopback connection; the body's size, or 0 on failure.
std::size_t http_get(int port, const std::string& target) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return 0;
    const std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) return 0;
    std::string all;
    std::vector<char> buffer(1 << 20);
    for (ssize_t n; (n = ::recv(fd, buffer.data(), buffer.size(), 0)) > 0;) all.append(buffer.data(), static_cast<std::size_t>(n));
    ::close(fd);
    return all.size();
}

void measure(const std::string& name, routing::RoadGraph graph, std::optional<routing::ContractionHierarchy> stored) {
    Progress quiet;
    routing::ContractionHierarchy ch = stored ? std::move(*stored) : routing::build_contraction_hierarchy(graph, quiet);
    // 1000 road nodes drawn at random (the same every run), as coordinates.
    std::mt19937 random(42);
    std::vector<geo::Coordinate> at;
    for (int i = 0; i < 1000; ++i) at.push_back(graph.node_coordinate[routing::NodeId(random() % graph.node_count())]);
    std::string target = "/table/v1/driving/";
    for (std::size_t i = 0; i < at.size(); ++i) {
        target += fmt::format("{}{:.6f},{:.6f}", i ? ";" : "", at[i].lon(), at[i].lat());
    }
    target += "?annotations=duration,distance";

    const routing::Snapper snapper(graph);
    std::vector<routing::SnappedPoint> snapped;
    for (const auto& c : at) snapped.push_back(*snapper.nearest(c));
    const unsigned threads = 2;
    std::vector<double> matrix_ms, service_ms, http_ms;
    for (int run = 0; run < 3; ++run) {
        const auto start = Clock::now();
        const auto m = routing::drive_time_matrix(graph, snapped, threads, quiet, &ch);
        matrix_ms.push_back(seconds_since(start) * 1000);
        if (m.size() != at.size() * at.size()) std::abort();
    }

    engine::service::ServiceLimits limits;
    limits.max_table_size = 1000;
    limits.matrix_threads = threads;
    const engine::service::RoutingService service(std::move(graph), std::move(ch), name, limits);
    std::size_t body_bytes = 0;
    for (int run = 0; run < 3; ++run) {
        const auto start = Clock::now();
        const auto answer = service.handle("GET", target, "");
        service_ms.push_back(seconds_since(start) * 1000);
        if (answer.status != 200) {
            std::fprintf(stderr, "table refused: %s\n", answer.body.substr(0, 200).c_str());
            return;
        }
        body_bytes = answer.body.size();
    }
    engine::service::HttpOptions options;
    options.port = 0;
    options.threads = threads;
    engine::service::HttpServer server(options, [&service](const engine::service::HttpRequest& r) {
        auto a = service.handle(r.method, r.target, r.body);
        return engine::service::HttpAnswer{a.status, std::move(a.body), "application/json; charset=UTF-8", std::move(a.headers)};
    });
    std::thread serving([&server] { server.run(); });
    for (int run = 0; run < 3; ++run) {
        const auto start = Clock::now();
        if (http_get(server.port(), target) == 0) std::fprintf(stderr, "HTTP request failed\n");
        http_ms.push_back(seconds_since(start) * 1000);
    }
    server.stop();
    serving.join();
    const double matrix = median(matrix_ms), answered = median(service_ms), whole = median(http_ms);
    std::printf("%s: table 1000 x 1000 durations+distances on %u threads: matrix %.1f ms; service with JSON %.1f ms "
                "(%.2fx the matrix); whole HTTP request %.1f ms (%.2fx), %.1f MB of JSON\n",
                name.c_str(), threads, matrix, answered, answered / matrix, whole, whole / matrix, body_bytes / 1e6);
}

} // namespace

int main(int argc, char** argv) {
    try {
        Progress quiet;
        if (argc > 1) {
            std::optional<routing::ContractionHierarchy> stored;
            auto graph = routing::read_graph_file(argv[1], stored);
            measure(std::filesystem::path(argv[1]).filename().string(), std::move(graph), std::move(stored));
            return 0;
        }
        const std::filesystem::path data = REVIR_SHARED_DATA;
        routing::ImportReport report;
        measure("Porto Alegre", routing::import_osm((data / "porto_alegre/poa_osm.pbf").string(), routing::Profile::load("car"), report, quiet),
                std::nullopt);
        measure("New York (DIMACS)",
                routing::read_dimacs((data / "dimacs_road/USA-road-t.NY.gr.gz").string(),
                                     (data / "dimacs_road/USA-road-d.NY.co.gz").string(), quiet),
                std::nullopt);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
