#include "geo/core/limits.hpp"

#include <cmath>

#include <fmt/format.h>

#include "geo/core/error.hpp"

namespace revir {

std::string outside_limits(const std::string& value_text, const Limits& limits) {
    if (*limits.unit == 0) return fmt::format("must be from {} to {}, not {}", limits.min, limits.max, value_text);
    return fmt::format("must be from {} to {} {}, not {}", limits.min, limits.max, limits.unit, value_text);
}

void require_within(double value, const Limits& limits, const std::string& name) {
    if (std::isfinite(value) && value >= limits.min && value <= limits.max) return;
    throw InputError(name + " " + outside_limits(fmt::format("{}", value), limits));
}

void require_within(std::uint64_t value, const Limits& limits, const std::string& name) {
    if (static_cast<double>(value) >= limits.min && static_cast<double>(value) <= limits.max) return;
    throw InputError(name + " " + outside_limits(std::to_string(value), limits));
}

} // namespace revir
