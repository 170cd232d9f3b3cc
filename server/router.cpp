#include "server/router.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace warren::server {

namespace {

std::vector<std::string> split(std::string_view path) {
  std::vector<std::string> out;
  std::size_t i = 0;
  if (!path.empty() && path[0] == '/') i = 1;
  while (i <= path.size()) {
    const std::size_t j = path.find('/', i);
    const std::size_t end = j == std::string_view::npos ? path.size() : j;
    out.emplace_back(path.substr(i, end - i));
    if (j == std::string_view::npos) break;
    i = j + 1;
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

Response not_found() {
  // httprouter's NotFound handler in Burrow: http.Error with this body.
  return Response{.status = 404,
                  .content_type = "text/plain; charset=utf-8",
                  .body = "{\"error\":true,\"message\":\"invalid request type\",\"result\":{}}\n",
                  .headers = {{"X-Content-Type-Options", "nosniff"}}};
}

Response redirect(const std::string& method, const std::string& location) {
  const int code = method == "GET" ? 301 : 308;
  std::string body;
  if (method == "GET") body = "<a href=\"" + location + "\">Moved Permanently</a>.\n\n";
  return Response{.status = code,
                  .content_type = method == "GET" ? "text/html; charset=utf-8" : "",
                  .body = body,
                  .headers = {{"Location", location}}};
}

}  // namespace

std::string clean_path(std::string_view p) {
  if (p.empty()) return "/";
  std::vector<std::string> parts;
  for (const auto& seg : split(p)) {
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.push_back(seg);
  }
  std::string out;
  for (const auto& s : parts) out.append("/").append(s);
  if (out.empty()) out.push_back('/');
  // path.Clean drops a trailing slash; httprouter's CleanPath keeps it.
  if (p.size() > 1 && p.back() == '/' && out != "/") out += "/";
  return out;
}

void Router::add(std::string method, std::string_view pattern, Handler handler) {
  routes_.push_back(Route{.method = std::move(method), .segments = split(pattern), .handler = std::move(handler)});
}

std::optional<Params> Router::match(const Route& r, const std::vector<std::string>& segs, bool icase,
                                    std::string* canonical) {
  if (segs.size() != r.segments.size()) return std::nullopt;
  Params params;
  std::string path;
  for (std::size_t i = 0; i < segs.size(); ++i) {
    const std::string& want = r.segments[i];
    if (!want.empty() && want[0] == ':') {
      if (segs[i].empty()) return std::nullopt;
      params.push_back(segs[i]);
      path.append("/").append(segs[i]);
      continue;
    }
    if (icase ? !iequals(want, segs[i]) : want != segs[i]) return std::nullopt;
    path.append("/").append(want);
  }
  if (canonical) *canonical = path;
  return params;
}

Response Router::route(const Request& req) const {
  const auto segs = split(req.path);
  for (const auto& r : routes_) {
    if (r.method != req.method) continue;
    if (auto params = match(r, segs, false, nullptr)) return r.handler(req, *params);
  }
  // The path exists for other methods: 405 (or the automatic OPTIONS answer).
  std::set<std::string> allowed;
  for (const auto& r : routes_) {
    if (match(r, segs, false, nullptr)) allowed.insert(r.method);
  }
  if (!allowed.empty()) {
    allowed.insert("OPTIONS");
    std::string allow;
    for (const auto& m : allowed) allow.append(allow.empty() ? "" : ", ").append(m);
    if (req.method == "OPTIONS") return Response{.status = 200, .headers = {{"Allow", allow}}};
    return Response{.status = 405,
                    .content_type = "text/plain; charset=utf-8",
                    .body = "Method Not Allowed\n",
                    .headers = {{"Allow", allow}, {"X-Content-Type-Options", "nosniff"}}};
  }
  if (req.method != "CONNECT" && req.path != "/") {
    // Trailing slash: the same path without it.
    if (req.path.size() > 1 && req.path.back() == '/') {
      const std::string trimmed = req.path.substr(0, req.path.size() - 1);
      const auto tsegs = split(trimmed);
      for (const auto& r : routes_) {
        if (r.method == req.method && match(r, tsegs, false, nullptr)) return redirect(req.method, trimmed);
      }
    }
    // Unclean or wrongly cased path.
    const std::string cleaned = clean_path(req.path);
    const auto csegs = split(cleaned);
    for (const auto& r : routes_) {
      std::string canonical;
      if (r.method == req.method && match(r, csegs, true, &canonical) && canonical != req.path) {
        return redirect(req.method, canonical);
      }
    }
  }
  return not_found();
}

}  // namespace warren::server
