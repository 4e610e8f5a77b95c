#pragma once
// SHA-256 of input files, for manifests and for recognising a road graph that was
// built from the same extract.
#include <cstdint>
#include <string>

namespace revir::geo {

struct FileDigest {
    std::uint64_t size = 0;
    std::string sha256; // lowercase hex
};

/// Reads the whole file; throws InputError when it cannot be read.
FileDigest digest_file(const std::string& path);

/// SHA-256 of a text, lowercase hex.
std::string sha256_hex(const std::string& text);

} // namespace revir::geo
