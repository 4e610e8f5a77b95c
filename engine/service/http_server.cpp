#include "engine/service/http_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <csignal>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "geo/core/error.hpp"

namespace revir::engine::service {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

class Session;

// Every open connection, so that a drain can close the idle ones.
struct Registry {
    std::mutex mutex;
    std::vector<std::weak_ptr<Session>> sessions;
};

std::string error_body(const std::string& code, const std::string& message) {
    return nlohmann::json{{"code", code}, {"message", message}}.dump(-1, ' ', false,
                                                                      nlohmann::json::error_handler_t::replace);
}

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, const HttpOptions& options, const HttpHandler& handler, std::atomic<bool>& stopping)
        : stream_(std::move(socket)), options_(options), handler_(handler), stopping_(stopping) {}

    void start() {
        asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::read, shared_from_this()));
    }

    // From another thread: an idle connection is closed, a busy one finishes its request.
    void close_if_idle() {
        asio::post(stream_.get_executor(), [self = shared_from_this()] {
            // A connection may have closed since it was listed: never throw here.
            beast::error_code ignored;
            if (!self->busy_ && self->stream_.socket().is_open()) self->stream_.socket().cancel(ignored);
        });
    }

private:
    void read() {
        if (stopping_) return close();
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
        parser_->body_limit(options_.max_body_bytes);
        stream_.expires_after(options_.request_timeout);
        busy_ = false;
        http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        if (ec == http::error::end_of_stream || ec == asio::error::operation_aborted || ec == beast::error::timeout ||
            ec == asio::error::connection_reset || ec == asio::error::eof) {
            return close();
        }
        busy_ = true;
        if (ec) {
            // Unreadable: too long, malformed. Say so, then close.
            std::string what = ec.message();
            if (ec == http::error::header_limit) what = "request line and header longer than " + std::to_string(options_.max_header_bytes) + " bytes";
            if (ec == http::error::body_limit) what = "request body longer than " + std::to_string(options_.max_body_bytes) + " bytes";
            return send(400, error_body("InvalidUrl", "Malformed HTTP request: " + what), {}, false, "");
        }
        auto& request = parser_->get();
        const bool keep = request.keep_alive();
        HttpRequest r{std::string(request.method_string()), std::string(request.target()), std::move(request.body())};
        const std::string origin(request[http::field::origin]);
        if (request.method() == http::verb::options) {
            return send(204, "", {{"Access-Control-Allow-Methods", "GET, POST, OPTIONS"},
                                  {"Access-Control-Allow-Headers", "Content-Type"}, {"Access-Control-Max-Age", "86400"}},
                        keep, "");
        }
        HttpAnswer answer;
        try {
            answer = handler_(r);
        } catch (const std::exception& e) {
            answer = {500, error_body("InternalError", e.what()), "application/json; charset=UTF-8", {}};
        }
        send(answer.status, std::move(answer.body), answer.headers, keep, answer.content_type);
    }

    void send(int status, std::string body, const std::vector<std::pair<std::string, std::string>>& headers, bool keep,
              const std::string& content_type) {
        auto response = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(status), 11);
        response->set(http::field::server, "revir");
        response->set(http::field::content_type, content_type.empty() ? "application/json; charset=UTF-8" : content_type);
        response->set(http::field::access_control_allow_origin, "*");
        for (const auto& [name, value] : headers) response->set(name, value);
        response->body() = std::move(body);
        response->keep_alive(keep && !stopping_);
        response->prepare_payload();
        response_ = response;
        stream_.expires_after(options_.request_timeout);
        http::async_write(stream_, *response_, beast::bind_front_handler(&Session::on_write, shared_from_this()));
    }

    void on_write(beast::error_code ec, std::size_t) {
        if (ec || !response_->keep_alive()) return close();
        response_.reset();
        read();
    }

    void close() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        stream_.socket().close(ignored);
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::shared_ptr<http::response<http::string_body>> response_;
    const HttpOptions& options_;
    const HttpHandler& handler_;
    std::atomic<bool>& stopping_;
    bool busy_ = false;
};

} // namespace

struct HttpServer::Impl {
    HttpOptions options;
    HttpHandler handler;
    asio::io_context io;
    tcp::acceptor acceptor{io};
    asio::signal_set signals{io};
    std::atomic<bool> stopping{false};
    Registry registry;

    void accept() {
        acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
            if (stopping) return;
            if (!ec) {
                auto session = std::make_shared<Session>(std::move(socket), options, handler, stopping);
                {
                    std::lock_guard lock(registry.mutex);
                    std::erase_if(registry.sessions, [](const std::weak_ptr<Session>& s) { return s.expired(); });
                    registry.sessions.push_back(session);
                }
                session->start();
            }
            accept();
        });
    }

    void drain() {
        if (stopping.exchange(true)) return;
        beast::error_code ignored;
        acceptor.close(ignored);
        signals.cancel(ignored);
        std::lock_guard lock(registry.mutex);
        for (auto& weak : registry.sessions) {
            if (auto s = weak.lock()) s->close_if_idle();
        }
    }
};

HttpServer::HttpServer(const HttpOptions& options, HttpHandler handler) : impl_(std::make_unique<Impl>()) {
    impl_->options = options;
    impl_->handler = std::move(handler);
    beast::error_code ec;
    const auto address = asio::ip::make_address(options.host, ec);
    if (ec) throw InputError("--host '" + options.host + "' is not an IP address");
    const tcp::endpoint endpoint(address, options.port);
    auto& acceptor = impl_->acceptor;
    const auto fail = [&](const char* what) {
        throw InputError("cannot " + std::string(what) + " " + options.host + ":" + std::to_string(options.port) + ": " +
                         ec.message());
    };
    if (acceptor.open(endpoint.protocol(), ec); ec) fail("open a socket for");
    if (acceptor.set_option(asio::socket_base::reuse_address(true), ec); ec) fail("configure");
    if (acceptor.bind(endpoint, ec); ec) fail("listen on");
    if (acceptor.listen(asio::socket_base::max_listen_connections, ec); ec) fail("listen on");
}

HttpServer::~HttpServer() = default;

std::uint16_t HttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }

void HttpServer::run() {
    Impl& impl = *impl_;
    impl.signals.add(SIGINT);
    impl.signals.add(SIGTERM);
    impl.signals.async_wait([&impl](beast::error_code ec, int) {
        if (!ec) impl.drain();
    });
    impl.accept();
    std::vector<std::thread> threads;
    for (unsigned i = 1; i < std::max(1u, impl.options.threads); ++i) threads.emplace_back([&impl] { impl.io.run(); });
    impl.io.run();
    for (auto& t : threads) t.join();
}

void HttpServer::stop() {
    asio::post(impl_->io, [impl = impl_.get()] { impl->drain(); });
}

} // namespace revir::engine::service
