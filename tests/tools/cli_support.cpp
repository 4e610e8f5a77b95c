#include "tests/tools/cli_support.hpp"

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "tests/test_support.hpp"

namespace revir::test {

CliResult run_revir(const std::string& args) {
    const auto dir = temporary_folder("cli");
    const auto err_path = dir / "stderr.txt";
    const std::string command = std::string(REVIR_BINARY) + " " + args + " 2>" + err_path.string();
    FILE* pipe = popen(command.c_str(), "r");
    std::string out;
    std::array<char, 4096> buffer;
    while (std::fgets(buffer.data(), buffer.size(), pipe)) out += buffer.data();
    const int status = pclose(pipe);
    std::ifstream err_in(err_path);
    std::stringstream err;
    err << err_in.rdbuf();
    return {WEXITSTATUS(status), out, err.str()};
}

} // namespace revir::test
