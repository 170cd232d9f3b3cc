// The HTTP notifier against an in-process cpp-httplib receiver on 127.0.0.1: URL templates, method,
// body, headers and basic auth; how answers and connection failures are classified. Also the
// shipped SMS gateway template and template errors at load time.
#include "core/notify/http_notifier.hpp"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "core/notify/notification_templates.hpp"
#include "core/notify/template_data.hpp"

using namespace warren;
using namespace warren::notify;

namespace {

struct Captured {
  std::string method;
  std::string path;
  std::string body;
  httplib::Headers headers;
};

// Records every request and answers with `status`.
class Receiver {
 public:
  Receiver() {
    auto handler = [this](const httplib::Request& req, httplib::Response& res) {
      const std::lock_guard lock(mutex_);
      captured_.push_back({req.method, req.path, req.body, req.headers});
      res.status = status_;
      res.set_content("answer", "text/plain");
    };
    server_.Post(".*", handler);
    server_.Delete(".*", handler);
    server_.Put(".*", handler);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() before the listen loop runs would be lost and join() would wait forever.
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Receiver() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  void answer(int status) {
    const std::lock_guard lock(mutex_);
    status_ = status;
  }
  std::vector<Captured> captured() {
    const std::lock_guard lock(mutex_);
    return captured_;
  }

 private:
  httplib::Server server_;
  int port_{0};
  std::thread thread_;
  std::mutex mutex_;
  int status_{200};
  std::vector<Captured> captured_;
};

GoTemplate parse_body(const std::string& text) {
  return GoTemplate::parse(text, "test.tmpl", burrow_functions()).value();
}

Notification notification(NotificationKind kind, model::Status status) {
  auto result = std::make_shared<eval::GroupStatus>();
  result->cluster = "local";
  result->group = "orders-app";
  result->status = status;
  result->totallag = 1234;
  if (status != model::Status::ok) {
    result->partitions.push_back(
        eval::PartitionStatus{.topic = "orders", .partition = 3, .status = model::Status::stop, .current_lag = 1234});
  }
  return Notification{
      .kind = kind,
      .cluster = "local",
      .group = "orders-app",
      .incident = {.id = "0b7c3f8e-1d2a-4c5b-9e6f-7a8b9c0d1e2f", .start = from_unix_ms(1'700'000'000'000)},
      .result = result};
}

config::NotifierConfig http_config(int port) {
  config::NotifierConfig c;
  c.name = "hook";
  c.class_name = "http";
  c.send_close = true;
  c.url_open = "http://127.0.0.1:" + std::to_string(port) + "/open/{{.Group}}";
  c.url_close = "http://127.0.0.1:" + std::to_string(port) + "/close/{{.ID}}";
  c.method_close = "DELETE";
  c.username = "user";
  c.password = "pass";
  c.headers = {{"X-Api-Key", "k1"}};
  c.timeout = 2;
  return c;
}

std::unique_ptr<HttpNotifier> make_http(const config::NotifierConfig& c) {
  NotificationTemplates templates(parse_body(R"({"group":"{{.Group}}","lag":{{.Result.TotalLag}}})"),
                                  parse_body(R"({"closed":"{{.ID}}"})"), {});
  return HttpNotifier::create(c, std::move(templates)).value();
}

std::string header(const Captured& c, const std::string& name) {
  const auto it = c.headers.find(name);
  return it == c.headers.end() ? "" : it->second;
}

}  // namespace

TEST_SUITE("notify") {
  TEST_CASE("http: open and close requests as configured") {
    Receiver receiver;
    auto http = make_http(http_config(receiver.port()));
    CHECK(http->send(notification(NotificationKind::open, model::Status::err)).kind == SendOutcome::Kind::sent);
    CHECK(http->send(notification(NotificationKind::close, model::Status::ok)).kind == SendOutcome::Kind::sent);
    const auto got = receiver.captured();
    REQUIRE(got.size() == 2);
    CHECK(got[0].method == "POST");
    CHECK(got[0].path == "/open/orders-app");
    CHECK(got[0].body == R"({"group":"orders-app","lag":1234})");
    CHECK(header(got[0], "Content-Type") == "application/json");
    CHECK(header(got[0], "X-Api-Key") == "k1");
    CHECK(header(got[0], "Authorization") == "Basic dXNlcjpwYXNz");
    CHECK(got[1].method == "DELETE");
    CHECK(got[1].path == "/close/0b7c3f8e-1d2a-4c5b-9e6f-7a8b9c0d1e2f");
    CHECK(got[1].body == R"({"closed":"0b7c3f8e-1d2a-4c5b-9e6f-7a8b9c0d1e2f"})");
  }

  TEST_CASE("http: 5xx and 429 are retried, 4xx is final, a closed port is retried") {
    Receiver receiver;
    auto http = make_http(http_config(receiver.port()));
    receiver.answer(503);
    CHECK(http->send(notification(NotificationKind::open, model::Status::err)).kind == SendOutcome::Kind::retry);
    receiver.answer(429);
    CHECK(http->send(notification(NotificationKind::open, model::Status::err)).kind == SendOutcome::Kind::retry);
    receiver.answer(404);
    const auto final_answer = http->send(notification(NotificationKind::open, model::Status::err));
    CHECK(final_answer.kind == SendOutcome::Kind::permanent);
    CHECK(final_answer.detail.find("404") != std::string::npos);

    int closed_port = 0;
    {
      Receiver gone;
      closed_port = gone.port();
    }
    auto nowhere = make_http(http_config(closed_port));
    CHECK(nowhere->send(notification(NotificationKind::open, model::Status::err)).kind == SendOutcome::Kind::retry);
  }

  TEST_CASE("http: cancel() ends a request the receiver never answers, long before the timeout") {
    // A listening socket that accepts connections (the kernel's backlog) but never answers.
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(listener >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(listener, 4) == 0);
    socklen_t length = sizeof address;
    REQUIRE(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    auto c = http_config(ntohs(address.sin_port));
    c.timeout = 30;
    auto http = make_http(c);
    const auto started = std::chrono::steady_clock::now();
    std::thread canceller([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let the request get under way
      http->cancel();
    });
    const auto outcome = http->send(notification(NotificationKind::open, model::Status::err));
    canceller.join();
    ::close(listener);
    CHECK(outcome.kind != SendOutcome::Kind::sent);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
  }

  TEST_CASE("http: a URL template that fails to render is a permanent failure") {
    auto c = http_config(9);
    c.url_open = "http://127.0.0.1:9/{{index .Result.Partitions 5}}";
    auto http = make_http(c);
    const auto outcome = http->send(notification(NotificationKind::open, model::Status::err));
    CHECK(outcome.kind == SendOutcome::Kind::permanent);
    CHECK(outcome.detail.find("url") != std::string::npos);
  }

  TEST_CASE("templates: a parse error at load time names the notifier, key, file, line and column") {
    const auto dir = std::filesystem::temp_directory_path() / "warren-notify-template-test";
    std::filesystem::create_directories(dir);
    { std::ofstream(dir / "bad.tmpl") << "line one\n{{if .Group}}\n"; }
    config::NotifierConfig c;
    c.name = "ops";
    const auto missing = load_body_template(c, "template-open", (dir / "missing.tmpl").string(), "");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message.find("[notifier.ops] template-open") != std::string::npos);
    // Relative to the configuration's directory when not found from the working directory.
    const auto bad = load_body_template(c, "template-close", "bad.tmpl", dir);
    REQUIRE_FALSE(bad);
    CAPTURE(bad.error().message);
    CHECK(bad.error().message.find("[notifier.ops] template-close: " + (dir / "bad.tmpl").string() + ":") !=
          std::string::npos);
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("the shipped SMS gateway template renders a JSON message for open and close") {
    config::NotifierConfig c;
    c.name = "sms";
    auto tmpl = load_body_template(c, "template-open", WARREN_SOURCE_DIR "/config/sms-gateway-post.tmpl", "");
    REQUIRE(tmpl);
    NotificationTemplates templates(std::move(tmpl).value(), std::nullopt,
                                    {{"sms_to", "+15550100"}, {"sms_from", "warren"}});
    const auto body = templates.render_body(notification(NotificationKind::open, model::Status::err));
    REQUIRE(body);
    CHECK(
        body.value() ==
        R"json({"to":"+15550100","from":"warren","text":"ERR: Kafka consumer group orders-app on local, 1 partitions with problems, total lag 1234 (incident 0b7c3f8e-1d2a-4c5b-9e6f-7a8b9c0d1e2f)"})json");
    const auto resolved = templates.render_body(notification(NotificationKind::open, model::Status::ok));
    REQUIRE(resolved);
    CHECK(
        resolved.value() ==
        R"json({"to":"+15550100","from":"warren","text":"RESOLVED: Kafka consumer group orders-app on local is OK again (incident 0b7c3f8e-1d2a-4c5b-9e6f-7a8b9c0d1e2f)"})json");
  }
}
