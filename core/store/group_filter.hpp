// GroupFilter: Burrow's group allowlist/denylist. Both are RE2 expressions (the syntax Go's
// regexp package shares) matched unanchored, as Go's MatchString does: a group is accepted when
// it matches the allowlist (if one is set) and does not match the denylist (if one is set).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/base/result.hpp"

namespace re2 {
class RE2;
}

namespace warren::store {

class GroupFilter {
 public:
  GroupFilter();  // accepts everything
  ~GroupFilter();
  GroupFilter(GroupFilter&&) noexcept;
  GroupFilter& operator=(GroupFilter&&) noexcept;

  // Fails with the RE2 message when either expression does not compile.
  static Result<GroupFilter> create(const std::string& allowlist, const std::string& denylist);

  bool accepts(std::string_view group) const;

 private:
  std::unique_ptr<re2::RE2> allow_;
  std::unique_ptr<re2::RE2> deny_;
};

}  // namespace warren::store
