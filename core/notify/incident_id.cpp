#include "core/notify/incident_id.hpp"

#include <array>

namespace warren::notify {

std::string format_uuid_v4(std::uint64_t high, std::uint64_t low) {
  high = (high & ~std::uint64_t{0xF000}) | std::uint64_t{0x4000};          // version 4
  low = (low & ~(std::uint64_t{0xC} << 60)) | (std::uint64_t{0x8} << 60);  // variant 10xx
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  auto put = [&](std::uint64_t bits, int nibbles) {
    for (int i = nibbles - 1; i >= 0; --i) out.push_back(kHex[(bits >> (4 * i)) & 0xF]);
  };
  put(high >> 32, 8);
  out.push_back('-');
  put(high >> 16, 4);
  out.push_back('-');
  put(high, 4);
  out.push_back('-');
  put(low >> 48, 4);
  out.push_back('-');
  put(low, 12);
  return out;
}

UuidGenerator::UuidGenerator() {
  std::random_device device;
  std::array<std::uint32_t, 8> seed{};
  for (auto& s : seed) s = device();
  std::seed_seq sequence(seed.begin(), seed.end());
  engine_.seed(sequence);
}

std::string UuidGenerator::next() {
  const std::uint64_t high = engine_();
  return format_uuid_v4(high, engine_());
}

}  // namespace warren::notify
