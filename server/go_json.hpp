// GoJson for the server: the writer lives in core/base (the notifier templates use it too).
#pragma once

#include "core/base/go_json.hpp"

namespace warren::server {

using base::append_go_string;
using base::go_float32;
using base::go_float64_g;
using base::GoJson;

}  // namespace warren::server
