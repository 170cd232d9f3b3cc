#include "bench/record_writer.hpp"

#include <array>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace warren::bench {

namespace {

constexpr int kDeadlineMs = 120000;

void on_delivery(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque) noexcept {
  if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) return;
  auto* deliveries = static_cast<RecordWriter::Deliveries*>(opaque);
  if (deliveries->failed++ == 0) deliveries->first_error = rd_kafka_err2str(msg->err);
}

}  // namespace

RecordWriter::RecordWriter(std::string bootstraps, mock::MockCluster* mock)
    : bootstraps_(std::move(bootstraps)), mock_(mock), deliveries_(std::make_unique<Deliveries>()) {
  kafka::ConfHandle conf(rd_kafka_conf_new());
  std::array<char, 512> err{};
  const std::array<std::pair<const char*, std::string>, 7> props{{
      {"bootstrap.servers", bootstraps_},
      {"linger.ms", "20"},
      {"batch.num.messages", "10000"},
      {"queue.buffering.max.messages", "2000000"},
      {"queue.buffering.max.kbytes", "2097151"},
      {"enable.idempotence", "false"},
      {"message.timeout.ms", std::to_string(kDeadlineMs)},
  }};
  for (const auto& [key, value] : props) {
    if (rd_kafka_conf_set(conf.get(), key, value.c_str(), err.data(), err.size()) != RD_KAFKA_CONF_OK) {
      throw std::runtime_error(std::string("producer property ") + key + ": " + err.data());
    }
  }
  rd_kafka_conf_set_dr_msg_cb(conf.get(), &on_delivery);
  rd_kafka_conf_set_opaque(conf.get(), deliveries_.get());
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), err.data(), err.size());
  if (rk == nullptr) throw std::runtime_error(std::string("rd_kafka_new: ") + err.data());
  conf.release();  // rd_kafka_new took it
  producer_.reset(rk);
}

RecordWriter::~RecordWriter() {
  if (producer_) rd_kafka_flush(producer_.get(), 1000);
}

void RecordWriter::create_topic(const std::string& name, int partitions) {
  if (mock_ != nullptr) {
    mock_->create_topic(name, partitions);
    return;
  }
  std::array<char, 512> err{};
  using NewTopicHandle = std::unique_ptr<rd_kafka_NewTopic_t, decltype(&rd_kafka_NewTopic_destroy)>;
  NewTopicHandle topic(rd_kafka_NewTopic_new(name.c_str(), partitions, 1, err.data(), err.size()),
                       &rd_kafka_NewTopic_destroy);
  if (!topic) throw std::runtime_error("topic " + name + ": " + err.data());
  const kafka::QueueHandle queue(rd_kafka_queue_new(producer_.get()));
  rd_kafka_NewTopic_t* topics[] = {topic.get()};
  rd_kafka_CreateTopics(producer_.get(), topics, 1, nullptr, queue.get());
  const kafka::EventHandle event(rd_kafka_queue_poll(queue.get(), kDeadlineMs));
  if (!event) throw std::runtime_error("create topic " + name + ": no answer");
  if (rd_kafka_event_error(event.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw std::runtime_error("create topic " + name + ": " + rd_kafka_event_error_string(event.get()));
  }
  const rd_kafka_CreateTopics_result_t* result = rd_kafka_event_CreateTopics_result(event.get());
  std::size_t count = 0;
  const rd_kafka_topic_result_t** results = rd_kafka_CreateTopics_result_topics(result, &count);
  for (std::size_t i = 0; i < count; ++i) {
    const rd_kafka_resp_err_t e = rd_kafka_topic_result_error(results[i]);
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
      throw std::runtime_error("create topic " + name + ": " + kafka::error_text(e));
    }
  }
}

void RecordWriter::enqueue(const std::string& topic, std::int32_t partition,
                           const std::vector<mock::MockRecord>& records) {
  for (const mock::MockRecord& r : records) {
    while (true) {
      const void* value = r.value ? static_cast<const void*>(r.value->data()) : nullptr;
      const std::size_t value_len = r.value ? r.value->size() : 0;
      const rd_kafka_resp_err_t e =
          rd_kafka_producev(producer_.get(), RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(partition),
                            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                            RD_KAFKA_V_KEY(r.key.empty() ? nullptr : r.key.data(), r.key.size()),
                            RD_KAFKA_V_VALUE(const_cast<void*>(value), value_len), RD_KAFKA_V_END);
      if (e == RD_KAFKA_RESP_ERR_NO_ERROR) break;
      // The local queue is full: let deliveries drain it.
      if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL)
        throw std::runtime_error("produce to " + topic + ": " + kafka::error_text(e));
      rd_kafka_poll(producer_.get(), 100);
    }
  }
  rd_kafka_poll(producer_.get(), 0);
}

void RecordWriter::flush() {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kDeadlineMs);
  while (rd_kafka_outq_len(producer_.get()) > 0 && std::chrono::steady_clock::now() < deadline) {
    rd_kafka_flush(producer_.get(), 500);
  }
  if (rd_kafka_outq_len(producer_.get()) > 0) throw std::runtime_error("records not acknowledged in time");
  if (deliveries_->failed > 0) {
    throw std::runtime_error(std::to_string(deliveries_->failed) +
                             " records not delivered, first: " + deliveries_->first_error);
  }
}

}  // namespace warren::bench
