// The HTTP service's request side: raw HTTP bytes through Boost.Beast's parser,
// GET targets and POST bodies of the OSRM API, and Valhalla isochrone requests,
// all answered by a RoutingService on a small grid town built once. The first
// byte chooses the way in; every answer must be an answer (any status), never a
// crash, a sanitizer report or an escaping exception.
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/asio/buffer.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

#include "engine/service/osrm_service.hpp"
#include "geo/core/progress.hpp"
#include "routing/ch/contraction_hierarchy.hpp"

namespace {

using namespace revir;

// A 6 × 6 grid of two-way streets 100 m apart, named by row and column.
const engine::service::RoutingService& service() {
    static const engine::service::RoutingService s = [] {
        routing::GraphBuilder builder;
        constexpr int kSide = 6;
        std::vector<routing::NodeId> node;
        for (int i = 0; i < kSide * kSide; ++i) {
            node.push_back(builder.add_node(
                geo::Coordinate::from_degrees(14.0 + (i % kSide) * 0.00165, 57.0 + (i / kSide) * 0.0009), 1000 + i));
        }
        const auto street = [&](int a, int b, const std::string& name) {
            const std::vector<geo::Coordinate> shape = {
                geo::Coordinate::from_degrees(14.0 + (a % kSide) * 0.00165, 57.0 + (a / kSide) * 0.0009),
                geo::Coordinate::from_degrees(14.0 + (b % kSide) * 0.00165, 57.0 + (b / kSide) * 0.0009)};
            const auto g = builder.add_geometry(shape, 5000 + a * 100 + b, builder.add_name(name), 0);
            builder.add_edge(node[a], node[b], 10'000, 100.0F, g, 0);
            builder.add_edge(node[b], node[a], 10'000, 100.0F, g, routing::kGeometryReversed);
        };
        for (int r = 0; r < kSide; ++r) {
            for (int c = 0; c + 1 < kSide; ++c) {
                street(r * kSide + c, r * kSide + c + 1, "Row " + std::to_string(r));
                street(c * kSide + r, (c + 1) * kSide + r, "Column " + std::to_string(r));
            }
        }
        routing::GraphMetadata metadata;
        metadata.profile_name = "car";
        auto graph = std::move(builder).build(metadata);
        Progress quiet;
        routing::ChOptions options;
        options.threads = 1;
        auto hierarchy = routing::build_contraction_hierarchy(graph, quiet, options);
        engine::service::ServiceLimits limits;
        limits.max_table_size = 20;
        limits.max_isochrone_minutes = 30;
        return engine::service::RoutingService(std::move(graph), std::move(hierarchy), "grid.rvg", limits);
    }();
    return s;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 4) {
    case 0:
        service().handle("GET", text, "");
        break;
    case 1:
        service().handle("POST", "/route/v1/driving", text);
        break;
    case 2:
        service().handle("POST", "/isochrone", text);
        break;
    default: {
        namespace http = boost::beast::http;
        http::request_parser<http::string_body> parser;
        parser.header_limit(64 * 1024);
        parser.body_limit(64 * 1024);
        parser.eager(true);
        boost::beast::error_code ec;
        parser.put(boost::asio::buffer(text), ec);
        if (!ec && parser.is_done()) {
            auto& request = parser.get();
            service().handle(std::string(request.method_string()), std::string(request.target()), request.body());
        }
    }
    }
    return 0;
}
