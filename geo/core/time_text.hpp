#pragma once
// Shift lengths and clock times as planners write them: "8h", "7h30", "450m",
// "08:00". Shared by the command line and plan configurations.
#include <string>

namespace revir {

/// "8h", "7h30", "450m" or "450" (minutes) → minutes in (0, 24 h]. Throws
/// InputError naming `what`.
double parse_duration_minutes(const std::string& text, const std::string& what);

/// "HH:MM" → minutes after midnight. Throws InputError naming `what`.
double parse_clock_minutes(const std::string& text, const std::string& what);

} // namespace revir
