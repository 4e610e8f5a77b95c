#include "geo/core/output_folder.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "geo/core/error.hpp"

namespace revir::geo {

namespace fs = std::filesystem;

namespace {
std::string hidden_beside(const fs::path& target, const char* suffix) {
    std::string name(".");
    name.append(target.filename().string()).append(suffix);
    return (target.parent_path() / name).string();
}

bool file_contains(const fs::path& path, const std::string& text) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return in && s.str().find(text) != std::string::npos;
}
} // namespace

StagedFolder::StagedFolder(std::string path, const std::string& marker, const std::string& marker_text)
    : path_(std::move(path)) {
    fs::path target = fs::absolute(path_).lexically_normal();
    if (!target.has_filename()) target = target.parent_path(); // "out/plan/"
    path_ = target.string();
    if (fs::exists(target)) {
        if (!fs::is_directory(target)) throw InputError(path_ + ": the output folder exists and is not a folder");
        if (!fs::is_empty(target) && !file_contains(target / marker, marker_text)) {
            throw InputError(path_ + ": the output folder holds other files (no " + marker +
                             " of an earlier run); choose a new or empty folder");
        }
    }
    fs::create_directories(target.parent_path());
    const auto lock = hidden_beside(target, ".lock");
    lock_fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_fd_ < 0) throw Error(lock + ": cannot create the lock file: " + std::strerror(errno));
    if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
        ::close(lock_fd_);
        lock_fd_ = -1;
        throw InputError(path_ + ": another run is writing this output folder");
    }
    staging_ = hidden_beside(target, ".partial");
    std::error_code ec;
    fs::remove_all(staging_, ec); // a killed run's leftovers
    if (ec) throw Error(staging_ + ": cannot remove a previous run's staging folder: " + ec.message());
    if (!fs::create_directory(staging_, ec) || ec) throw Error(staging_ + ": cannot create: " + ec.message());
}

StagedFolder::~StagedFolder() {
    if (!committed_) {
        std::error_code ec;
        fs::remove_all(staging_, ec);
    }
    if (lock_fd_ >= 0) ::close(lock_fd_); // releases the lock
}

void StagedFolder::commit() {
    std::error_code ec;
    if (!fs::exists(path_)) {
        fs::rename(staging_, path_, ec);
        if (ec) throw Error(path_ + ": cannot move the finished output into place: " + ec.message());
        committed_ = true;
        return;
    }
    // Swap in one step: readers see the old folder or the new one, never neither.
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, path_.c_str(), RENAME_EXCHANGE) == 0) {
        committed_ = true;
        fs::remove_all(staging_, ec); // now the previous run's folder
        return;
    }
    if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP) {
        throw Error(path_ + ": cannot move the finished output into place: " + std::strerror(errno));
    }
    // A file system without exchange: the old folder aside, the new one in, the old removed.
    const auto old = hidden_beside(path_, ".old");
    fs::remove_all(old, ec);
    fs::rename(path_, old, ec);
    if (ec) throw Error(path_ + ": cannot move the previous output aside: " + ec.message() + " (the new one is in " + staging_ + ")");
    fs::rename(staging_, path_, ec);
    if (ec) {
        std::error_code back;
        fs::rename(old, path_, back);
        throw Error(path_ + ": cannot move the finished output into place: " + ec.message());
    }
    committed_ = true;
    fs::remove_all(old, ec);
}

} // namespace revir::geo
