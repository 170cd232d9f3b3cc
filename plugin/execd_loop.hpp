// The execd plugin's main loop (reference/telegraf.md §1): Telegraf's inputs.execd either writes
// one '\n' to our stdin per gather (signal = "STDIN") or nothing (signal = "none"), and closes
// stdin when it stops. Each batch goes out in one write followed by a flush, so that Telegraf
// never reads half a batch; nothing is written after stdin closes.
#pragma once

#include <chrono>
#include <functional>
#include <iosfwd>
#include <stop_token>
#include <string>

namespace warren::plugin {

enum class SignalMode {
  stdin_line,  // one batch per newline read
  none,        // one batch every interval
};

// Returns 0 when `in` reaches end of file (or, in mode none, when `stop` is requested).
int run_execd_loop(std::istream& in, std::ostream& out, SignalMode mode, std::chrono::milliseconds interval,
                   const std::function<std::string()>& render, std::stop_token stop);

}  // namespace warren::plugin
