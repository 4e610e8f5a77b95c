#include "geo/digest/file_digest.hpp"

#include <fstream>
#include <memory>
#include <vector>

#include <openssl/evp.h>

#include "geo/core/error.hpp"

namespace revir::geo {

namespace {
struct Sha256 {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context{EVP_MD_CTX_new(), &EVP_MD_CTX_free};
    Sha256() {
        if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1) throw Error("SHA-256 unavailable");
    }
    void add(const void* data, std::size_t size) {
        if (EVP_DigestUpdate(context.get(), data, size) != 1) throw Error("SHA-256 update failed");
    }
    std::string hex() {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        if (EVP_DigestFinal_ex(context.get(), digest, &length) != 1) throw Error("SHA-256 failed");
        static const char* digits = "0123456789abcdef";
        std::string out;
        for (unsigned int i = 0; i < length; ++i) {
            out.push_back(digits[digest[i] >> 4]);
            out.push_back(digits[digest[i] & 15]);
        }
        return out;
    }
};
} // namespace

FileDigest digest_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot open");
    Sha256 sha;
    FileDigest d;
    std::vector<char> buffer(1 << 20);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto got = static_cast<std::size_t>(in.gcount());
        sha.add(buffer.data(), got);
        d.size += got;
    }
    if (in.bad()) throw InputError(path + ": read failed");
    d.sha256 = sha.hex();
    return d;
}

std::string sha256_hex(const std::string& text) {
    Sha256 sha;
    sha.add(text.data(), text.size());
    return sha.hex();
}

} // namespace revir::geo
