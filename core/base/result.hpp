// Result<T>: a value or an Error{code, message}, used inside the engine instead of exceptions.
// Exceptions stay at the edges (startup in main, library calls converted where they are made).
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace warren {

enum class ErrorCode {
  invalid_argument,
  not_found,
  out_of_range,
  malformed,
  unsupported_version,
  io,
  kafka,
};

struct Error {
  ErrorCode code{ErrorCode::invalid_argument};
  std::string message;
  bool operator==(const Error&) const = default;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT

  bool ok() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  const T& value() const& { return std::get<0>(state_); }
  T& value() & { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

inline Error make_error(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

}  // namespace warren
