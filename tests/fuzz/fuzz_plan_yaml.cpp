// The plan configuration (YAML). The files the sample configuration names exist,
// empty, beside it, so that inputs get past the path checks to every setting.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>

#include "engine/plan/plan_config.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace revir;
    static const bool companions = [] {
        for (const char* name : {"town.osm.pbf", "units.geojson", "accounts.csv", "bases.csv", "current.csv"}) {
            std::ofstream(std::filesystem::path(fuzz::work_folder()) / name);
        }
        return true;
    }();
    (void)companions;
    const std::string& path = fuzz::input_file(data, size, ".yaml");
    fuzz::refusals_allowed([&] { engine::read_plan_config(path); });
    return 0;
}
