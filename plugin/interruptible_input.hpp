// InterruptibleInput: a read-only stream buffer over a file descriptor (the execd plugin's
// stdin) whose reads end, as at end of file, once interrupt() has been called from another
// thread. A read(2) blocked on a pipe cannot be cancelled, so reads wait in poll(2) on the
// descriptor and on an eventfd that interrupt() signals. This lets SIGTERM and SIGINT end
// `warren execd` the same way as Telegraf closing its stdin: the current batch is finished, no
// batch is cut in half, and the process exits 0.
#pragma once

#include <array>
#include <streambuf>

namespace warren::plugin {

class InterruptibleInput : public std::streambuf {
 public:
  explicit InterruptibleInput(int fd);
  ~InterruptibleInput() override;
  InterruptibleInput(const InterruptibleInput&) = delete;
  InterruptibleInput& operator=(const InterruptibleInput&) = delete;

  // Safe from any thread, any number of times; every later read returns end of file.
  void interrupt() noexcept;

 protected:
  int_type underflow() override;

 private:
  int fd_;
  int wake_fd_;  // eventfd; -1 if it could not be created (reads are then plain blocking reads)
  std::array<char, 4096> buffer_{};
};

}  // namespace warren::plugin
