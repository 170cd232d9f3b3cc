// How doctest prints the containers integration tests compare, so that a failed CHECK shows the
// values ("{60, 80, 100} == {60, 80}") instead of "{?}".
#pragma once

#include <doctest/doctest.h>

#include <optional>
#include <vector>

namespace doctest {

template <typename T>
struct StringMaker<std::vector<T>> {
  static String convert(const std::vector<T>& values) {
    String out = "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i > 0) out += ", ";
      out += toString(values[i]);
    }
    return out + "}";
  }
};

template <typename T>
struct StringMaker<std::optional<T>> {
  static String convert(const std::optional<T>& value) { return value ? toString(*value) : String("nullopt"); }
};

}  // namespace doctest
