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

} // namespace revir::test
