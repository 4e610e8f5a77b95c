// Graph files (.rvg). Built with FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION the
// reader skips its checksums, so inputs reach the checks a checksum cannot make.
// A file that loads is queried: a route both ways between a few node pairs, with
// and without the hierarchy, must agree.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>

#include "fuzz_input.hpp"
#include "routing/ch/ch_query.hpp"
#include "routing/ch/contraction_hierarchy.hpp"
#include "routing/graph_file/graph_file.hpp"
#include "routing/search/dijkstra.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace revir;
    using namespace revir::routing;
    const std::string& path = fuzz::input_file(data, size, ".rvg");
    fuzz::refusals_allowed([&] {
        std::optional<ContractionHierarchy> hierarchy;
        const RoadGraph graph = read_graph_file(path, hierarchy);
        const std::uint32_t n = graph.node_count();
        if (n == 0) return;
        Dijkstra plain(graph);
        std::optional<ChQuery> ch;
        if (hierarchy) ch.emplace(*hierarchy);
        for (std::uint32_t i = 0; i < 4; ++i) {
            const NodeId from(i * 7919u % n), to((i * 104729u + 1) % n);
            plain.reset();
            plain.add_source(from, 0, 0);
            plain.run_until_settled(to);
            if (ch && ch->time(from, to) != plain.time(to)) std::abort(); // the hierarchy disagrees with its graph
        }
    });
    return 0;
}
