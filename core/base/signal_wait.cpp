#include "core/base/signal_wait.hpp"

#include <pthread.h>

namespace warren {

TerminationSignals::TerminationSignals() {
  sigemptyset(&set_);
  sigaddset(&set_, SIGINT);
  sigaddset(&set_, SIGTERM);
  sigaddset(&set_, SIGQUIT);
  pthread_sigmask(SIG_BLOCK, &set_, &previous_);
}

TerminationSignals::~TerminationSignals() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }

int TerminationSignals::wait() const {
  int signal_number = 0;
  // sigwait only fails for an invalid set, which the constructor rules out.
  if (sigwait(&set_, &signal_number) != 0) return -1;
  return signal_number;
}

std::string_view signal_name(int signal_number) noexcept {
  switch (signal_number) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGQUIT: return "SIGQUIT";
    default: return "signal";
  }
}

}  // namespace warren
