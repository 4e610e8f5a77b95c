#include "geo/output_folder.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fcntl.h>

#include "geo/error.hpp"

namespace revir::geo {

namespace fs = std::filesystem;

StagedFolder::StagedFolder(std::string path, std::string marker) : path_(std::move(path)) {
    fs::path target = fs::absolute(path_).lexically_normal();
    if (!target.has_filename()) target = target.parent_path(); // "out/plan/"
    path_ = target.string();
    if (fs::exists(target)) {
        if (!fs::is_directory(target)) throw InputError(path_ + ": the output folder exists and is not a folder");
        if (!fs::is_empty(target) && !fs::exists(target / marker)) {
            throw InputError(path_ + ": the output folder holds other files (no " + marker +
                             "); choose a new or empty folder");
        }
    }
    fs::create_directories(target.parent_path());
    std::string hidden(".");
    hidden.append(target.filename().string()).append(".partial");
    staging_ = (target.parent_path() / hidden).string();
    std::error_code ec;
    fs::remove_all(staging_, ec); // a killed run's leftovers
    if (ec) throw Error(staging_ + ": cannot remove a previous run's staging folder: " + ec.message());
    if (!fs::create_directory(staging_, ec) || ec) throw Error(staging_ + ": cannot create: " + ec.message());
}

StagedFolder::~StagedFolder() {
    if (committed_) return;
    std::error_code ec;
    fs::remove_all(staging_, ec);
}

std::string StagedFolder::file(const std::string& name) const { return (fs::path(staging_) / name).string(); }

void StagedFolder::commit() {
    if (fs::exists(path_)) {
        // Swap in one step: readers see the old folder or the new one, never neither.
        if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, path_.c_str(), RENAME_EXCHANGE) != 0) {
            throw Error(path_ + ": cannot move the finished output into place: " + std::strerror(errno));
        }
        committed_ = true;
        std::error_code ec;
        fs::remove_all(staging_, ec); // now the previous run's folder
        return;
    }
    std::error_code ec;
    fs::rename(staging_, path_, ec);
    if (ec) throw Error(path_ + ": cannot move the finished output into place: " + ec.message());
    committed_ = true;
}

} // namespace revir::geo
