#pragma once
// Seeded randomness that gives the same numbers with any compiler and standard
// library, so that a seed gives the same plan everywhere. std::shuffle and the std
// distributions are not specified exactly, so every sampler is written out here.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <utility>
#include <vector>

namespace revir {

/// xoshiro256** (Blackman and Vigna, 2018) with its 256-bit state filled by
/// SplitMix64 from the seed. Chosen for being a few lines of shifts and multiplies
/// that anyone can re-implement from the paper, fast, statistically strong (passes
/// BigCrush) with a period of 2^256 − 1, and because SplitMix64 seeding makes
/// nearby seeds (seed, seed + 1, …, one per parallel search) give unrelated streams.
/// The VRP solver had used this very generator and seeding on its own; now all share it.
///
/// On purpose not a std UniformRandomBitGenerator (no min()/max()): std::shuffle
/// and the std distributions then refuse it at compile time, since their output
/// differs between standard libraries. Use the samplers below instead.
class Random {
public:
    explicit Random(std::uint64_t seed);

    /// The next 64 random bits.
    std::uint64_t next() {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    /// Uniform in [0, n) without modulo bias (Lemire 2019, "Fast random integer
    /// generation in an interval": the high word of next() × n, redrawn while the
    /// low word falls in the 2^64 mod n values that would favour some results).
    /// n = 0 gives 0 without a draw.
    std::uint64_t below(std::uint64_t n) {
        if (n == 0) return 0;
        std::uint64_t high, low;
        multiply(next(), n, high, low);
        if (low < n) {
            const std::uint64_t threshold = (0 - n) % n; // 2^64 mod n
            while (low < threshold) multiply(next(), n, high, low);
        }
        return high;
    }

    /// Uniform in [0, 1): the top 53 bits of next() over 2^53 (every double a
    /// multiple of 2^-53, each equally likely).
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    /// low + (high − low) × uniform(): in [low, high) up to rounding.
    double uniform(double low, double high) { return low + (high - low) * uniform(); }
    /// True with probability p: uniform() < p. Always one draw, whatever p, so
    /// that the rest of the stream does not depend on p.
    bool chance(double p) { return uniform() < p; }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    // 64 × 64 → 128 bits in 32-bit halves rather than unsigned __int128, which
    // MSVC lacks and -Wpedantic refuses.
    static void multiply(std::uint64_t a, std::uint64_t b, std::uint64_t& high, std::uint64_t& low) {
        const std::uint64_t a0 = a & 0xFFFFFFFFu, a1 = a >> 32, b0 = b & 0xFFFFFFFFu, b1 = b >> 32;
        const std::uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
        const std::uint64_t middle = (p00 >> 32) + (p01 & 0xFFFFFFFFu) + (p10 & 0xFFFFFFFFu);
        low = (middle << 32) | (p00 & 0xFFFFFFFFu);
        high = p11 + (p01 >> 32) + (p10 >> 32) + (middle >> 32);
    }

    std::uint64_t s_[4];
};

/// Fisher–Yates (Durstenfeld): for i = n − 1 down to 1, swap element i with
/// element rng.below(i + 1). n − 1 draws.
template <std::random_access_iterator It>
void shuffle(It first, It last, Random& rng) {
    using std::swap;
    const auto n = static_cast<std::uint64_t>(last - first);
    for (std::uint64_t i = n; i > 1; --i) {
        const std::uint64_t j = rng.below(i);
        if (j != i - 1) swap(first[static_cast<std::ptrdiff_t>(i - 1)], first[static_cast<std::ptrdiff_t>(j)]);
    }
}

/// An index drawn with probability weight[i] / Σ weight, for repeated draws from
/// the same weights: one uniform() u per draw, the first i whose running sum
/// weight[0] + … + weight[i] exceeds u × Σ weight (binary search), so a zero
/// weight is never drawn. Throws std::invalid_argument when a weight is negative
/// or not finite, or when none is positive (nothing can be drawn): that is a
/// caller's bug, and a caller whose weights come from a user checks them first
/// and says which input is at fault.
class WeightedIndex {
public:
    explicit WeightedIndex(std::span<const double> weights);
    std::size_t operator()(Random& rng) const;

private:
    std::vector<double> cumulative_;
};

/// One draw of WeightedIndex(weights)(rng), for weights that change between draws.
std::size_t weighted_index(std::span<const double> weights, Random& rng);

} // namespace revir
