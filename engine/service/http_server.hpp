#pragma once
// The HTTP/1.1 transport of `revir serve`, on Boost.Beast: asynchronous
// connections (a slow or idle client holds no thread), keep-alive for clients
// that ask and Content-Length answers that close for those that send
// `Connection: close`, limits on the request line, header and body, a timeout
// for reading each request, CORS, and a drain on SIGINT/SIGTERM: no new
// connections, requests under way answered, then run() returns.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace revir::engine::service {

struct HttpRequest {
    std::string method;
    std::string target;
    std::string body;
};

struct HttpAnswer {
    int status = 200;
    std::string body;
    std::string content_type = "application/json; charset=UTF-8";
    std::vector<std::pair<std::string, std::string>> headers;
};

struct HttpOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 5000; // 0: any free port (see HttpServer::port)
    unsigned threads = 1;
    std::size_t max_header_bytes = 256 * 1024; // request line and fields together
    std::size_t max_body_bytes = 1024 * 1024;
    std::chrono::milliseconds request_timeout{30'000}; // to read one whole request
};

using HttpHandler = std::function<HttpAnswer(const HttpRequest&)>;

class HttpServer {
public:
    /// Binds at once (throws InputError naming the address when it cannot).
    HttpServer(const HttpOptions& options, HttpHandler handler);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// The bound port (the chosen one when asked for port 0).
    std::uint16_t port() const;
    /// Serves on `threads` threads until stop() or SIGINT/SIGTERM.
    void run();
    /// Asks run() to drain and return; safe from any thread.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace revir::engine::service
