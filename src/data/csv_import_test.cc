#include "data/csv_import.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace kiss::data {
namespace {

constexpr const char* kHeader = "date,open,high,low,close,volume\n";

// The refusal message of a file, or "" when it was accepted.
std::string refusal(const std::string& text) {
  auto r = parse_csv(text, "t.csv", "TEST", false, 0);
  return r ? std::string() : r.error().to_string();
}

// The issues of an accepted file, one string each.
std::vector<std::string> row_issues(const std::string& text) {
  auto r = parse_csv(text, "t.csv", "TEST", false, 0);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().to_string());
  std::vector<std::string> out;
  if (r) {
    for (const Issue& i : r->issues) out.push_back(i.to_string());
    EXPECT_EQ(r->rejected, r->issues.size());
  }
  return out;
}

struct RowCase {
  const char* name;
  std::string row;  // one data line after kHeader
  std::string message;
};

class MalformedRow : public ::testing::TestWithParam<RowCase> {};

TEST_P(MalformedRow, RejectsTheRowWithItsExactMessage) {
  const RowCase& c = GetParam();
  // A good row before and after: only the bad one (line 3) is rejected.
  const std::string text = std::string(kHeader) + "2024-01-01,10,11,9,10,100\n" + c.row +
                           "\n2024-01-03,10,11,9,10,100\n";
  auto r = parse_csv(text, "t.csv", "TEST", false, 0);
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  ASSERT_EQ(r->issues.size(), 1u);
  EXPECT_EQ(r->issues[0].to_string(), "error: t.csv:3: TEST: " + c.message);
  EXPECT_EQ(r->rejected, 1u);
  EXPECT_EQ(r->data_rows, 3u);
  ASSERT_EQ(r->rows.count("TEST"), 1u);
  EXPECT_EQ(r->rows.at("TEST").size(), 2u);
}

const char* const kDateHelp =
    " (expected YYYY-MM-DD, YYYY-MM-DD HH:MM:SS+05:30, DD-Mon-YYYY or DD/MM/YYYY)";

INSTANTIATE_TEST_SUITE_P(
    Csv, MalformedRow,
    ::testing::Values(
        RowCase{"BadNumber", "2024-01-02,abc,11,9,10,100",
                "column 'open': cannot parse number 'abc'"},
        RowCase{"TrailingJunk", "2024-01-02,10,11.5x,9,10,100",
                "column 'high': cannot parse number '11.5x'"},
        RowCase{"EmptyCell", "2024-01-02,10,11,,10,100", "column 'low': cannot parse number ''"},
        RowCase{"NullCell", "2024-01-02,10,11,9,null,100",
                "column 'close': cannot parse number 'null'"},
        RowCase{"NaN", "2024-01-02,nan,11,9,10,100", "column 'open': cannot parse number 'nan'"},
        RowCase{"Infinity", "2024-01-02,10,inf,9,10,100",
                "column 'high': cannot parse number 'inf'"},
        RowCase{"BadVolume", "2024-01-02,10,11,9,10,1e",
                "column 'volume': cannot parse number '1e'"},
        RowCase{"BadMonth", "2024-13-02,10,11,9,10,100",
                std::string("column 'date': cannot parse date '2024-13-02'") + kDateHelp},
        RowCase{"Feb30", "2024-02-30,10,11,9,10,100",
                std::string("column 'date': cannot parse date '2024-02-30'") + kDateHelp},
        RowCase{"ShortDate", "2024-1-02,10,11,9,10,100",
                std::string("column 'date': cannot parse date '2024-1-02'") + kDateHelp},
        RowCase{"BadTime", "2024-01-02 25:00:00+05:30,10,11,9,10,100",
                std::string("column 'date': cannot parse date '2024-01-02 25:00:00+05:30'") +
                    kDateHelp},
        RowCase{"BadMonthName", "02-Foo-2024,10,11,9,10,100",
                std::string("column 'date': cannot parse date '02-Foo-2024'") + kDateHelp},
        RowCase{"EmptyDate", ",10,11,9,10,100",
                std::string("column 'date': cannot parse date ''") + kDateHelp},
        RowCase{"ZeroPrice", "2024-01-02,0,11,9,10,100",
                "column 'open': price must be positive, found 0"},
        RowCase{"NegativePrice", "2024-01-02,10,11,9,-1,100",
                "column 'close': price must be positive, found -1"},
        // Believable prices only (issue 17): 1e-4 to 1e9 rupees.
        RowCase{"HugePrice", "2024-01-02,10,1e300,9,10,100",
                "column 'high': price 1e+300 is out of range (0.0001 to 1000000000)"},
        RowCase{"JustAboveMax", "2024-01-02,10,1000000000.5,9,10,100",
                "column 'high': price 1000000000.5 is out of range (0.0001 to 1000000000)"},
        RowCase{"TinyPrice", "2024-01-02,0.00009,11,0.00009,10,100",
                "column 'open': price 9e-05 is out of range (0.0001 to 1000000000)"},
        RowCase{"NegativeVolume", "2024-01-02,10,11,9,10,-5",
                "column 'volume': volume must not be negative, found -5"},
        RowCase{"HighBelowLow", "2024-01-02,10,9,11,10,100", "high 9 is below low 11"},
        RowCase{"HighBelowClose", "2024-01-02,10,10.5,9,11,100",
                "high 10.5 is below max(open, close) 11"},
        RowCase{"LowAboveOpen", "2024-01-02,10,12,10.5,11,100",
                "low 10.5 is above min(open, close) 10"},
        RowCase{"TooFewCells", "2024-01-02,10,11,9,10",
                "expected 6 cells as in the header, found 5"},
        RowCase{"TooManyCells", "2024-01-02,10,11,9,10,100,7",
                "expected 6 cells as in the header, found 7"},
        RowCase{"UnterminatedQuote", "2024-01-02,\"10,11,9,10,100", "malformed quoted cell"},
        RowCase{"TextAfterQuote", "2024-01-02,\"10\"x,11,9,10,100", "malformed quoted cell"}),
    [](const ::testing::TestParamInfo<RowCase>& i) { return std::string(i.param.name); });

TEST(CsvRefused, EmptyFile) { EXPECT_EQ(refusal(""), "error: t.csv: empty file"); }

TEST(CsvRefused, BlankLinesOnly) { EXPECT_EQ(refusal("\r\n\n  \n"), "error: t.csv: empty file"); }

TEST(CsvRefused, HeaderOnly) {
  EXPECT_EQ(refusal(kHeader), "error: t.csv:1: no data rows after the header");
}

TEST(CsvRefused, BinaryJunk) {
  const std::string junk("PK\x03\x04\x00\x00garbage", 12);
  EXPECT_EQ(refusal(junk), "error: t.csv:1: binary data (byte 0x03): not a CSV text file");
  EXPECT_EQ(refusal(std::string(kHeader) + "2024-01-01,1,1,1,1,1\n" + std::string(1, '\0')),
            "error: t.csv:3: binary data (byte 0x00): not a CSV text file");
}

TEST(CsvRefused, MissingClose) {
  EXPECT_EQ(refusal("date,open,high,low,volume\n2024-01-01,1,1,1,1\n"),
            "error: t.csv:1: missing required column 'close' (header: date,open,high,low,volume)");
}

TEST(CsvRefused, MissingDate) {
  EXPECT_EQ(refusal("day,open,high,low,close,volume\n1,1,1,1,1,1\n"),
            "error: t.csv:1: missing required column 'date', 'timestamp', 'time' or 'Date/Time' "
            "(header: day,open,high,low,close,volume)");
}

TEST(CsvRefused, UniverseFileIsNotPrices) {
  EXPECT_EQ(refusal("symbol,name,sector\nRELIANCE,Reliance Industries,Energy\n"),
            "error: t.csv:1: missing required column 'date', 'timestamp', 'time' or 'Date/Time' "
            "(header: symbol,name,sector)");
}

TEST(CsvRefused, RepeatedColumn) {
  EXPECT_EQ(refusal("date,open,high,low,close,Close,volume\n"),
            "error: t.csv:1: column 'close' appears twice (cells 5 and 6)");
  EXPECT_EQ(refusal("Date,timestamp,open,high,low,close,volume\n"),
            "error: t.csv:1: columns 'Date' and 'timestamp' both give the date (cells 1 and 2)");
  EXPECT_EQ(refusal("date,open,high,low,close,volume,DATE\n"),
            "error: t.csv:1: column 'date' appears twice (cells 1 and 7)");
}

TEST(CsvRefused, InvalidSymbolFromFileName) {
  auto r = parse_csv(std::string(kHeader) + "2024-01-01,1,1,1,1,1\n", "bad name.csv", "bad name",
                     false, 0);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(
      r.error().to_string(),
      "error: bad name.csv: invalid symbol 'bad name' (1..32 characters of A-Z a-z 0-9 & ^ . _ -)");
}

TEST(CsvRows, InvalidSymbolInSymbolColumn) {
  EXPECT_EQ(row_issues("symbol,date,open,high,low,close,volume\nBAD SYM,2024-01-01,1,1,1,1,1\n"
                       "OK,2024-01-01,1,1,1,1,1\n"),
            std::vector<std::string>{"error: t.csv:2: column 'symbol': invalid symbol 'BAD SYM'"});
}

TEST(CsvRows, BadAdjClose) {
  EXPECT_EQ(row_issues("date,open,high,low,close,adj close,volume\n2024-01-01,1,1,1,1,x,1\n"
                       "2024-01-02,1,1,1,1,1,1\n"),
            std::vector<std::string>{
                "error: t.csv:2: TEST: column 'adj close': cannot parse positive number 'x'"});
}

TEST(CsvAccepted, BomCrlfQuotesAnyOrderExtraColumnsAdjClose) {
  const std::string text =
      "\xEF\xBB\xBF\"Date\", Volume ,Close,Adj Close,LOW,High,Open,Note\r\n"
      "\"2024-01-02\",\"1,000\",10.5,10.25,9.5,11,\"10\",\"say \"\"hi\"\", ok\"\r\n"
      "2024-01-03,0,10,9.75,9,10.5,10,\r\n"
      "\r\n";
  // "1,000" is not a number: thousands separators are refused, not guessed.
  auto r = parse_csv(text, "x/RELIANCE.csv", "RELIANCE", false, 0);
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  ASSERT_EQ(r->issues.size(), 1u);
  EXPECT_EQ(r->issues[0].to_string(),
            "error: x/RELIANCE.csv:2: RELIANCE: column 'volume': cannot parse number '1,000'");
  const auto& rows = r->rows.at("RELIANCE");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].date, days_from_civil(2024, 1, 3));
  EXPECT_EQ(rows[0].open, 10.0);
  EXPECT_EQ(rows[0].high, 10.5);
  EXPECT_EQ(rows[0].low, 9.0);
  EXPECT_EQ(rows[0].close, 10.0);  // close is used; adj close only recorded
  EXPECT_EQ(rows[0].adj_close, 9.75);
  EXPECT_EQ(rows[0].volume, 0.0);  // zero volume is valid
  EXPECT_EQ(rows[0].line, 3);
}

TEST(CsvAccepted, TimestampWithOffsetKeepsTheLocalDate) {
  auto r = parse_csv(
      "timestamp,open,high,low,close,volume,oi\n"
      "2020-10-01 00:00:00+05:30,614.7,621.9,608.15,610.15,3842331,0\n",
      "M&M.csv", "M&M", false, 3);
  ASSERT_TRUE(r.has_value());
  const Row& row = r->rows.at("M&M").at(0);
  // 2020-10-01 00:00 IST is 2020-09-30 in UTC: the local date must win.
  EXPECT_EQ(row.date, days_from_civil(2020, 10, 1));
  EXPECT_EQ(row.file, 3u);
  EXPECT_TRUE(std::isnan(row.adj_close));
}

TEST(CsvAccepted, SymbolColumnSplitsRowsUnlessForced) {
  const std::string text =
      "symbol,date,open,high,low,close,volume\n"
      "M&M,2024-01-01,1,1,1,1,1\nBAJAJ-AUTO,2024-01-01,2,2,2,2,2\nM&M,2024-01-02,1,1,1,1,1\n";
  auto r = parse_csv(text, "u.csv", "u", false, 0);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->rows.size(), 2u);
  EXPECT_EQ(r->rows.at("M&M").size(), 2u);
  EXPECT_EQ(r->rows.at("BAJAJ-AUTO").size(), 1u);
  auto forced = parse_csv(text, "u.csv", "^NSEI", true, 0);
  ASSERT_TRUE(forced.has_value());
  ASSERT_EQ(forced->rows.size(), 1u);
  EXPECT_EQ(forced->rows.at("^NSEI").size(), 3u);
}

TEST(CsvDate, Formats) {
  const Date oct1 = days_from_civil(2020, 10, 1);
  EXPECT_EQ(parse_csv_date("2020-10-01"), oct1);
  EXPECT_EQ(parse_csv_date("2020-10-01 00:00:00+05:30"), oct1);
  EXPECT_EQ(parse_csv_date("2020-10-01 23:59:59-04:00"), oct1);
  EXPECT_EQ(parse_csv_date("2020-10-01T15:30:00Z"), oct1);
  EXPECT_EQ(parse_csv_date("2020-10-01 15:30"), oct1);
  EXPECT_EQ(parse_csv_date("01-Oct-2020"), oct1);
  EXPECT_EQ(parse_csv_date("1-oct-2020"), oct1);
  EXPECT_EQ(parse_csv_date("29-Feb-2024"), days_from_civil(2024, 2, 29));
  EXPECT_FALSE(parse_csv_date("29-Feb-2023"));
  EXPECT_FALSE(parse_csv_date("32-Jan-2020"));
  EXPECT_FALSE(parse_csv_date("2020-10-01 "));
  EXPECT_FALSE(parse_csv_date("2020-10-01 00:00:00+5:30"));
  EXPECT_FALSE(parse_csv_date("2020/10/01"));
  EXPECT_FALSE(parse_csv_date("001-Oct-2020"));
}

TEST(CsvSymbol, AwkwardButValid) {
  EXPECT_TRUE(is_valid_symbol("M&M"));
  EXPECT_TRUE(is_valid_symbol("BAJAJ-AUTO"));
  EXPECT_TRUE(is_valid_symbol("^NSEI"));
  EXPECT_FALSE(is_valid_symbol(""));
  EXPECT_FALSE(is_valid_symbol("A B"));
  EXPECT_FALSE(is_valid_symbol("A/B"));
  EXPECT_FALSE(is_valid_symbol("X'; DROP TABLE prices; --"));
}

TEST(CsvFile, MissingFile) {
  auto r = read_csv_file("/nonexistent/X.csv", std::nullopt, 0);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().to_string(),
            "error: /nonexistent/X.csv: cannot open file: No such file or directory");
}

// A FIFO would block a plain open() forever: refused at once, by name.
TEST(CsvFile, FifoIsRefusedWithoutBlocking) {
  const std::string fifo = ::testing::TempDir() + "kiss_csv_fifo_" + std::to_string(::getpid());
  ::unlink(fifo.c_str());
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto r = read_csv_file(fifo, std::nullopt, 0);
  ::unlink(fifo.c_str());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "file is a FIFO (named pipe), not a regular file");
}

// The extremes of the price range are accepted.
TEST(CsvRange, BoundsAreInclusive) {
  EXPECT_TRUE(
      row_issues(std::string(kHeader) + "2024-01-02,0.0001,1000000000,0.0001,1,5\n").empty());
}

// A line over 64 KiB refuses the file, quoting 200 bytes of it; a huge cell is never echoed
// whole (it was: a 100 MB cell went to stderr).
TEST(CsvLimits, LongLineRefusesTheFileWithAClippedQuote) {
  const std::string cell(100'000, '7');
  const std::string e = refusal(std::string(kHeader) + "2024-01-02,10,11,9,10,100\n2024-01-03," +
                                cell + ",11,9,10,100\n");
  EXPECT_EQ(e,
            "error: t.csv:3: line is 100023 bytes, longer than the limit of 64 KiB for one "
            "CSV line: '2024-01-03," +
                std::string(189, '7') + "... (100023 bytes)'");
  const std::string header = "date,open,high,low,close,volume," + std::string(70'000, 'h') + "\n";
  EXPECT_NE(refusal(header).find("t.csv:1: line is 70032 bytes"), std::string::npos);
}

TEST(CsvLimits, LongCellsBelowTheLineLimitAreClippedInMessages) {
  const std::string cell(60'000, 'x');
  const auto issues = row_issues(std::string(kHeader) + "2024-01-02," + cell + ",11,9,10,100\n" +
                                 "2024-01-03,10,11,9,10,100\n");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0], "error: t.csv:2: TEST: column 'open': cannot parse number '" +
                           std::string(200, 'x') + "... (60000 bytes)'");
}

TEST(CsvFile, RealStockFileUsesItsStem) {
  auto r = read_csv_file(KISS_SOURCE_DIR "/src/data/testdata/M&M.csv", std::nullopt, 0);
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_EQ(r->rejected, 0u);
  ASSERT_EQ(r->rows.count("M&M"), 1u);
  EXPECT_EQ(r->rows.at("M&M").size(), r->data_rows);
  EXPECT_GT(r->data_rows, 1200u);
  const Row& first = r->rows.at("M&M").front();
  EXPECT_EQ(first.date, days_from_civil(2020, 10, 1));
  EXPECT_EQ(first.open, 614.7);
  EXPECT_EQ(first.close, 610.15);
  EXPECT_EQ(first.volume, 3842331.0);
}

TEST(CsvRobustness, RandomMutationsNeverCrashAndAccountForEveryRow) {
  // A deterministic mini-fuzz (the real fuzz target is separate): flip, insert and delete bytes
  // of a valid file; every outcome must be a refusal or rows + issues that add up.
  const std::string base =
      "\xEF\xBB\xBF"
      "Date,Open,High,Low,Close,Adj Close,Volume\r\n"
      "2024-01-01,10,11,9,10.5,10.5,100\r\n"
      "\"02-Jan-2024\",10,11,9,10,10,0\r\n"
      "2024-01-03 00:00:00+05:30,10,11,9,10,9.5,7\r\n";
  std::mt19937 rng(12345);
  const char alphabet[] = ",\"\r\n-:+.0123456789eE xZT";
  for (int iter = 0; iter < 3000; ++iter) {
    std::string t = base;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !t.empty(); ++e) {
      const std::size_t at = rng() % t.size();
      const char c = alphabet[rng() % (sizeof alphabet - 1)];
      switch (rng() % 3) {
        case 0: t[at] = c; break;
        case 1: t.insert(t.begin() + static_cast<std::ptrdiff_t>(at), c); break;
        default: t.erase(at, 1); break;
      }
    }
    auto r = parse_csv(t, "f.csv", "F", false, 0);
    if (!r) continue;
    std::size_t accepted = 0;
    for (const auto& [sym, rows] : r->rows) accepted += rows.size();
    ASSERT_EQ(accepted + r->rejected, r->data_rows) << t;
    for (const auto& [sym, rows] : r->rows)
      for (const Row& row : rows) {
        ASSERT_GT(row.low, 0.0);
        ASSERT_GE(row.high, std::max(row.open, row.close));
        ASSERT_LE(row.low, std::min(row.open, row.close));
        ASSERT_GE(row.volume, 0.0);
      }
  }
}

// Regression of a heap-use-after-free found by fuzz/csv_fuzz (input kept in
// fuzz/regression/csv/escaped_quotes_scratch_realloc.csv): cells with doubled quotes are
// unescaped into a scratch container, and the views of earlier cells dangled when it grew.
// Under ASan (make asan) the old code fails here; the text of every cell must survive.
TEST(CsvRobustness, ManyEscapedQuotedCellsKeepTheirText) {
  const std::string t =
      "date,open,high,low,close,volume\n"
      "2024-01-01,\"1\"\"a\",\"2\"\"b\",\"3\"\"c\",\"4\"\"d\",\"5\"\"e\"\n";
  auto r = parse_csv(t, "f.csv", "F", false, 0);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->rejected, 1u);
  ASSERT_EQ(r->issues.size(), 1u);
  EXPECT_NE(r->issues[0].message.find("'1\"a'"), std::string::npos) << r->issues[0].message;
}

}  // namespace
}  // namespace kiss::data

namespace kiss::data {
namespace {

// ---- TradingView chart exports and AmiBroker ASCII exports (docs/data.md) ----

const std::string kTestdata = KISS_SOURCE_DIR "/src/data/testdata/";

TEST(CsvUnixTime, IsTheTradingDateInKolkataNeverUtc) {
  // 2025-08-08 03:45:00Z (09:15 IST, the session open TradingView stamps daily bars with).
  EXPECT_EQ(parse_unix_seconds_date("1754624700"), days_from_civil(2025, 8, 8));
  // 2025-08-07 18:30:00Z is midnight of 2025-08-08 in Kolkata: the UTC date would be the 7th.
  EXPECT_EQ(parse_unix_seconds_date("1754591400"), days_from_civil(2025, 8, 8));
  // One second earlier is still the 7th in Kolkata.
  EXPECT_EQ(parse_unix_seconds_date("1754591399"), days_from_civil(2025, 8, 7));
  EXPECT_FALSE(parse_unix_seconds_date("1754624700000"));  // milliseconds: refused, not 57575
  EXPECT_FALSE(parse_unix_seconds_date("20250808"));       // YYYYMMDD is not 1970-08-23
  EXPECT_FALSE(parse_unix_seconds_date("-1754624700"));
}

TEST(CsvUnixTime, OnlyInATimeColumn) {
  auto r = parse_csv("time,open,high,low,close,Volume\n1754591400,10,11,9,10,5\n", "t.csv", "T",
                     false, 0);
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  ASSERT_EQ(r->rows.at("T").size(), 1u);
  EXPECT_EQ(r->rows.at("T")[0].date, days_from_civil(2025, 8, 8));
  // In a `date` column digits are no date: refused, never read as seconds.
  EXPECT_EQ(row_issues("date,open,high,low,close,volume\n1754591400,10,11,9,10,5\n"),
            std::vector<std::string>{"error: t.csv:2: TEST: column 'date': cannot parse date "
                                     "'1754591400'" +
                                     std::string(kDateHelp)});
  EXPECT_EQ(row_issues("time,open,high,low,close,Volume\n1754591400000,10,11,9,10,5\n"),
            std::vector<std::string>{
                "error: t.csv:2: TEST: column 'time': cannot parse date '1754591400000' (expected "
                "Unix seconds (9 or 10 digits), YYYY-MM-DD, YYYY-MM-DD HH:MM:SS+05:30, "
                "DD-Mon-YYYY or DD/MM/YYYY)"});
}

TEST(CsvSlashDates, OrderIsDecidedByTheFileItself) {
  const Date aug8 = days_from_civil(2025, 8, 8);
  EXPECT_EQ(parse_csv_date("08/08/2025", SlashOrder::kDayFirst), aug8);
  EXPECT_EQ(parse_csv_date("8/8/2025", SlashOrder::kMonthFirst), aug8);
  EXPECT_EQ(parse_csv_date("13/08/2025", SlashOrder::kDayFirst), days_from_civil(2025, 8, 13));
  EXPECT_EQ(parse_csv_date("08/13/2025", SlashOrder::kMonthFirst), days_from_civil(2025, 8, 13));
  EXPECT_EQ(parse_csv_date("08-08-2025", SlashOrder::kDayFirst), aug8);
  EXPECT_EQ(parse_csv_date("08.08.2025 09:15:00", SlashOrder::kDayFirst), aug8);
  EXPECT_FALSE(parse_csv_date("08/13/2025", SlashOrder::kDayFirst));
  EXPECT_FALSE(parse_csv_date("08/08/2025"));  // no order known: refused
  EXPECT_FALSE(parse_csv_date("08/08-2025", SlashOrder::kDayFirst));
  EXPECT_FALSE(parse_csv_date("08/08/25", SlashOrder::kDayFirst));
  // ISO and DD-Mon-YYYY are not slash dates whatever the order.
  EXPECT_EQ(parse_csv_date("2025-08-08", SlashOrder::kMonthFirst), aug8);
  EXPECT_EQ(parse_csv_date("8-Aug-2025", SlashOrder::kMonthFirst), aug8);

  const std::string header = "Ticker,Date/Time,Open,High,Low,Close,Volume\n";
  auto day_first = parse_csv(header + "T,08/07/2025,10,11,9,10,5\nT,13/07/2025,10,11,9,10,5\n",
                             "T.csv", "T", false, 0);
  ASSERT_TRUE(day_first.has_value()) << day_first.error().to_string();
  EXPECT_EQ(day_first->rows.at("T")[0].date, days_from_civil(2025, 7, 8));
  auto month_first = parse_csv(header + "T,08/07/2025,10,11,9,10,5\nT,08/13/2025,10,11,9,10,5\n",
                               "T.csv", "T", false, 0);
  ASSERT_TRUE(month_first.has_value()) << month_first.error().to_string();
  EXPECT_EQ(month_first->rows.at("T")[0].date, days_from_civil(2025, 8, 7));

  auto both = parse_csv(header + "T,13/07/2025,10,11,9,10,5\nT,07/14/2025,10,11,9,10,5\n", "T.csv",
                        "T", false, 0);
  ASSERT_FALSE(both.has_value());
  EXPECT_EQ(both.error().to_string(),
            "error: T.csv:3: column 'Date/Time': dates read both ways: '13/07/2025' (line 2) can "
            "only be DD/MM/YYYY and '07/14/2025' (line 3) only MM/DD/YYYY");
  auto neither = parse_csv(header + "T,01/02/2025,10,11,9,10,5\nT,02/03/2025,10,11,9,10,5\n",
                           "T.csv", "T", false, 0);
  ASSERT_FALSE(neither.has_value());
  EXPECT_EQ(neither.error().to_string(),
            "error: T.csv:2: column 'Date/Time': no date has a part above 12, so DD/MM/YYYY and "
            "MM/DD/YYYY cannot be told apart; write the dates as YYYY-MM-DD");
}

TEST(CsvTicker, OneTickerPerFileAndItIsTheSymbolImported) {
  const std::string header = "Ticker,Date/Time,Open,High,Low,Close,Volume\n";
  const std::string tcs = header + "TCS,2025-08-07,10,11,9,10,5\n";
  auto other = parse_csv(tcs, "RELIANCE.csv", "RELIANCE", false, 0);
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().to_string(),
            "error: RELIANCE.csv:2: column 'Ticker': ticker 'TCS' is not the symbol being "
            "imported, 'RELIANCE' (the file name or --symbol): rename the file or import it with "
            "--symbol");
  EXPECT_TRUE(parse_csv(tcs, "RELIANCE.csv", "TCS", true, 0).has_value());  // --symbol TCS

  auto several = parse_csv(header +
                               "TCS,2025-08-07,10,11,9,10,5\nTCS,2025-08-08,10,11,9,10,5\n"
                               "INFY,2025-08-11,10,11,9,10,5\n",
                           "TCS.csv", "TCS", false, 0);
  ASSERT_FALSE(several.has_value());
  EXPECT_EQ(several.error().to_string(),
            "error: TCS.csv:4: column 'Ticker': a second ticker 'INFY' (line 2 has 'TCS'): "
            "import one ticker per file");
  EXPECT_EQ(refusal("symbol,ticker,date,open,high,low,close,volume\n"),
            "error: t.csv:1: columns 'symbol' and 'ticker' both name the symbol (cells 1 and 2)");
}

// The real-shaped fixtures hold the 187 bars of RELIANCE in 2025 from data/sample/prices; every
// format must give the same bars as the sample file itself.
std::vector<Row> sample_reliance_2025() {
  auto r = read_csv_file(KISS_SOURCE_DIR "/data/sample/prices/RELIANCE.csv", std::nullopt, 0);
  EXPECT_TRUE(r.has_value());
  std::vector<Row> out;
  if (!r) return out;
  for (const Row& row : r->rows.at("RELIANCE")) {
    if (row.date >= days_from_civil(2025, 1, 1)) out.push_back(row);
  }
  return out;
}

void expect_same_bars(const std::string& file, const std::optional<std::string>& symbol) {
  SCOPED_TRACE(file);
  const std::vector<Row> want = sample_reliance_2025();
  ASSERT_EQ(want.size(), 187u);
  auto r = read_csv_file(kTestdata + file, symbol, 0);
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_EQ(r->rejected, 0u);
  ASSERT_EQ(r->rows.count("RELIANCE"), 1u);
  const std::vector<Row>& got = r->rows.at("RELIANCE");
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].date, want[i].date) << i;
    EXPECT_EQ(got[i].open, want[i].open) << i;
    EXPECT_EQ(got[i].high, want[i].high) << i;
    EXPECT_EQ(got[i].low, want[i].low) << i;
    EXPECT_EQ(got[i].close, want[i].close) << i;
    EXPECT_EQ(got[i].volume, want[i].volume) << i;
  }
  EXPECT_EQ(got.front().date, days_from_civil(2025, 1, 1));
  EXPECT_EQ(got.back().date, days_from_civil(2025, 9, 30));
}

TEST(CsvFormats, TradingViewUnixSeconds) {
  expect_same_bars("tradingview/NSE_RELIANCE, 1D.csv", "RELIANCE");
}
TEST(CsvFormats, TradingViewIsoTime) {
  expect_same_bars("tradingview/NSE_RELIANCE, 1D_iso.csv", "RELIANCE");
}
TEST(CsvFormats, AmiBrokerMonthFirst) { expect_same_bars("amibroker/RELIANCE.csv", std::nullopt); }
TEST(CsvFormats, AmiBrokerDayFirstWithDashes) {
  expect_same_bars("amibroker/RELIANCE_en-IN.csv", "RELIANCE");
  // Without --symbol the stem is the symbol, and the Ticker column disagrees with it.
  auto r = read_csv_file(kTestdata + "amibroker/RELIANCE_en-IN.csv", std::nullopt, 0);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().line, 2);
}

}  // namespace
}  // namespace kiss::data
