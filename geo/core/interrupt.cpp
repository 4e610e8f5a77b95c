#include "geo/core/interrupt.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstring>
#include <string>

#include "geo/core/error.hpp"

namespace revir {

namespace {

std::atomic<bool> g_interrupted{false};
struct sigaction g_previous_int {};
struct sigaction g_previous_term {};

void on_signal(int signal) {
    if (g_interrupted.exchange(true)) {
        // The second: the default action (the process ends by this signal).
        std::signal(signal, SIG_DFL);
        std::raise(signal);
        return;
    }
    static const char message[] =
        "\nrevir: interrupted: finishing with the best plan so far (interrupt again to stop at once)\n";
    const ssize_t ignored = ::write(STDERR_FILENO, message, sizeof message - 1);
    (void)ignored;
}

} // namespace

bool interrupted() noexcept { return g_interrupted.load(std::memory_order_relaxed); }

void set_interrupted(bool value) noexcept { g_interrupted.store(value); }

void stop_if_interrupted(const char* what) {
    if (interrupted()) throw Interrupted(std::string(what) + ": interrupted before there was anything to keep; nothing written");
}

GracefulStop::GracefulStop() {
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, &g_previous_int);
    sigaction(SIGTERM, &action, &g_previous_term);
}

GracefulStop::~GracefulStop() {
    sigaction(SIGINT, &g_previous_int, nullptr);
    sigaction(SIGTERM, &g_previous_term, nullptr);
}

} // namespace revir
