#include "core/mock/mock_cluster.hpp"

#include <array>
#include <chrono>
#include <stdexcept>
#include <string>

#include "core/base/log.hpp"

namespace warren::mock {

namespace {

constexpr int kFlushDeadlineMs = 20000;

// Written by the delivery-report callback, read after the flush.
struct Delivery {
  std::int64_t offset{-1};
  rd_kafka_resp_err_t err{RD_KAFKA_RESP_ERR__IN_PROGRESS};
};

void on_delivery(rd_kafka_t*, const rd_kafka_message_t* msg, void*) noexcept {
  auto* delivery = static_cast<Delivery*>(msg->_private);
  if (delivery == nullptr) return;
  delivery->err = msg->err;
  delivery->offset = msg->offset;
}

// The mock's own log lines (it logs through its owner client) are about requests it does not
// serve, such as warren's MetadataRequest v12 for topic ids: expected here, so debug lines in
// warren's format rather than errors on stderr.
void on_mock_log(const rd_kafka_t*, int, const char* facility, const char* message) noexcept {
  if (!log::enabled(log::Level::debug)) return;
  log::write(log::Level::debug, "mock cluster", std::string(facility) + ": " + message);
}

kafka::KafkaHandle make_client(rd_kafka_type_t type, const std::vector<std::pair<std::string, std::string>>& props,
                               bool with_delivery_reports, bool mock_log = false) {
  kafka::ConfHandle conf(rd_kafka_conf_new());
  std::array<char, 512> err{};
  for (const auto& [k, v] : props) {
    if (rd_kafka_conf_set(conf.get(), k.c_str(), v.c_str(), err.data(), err.size()) != RD_KAFKA_CONF_OK) {
      throw std::runtime_error("mock cluster: property " + k + ": " + err.data());
    }
  }
  if (with_delivery_reports) rd_kafka_conf_set_dr_msg_cb(conf.get(), &on_delivery);
  if (mock_log) rd_kafka_conf_set_log_cb(conf.get(), &on_mock_log);
  rd_kafka_t* rk = rd_kafka_new(type, conf.get(), err.data(), err.size());
  if (rk == nullptr) throw std::runtime_error(std::string("mock cluster: rd_kafka_new: ") + err.data());
  conf.release();  // rd_kafka_new took it
  return kafka::KafkaHandle(rk);
}

struct TopicDeleter {
  void operator()(rd_kafka_topic_t* topic) const noexcept { rd_kafka_topic_destroy(topic); }
};
using TopicHandle = std::unique_ptr<rd_kafka_topic_t, TopicDeleter>;

void check(rd_kafka_resp_err_t err, const std::string& what) {
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
    throw std::runtime_error("mock cluster: " + what + ": " + kafka::error_text(err));
}

}  // namespace

MockCluster::MockCluster(int brokers) : brokers_(brokers) {
  // The owner only hosts the cluster; it connects nowhere (no bootstrap servers, no warning).
  owner_ = make_client(RD_KAFKA_PRODUCER, {{"log_level", "3"}}, false, true);
  cluster_.reset(rd_kafka_mock_cluster_new(owner_.get(), brokers));
  if (!cluster_) throw std::runtime_error("mock cluster: rd_kafka_mock_cluster_new failed");
  bootstraps_ = rd_kafka_mock_cluster_bootstraps(cluster_.get());
  producer_ = make_client(RD_KAFKA_PRODUCER,
                          {{"bootstrap.servers", bootstraps_},
                           {"linger.ms", "0"},
                           {"enable.idempotence", "false"},
                           {"message.timeout.ms", std::to_string(kFlushDeadlineMs)},
                           // After a broker outage, reconnect quickly (the default backoff grows to 10 s).
                           {"reconnect.backoff.ms", "50"},
                           {"reconnect.backoff.max.ms", "200"}},
                          true);
}

MockCluster::~MockCluster() {
  if (producer_) rd_kafka_flush(producer_.get(), 1000);
  producer_.reset();
  cluster_.reset();
  owner_.reset();
}

void MockCluster::create_topic(const std::string& name, int partitions) {
  check(rd_kafka_mock_topic_create(cluster_.get(), name.c_str(), partitions, 1), "create topic " + name);
  // The producer would learn of the topic at its next once-a-second scan of unknown topics; ask
  // for its metadata now so that the first write to it is not delayed by up to a second.
  const TopicHandle topic(rd_kafka_topic_new(producer_.get(), name.c_str(), nullptr));
  const rd_kafka_metadata_t* md = nullptr;
  check(rd_kafka_metadata(producer_.get(), 0, topic.get(), &md, kFlushDeadlineMs), "metadata of " + name);
  const kafka::MetadataHandle owned(md);
}

std::vector<std::int64_t> MockCluster::produce(const std::string& topic, std::int32_t partition,
                                               const std::vector<MockRecord>& records) {
  std::vector<Delivery> deliveries(records.size());
  rd_kafka_resp_err_t enqueue_err = RD_KAFKA_RESP_ERR_NO_ERROR;
  for (std::size_t i = 0; i < records.size() && enqueue_err == RD_KAFKA_RESP_ERR_NO_ERROR; ++i) {
    const MockRecord& r = records[i];
    const void* value = r.value ? static_cast<const void*>(r.value->data()) : nullptr;
    const std::size_t value_len = r.value ? r.value->size() : 0;
    enqueue_err = rd_kafka_producev(
        producer_.get(), RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(partition),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_KEY(r.key.empty() ? nullptr : r.key.data(), r.key.size()),
        RD_KAFKA_V_VALUE(const_cast<void*>(value), value_len), RD_KAFKA_V_OPAQUE(&deliveries[i]), RD_KAFKA_V_END);
  }
  // flush() serves the delivery reports; a slice may end before everything is acknowledged.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kFlushDeadlineMs);
  while (rd_kafka_outq_len(producer_.get()) > 0 && std::chrono::steady_clock::now() < deadline) {
    rd_kafka_flush(producer_.get(), 500);
  }
  if (enqueue_err != RD_KAFKA_RESP_ERR_NO_ERROR || rd_kafka_outq_len(producer_.get()) > 0) {
    // Give up on what is left; the purge's delivery reports must reach `deliveries` while it
    // still exists.
    rd_kafka_purge(producer_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    rd_kafka_flush(producer_.get(), 1000);
  }
  check(enqueue_err, "produce to " + topic);
  std::vector<std::int64_t> offsets;
  offsets.reserve(records.size());
  for (const auto& d : deliveries) {
    check(d.err, "delivery to " + topic + "/" + std::to_string(partition));
    offsets.push_back(d.offset);
  }
  return offsets;
}

std::int64_t MockCluster::produce(const std::string& topic, std::int32_t partition, const Bytes& key,
                                  const std::optional<Bytes>& value) {
  return produce(topic, partition, {MockRecord{.key = key, .value = value}}).front();
}

void MockCluster::produce_filler(const std::string& topic, std::int32_t partition, int count) {
  std::vector<MockRecord> records(static_cast<std::size_t>(count),
                                  MockRecord{.key = bytes({'k'}), .value = bytes({'v'})});
  produce(topic, partition, records);
}

void MockCluster::broker_down(std::int32_t id) {
  check(rd_kafka_mock_broker_set_down(cluster_.get(), id), "broker " + std::to_string(id) + " down");
}

void MockCluster::broker_up(std::int32_t id) {
  check(rd_kafka_mock_broker_set_up(cluster_.get(), id), "broker " + std::to_string(id) + " up");
}

}  // namespace warren::mock
