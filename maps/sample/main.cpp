// revir-sample-town: writes the built-in sample region as an OSM extract.
#include <cstdio>
#include <exception>

#include "maps/sample/sample_town.hpp"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: revir-sample-town OUTPUT.osm.pbf\n");
        return 2;
    }
    try {
        revir::sample::write_sample_town(argv[1]);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "revir-sample-town: error: %s\n", e.what());
        return 1;
    }
    std::fprintf(stderr, "revir-sample-town: wrote %s\n", argv[1]);
    return 0;
}
