#pragma once
// The order of a trip (OSRM's `trip` service): a shortest round trip through all
// points, or a shortest path from the first to the last, on a matrix of drive
// times (asymmetric). Exact (Held–Karp) up to kExactTripSize points; above, cheapest insertion
// improved by 2-opt and or-opt moves until none helps.
#include <cstddef>
#include <optional>
#include <vector>

#include "routing/graph/road_graph.hpp"

namespace revir::engine::service {

/// `times` is n × n, row-major, kInfiniteTime where there is no route. The order
/// starts at point 0 (at the first point with `first_fixed`, and ends at n − 1
/// with `last_fixed`); nothing when some leg of every order is unreachable.
std::optional<std::vector<std::size_t>> trip_order(const std::vector<routing::TimeMs>& times, std::size_t n,
                                                    bool roundtrip, bool first_fixed, bool last_fixed);

inline constexpr std::size_t kExactTripSize = 12;

/// The heuristic alone (for any n ≥ 2; trip_order uses it above kExactTripSize).
std::optional<std::vector<std::size_t>> heuristic_order(const std::vector<routing::TimeMs>& times, std::size_t n,
                                                         bool roundtrip, bool fixed_end);

/// The cost of an order (the way back to its start included for a round trip).
std::uint64_t trip_cost(const std::vector<routing::TimeMs>& times, std::size_t n, const std::vector<std::size_t>& order,
                        bool roundtrip);

} // namespace revir::engine::service
