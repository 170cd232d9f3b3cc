#include "core/store/snapshot.hpp"

namespace warren::store {

namespace {
const std::string& empty_string() noexcept {
  static const std::string empty;
  return empty;
}
}  // namespace

const std::string& PartitionSnapshot::owner() const noexcept { return member ? member->owner : empty_string(); }
const std::string& PartitionSnapshot::client_id() const noexcept { return member ? member->client_id : empty_string(); }

}  // namespace warren::store
