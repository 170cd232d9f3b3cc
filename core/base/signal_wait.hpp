// Waiting for the signals that ask the process to stop (SIGINT, SIGTERM and, as Burrow, SIGQUIT)
// without a handler, a busy loop or a sleep: the signals are blocked and then taken
// synchronously with sigwait(2).
//
// Lifecycle: construct TerminationSignals in main *before any thread is started* (librdkafka,
// the HTTP server), so every thread inherits the blocked mask and the signal can only be
// delivered to the waiting thread. The destructor restores the previous mask.
#pragma once

#include <signal.h>

#include <string_view>

namespace warren {

class TerminationSignals {
 public:
  TerminationSignals();
  ~TerminationSignals();
  TerminationSignals(const TerminationSignals&) = delete;
  TerminationSignals& operator=(const TerminationSignals&) = delete;

  // Blocks until one of the signals arrives; returns its number (-1 if sigwait fails).
  int wait() const;

 private:
  sigset_t set_{};
  sigset_t previous_{};
};

// "SIGTERM" etc. for log lines.
std::string_view signal_name(int signal_number) noexcept;

}  // namespace warren
