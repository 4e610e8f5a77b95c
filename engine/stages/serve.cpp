#include "engine/stages/serve.hpp"

#include <atomic>
#include <charconv>
#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "engine/plan/limits.hpp"
#include "engine/service/http_server.hpp"
#include "engine/service/osrm_service.hpp"
#include "geo/core/cpus.hpp"
#include "geo/core/error.hpp"
#include "routing/graph_file/graph_file.hpp"

namespace revir::engine {

std::uint64_t parse_timeout_ms(const std::string& text, const std::string& option) {
    double value = 0;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    const auto [rest, ec] = std::from_chars(begin, end, value);
    const std::string unit(rest, end);
    double factor = 0;
    if (unit == "ms") factor = 1;
    if (unit == "s") factor = 1000;
    if (unit == "min") factor = 60'000;
    if (ec != std::errc() || factor == 0 || !std::isfinite(value)) {
        throw InputError(option + " '" + text + "' is not a duration with a unit, such as 30s, 500ms or 2min");
    }
    const double ms = value * factor;
    require_within(ms, limits::kTimeoutMs, option);
    return static_cast<std::uint64_t>(std::llround(ms));
}

StageReport run_serve(const ServeRequest& request, const Log& log) {
    require_within(std::uint64_t{request.port}, limits::kPort, "--port");
    require_within(std::uint64_t{request.threads}, limits::kThreads, "--threads");
    require_within(std::uint64_t{request.max_table_size}, limits::kTableSize, "--max-table-size");
    require_within(std::uint64_t{request.max_viaroute_size}, limits::kViarouteSize, "--max-viaroute-size");
    require_within(std::uint64_t{request.max_trip_size}, limits::kTripSize, "--max-trip-size");
    require_within(std::uint64_t{request.max_nearest}, limits::kNearest, "--max-nearest");
    require_within(request.max_isochrone_minutes, limits::kBandMinutes, "--max-isochrone-minutes");
    require_within(request.max_snap_m, limits::kMaxSnap, "--max-snap");
    const auto timeout_ms = parse_timeout_ms(request.request_timeout, "--request-timeout");

    std::optional<routing::ContractionHierarchy> hierarchy;
    auto graph = routing::read_graph_file(request.graph, hierarchy);
    if (!hierarchy) {
        say(log, "serve: " + request.graph + " has no contraction hierarchy; queries run on plain Dijkstra "
                 "(run `revir contract` for fast ones)");
    }
    const unsigned threads = resolve_threads(request.threads);
    service::ServiceLimits limits;
    limits.max_table_size = request.max_table_size;
    limits.max_viaroute_size = request.max_viaroute_size;
    limits.max_trip_size = request.max_trip_size;
    limits.max_nearest = request.max_nearest;
    limits.max_isochrone_minutes = request.max_isochrone_minutes;
    limits.max_snap_m = request.max_snap_m;
    limits.matrix_threads = threads;
    const std::string name = std::filesystem::path(request.graph).filename().string();
    const service::RoutingService routing_service(std::move(graph), std::move(hierarchy), name, limits);

    std::atomic<std::uint64_t> answered{0}, refused{0};
    service::HttpOptions options;
    options.host = request.host;
    options.port = request.port;
    options.threads = threads;
    options.request_timeout = std::chrono::milliseconds(timeout_ms);
    service::HttpServer server(options, [&](const service::HttpRequest& r) {
        auto answer = routing_service.handle(r.method, r.target, r.body);
        ++(answer.status < 400 ? answered : refused);
        return service::HttpAnswer{answer.status, std::move(answer.body), "application/json; charset=UTF-8",
                                   std::move(answer.headers)};
    });
    say(log, fmt::format("serve: listening on http://{}:{} ({} threads)", request.host, server.port(), threads));
    server.run();
    say(log, fmt::format("serve: stopped after {} answers and {} refusals", answered.load(), refused.load()));
    StageReport report;
    report.summary = {{"answered", answered.load()}, {"refused", refused.load()}};
    return report;
}

} // namespace revir::engine
