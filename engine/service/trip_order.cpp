#include "engine/service/trip_order.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

namespace revir::engine::service {

namespace {

constexpr std::uint64_t kUnreachable = std::numeric_limits<std::uint64_t>::max();

std::uint64_t leg(const std::vector<routing::TimeMs>& times, std::size_t n, std::size_t a, std::size_t b) {
    const routing::TimeMs t = times[a * n + b];
    return t == routing::kInfiniteTime ? kUnreachable : t;
}

} // namespace

std::uint64_t trip_cost(const std::vector<routing::TimeMs>& times, std::size_t n, const std::vector<std::size_t>& order,
                        bool roundtrip) {
    std::uint64_t cost = 0;
    const std::size_t legs = roundtrip ? order.size() : order.size() - 1;
    for (std::size_t k = 0; k < legs; ++k) {
        const std::uint64_t t = leg(times, n, order[k], order[(k + 1) % order.size()]);
        if (t == kUnreachable) return kUnreachable;
        cost += t;
    }
    return cost;
}

namespace {

// Held–Karp: the cheapest order over subsets, O(2ⁿ n²).
std::optional<std::vector<std::size_t>> exact_order(const std::vector<routing::TimeMs>& times, std::size_t n,
                                                    bool roundtrip, bool fixed_end) {
    const std::size_t subsets = std::size_t{1} << n;
    std::vector<std::uint64_t> best(subsets * n, kUnreachable);
    std::vector<std::uint8_t> parent(subsets * n, 0);
    best[1 * n + 0] = 0;
    for (std::size_t mask = 1; mask < subsets; mask += 2) { // every subset holds point 0
        for (std::size_t at = 0; at < n; ++at) {
            const std::uint64_t here = best[mask * n + at];
            if (here == kUnreachable) continue;
            for (std::size_t next = 1; next < n; ++next) {
                if (mask & (std::size_t{1} << next)) continue;
                const std::uint64_t step = leg(times, n, at, next);
                if (step == kUnreachable) continue;
                const std::size_t slot = (mask | (std::size_t{1} << next)) * n + next;
                if (here + step < best[slot]) {
                    best[slot] = here + step;
                    parent[slot] = static_cast<std::uint8_t>(at);
                }
            }
        }
    }
    const std::size_t all = subsets - 1;
    std::uint64_t total = kUnreachable;
    std::size_t end = 0;
    for (std::size_t at = 0; at < n; ++at) {
        if (n > 1 && at == 0) continue;
        if (fixed_end && at != n - 1) continue;
        std::uint64_t c = best[all * n + at];
        if (c == kUnreachable) continue;
        if (roundtrip && n > 1) {
            const std::uint64_t back = leg(times, n, at, 0);
            if (back == kUnreachable) continue;
            c += back;
        }
        if (c < total) {
            total = c;
            end = at;
        }
    }
    if (total == kUnreachable) return std::nullopt;
    std::vector<std::size_t> order;
    for (std::size_t mask = all, at = end; order.size() < n;) {
        order.push_back(at);
        const std::size_t previous = parent[mask * n + at];
        mask &= ~(std::size_t{1} << at);
        at = previous;
    }
    std::reverse(order.begin(), order.end());
    return order;
}

} // namespace

std::optional<std::vector<std::size_t>> trip_order(const std::vector<routing::TimeMs>& times, std::size_t n,
                                                    bool roundtrip, bool /*first_fixed*/, bool last_fixed) {
    if (n == 0) return std::vector<std::size_t>{};
    // A round trip is the same from any start, so it starts at point 0; a path
    // starts at 0 and, with last_fixed, ends at n − 1.
    const bool fixed_end = !roundtrip && last_fixed && n > 1;

    if (n <= kExactTripSize) return exact_order(times, n, roundtrip, fixed_end);
    return heuristic_order(times, n, roundtrip, fixed_end);
}

std::optional<std::vector<std::size_t>> heuristic_order(const std::vector<routing::TimeMs>& times, std::size_t n,
                                                         bool roundtrip, bool fixed_end) {
    std::vector<std::size_t> order;
    const auto cost = [&](const std::vector<std::size_t>& o) { return trip_cost(times, n, o, roundtrip); };
    const std::size_t last = fixed_end ? n - 1 : n;
    // Cheapest insertion, from the fixed ends.
    std::vector<std::size_t> tour{0};
    if (fixed_end) tour.push_back(n - 1);
    std::vector<bool> placed(n, false);
    placed[0] = true;
    if (fixed_end) placed[n - 1] = true;
    for (std::size_t added = tour.size(); added < n; ++added) {
        std::uint64_t best = kUnreachable;
        std::size_t best_point = n, best_slot = 0;
        for (std::size_t p = 0; p < n; ++p) {
            if (placed[p]) continue;
            const std::size_t slots = roundtrip || fixed_end ? tour.size() : tour.size() + 1;
            for (std::size_t s = 1; s <= slots; ++s) {
                if (fixed_end && s == tour.size()) continue; // not after the fixed end
                const std::size_t before = tour[s - 1];
                const bool at_end = s == tour.size();
                std::uint64_t delta;
                if (at_end && !roundtrip) {
                    delta = leg(times, n, before, p);
                } else {
                    const std::size_t after = tour[s % tour.size()];
                    const auto a = leg(times, n, before, p), b = leg(times, n, p, after), old = leg(times, n, before, after);
                    delta = a == kUnreachable || b == kUnreachable ? kUnreachable : a + b - std::min(old, a + b);
                }
                if (delta < best) {
                    best = delta;
                    best_point = p;
                    best_slot = s;
                }
            }
        }
        if (best_point == n) return std::nullopt;
        tour.insert(tour.begin() + static_cast<std::ptrdiff_t>(best_slot), best_point);
        placed[best_point] = true;
    }
    order = tour;
    std::uint64_t current = cost(order);
    if (current == kUnreachable) return std::nullopt;
    // 2-opt (reverse a stretch) and or-opt (move a run of up to 3) until no move helps.
    for (bool improved = true; improved;) {
        improved = false;
        for (std::size_t i = 1; i < last && !improved; ++i) {
            for (std::size_t j = i + 1; j < last && !improved; ++j) {
                std::reverse(order.begin() + static_cast<std::ptrdiff_t>(i), order.begin() + static_cast<std::ptrdiff_t>(j + 1));
                const std::uint64_t c = cost(order);
                if (c < current) {
                    current = c;
                    improved = true;
                } else {
                    std::reverse(order.begin() + static_cast<std::ptrdiff_t>(i), order.begin() + static_cast<std::ptrdiff_t>(j + 1));
                }
            }
        }
        for (std::size_t len = 1; len <= 3 && !improved; ++len) {
            for (std::size_t i = 1; i + len <= last && !improved; ++i) {
                std::vector<std::size_t> run(order.begin() + static_cast<std::ptrdiff_t>(i),
                                             order.begin() + static_cast<std::ptrdiff_t>(i + len));
                std::vector<std::size_t> rest(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(i));
                rest.insert(rest.end(), order.begin() + static_cast<std::ptrdiff_t>(i + len), order.end());
                const std::size_t rest_last = last - len;
                for (std::size_t s = 1; s <= rest_last && !improved; ++s) {
                    if (s == i) continue;
                    std::vector<std::size_t> candidate(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(s));
                    candidate.insert(candidate.end(), run.begin(), run.end());
                    candidate.insert(candidate.end(), rest.begin() + static_cast<std::ptrdiff_t>(s), rest.end());
                    const std::uint64_t c = cost(candidate);
                    if (c < current) {
                        current = c;
                        order = std::move(candidate);
                        improved = true;
                    }
                }
            }
        }
    }
    return order;
}

} // namespace revir::engine::service
