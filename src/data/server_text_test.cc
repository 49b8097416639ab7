#include "data/server_text.h"

#include <gtest/gtest.h>

namespace kiss::data {
namespace {

TEST(ServerText, PlainTextIsKept) {
  EXPECT_EQ(clean_server_text("No data found, symbol may be delisted"),
            "No data found, symbol may be delisted");
  EXPECT_EQ(clean_server_text("Zürich 日本 ₹"), "Zürich 日本 ₹");  // UTF-8 passes
}

TEST(ServerText, EscapeSequencesAndControlsAreRemoved) {
  // Colour (CSI), a window title (OSC ended by BEL and by ST), a cursor save (two-byte escape),
  // a bell, a backspace, a DEL and an 8-bit C1 CSI written in UTF-8 (U+009B).
  EXPECT_EQ(clean_server_text("\x1b[1;31mred\x1b[0m \x1b]0;pwned\x07title \x1b]2;x\x1b\\st "
                              "\x1b"
                              "7save\a\b\x7f \xc2\x9b"
                              "31m"),
            "red title st save 31m");
  EXPECT_EQ(clean_server_text("a\tb\r\nc"), "a b  c");
  EXPECT_EQ(clean_server_text("\x1b[31"), "");  // cut inside a sequence
  EXPECT_EQ(clean_server_text("x\xe2\x80\xae"
                              "evil"),
            "xevil");  // bidi override U+202E
  EXPECT_EQ(clean_server_text("bad \xff\xfe utf8 \xc3"), "bad ?? utf8 ?");
  EXPECT_EQ(clean_server_text("\xc0\xaf"), "??");  // overlong '/'
}

TEST(ServerText, LongTextIsClipped) {
  const std::string huge(5'000'000, 'A');
  const std::string out = clean_server_text(huge);
  EXPECT_EQ(out, std::string(200, 'A') + "...");
  EXPECT_EQ(clean_server_text("ééééé", 3), "ééé...");  // code points, never half a character
  EXPECT_EQ(clean_server_text("abc", 3), "abc");
}

}  // namespace
}  // namespace kiss::data
