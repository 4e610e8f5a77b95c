#include "geo/core/progress.hpp"

#include <cstdio>
#include <unistd.h>

namespace revir {

Progress::Progress(bool enabled) : enabled_(enabled), tty_(enabled && isatty(STDERR_FILENO) != 0) {}

void Progress::stage(const std::string& name) {
    stage_ = name;
    stage_start_ = last_print_ = std::chrono::steady_clock::now();
    if (enabled_ && !tty_) std::fprintf(stderr, "%s ...\n", name.c_str());
}

void Progress::update(std::uint64_t done, std::uint64_t total) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    const auto interval = tty_ ? std::chrono::milliseconds(200) : std::chrono::milliseconds(5000);
    if (now - last_print_ < interval) return;
    last_print_ = now;
    const char* prefix = tty_ ? "\r" : "";
    const char* suffix = tty_ ? "" : "\n";
    if (total > 0) {
        std::fprintf(stderr, "%s%s: %llu / %llu (%.0f %%)%s", prefix, stage_.c_str(),
                     static_cast<unsigned long long>(done), static_cast<unsigned long long>(total),
                     100.0 * static_cast<double>(done) / static_cast<double>(total), suffix);
    } else {
        std::fprintf(stderr, "%s%s: %llu%s", prefix, stage_.c_str(), static_cast<unsigned long long>(done), suffix);
    }
    std::fflush(stderr);
}

void Progress::finish(const std::string& message) {
    if (!enabled_) return;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - stage_start_).count();
    std::fprintf(stderr, "%s%s: done in %.2f s%s%s\n", tty_ ? "\r\033[K" : "", stage_.c_str(), seconds,
                 message.empty() ? "" : ", ", message.c_str());
}

} // namespace revir
