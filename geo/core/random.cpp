#include "geo/core/random.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace revir {

namespace {

// SplitMix64 (Steele, Lea and Flood 2014), as the xoshiro authors recommend for
// filling the state: it never gives the all-zero state xoshiro cannot leave.
std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

} // namespace

Random::Random(std::uint64_t seed) {
    for (auto& s : s_) s = splitmix64(seed);
}

WeightedIndex::WeightedIndex(std::span<const double> weights) {
    cumulative_.reserve(weights.size());
    double total = 0;
    for (double w : weights) {
        if (!(w >= 0) || !std::isfinite(w)) throw std::invalid_argument("weighted draw: a weight is negative or not finite");
        cumulative_.push_back(total += w);
    }
    if (!(total > 0) || !std::isfinite(total)) {
        throw std::invalid_argument("weighted draw: no weight is positive (or their sum is not finite)");
    }
}

std::size_t WeightedIndex::operator()(Random& rng) const {
    const double u = rng.uniform() * cumulative_.back();
    auto at = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
    // u < total up to rounding; should it round to the total, the last positive
    // weight takes the draw (never a zero weight at the end).
    if (at == cumulative_.end()) {
        --at;
        while (at != cumulative_.begin() && *(at - 1) == *at) --at;
    }
    return static_cast<std::size_t>(at - cumulative_.begin());
}

std::size_t weighted_index(std::span<const double> weights, Random& rng) { return WeightedIndex(weights)(rng); }

} // namespace revir
