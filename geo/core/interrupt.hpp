#pragma once
// Ctrl-C and SIGTERM for the commands that keep a best result while they work
// (territories, plan, visits, vrp). While a GracefulStop is alive, the first
// signal asks the work to stop: every Deadline counts as passed from then on, so
// each stage ends as at its time limit and the best plan so far is written. A
// second signal stops the process at once (outputs are written through
// temporary files, so none is left half written). Other commands keep the
// default: the first signal stops them.
namespace revir {

/// True once a signal asked a graceful stop.
bool interrupted() noexcept;

/// Installs the two-step handlers for SIGINT and SIGTERM; the destructor puts
/// the previous ones back. One at a time.
class GracefulStop {
public:
    GracefulStop();
    ~GracefulStop();
    GracefulStop(const GracefulStop&) = delete;
    GracefulStop& operator=(const GracefulStop&) = delete;
};

/// Throws Interrupted ("`what` interrupted before …") once a graceful stop was
/// asked: for work whose partial result is worth nothing (an import, a hierarchy).
void stop_if_interrupted(const char* what);

/// For tests: as if the first signal had come (or forgets it).
void set_interrupted(bool value) noexcept;

} // namespace revir
