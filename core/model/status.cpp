#include "core/model/status.hpp"

namespace warren::model {

std::string_view to_string(Status s) noexcept {
  switch (s) {
    case Status::notfound: return "NOTFOUND";
    case Status::ok: return "OK";
    case Status::warn: return "WARN";
    case Status::err: return "ERR";
    case Status::stop: return "STOP";
    case Status::stall: return "STALL";
    case Status::rewind: return "REWIND";
  }
  return "UNKNOWN";
}

}  // namespace warren::model
