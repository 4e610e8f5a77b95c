#pragma once
// Every numeric setting's documented range, in one place. The plan file reader and
// every stage check their values against these, so that the command line, a plan
// file and the server refuse the same values in the same words; README.md quotes
// them.
#include "geo/core/limits.hpp"

namespace revir::engine::limits {

// Units and their adjacency.
inline constexpr Limits kTolerance{0, 1000, "metres"};
inline constexpr Limits kLinkGaps{0, 100000, "metres"};

// Snapping points to the road network.
inline constexpr Limits kMaxSnap{1, 1e6, "metres"};
inline constexpr Limits kUnitMaxSnap{1, 1e7, "metres"};

// Territory design.
inline constexpr Limits kFreeCentres{1, 10000, "territories"};
inline constexpr Limits kMaxDistance{0, 1e9, "minutes or km"};
inline constexpr Limits kSoftPenalty{0, 1e12, "per unit of weight and distance"};
inline constexpr Limits kMovePenalty{0, 1e12, "per unit of weight"};
inline constexpr Limits kRounds{0, 1e7, "rounds"};

// Every search.
inline constexpr Limits kTimeLimit{0.1, 86400, "seconds"};
inline constexpr Limits kThreads{0, 1024, "threads"};
inline constexpr Limits kIterations{0, 1e12, "iterations"};
inline constexpr Limits kSeed{0, 18446744073709551615.0, ""}; // every 64-bit seed

// Visit planning.
inline constexpr Limits kDays{1, 366, "days"};
inline constexpr Limits kFirstWeekday{1, 5, "(1 = Monday … 5 = Friday)"};

// Isochrones.
inline constexpr Limits kBandMinutes{0.1, 1440, "minutes"};
inline constexpr Limits kBuffer{1, 5000, "metres"};

// `revir serve`.
inline constexpr Limits kPort{0, 65535, "(0: any free port)"};
inline constexpr Limits kTableSize{1, 10000, "coordinates"};
inline constexpr Limits kViarouteSize{2, 100000, "coordinates"};
inline constexpr Limits kTripSize{2, 1000, "coordinates"};
inline constexpr Limits kNearest{1, 10000, "results"};
inline constexpr Limits kTimeoutMs{100, 3'600'000, "milliseconds"};

} // namespace revir::engine::limits
