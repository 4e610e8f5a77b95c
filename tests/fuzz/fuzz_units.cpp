// Census units as GeoJSON through GDAL: geometry repair, projection, weights.
// The first byte picks the options (weight field, missing weights as zero), the
// rest is the file.
#include <cstddef>
#include <cstdint>

#include "fuzz_input.hpp"
#include "geo/units/units.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace revir;
    if (size == 0) return 0;
    geo::UnitOptions options;
    options.weight_fields = {(data[0] & 1) != 0 ? "population" : "households"};
    options.missing_weight_as_zero = (data[0] & 2) != 0;
    if ((data[0] & 4) != 0) options.id_field = "unit_id";
    if ((data[0] & 8) != 0) options.name_field = "name";
    const std::string& path = fuzz::input_file(data + 1, size - 1, ".geojson");
    fuzz::refusals_allowed([&] {
        geo::UnitLoadReport report;
        const geo::UnitSet units = geo::read_units(path, options, report);
        (void)units.totals();
    });
    return 0;
}
