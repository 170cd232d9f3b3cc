#include "plugin/execd_loop.hpp"

#include <condition_variable>
#include <istream>
#include <memory>
#include <mutex>
#include <ostream>
#include <thread>

namespace warren::plugin {

namespace {

void write_batch(std::ostream& out, const std::function<std::string()>& render) {
  const std::string batch = render();
  out.write(batch.data(), static_cast<std::streamsize>(batch.size()));
  out.flush();
}

struct EofWatch {
  std::mutex mutex;
  std::condition_variable_any cv;
  bool eof{false};
};

}  // namespace

int run_execd_loop(std::istream& in, std::ostream& out, SignalMode mode, std::chrono::milliseconds interval,
                   const std::function<std::string()>& render, std::stop_token stop) {
  if (mode == SignalMode::stdin_line) {
    // Every byte other than '\n' is ignored; a read blocks until Telegraf signals or closes.
    for (int c = in.get(); c != std::char_traits<char>::eof(); c = in.get()) {
      if (stop.stop_requested()) break;
      if (c == '\n') write_batch(out, render);
    }
    return 0;
  }

  // Mode none: a reader thread watches for end of file while this thread ticks.
  auto watch = std::make_shared<EofWatch>();
  std::thread reader([watch, &in] {
    while (in.get() != std::char_traits<char>::eof()) {
    }
    const std::lock_guard lock(watch->mutex);
    watch->eof = true;
    watch->cv.notify_all();
  });
  auto next = std::chrono::steady_clock::now() + interval;
  bool eof = false;
  while (true) {
    {
      std::unique_lock lock(watch->mutex);
      watch->cv.wait_until(lock, stop, next, [&] { return watch->eof; });
      eof = watch->eof;
    }
    if (eof || stop.stop_requested()) break;
    write_batch(out, render);
    next += interval;
    const auto now = std::chrono::steady_clock::now();
    if (next < now) next = now + interval;  // a slow batch: do not burst to catch up
  }
  if (eof) {
    reader.join();
  } else {
    reader.detach();  // blocked in a read of `in`, which outlives the process's useful life
  }
  return 0;
}

}  // namespace warren::plugin
