// librdkafka's synchronous calls (metadata, offsets for times) cannot be interrupted. To stop
// within a second or two even when a cluster is unreachable, they are made in short slices and
// retried until the overall deadline, checking the stop token between slices.
#pragma once

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <stop_token>

namespace warren::kafka {

inline constexpr int kSliceMs = 1000;
inline constexpr int kRequestDeadlineMs = 10000;

template <typename Call>  // rd_kafka_resp_err_t(int timeout_ms)
rd_kafka_resp_err_t bounded_call(const std::stop_token& stop, Call&& call, int deadline_ms = kRequestDeadlineMs) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(deadline_ms);
  rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR__TIMED_OUT;
  while (!stop.stop_requested()) {
    err = call(kSliceMs);
    if (err != RD_KAFKA_RESP_ERR__TIMED_OUT && err != RD_KAFKA_RESP_ERR__TRANSPORT) return err;
    if (std::chrono::steady_clock::now() >= deadline) return err;
  }
  return RD_KAFKA_RESP_ERR__DESTROY;
}

}  // namespace warren::kafka
