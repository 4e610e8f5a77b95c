#pragma once
// The documented range of a numeric setting, checked where the setting enters the
// library: a value that is not finite or lies outside its range never reaches an
// algorithm or a C library (GEOS, GDAL), whichever front end supplied it.
#include <cstdint>
#include <string>

namespace revir {

/// A closed range [min, max] and the unit the value is in ("metres", "seconds").
struct Limits {
    double min;
    double max;
    const char* unit;
};

/// "NAME must be a number of UNIT from MIN to MAX, not VALUE" (InputError) unless
/// `value` is finite and within `limits`. `name` is what the user typed: an
/// option (--buffer) or a key (territories.time_limit).
void require_within(double value, const Limits& limits, const std::string& name);

/// The same for a whole number.
void require_within(std::uint64_t value, const Limits& limits, const std::string& name);

/// The message require_within gives, for readers that report it with a file and line.
std::string outside_limits(const std::string& value_text, const Limits& limits);

} // namespace revir
