#include "core/store/group_filter.hpp"

#include <re2/re2.h>

namespace warren::store {

GroupFilter::GroupFilter() = default;
GroupFilter::~GroupFilter() = default;
GroupFilter::GroupFilter(GroupFilter&&) noexcept = default;
GroupFilter& GroupFilter::operator=(GroupFilter&&) noexcept = default;

namespace {
Result<std::unique_ptr<re2::RE2>> compile(const std::string& pattern, const char* what) {
  if (pattern.empty()) return std::unique_ptr<re2::RE2>{};
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_unique<re2::RE2>(pattern, options);
  if (!re->ok()) {
    return make_error(ErrorCode::invalid_argument, std::string(what) + ": invalid regular expression: " + re->error());
  }
  return re;
}
}  // namespace

Result<GroupFilter> GroupFilter::create(const std::string& allowlist, const std::string& denylist) {
  auto allow = compile(allowlist, "group-allowlist");
  if (!allow) return allow.error();
  auto deny = compile(denylist, "group-denylist");
  if (!deny) return deny.error();
  GroupFilter f;
  f.allow_ = std::move(allow).value();
  f.deny_ = std::move(deny).value();
  return f;
}

bool GroupFilter::accepts(std::string_view group) const {
  const re2::StringPiece text(group.data(), group.size());
  if (allow_ && !RE2::PartialMatch(text, *allow_)) return false;
  if (deny_ && RE2::PartialMatch(text, *deny_)) return false;
  return true;
}

}  // namespace warren::store
