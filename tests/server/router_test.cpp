// Router: httprouter's answers for params, 405, OPTIONS, redirects and the catch-all 404.
#include "server/router.hpp"

#include <doctest/doctest.h>

using namespace warren::server;

namespace {
Router make_router() {
  Router r;
  auto echo = [](const Request& req, const Params& p) {
    std::string body = req.method;
    for (const auto& s : p) body += "|" + s;
    return Response{.status = 200, .content_type = "text/plain", .body = body};
  };
  r.add("GET", "/v3/kafka", echo);
  r.add("GET", "/v3/kafka/:cluster/consumer/:consumer", echo);
  r.add("DELETE", "/v3/kafka/:cluster/consumer/:consumer", echo);
  r.add("POST", "/v3/admin/loglevel", echo);
  return r;
}
std::string header(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}
}  // namespace

TEST_SUITE("server") {
  TEST_CASE("parameters match exactly one segment, spaces included") {
    auto r = make_router();
    CHECK(r.route({"GET", "/v3/kafka/local/consumer/my group", ""}).body == "GET|local|my group");
    CHECK(r.route({"DELETE", "/v3/kafka/local/consumer/g", ""}).body == "DELETE|local|g");
    CHECK(r.route({"GET", "/v3/kafka/local/consumer/", ""}).status == 404);
  }

  TEST_CASE("the catch-all 404 is Burrow's 60-byte body") {
    auto res = make_router().route({"GET", "/nope", ""});
    CHECK(res.status == 404);
    CHECK(res.body == "{\"error\":true,\"message\":\"invalid request type\",\"result\":{}}\n");
    CHECK(res.body.size() == 60);
    CHECK(res.content_type == "text/plain; charset=utf-8");
    CHECK(header(res, "X-Content-Type-Options") == "nosniff");
  }

  TEST_CASE("another method on a known path: 405 with Allow, OPTIONS answers Allow") {
    auto r = make_router();
    auto res = r.route({"PUT", "/v3/kafka", ""});
    CHECK(res.status == 405);
    CHECK(res.body == "Method Not Allowed\n");
    CHECK(header(res, "Allow") == "GET, OPTIONS");
    CHECK(header(r.route({"POST", "/v3/kafka/c/consumer/g", ""}), "Allow") == "DELETE, GET, OPTIONS");
    auto options = r.route({"OPTIONS", "/v3/kafka", ""});
    CHECK(options.status == 200);
    CHECK(header(options, "Allow") == "GET, OPTIONS");
  }

  TEST_CASE("redirects: trailing slash, case, unclean paths, 308 for methods other than GET") {
    auto r = make_router();
    auto res = r.route({"GET", "/v3/kafka/", ""});
    CHECK(res.status == 301);
    CHECK(header(res, "Location") == "/v3/kafka");
    CHECK(header(r.route({"GET", "/V3/KAFKA", ""}), "Location") == "/v3/kafka");
    CHECK(header(r.route({"GET", "/v3//kafka", ""}), "Location") == "/v3/kafka");
    CHECK(header(r.route({"GET", "/V3/Kafka/Local/consumer/G", ""}), "Location") == "/v3/kafka/Local/consumer/G");
    auto post = r.route({"POST", "/v3/admin/loglevel/", ""});
    CHECK(post.status == 308);
    CHECK(header(post, "Location") == "/v3/admin/loglevel");
  }

  TEST_CASE("clean_path") {
    CHECK(clean_path("") == "/");
    CHECK(clean_path("/a//b/./c/../d") == "/a/b/d");
    CHECK(clean_path("/a/b/") == "/a/b/");
    CHECK(clean_path("/../x") == "/x");
  }
}
