#include "report/format.h"

#include <cstdio>
#include <limits>

#include <gtest/gtest.h>

namespace kiss::report {
namespace {

TEST(Format, PriceHasTwoDecimals) {
  EXPECT_EQ(format_price(1393.7), "1393.70");
  EXPECT_EQ(format_price(0.005), "0.01");  // 0.005 is 0.005000000000000000104 in binary
  EXPECT_EQ(format_price(2.675), "2.67");  // 2.67499999... in binary: rounds down, like printf
  EXPECT_EQ(format_price(-12.5), "-12.50");
  EXPECT_EQ(format_price(1234567.891), "1234567.89");
}

TEST(Format, ReturnHasSignAndPercent) {
  EXPECT_EQ(format_return(3.254), "+3.25%");
  EXPECT_EQ(format_return(-4.914556962), "-4.91%");
  EXPECT_EQ(format_return(0.0), "+0.00%");
  EXPECT_EQ(format_return(-0.004), "-0.00%");   // printf("%+.2f") keeps the sign too
  EXPECT_EQ(format_return(12.345), "+12.35%");  // 12.3450000000000006395 rounds up
}

TEST(Format, MissingValuesAreNotNumbers) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(format_return(nan), "n/a");
  EXPECT_EQ(format_price(nan), "n/a");
  EXPECT_EQ(format_price(inf), "n/a");
  EXPECT_EQ(format_return(-inf), "n/a");
}

// to_chars is used instead of printf only to be locale-proof; the bytes must be printf's.
TEST(Format, MatchesPrintfInTheCLocale) {
  for (int i = -20000; i <= 20000; i += 7) {
    const double v = i / 997.0;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    ASSERT_EQ(format_price(v), buf) << v;
    std::snprintf(buf, sizeof buf, "%+.2f%%", v);
    ASSERT_EQ(format_return(v), buf) << v;
  }
}

TEST(Format, FixedPrecision) {
  EXPECT_EQ(fixed(178.4545, 1), "178.5");
  EXPECT_EQ(fixed(46.0, 1), "46.0");
  EXPECT_EQ(fixed(0.6234, 2), "0.62");
  EXPECT_EQ(fixed(1e300, 0).size(), 301u);
}

TEST(Format, MarkdownEscapesTableBreakers) {
  EXPECT_EQ(md_escape("a|b"), "a\\|b");
  EXPECT_EQ(md_escape("M&M"), "M&M");
  EXPECT_EQ(md_escape("sma_10_20_crossover+rsi"), "sma_10_20_crossover+rsi");
  EXPECT_EQ(md_escape("x\\y*z`<b>[l]"), "x\\\\y\\*z\\`\\<b\\>\\[l\\]");
  EXPECT_EQ(md_escape("two\nlines\r\n"), "two lines  ");
}

TEST(Format, HtmlEscapesEveryMarkupCharacter) {
  EXPECT_EQ(html_escape("M&M"), "M&amp;M");
  EXPECT_EQ(html_escape("<script>\"x\"'y'</script>"),
            "&lt;script&gt;&quot;x&quot;&#39;y&#39;&lt;/script&gt;");
  EXPECT_EQ(html_escape("plain"), "plain");
}

}  // namespace
}  // namespace kiss::report
