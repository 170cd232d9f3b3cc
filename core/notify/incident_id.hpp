// Incident ids: random UUID version 4 strings (RFC 4122 §4.4), as Burrow's uuid.NewRandom gives,
// e.g. "3f2b8c1e-9a4d-4c7e-b1f0-6d2e8a9c0b14".
#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace warren::notify {

// Formats 128 random bits as a version 4, variant 1 UUID (the version and variant bits are set).
std::string format_uuid_v4(std::uint64_t high, std::uint64_t low);

// Not thread safe: one per owner (the coordinator's thread).
class UuidGenerator {
 public:
  UuidGenerator();  // seeded from std::random_device
  std::string next();

 private:
  std::mt19937_64 engine_;
};

}  // namespace warren::notify
