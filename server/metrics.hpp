// /metrics: Prometheus text exposition (format 0.0.4) built fresh from the engine on every
// scrape, so that a deleted or expired group or topic leaves no series behind. Burrow's six
// families keep their names, labels and meanings (reference/burrow.md §1.7); warren adds its own
// under `warren_`.
#pragma once

#include <string>

#include "core/engine/engine.hpp"
#include "core/kafka/source_set.hpp"
#include "core/notify/notifier_set.hpp"

namespace warren::server {

// `notifiers`: the notifier coordinator of `warren serve`, or null.
std::string render_metrics(engine::Engine& engine, const kafka::SourceSet* sources,
                           const notify::NotifierSet* notifiers = nullptr);

}  // namespace warren::server
