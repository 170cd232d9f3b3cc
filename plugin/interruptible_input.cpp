#include "plugin/interruptible_input.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

namespace warren::plugin {

InterruptibleInput::InterruptibleInput(int fd) : fd_(fd), wake_fd_(::eventfd(0, EFD_CLOEXEC)) {}

InterruptibleInput::~InterruptibleInput() {
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

void InterruptibleInput::interrupt() noexcept {
  if (wake_fd_ < 0) return;
  const std::uint64_t one = 1;
  // The counter is never read, so the eventfd stays readable: a failed write (EAGAIN at the
  // counter's maximum) still leaves it readable.
  [[maybe_unused]] const auto written = ::write(wake_fd_, &one, sizeof one);
}

InterruptibleInput::int_type InterruptibleInput::underflow() {
  if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
  while (true) {
    if (wake_fd_ >= 0) {
      std::array<pollfd, 2> fds{pollfd{.fd = fd_, .events = POLLIN, .revents = 0},
                                pollfd{.fd = wake_fd_, .events = POLLIN, .revents = 0}};
      if (::poll(fds.data(), fds.size(), -1) < 0) {
        if (errno == EINTR) continue;
        return traits_type::eof();
      }
      if (fds[1].revents != 0) return traits_type::eof();
      if (fds[0].revents == 0) continue;
    }
    const auto n = ::read(fd_, buffer_.data(), buffer_.size());
    if (n > 0) {
      setg(buffer_.data(), buffer_.data(), buffer_.data() + n);
      return traits_type::to_int_type(*gptr());
    }
    if (n < 0 && errno == EINTR) continue;
    return traits_type::eof();  // end of file, or an error that ends input all the same
  }
}

}  // namespace warren::plugin
