// Router: path matching with the behaviour of julienschmidt/httprouter, which Burrow uses, so
// that clients see the same codes: `:param` segments match one path segment; a path known for
// another method answers 405 with `Allow`; a trailing slash or a wrongly cased or unclean path
// that would match answers 301 (308 for methods other than GET) to the canonical path; anything
// else is the catch-all 404.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace warren::server {

struct Request {
  std::string method;
  std::string path;  // without the query string
  std::string body;
};

struct Response {
  int status{200};
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

using Params = std::vector<std::string>;
using Handler = std::function<Response(const Request&, const Params&)>;

class Router {
 public:
  // `pattern` like "/v3/kafka/:cluster/consumer/:consumer".
  void add(std::string method, std::string_view pattern, Handler handler);
  Response route(const Request& request) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // ":" prefix = parameter
    Handler handler;
  };
  // Params when `segments` matches `path_segments` (case-insensitive literals when `icase`);
  // `canonical` receives the path with the route's literals.
  static std::optional<Params> match(const Route& r, const std::vector<std::string>& path_segments, bool icase,
                                     std::string* canonical);
  std::vector<Route> routes_;
};

// Go's path.Clean as httprouter applies it: collapses //, resolves . and .., keeps the root.
std::string clean_path(std::string_view path);

}  // namespace warren::server
