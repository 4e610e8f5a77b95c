// Routing profiles (JSON): a profile that loads is asked about a few ways, whose
// speeds must come out finite and not negative.
#include <cstddef>
#include <cstdint>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>

#include "fuzz_input.hpp"
#include "routing/graph/profile.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace revir;
    const std::string& path = fuzz::input_file(data, size, ".json");
    fuzz::refusals_allowed([&] {
        const routing::Profile profile = routing::Profile::from_file(path);
        static const std::map<std::string, std::string> ways[] = {
            {{"highway", "primary"}},
            {{"highway", "residential"}, {"maxspeed", "30"}, {"surface", "gravel"}},
            {{"highway", "service"}, {"service", "parking_aisle"}, {"access", "destination"}},
            {{"highway", "motorway"}, {"oneway", "-1"}, {"maxspeed", "RU:urban"}, {"smoothness", "bad"}},
            {{"highway", "track"}, {"tracktype", "grade5"}, {"maxspeed:forward", "none"}},
        };
        for (const auto& tags : ways) {
            const routing::WayAttributes way = profile.evaluate_way([&](const char* key) -> const char* {
                const auto it = tags.find(key);
                return it == tags.end() ? nullptr : it->second.c_str();
            });
            if (!std::isfinite(way.forward_kmh) || !std::isfinite(way.backward_kmh) || way.forward_kmh < 0 ||
                way.backward_kmh < 0 || way.forward_kmh > profile.max_speed_kmh() + 1e-9 ||
                way.backward_kmh > profile.max_speed_kmh() + 1e-9) {
                std::abort(); // a profile that loads gives finite, bounded speeds
            }
        }
        if (!std::isfinite(profile.traffic_signal_penalty_s()) || profile.traffic_signal_penalty_s() < 0) std::abort();
    });
    return 0;
}
