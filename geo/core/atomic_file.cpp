#include "geo/core/atomic_file.hpp"

#include <cstdio>
#include <filesystem>
#include <unistd.h>

#include "geo/core/error.hpp"

namespace revir::geo {

AtomicFile::AtomicFile(std::string path)
    : path_(std::move(path)), temporary_(path_ + ".tmp" + std::to_string(::getpid())) {
    out_.open(temporary_, std::ios::binary | std::ios::trunc);
    if (!out_) throw Error(path_ + ": cannot create output file");
}

AtomicFile::~AtomicFile() {
    if (!committed_) {
        out_.close();
        std::remove(temporary_.c_str());
    }
}

void AtomicFile::commit() {
    out_.flush();
    const bool ok = static_cast<bool>(out_);
    out_.close();
    if (!ok) throw Error(path_ + ": write failed (disk full?)");
    std::error_code ec;
    std::filesystem::rename(temporary_, path_, ec);
    if (ec) throw Error(path_ + ": cannot move the finished file into place: " + ec.message());
    committed_ = true;
}

} // namespace revir::geo
