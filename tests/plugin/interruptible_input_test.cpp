// InterruptibleInput: reads what the pipe holds, ends at end of file, and ends a blocked read
// when interrupted from another thread.
#include "plugin/interruptible_input.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <istream>
#include <string>
#include <thread>

using warren::plugin::InterruptibleInput;

namespace {

// Both ends of a pipe, closed on scope exit.
struct Pipe {
  std::array<int, 2> fds{-1, -1};
  Pipe() { REQUIRE(::pipe(fds.data()) == 0); }
  ~Pipe() {
    close_write();
    if (fds[0] >= 0) ::close(fds[0]);
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  void write(const std::string& s) const {
    REQUIRE(::write(fds[1], s.data(), s.size()) == static_cast<ssize_t>(s.size()));
  }
  void close_write() {
    if (fds[1] >= 0) ::close(fds[1]);
    fds[1] = -1;
  }
};

}  // namespace

TEST_SUITE("plugin") {
  TEST_CASE("interruptible input: reads the bytes written, then end of file when the writer closes") {
    Pipe pipe;
    InterruptibleInput buf(pipe.fds[0]);
    std::istream in(&buf);
    pipe.write("a\nbc\n");
    pipe.close_write();
    std::string all;
    for (int c = in.get(); c != std::char_traits<char>::eof(); c = in.get()) all += static_cast<char>(c);
    CHECK(all == "a\nbc\n");
  }

  TEST_CASE("interruptible input: interrupt() ends a read blocked on an open, silent pipe") {
    Pipe pipe;
    InterruptibleInput buf(pipe.fds[0]);
    std::istream in(&buf);
    pipe.write("x");
    CHECK(in.get() == 'x');
    std::thread interrupter([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      buf.interrupt();
    });
    const auto start = std::chrono::steady_clock::now();
    CHECK(in.get() == std::char_traits<char>::eof());
    const auto took = std::chrono::steady_clock::now() - start;
    interrupter.join();
    CHECK(took < std::chrono::seconds(2));
    // Interrupted for good, even with data waiting.
    in.clear();
    pipe.write("y");
    CHECK(in.get() == std::char_traits<char>::eof());
  }
}
