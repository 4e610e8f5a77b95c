// The HTTP transport on a free loopback port: keep-alive, Connection: close
// answers with a Content-Length, CORS, and malformed or hostile requests (huge
// URLs, random bytes, a client that never finishes) answered with 400 or cut off
// by the timeout, never crashing the server; stop() drains it.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <thread>

#include "engine/service/http_server.hpp"
#include "geo/core/error.hpp"

namespace {

using namespace revir::engine::service;

class Server {
public:
    Server() : server_(options(), [](const HttpRequest& r) {
        return HttpAnswer{200, R"({"method":")" + r.method + R"(","target_length":)" + std::to_string(r.target.size()) +
                                   R"(,"body_length":)" + std::to_string(r.body.size()) + "}", "application/json", {}};
    }) {
        thread_ = std::thread([this] { server_.run(); });
    }
    ~Server() {
        server_.stop();
        thread_.join();
    }
    std::uint16_t port() const { return server_.port(); }

private:
    static HttpOptions options() {
        HttpOptions o;
        o.port = 0;
        o.threads = 2;
        o.max_header_bytes = 64 * 1024;
        o.max_body_bytes = 64 * 1024;
        o.request_timeout = std::chrono::milliseconds(700);
        return o;
    }
    HttpServer server_;
    std::thread thread_;
};

int connect_to(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    timeval timeout{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    return fd;
}

void send_all(int fd, const std::string& data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
        const auto n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return; // the server may close first
        sent += static_cast<std::size_t>(n);
    }
}

// Everything until the server closes (or 5 s pass).
std::string read_to_end(int fd) {
    std::string out;
    char buffer[4096];
    for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) out.append(buffer, static_cast<std::size_t>(n));
    return out;
}

// One whole response (headers and a Content-Length body) on a kept connection.
std::string read_response(int fd) {
    std::string out;
    char c;
    while (out.find("\r\n\r\n") == std::string::npos && ::recv(fd, &c, 1, 0) == 1) out.push_back(c);
    const auto at = out.find("Content-Length: ");
    if (at == std::string::npos) return out;
    std::size_t length = std::stoul(out.substr(at + 16));
    std::string body(length, '\0');
    std::size_t got = 0;
    while (got < length) {
        const auto n = ::recv(fd, body.data() + got, length - got, 0);
        if (n <= 0) break;
        got += static_cast<std::size_t>(n);
    }
    return out + body;
}

TEST(HttpServer, KeepAliveAndConnectionClose) {
    Server server;
    const int fd = connect_to(server.port());
    for (int i = 0; i < 3; ++i) {
        send_all(fd, "GET /route/v1/x/1,1;2,2 HTTP/1.1\r\nHost: localhost\r\n\r\n");
        const auto response = read_response(fd);
        EXPECT_NE(response.find("HTTP/1.1 200"), std::string::npos) << response;
        EXPECT_NE(response.find("Access-Control-Allow-Origin: *"), std::string::npos);
        EXPECT_NE(response.find("application/json"), std::string::npos);
        EXPECT_NE(response.find(R"("method":"GET")"), std::string::npos);
    }
    ::close(fd);
    // As VROOM asks: the answer has a Content-Length, then the server closes.
    const int once = connect_to(server.port());
    send_all(once, "GET /table/v1/car/1,1;2,2 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    const auto all = read_to_end(once);
    EXPECT_NE(all.find("Content-Length: "), std::string::npos);
    EXPECT_EQ(all.back(), '}');
    ::close(once);
    // A POST body arrives whole.
    const int post = connect_to(server.port());
    send_all(post, "POST /route/v1/car HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{\"a\": true}");
    EXPECT_NE(read_to_end(post).find(R"("body_length":11)"), std::string::npos);
    ::close(post);
}

TEST(HttpServer, HostileRequestsGet400AndTheServerStays) {
    Server server;
    // A 10 MB URL.
    {
        const int fd = connect_to(server.port());
        std::thread writer([fd] { send_all(fd, "GET /" + std::string(10 * 1024 * 1024, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n"); });
        const auto response = read_to_end(fd);
        writer.join();
        EXPECT_NE(response.find("HTTP/1.1 400"), std::string::npos) << response.substr(0, 200);
        EXPECT_NE(response.find("longer than"), std::string::npos);
        ::close(fd);
    }
    // Random bytes.
    std::mt19937 random(3);
    for (int k = 0; k < 20; ++k) {
        const int fd = connect_to(server.port());
        std::string junk(200 + random() % 2000, '\0');
        for (auto& c : junk) c = static_cast<char>(random() % 256);
        send_all(fd, junk + "\r\n\r\n");
        const auto response = read_to_end(fd);
        // Either refused with a message, or (bytes that happen to read as the start
        // of a request) cut off by the timeout.
        if (!response.empty()) {
            EXPECT_NE(response.find("HTTP/1.1 400"), std::string::npos) << response.substr(0, 200);
            EXPECT_NE(response.find("\"message\""), std::string::npos);
        }
        ::close(fd);
    }
    // A slow client that never finishes its header is cut off by the timeout.
    {
        const int fd = connect_to(server.port());
        send_all(fd, "GET /route/v1/x/1,1;2,2 HTTP/1.1\r\nHost: x\r\n");
        const auto started = std::chrono::steady_clock::now();
        EXPECT_EQ(read_to_end(fd), "");
        EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5)); // closed, not the 5 s recv timeout
        ::close(fd);
    }
    // A body larger than allowed.
    {
        const int fd = connect_to(server.port());
        send_all(fd, "POST /route/v1/car HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" + std::string(100000, 'x'));
        EXPECT_NE(read_to_end(fd).find("HTTP/1.1 400"), std::string::npos);
        ::close(fd);
    }
    // Still answering.
    const int fd = connect_to(server.port());
    send_all(fd, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_NE(read_to_end(fd).find("HTTP/1.1 200"), std::string::npos);
    ::close(fd);
}

TEST(HttpServer, PreflightAndRefusedAddress) {
    Server server;
    const int fd = connect_to(server.port());
    send_all(fd, "OPTIONS /route/v1/car/1,1;2,2 HTTP/1.1\r\nHost: x\r\nOrigin: http://example.org\r\nConnection: close\r\n\r\n");
    const auto response = read_to_end(fd);
    EXPECT_NE(response.find("HTTP/1.1 204"), std::string::npos);
    EXPECT_NE(response.find("Access-Control-Allow-Methods"), std::string::npos);
    ::close(fd);
    HttpOptions bad;
    bad.host = "not-an-address";
    EXPECT_THROW(HttpServer(bad, [](const HttpRequest&) { return HttpAnswer{}; }), revir::InputError);
}

} // namespace
