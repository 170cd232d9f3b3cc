// GoJson writes what Go's encoding/json writes: escaping, float32 formatting, key order.
#include "server/go_json.hpp"

#include <doctest/doctest.h>

using namespace warren::server;

namespace {
std::string quoted(std::string_view s) {
  std::string out;
  append_go_string(out, s);
  return out;
}
}  // namespace

TEST_SUITE("server") {
  TEST_CASE("float32 values in Go's shortest form") {
    CHECK(go_float32(1.0F) == "1");
    CHECK(go_float32(0.0F) == "0");
    CHECK(go_float32(0.25F) == "0.25");
    CHECK(go_float32(0.5F) == "0.5");
    CHECK(go_float32(1.0F / 3.0F) == "0.33333334");
    CHECK(go_float32(2.0F / 3.0F) == "0.6666667");
    CHECK(go_float32(0.1F) == "0.1");
    CHECK(go_float32(0.7F) == "0.7");
    CHECK(go_float32(0.000001F) == "0.000001");
    CHECK(go_float32(1.0F / 65535.0F) == "0.000015259022");
    CHECK(go_float32(1e-7F) == "1e-7");  // below 1e-6: 'e' notation, exponent without leading zero
    CHECK(go_float32(1e21F) == "1e+21");
  }

  TEST_CASE("float64 samples as strconv 'g' with shortest precision (Prometheus)") {
    CHECK(go_float64_g(4321) == "4321");
    CHECK(go_float64_g(123456) == "123456");
    CHECK(go_float64_g(1e6) == "1e+06");
    CHECK(go_float64_g(1234567) == "1.234567e+06");
    CHECK(go_float64_g(0.5) == "0.5");
    CHECK(go_float64_g(0.0001) == "0.0001");
    CHECK(go_float64_g(0.00001) == "1e-05");
    CHECK(go_float64_g(0) == "0");
    CHECK(go_float64_g(-2) == "-2");
  }

  TEST_CASE("strings escaped as Go escapes them") {
    CHECK(quoted("plain") == R"("plain")");
    CHECK(quoted("a<b>&c") == R"("a\u003cb\u003e\u0026c")");
    CHECK(quoted("q\"b\\s") == R"("q\"b\\s")");
    CHECK(quoted("\n\r\t") == R"("\n\r\t")");
    CHECK(quoted("\b\f") == R"("\b\f")");
    CHECK(quoted(std::string("\x01\x1f", 2)) == R"("\u0001\u001f")");
    CHECK(quoted("\xe2\x80\xa8\xe2\x80\xa9") == R"("\u2028\u2029")");
    CHECK(quoted("gr\xc3\xbcn \xf0\x9f\x90\x87") == "\"gr\xc3\xbcn \xf0\x9f\x90\x87\"");  // valid UTF-8 kept
    CHECK(quoted("bad\xff") == R"("bad\ufffd")");
    CHECK(quoted("\xc0\xaf") == R"("\ufffd\ufffd")");            // overlong form
    CHECK(quoted("\xed\xa0\x80") == R"("\ufffd\ufffd\ufffd")");  // surrogate
    CHECK(quoted("a b,c=d") == R"("a b,c=d")");
  }

  TEST_CASE("objects and arrays: commas, key order as given, nulls") {
    GoJson j;
    j.begin_object();
    j.key("b").int64(-1);
    j.key("a").begin_array().null().boolean(true).uint64(18446744073709551615ULL).end_array();
    j.key("c").begin_object().end_object();
    j.key("d").float32(0.5F);
    j.end_object();
    CHECK(j.str() == R"({"b":-1,"a":[null,true,18446744073709551615],"c":{},"d":0.5})");
  }
}
