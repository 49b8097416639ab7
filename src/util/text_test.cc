#include "util/text.h"

#include <string>

#include <cmath>

#include <gtest/gtest.h>

namespace kiss {
namespace {

TEST(Text, TrimRemovesBlanksOnly) {
  EXPECT_EQ(trim("  a b\t "), "a b");
  EXPECT_EQ(trim(" \t "), "");
  EXPECT_EQ(trim("x\r"), "x\r") << "a carriage return is data, not a blank";
}

TEST(Text, RupeesHaveTwoDecimalsAndTheSignFirst) {
  EXPECT_EQ(rupees(1234.5), "\u20b91234.50");
  EXPECT_EQ(rupees(0.004), "\u20b90.00");
  EXPECT_EQ(rupees(-12), "-\u20b912.00");
  EXPECT_EQ(rupees(-0.001), "\u20b90.00");  // rounds to zero: no sign
  EXPECT_EQ(rupees(std::nan("")), "n/a");
}

TEST(Text, LowerIsAsciiOnly) {
  EXPECT_EQ(lower("Adj Close"), "adj close");
  EXPECT_EQ(lower("\xC3\x89T\xC3\x89"), "\xC3\x89t\xC3\x89");
}

TEST(Text, JoinAndSplit) {
  EXPECT_EQ(join({"a", "b", "c"}, '+'), "a+b+c");
  EXPECT_EQ(join({"a", "b"}, " + "), "a + b");
  EXPECT_EQ(join({}, ", "), "");
  EXPECT_EQ(split("a+b", '+'), (std::vector<std::string>{"a", "b"}));
}

TEST(Text, ClipKeepsShortTextAndCutsLongText) {
  EXPECT_EQ(clip("abc"), "abc");
  const std::string long_text(100'000'000, 'x');
  const std::string c = clip(long_text);
  EXPECT_EQ(c, std::string(200, 'x') + "... (100000000 bytes)");
  EXPECT_EQ(clip(std::string(200, 'y')), std::string(200, 'y')) << "exactly the limit: whole";
}

TEST(Text, ClipNeverCutsAUtf8CharacterAndHidesControlCharacters) {
  // "é" is two bytes; the cut at byte 3 would split the second one.
  EXPECT_EQ(clip("a\xC3\xA9\xC3\xA9", 4), "a\xC3\xA9... (5 bytes)");
  EXPECT_EQ(clip("red\x1b[31m\a"), "red?[31m?");
}

TEST(Text, PaddingCountsScreenColumnsNotBytes) {
  // "₹12.00" is 8 bytes (₹ is E2 82 B9) and 6 columns.
  EXPECT_EQ(display_width("\u20b912.00"), 6U);
  EXPECT_EQ(display_width("abc"), 3U);
  EXPECT_EQ(display_width(""), 0U);
  EXPECT_EQ(pad_left("\u20b912.00", 8), "  \u20b912.00");
  EXPECT_EQ(pad_right("\u20b912.00", 8), "\u20b912.00  ");
  EXPECT_EQ(pad_left("abcdef", 3), "abcdef");  // longer text is kept whole
  EXPECT_EQ(pad_right("ab", 2), "ab");
}

}  // namespace
}  // namespace kiss
