#include "fuzz_input.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace revir::fuzz {

namespace fs = std::filesystem;

namespace {

// The folder, removed with everything in it when the process ends.
struct Folder {
    Folder() {
        const char* tmp = std::getenv("TMPDIR");
        path = (fs::path(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") / ("revir-fuzz-" + std::to_string(::getpid())))
                   .string();
        fs::create_directories(path);
    }
    ~Folder() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    std::string path;
};

} // namespace

const std::string& work_folder() {
    static const Folder folder;
    return folder.path;
}

const std::string& input_file(const std::uint8_t* data, std::size_t size, const std::string& suffix) {
    static std::string path;
    path = (fs::path(work_folder()) / ("input" + suffix)).string();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out.flush()) throw std::runtime_error("fuzz: cannot write " + path);
    return path;
}

} // namespace revir::fuzz
