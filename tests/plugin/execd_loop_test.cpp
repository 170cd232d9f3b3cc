// The execd loop: one batch per newline, nothing after end of file; mode none ticks.
#include "plugin/execd_loop.hpp"

#include <doctest/doctest.h>

#include <condition_variable>
#include <istream>
#include <mutex>
#include <sstream>
#include <streambuf>
#include <string>
#include <thread>
#include <vector>

using namespace warren::plugin;

namespace {

// A stream that blocks in reads until closed, like a pipe nobody writes to.
class BlockingBuf : public std::streambuf {
 public:
  void close() {
    const std::lock_guard lock(mutex_);
    closed_ = true;
    cv_.notify_all();
  }

 protected:
  int_type underflow() override {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return closed_; });
    return traits_type::eof();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool closed_{false};
};

// Records what reaches the stream buffer: each write and each flush, in order.
class RecordingBuf : public std::streambuf {
 public:
  std::vector<std::string> events;

 protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    events.emplace_back("write:" + std::string(s, static_cast<std::size_t>(n)));
    return n;
  }
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof())) events.emplace_back("put");
    return c;
  }
  int sync() override {
    events.emplace_back("flush");
    return 0;
  }
};

}  // namespace

TEST_SUITE("plugin") {
  TEST_CASE("each batch reaches stdout in one write followed by a flush") {
    std::istringstream in("\n\n");
    RecordingBuf buf;
    std::ostream out(&buf);
    int n = 0;
    const int rc = run_execd_loop(
        in, out, SignalMode::stdin_line, std::chrono::milliseconds(10),
        [&] {
          ++n;
          return "a v=" + std::to_string(n) + "i 1\nb v=" + std::to_string(n) + "i 1\n";
        },
        std::stop_token{});
    CHECK(rc == 0);
    CHECK(buf.events ==
          std::vector<std::string>{"write:a v=1i 1\nb v=1i 1\n", "flush", "write:a v=2i 1\nb v=2i 1\n", "flush"});
  }

  TEST_CASE("stdin mode: three newlines give three batches — end of file returns 0") {
    std::istringstream in("\n\nx\n");
    std::ostringstream out;
    int n = 0;
    const int rc = run_execd_loop(
        in, out, SignalMode::stdin_line, std::chrono::milliseconds(10),
        [&] { return "m v=" + std::to_string(++n) + "i 1\n"; }, std::stop_token{});
    CHECK(rc == 0);
    CHECK(out.str() == "m v=1i 1\nm v=2i 1\nm v=3i 1\n");
  }

  TEST_CASE("stdin mode: end of file at once writes nothing") {
    std::istringstream in("");
    std::ostringstream out;
    CHECK(run_execd_loop(
              in, out, SignalMode::stdin_line, std::chrono::milliseconds(10), [] { return "x\n"; },
              std::stop_token{}) == 0);
    CHECK(out.str().empty());
  }

  TEST_CASE("none mode: a batch every interval until stdin closes") {
    BlockingBuf buf;
    std::istream in(&buf);
    std::ostringstream out;
    std::thread closer([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      buf.close();
    });
    const int rc = run_execd_loop(
        in, out, SignalMode::none, std::chrono::milliseconds(20), [] { return "b 1\n"; }, std::stop_token{});
    closer.join();
    CHECK(rc == 0);
    const std::string s = out.str();
    CHECK(s.size() >= 3 * 4);
    CHECK(s.size() % 4 == 0);
  }

  TEST_CASE("none mode: a stop request returns") {
    BlockingBuf buf;
    std::istream in(&buf);
    std::ostringstream out;
    std::stop_source stop;
    std::thread stopper([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      stop.request_stop();
    });
    CHECK(run_execd_loop(
              in, out, SignalMode::none, std::chrono::milliseconds(10), [] { return "b 1\n"; }, stop.get_token()) == 0);
    stopper.join();
    buf.close();  // the detached reader sees end of file before the buffer goes
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}
