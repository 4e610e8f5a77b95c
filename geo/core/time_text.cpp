#include "geo/core/time_text.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include <fmt/format.h>

#include "geo/core/error.hpp"

namespace revir {

namespace {
// A number at `text[at]` (digits and one point); advances `at`.
std::optional<double> number_at(const std::string& text, std::size_t& at) {
    const std::size_t start = at;
    while (at < text.size() && (std::isdigit(static_cast<unsigned char>(text[at])) || text[at] == '.')) ++at;
    if (at == start) return std::nullopt;
    try {
        std::size_t used = 0;
        const double v = std::stod(text.substr(start, at - start), &used);
        if (used != at - start) return std::nullopt;
        return v;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}
} // namespace

double parse_duration_minutes(const std::string& text, const std::string& what) {
    // 8h, 1.5h, 7h30, 7h30m, 450m, 450min. A bare number is refused: "8" could be
    // hours or minutes, and guessing wrong plans nothing.
    std::size_t at = 0;
    const auto first = number_at(text, at);
    const std::string unit = first ? text.substr(at) : std::string();
    std::optional<double> minutes;
    if (unit == "m" || unit == "min") {
        minutes = *first;
    } else if (unit.rfind('h', 0) == 0) {
        ++at;
        minutes = *first * 60;
        if (at < text.size()) {
            const auto rest = number_at(text, at);
            const std::string tail = text.substr(std::min(at, text.size()));
            // The minutes after the hours are whole and below 60: 7h90 is a typo.
            if (rest && *rest < 60 && *rest == static_cast<int>(*rest) && *first == static_cast<int>(*first) &&
                (tail.empty() || tail == "m" || tail == "min")) {
                *minutes += *rest;
            } else {
                minutes.reset();
            }
        }
    }
    if (!minutes || !(*minutes > 0 && *minutes <= 24 * 60)) {
        throw InputError(fmt::format("{} '{}' is not a duration such as 8h, 7h30 or 450min (hours or minutes, "
                                     "with the unit, up to 24h)",
                                     what, text));
    }
    return *minutes;
}

double parse_clock_minutes(const std::string& text, const std::string& what) {
    const auto colon = text.find(':');
    int hours = -1, minutes = -1;
    if (colon != std::string::npos && colon >= 1 && colon <= 2 && text.size() == colon + 3 &&
        std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == ':'; })) {
        hours = std::stoi(text.substr(0, colon));
        minutes = std::stoi(text.substr(colon + 1));
    }
    if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) {
        throw InputError(fmt::format("{} '{}' is not a time of day such as 08:00", what, text));
    }
    return hours * 60.0 + minutes;
}

} // namespace revir
