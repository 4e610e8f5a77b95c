#include "tests/tools/cli_support.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

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

ServeProcess::ServeProcess(const std::string& graph, const std::string& extra_args) {
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
    pid_ = ::fork();
    if (pid_ == 0) {
        ::dup2(pipe_fds[1], 2);
        ::close(pipe_fds[0]);
        ::close(pipe_fds[1]);
        const std::string command = std::string("exec ") + REVIR_BINARY + " serve " + graph + " --port 0 " + extra_args;
        ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(pipe_fds[1]);
    stderr_fd_ = pipe_fds[0];
    // Reads stderr up to "listening on http://127.0.0.1:PORT".
    std::string text;
    char c;
    while (::read(stderr_fd_, &c, 1) == 1) {
        text.push_back(c);
        const auto at = text.find("listening on http://");
        if (at != std::string::npos && c == ' ' && text.find(':', at + 20) != std::string::npos) {
            port_ = std::stoi(text.substr(text.find(':', at + 20) + 1));
            break;
        }
    }
    if (port_ == 0) throw std::runtime_error("revir serve did not start: " + text);
}

int ServeProcess::stop() {
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    if (stderr_fd_ >= 0) ::close(stderr_fd_);
    stderr_fd_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

ServeProcess::~ServeProcess() { stop(); }

HttpResult http_request(int port, const std::string& method, const std::string& target, const std::string& body) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    HttpResult result;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return result;
    }
    std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    if (!body.empty()) request += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    request += "\r\n" + body;
    for (std::size_t sent = 0; sent < request.size();) {
        const auto n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
    }
    std::string all;
    char buffer[65536];
    for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) all.append(buffer, static_cast<std::size_t>(n));
    ::close(fd);
    const auto end = all.find("\r\n\r\n");
    if (all.size() < 12 || end == std::string::npos) return result;
    result.status = std::stoi(all.substr(9, 3));
    result.headers = all.substr(0, end);
    result.body = all.substr(end + 4);
    return result;
}

} // namespace revir::test
