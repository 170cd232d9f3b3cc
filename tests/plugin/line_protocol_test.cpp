// LineBuilder: escaping of hostile names and values, and the field types Telegraf's parser reads.
#include "plugin/line_protocol.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

using namespace warren::plugin;

TEST_SUITE("plugin") {
  TEST_CASE("integers carry i, strings are quoted, one timestamp and a newline end the line") {
    LineBuilder lb;
    lb.begin("m").tag("a", "1").tag("b", "2").field_int("n", -12).field_string("s", "ok").end(
        1'700'000'000'000'000'000);
    CHECK(lb.str() == "m,a=1,b=2 n=-12i,s=\"ok\" 1700000000000000000\n");
  }

  TEST_CASE("hostile tag keys and values: spaces, commas, equals signs, control characters, UTF-8") {
    LineBuilder lb;
    lb.begin("my measure,x=y")
        .tag("k ey", "v,a=l ue")
        .tag("q", "say \"hi\"")
        .tag("nl", "a\nb\tc\rd")
        .tag("bs", "a\\b")
        .tag("utf", "gr\xC3\xBC\xC3\x9F")
        .field_int("f=1", 1)
        .end(5);
    CHECK(lb.str() ==
          "my\\ measure\\,x=y,k\\ ey=v\\,a\\=l\\ ue,q=say\\ \"hi\",nl=a\\nb\\tc\\rd,bs=a\\b,utf=gr\xC3\xBC\xC3\x9F "
          "f\\=1=1i "
          "5\n");
  }

  TEST_CASE("empty tags are omitted — a trailing backslash is dropped") {
    LineBuilder lb;
    lb.begin("m").tag("owner", "").tag("", "x").tag("t", "dir\\").tag("u", "\\").field_int("v", 0).end(0);
    CHECK(lb.str() == "m,t=dir v=0i 0\n");
  }

  TEST_CASE("string fields escape quotes and backslashes only") {
    LineBuilder lb;
    lb.begin("m").field_string("s", "C:\\temp \"x\", y=1\nz").end(1);
    CHECK(lb.str() == "m s=\"C:\\\\temp \\\"x\\\", y=1\nz\" 1\n");
  }

  TEST_CASE("floats: shortest round-trip form — NaN and infinities skipped") {
    LineBuilder lb;
    lb.begin("m")
        .field_float("a", 0.1)
        .field_float("b", 0.5F)
        .field_float("c", 1.0)
        .field_float("d", std::numeric_limits<double>::quiet_NaN())
        .field_float("e", std::numeric_limits<double>::infinity())
        .field_float("f", 0.1F)
        .end(2);
    CHECK(lb.str() == "m a=0.1,b=0.5,c=1,f=0.1 2\n");
  }

  TEST_CASE("a point with no field is dropped") {
    LineBuilder lb;
    lb.begin("m").tag("a", "b").field_float("x", std::nan("")).end(1);
    lb.begin("n").field_int("y", 1).end(2);
    CHECK(lb.str() == "n y=1i 2\n");
  }
}
