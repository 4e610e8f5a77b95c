#include "geo/core/atomic_output.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <system_error>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "geo/core/error.hpp"

namespace revir::geo {

namespace fs = std::filesystem;

namespace {

// The user chose a path that cannot be written (exit code 2), rather than the
// system failing under a good one.
bool caused_by_the_path(int error) {
    switch (error) {
    case ENOENT:
    case ENOTDIR:
    case EISDIR:
    case EACCES:
    case EPERM:
    case EROFS:
    case ENAMETOOLONG:
    case ELOOP:
        return true;
    default:
        return false;
    }
}

[[noreturn]] void fail(const std::string& message, int error) {
    const std::string text = message + ": " + std::generic_category().message(error);
    if (caused_by_the_path(error)) throw InputError(text);
    throw Error(text);
}

// Six letters or digits, different for every call in this process (the counter)
// and, very likely, from any other process's (seed, pid and clock); O_EXCL or
// mkdir settles the rare collision.
std::string unique_suffix() {
    static const std::uint64_t seed = [] {
        try {
            std::random_device device;
            return std::uint64_t{device()} << 32 ^ device();
        } catch (const std::exception&) {
            return std::uint64_t{0};
        }
    }();
    static std::atomic<std::uint64_t> counter{0};
    const auto now = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    std::uint64_t x = seed ^ static_cast<std::uint64_t>(::getpid()) << 40 ^ now ^
                      (counter.fetch_add(1) + 1) * 0x9E3779B97F4A7C15ull;
    // splitmix64's finaliser, so that neighbouring counters give unrelated names.
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    x ^= x >> 31;
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string out;
    for (int i = 0; i < 6; ++i, x /= 62) out += kAlphabet[x % 62];
    return out;
}

fs::path folder_of(const fs::path& target) {
    const auto parent = target.parent_path();
    return parent.empty() ? fs::path(".") : parent;
}

void sync_file(const std::string& path, const std::string& target) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail(target + ": cannot open the finished file to write it to disk", errno);
    const int rc = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    if (rc != 0) fail(target + ": cannot write the file to disk", error);
}

// Makes the rename itself durable. File systems that cannot sync a folder say EINVAL.
void sync_folder(const fs::path& folder, const std::string& target) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) fail(target + ": in place, but cannot open its folder to write it to disk", errno);
    const int rc = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    if (rc != 0 && error != EINVAL) fail(target + ": in place, but cannot write its folder to disk", error);
}

void move_into_place(const fs::path& from, const fs::path& to) {
    if (::rename(from.c_str(), to.c_str()) != 0) fail(to.string() + ": cannot move the finished file into place", errno);
}

} // namespace

AtomicOutput::AtomicOutput(std::string target, Temporary kind) : target_(std::move(target)), kind_(kind) {
    const fs::path path(target_);
    if (!path.has_filename()) fail(target_ + ": cannot write the output file", EISDIR);
    std::error_code ec;
    if (fs::is_directory(path, ec)) fail(target_ + ": cannot write the output file", EISDIR);
    const fs::path folder = folder_of(path);
    std::string hidden(".");
    hidden.append(path.filename().string()).append(".");
    const std::string prefix = (folder / hidden).string();
    for (int attempt = 0;; ++attempt) {
        const std::string name = prefix + unique_suffix() + ".tmp";
        bool made = false;
        if (kind_ == Temporary::file) {
            fd_ = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
            made = fd_ >= 0;
        } else {
            made = ::mkdir(name.c_str(), 0777) == 0;
        }
        if (made) {
            if (kind_ == Temporary::file) {
                temporary_ = name;
            } else {
                folder_ = name;
                temporary_ = (fs::path(name) / path.filename()).string();
            }
            break;
        }
        if (errno != EEXIST || attempt == 100) {
            fail(target_ + ": cannot create a temporary file in " + folder.string(), errno);
        }
    }
    if (kind_ == Temporary::file) {
        out_.open(temporary_, std::ios::binary | std::ios::trunc);
        if (!out_) {
            const int error = errno;
            discard();
            fail(target_ + ": cannot open the temporary file " + temporary_, error);
        }
    }
}

AtomicOutput::AtomicOutput(AtomicOutput&& other) noexcept
    : target_(std::move(other.target_)),
      kind_(other.kind_),
      folder_(std::move(other.folder_)),
      temporary_(std::move(other.temporary_)),
      out_(std::move(other.out_)),
      fd_(other.fd_),
      committed_(other.committed_) {
    other.fd_ = -1;
    other.committed_ = true; // nothing left for it to remove
}

AtomicOutput::~AtomicOutput() {
    if (!committed_) discard();
}

std::ostream& AtomicOutput::stream() {
    if (kind_ != Temporary::file) throw std::logic_error(target_ + ": a library writes this output; it has no stream");
    return out_;
}

void AtomicOutput::discard() noexcept {
    if (out_.is_open()) out_.close();
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    std::error_code ec;
    if (!folder_.empty()) {
        fs::remove_all(folder_, ec);
    } else if (!temporary_.empty()) {
        fs::remove(temporary_, ec);
    }
}

void AtomicOutput::commit() {
    if (committed_) throw std::logic_error(target_ + ": committed twice");
    const fs::path destination = folder_of(target_);
    if (kind_ == Temporary::file) {
        out_.flush();
        const bool written = static_cast<bool>(out_);
        out_.close();
        if (!written || out_.fail()) throw Error(target_ + ": write failed (disk full?)");
        if (::fsync(fd_) != 0) fail(target_ + ": cannot write the file to disk", errno);
        ::close(fd_);
        fd_ = -1;
        move_into_place(temporary_, target_);
    } else {
        std::error_code ec;
        if (!fs::is_regular_file(temporary_, ec)) throw Error(target_ + ": the output was not written");
        std::vector<fs::path> companions;
        for (const auto& entry : fs::directory_iterator(folder_)) {
            if (entry.is_regular_file() && entry.path() != temporary_) companions.push_back(entry.path());
        }
        for (const auto& c : companions) sync_file(c.string(), target_);
        sync_file(temporary_, target_);
        // The main file last: whoever sees it also finds its companions.
        for (const auto& c : companions) move_into_place(c, destination / c.filename());
        move_into_place(temporary_, target_);
        fs::remove_all(folder_, ec);
    }
    committed_ = true;
    sync_folder(destination, target_);
}

void require_extension(const NamedPath& output, std::initializer_list<const char*> extensions, const std::string& format) {
    std::string extension = fs::path(output.path).extension().string();
    for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string listed;
    for (const char* e : extensions) {
        if (extension == e) return;
        listed += listed.empty() ? e : std::string(" or ") + e;
    }
    throw InputError(output.what + " " + output.path + ": " + format + " is written here; name it " + listed);
}

namespace {

// The same file: one inode (links, ./a and a, symbolic links), or, for names that
// do not exist yet, one normalised absolute path.
bool same_file(const std::string& a, const std::string& b) {
    std::error_code ec;
    if (fs::exists(a, ec) && fs::exists(b, ec)) return fs::equivalent(a, b, ec);
    return fs::weakly_canonical(fs::absolute(a, ec), ec) == fs::weakly_canonical(fs::absolute(b, ec), ec);
}

} // namespace

void refuse_inputs_inside(const NamedPath& folder, const std::vector<NamedPath>& inputs) {
    std::error_code ec;
    const auto root = fs::weakly_canonical(fs::absolute(folder.path, ec), ec);
    for (const auto& input : inputs) {
        if (input.path.empty()) continue;
        const auto path = fs::weakly_canonical(fs::absolute(input.path, ec), ec);
        const auto [end, _] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
        if (end == root.end()) {
            throw InputError(input.what + " " + input.path + " lies inside the output folder " + folder.path +
                             ", which each run replaces: move it out or choose another output");
        }
    }
}

OutputSet::OutputSet(std::vector<NamedPath> inputs) : inputs_(std::move(inputs)) {}

std::string OutputSet::reserve(const NamedPath& output) {
    for (const auto& input : inputs_) {
        if (!input.path.empty() && same_file(output.path, input.path)) {
            throw InputError(output.what + " " + output.path + " is the input " + input.what +
                             (input.path == output.path ? "" : " (" + input.path + ")") +
                             "; writing it would destroy that input: choose another output");
        }
    }
    for (const auto& other : reserved_) {
        if (same_file(output.path, other.path)) {
            throw InputError(output.what + " " + output.path + " is also " + other.what + ": two outputs cannot share a file");
        }
    }
    try {
        outputs_.emplace_back(output.path, AtomicOutput::Temporary::library);
    } catch (const InputError& e) {
        throw InputError(output.what + " " + e.what());
    }
    reserved_.push_back(output);
    return outputs_.back().temporary();
}

void OutputSet::commit() {
    for (auto& output : outputs_) {
        std::error_code ec;
        if (!fs::exists(output.temporary(), ec)) throw Error(output.target() + ": the output was not written");
    }
    std::size_t placing = 0;
    try {
        for (; placing < outputs_.size(); ++placing) outputs_[placing].commit();
    } catch (...) {
        // A rename failed part-way (the folders were writable when reserved): the
        // outputs placed so far are removed rather than left mixed with an earlier
        // run's; the one that failed kept its previous file.
        for (std::size_t k = 0; k < placing; ++k) {
            const fs::path target = outputs_[k].target();
            std::error_code ec;
            if (target.extension() == ".shp") {
                for (const char* ext : {".shx", ".dbf", ".prj", ".cpg"}) fs::remove(fs::path(target).replace_extension(ext), ec);
            }
            fs::remove(target, ec);
        }
        throw;
    }
}

} // namespace revir::geo
