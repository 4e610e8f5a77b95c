// OSM import (XML or PBF, by REVIR_FUZZ_SUFFIX) with the shipped car profile, up
// to a graph; a graph that comes out is also contracted, so that what the import
// accepts is what the hierarchy build can take.
#include <cstddef>
#include <cstdint>

#include "fuzz_input.hpp"
#include "geo/core/progress.hpp"
#include "routing/ch/contraction_hierarchy.hpp"
#include "routing/graph/profile.hpp"
#include "routing/import/osm_import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace revir;
    static const routing::Profile profile = routing::Profile::load("car");
    const std::string& path = fuzz::input_file(data, size, REVIR_FUZZ_SUFFIX);
    fuzz::refusals_allowed([&] {
        routing::ImportReport report;
        Progress quiet;
        const routing::RoadGraph graph = routing::import_osm(path, profile, report, quiet, {.keep_all_components = true});
        graph.validate();
        routing::ChOptions options;
        options.threads = 1;
        routing::build_contraction_hierarchy(graph, quiet, options).validate(graph);
    });
    return 0;
}
