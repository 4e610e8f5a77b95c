// The point CSVs: `matrix --points` (id,lat,lon) and the accounts/bases records
// (any columns, coordinates by name), the same bytes through both readers.
#include <cstddef>
#include <cstdint>

#include "fuzz_input.hpp"
#include "geo/io/point_records.hpp"
#include "geo/io/points_csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace revir;
    const std::string& path = fuzz::input_file(data, size, ".csv");
    fuzz::refusals_allowed([&] { geo::read_points_csv(path); });
    fuzz::refusals_allowed([&] {
        for (const geo::PointRecord& record : geo::read_point_records(path, {}, "account")) {
            fuzz::refusals_allowed([&] { geo::number_field(record, "weight"); });
        }
    });
    return 0;
}
