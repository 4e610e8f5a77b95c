// CVRPLIB (.vrp) and Solomon (.txt) instances, told apart by content.
#include <cstddef>
#include <cstdint>

#include "engine/vrp/vrp_files.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace revir;
    const std::string& path = fuzz::input_file(data, size, ".vrp");
    fuzz::refusals_allowed([&] { engine::read_vrp_instance(path); });
    return 0;
}
