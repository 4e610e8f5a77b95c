// revir-sample-town: writes the built-in sample region as an OSM extract, or with
// --plan-inputs the whole sample that `revir plan` runs on (roads, units,
// accounts, bases).
#include <cstdio>
#include <cstring>
#include <exception>

#include "maps/sample/sample_plan.hpp"
#include "maps/sample/sample_town.hpp"

int main(int argc, char** argv) {
    const bool plan = argc == 3 && std::strcmp(argv[1], "--plan-inputs") == 0;
    if (argc != 2 && !plan) {
        std::fprintf(stderr, "usage: revir-sample-town OUTPUT.osm.pbf\n"
                             "       revir-sample-town --plan-inputs FOLDER\n");
        return 2;
    }
    const char* target = argv[argc - 1];
    try {
        if (plan) revir::sample::write_sample_plan_inputs(target);
        else revir::sample::write_sample_town(target);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "revir-sample-town: error: %s\n", e.what());
        return 1;
    }
    std::fprintf(stderr, "revir-sample-town: wrote %s\n", target);
    return 0;
}
