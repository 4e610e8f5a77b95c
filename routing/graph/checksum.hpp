#pragma once
// 64-bit content hashes: profile fingerprints and graph-file checksums.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace revir::routing {

/// FNV-1a over bytes; continue a running hash by passing it as `seed`.
constexpr std::uint64_t kFnvOffset = 1469598103934665603ULL;
std::uint64_t fnv1a64(const void* data, std::size_t size, std::uint64_t seed = kFnvOffset) noexcept;
inline std::uint64_t fnv1a64(std::string_view text) noexcept { return fnv1a64(text.data(), text.size()); }

} // namespace revir::routing
