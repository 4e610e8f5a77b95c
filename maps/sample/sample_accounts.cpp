#include "maps/sample/sample_accounts.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "geo/core/atomic_output.hpp"
#include "geo/geometry/geos.hpp"
#include "geo/units/units.hpp"
#include "maps/sample/sample_plan.hpp"

namespace revir::sample {

namespace {
// An index drawn in proportion to `cumulative` (running sums).
std::size_t draw_index(const std::vector<double>& cumulative, double u) {
    const auto at = std::upper_bound(cumulative.begin(), cumulative.end(), u * cumulative.back()) - cumulative.begin();
    return std::min(static_cast<std::size_t>(at), cumulative.size() - 1);
}
} // namespace

void write_sample_accounts(const SampleDraw& draw, const std::string& folder) {
    geo::UnitOptions options;
    options.weight_fields = {draw.weight};
    options.layer = draw.layer;
    options.missing_weight_as_zero = true;
    geo::UnitLoadReport load;
    const auto units = geo::read_units(draw.units, options, load);
    std::vector<double> cumulative;
    double total = 0;
    for (const auto& u : units.units) cumulative.push_back(total += u.weights[0]);
    if (!(total > 0)) throw std::runtime_error(draw.units + ": weight field '" + draw.weight + "' sums to zero");
    const auto& ctx = *units.context;
    const auto h = ctx.handle();
    std::filesystem::create_directories(folder);

    geo::AtomicOutput accounts_file((std::filesystem::path(folder) / "accounts.csv").string());
    auto& accounts = accounts_file.stream();
    accounts << "id,name,lon,lat," << kAccountTermsHeader << "\n";
    const std::uint64_t salt = 1000 + draw.seed;
    for (std::size_t a = 0, attempt = 0; a < draw.accounts; ++attempt) {
        if (attempt > 1000 * (draw.accounts + 10)) {
            throw std::runtime_error(draw.units + ": cannot place points inside the units (are they polygons with an area?)");
        }
        const auto& unit = units.units[draw_index(cumulative, noise(attempt, 0, salt))];
        const auto box = geo::envelope(ctx, unit.geometry.get());
        const double lon = box.min_x + noise(attempt, 1, salt) * (box.max_x - box.min_x);
        const double lat = box.min_y + noise(attempt, 2, salt) * (box.max_y - box.min_y);
        const auto point = geo::own(ctx, GEOSGeom_createPointFromXY_r(h, lon, lat), "sample point");
        if (GEOSContains_r(h, unit.geometry.get(), point.get()) != 1) continue; // outside: draw again
        accounts << fmt::format("A{:05},Account {},{:.7f},{:.7f},{}\n", a + 1, a + 1, lon, lat,
                                account_terms(attempt * 7919 + draw.seed));
        ++a;
    }

    geo::AtomicOutput bases_file((std::filesystem::path(folder) / "bases.csv").string());
    auto& bases = bases_file.stream();
    bases << "id,name,lon,lat,capacity\n";
    std::vector<std::size_t> taken;
    for (std::size_t b = 0, attempt = 0; b < draw.bases && attempt < 100000; ++attempt) {
        const auto k = draw_index(cumulative, noise(attempt, 3, salt));
        if (std::find(taken.begin(), taken.end(), k) != taken.end()) continue;
        taken.push_back(k);
        const auto& p = units.units[k].representative_point;
        bases << fmt::format("B{},Rep {},{:.7f},{:.7f},1\n", b + 1, b + 1, p.lon(), p.lat());
        ++b;
    }
    if (taken.size() < draw.bases) {
        throw std::runtime_error(fmt::format("{}: only {} units have weight; cannot place {} bases", draw.units,
                                             taken.size(), draw.bases));
    }
    // Placed only when both are complete: no accounts without their bases.
    accounts_file.commit();
    bases_file.commit();
}

} // namespace revir::sample
