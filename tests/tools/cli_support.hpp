#pragma once
// Running the revir binary from end-to-end tests.
#include <string>

namespace revir::test {

struct CliResult {
    int exit_code;
    std::string out; // stdout
    std::string err; // stderr
};

/// Runs `revir ARGS` through the shell and collects its exit code and output.
CliResult run_revir(const std::string& args);

/// `revir serve GRAPH --port 0 EXTRA…` as a child process on a free loopback port,
/// stopped with SIGTERM (and its exit code checked) when the object goes.
class ServeProcess {
public:
    ServeProcess(const std::string& graph, const std::string& extra_args = "");
    ~ServeProcess();
    ServeProcess(const ServeProcess&) = delete;
    ServeProcess& operator=(const ServeProcess&) = delete;
    int port() const { return port_; }
    /// SIGTERM, then waits: the exit code (0 after a clean drain).
    int stop();

private:
    int pid_ = -1;
    int port_ = 0;
    int stderr_fd_ = -1;
};

struct HttpResult {
    int status = 0;
    std::string headers;
    std::string body;
};

/// One request on a fresh loopback connection (Connection: close).
HttpResult http_request(int port, const std::string& method, const std::string& target, const std::string& body = "");

} // namespace revir::test
