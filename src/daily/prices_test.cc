#include "daily/prices.h"

#include <gtest/gtest.h>

#include <map>

#include "daily/test_support.h"

namespace kiss::daily {
namespace {

using testing::RecordingEvents;

Bars bars_of(const std::string& symbol, const std::vector<Date>& dates) {
  Bars b;
  b.symbol = symbol;
  for (Date d : dates) b.push_back(d, 10, 11, 9, 10, 100);
  return b;
}

RunSetup setup_of(std::vector<std::string> symbols) {
  RunSetup s;
  for (std::string& sym : symbols) s.universe.push_back(UniverseEntry{std::move(sym), {}, {}, 0});
  s.config.benchmark_symbol = "^NSEI";
  return s;
}

const Date kD = days_from_civil(2025, 8, 8);

TEST(IndexMarket, StocksBenchmarkAndDates) {
  const RunSetup s = setup_of({"A", "B"});
  RecordingEvents ev;
  std::vector<Bars> loaded{bars_of("A", {kD - 2, kD - 1}), bars_of("B", {kD - 1, kD}),
                           bars_of("^NSEI", {kD - 1, kD})};
  const Market m = index_market(s, wanted_symbols(s), std::move(loaded), ev);
  EXPECT_EQ(m.stocks.size(), 2u);
  EXPECT_EQ(m.bars_of.size(), 2u);
  ASSERT_NE(m.benchmark, nullptr);
  EXPECT_EQ(m.benchmark->symbol, "^NSEI");
  EXPECT_EQ(m.market_date, kD);  // the latest bar of any stock
  EXPECT_EQ(m.data_date, kD);
  EXPECT_TRUE(m.warnings.empty());
  EXPECT_TRUE(ev.warnings.empty());
}

TEST(IndexMarket, MissingPricesAndAShortBenchmarkAreWarnings) {
  RunSetup s = setup_of({"A", "B"});
  s.freeze = kD - 10;
  RecordingEvents ev;
  std::vector<Bars> loaded{bars_of("A", {kD - 1, kD}), bars_of("B", {}),
                           bars_of("^NSEI", {kD - 1})};
  const Market m = index_market(s, wanted_symbols(s), std::move(loaded), ev);
  EXPECT_EQ(m.stocks.size(), 1u);
  EXPECT_EQ(m.bars_of.count("B"), 0u);
  EXPECT_EQ(m.data_date, kD - 10);  // frozen: the freeze date, whatever the bars say
  const std::vector<std::string> expected{
      "B: no prices in the store; skipped",
      "benchmark ^NSEI ends 2025-08-07, 1 trading day before the stocks' last bar 2025-08-08: no "
      "rule reads it (only the report's NIFTY comparison)"};
  EXPECT_EQ(m.warnings, expected);
  EXPECT_EQ(ev.warnings, expected);
}

// The benchmark ending before the stocks names the rules it turns off (those of the catalog that
// read it), and whether that blocks every buy.
TEST(IndexMarket, ShortBenchmarkNamesTheFiltersItTurnsOff) {
  RunSetup s = setup_of({"A"});
  s.rules.context_filters.push_back(
      RuleInstance{"nifty_above_sma50", "market_above_sma", {}, {}, {}, 3});
  s.rules.baseline.entries.push_back(RuleInstance{"sma_10_20", "sma_crossover", {}, {}, {}, 8});
  RecordingEvents ev;
  // ^NSEI ends on Friday 2025-08-01; A goes on to Friday 2025-08-08: five weekdays later.
  std::vector<Bars> loaded{bars_of("A", {kD - 7, kD}), bars_of("^NSEI", {kD - 7})};
  const Market m = index_market(s, wanted_symbols(s), std::move(loaded), ev);
  EXPECT_EQ(m.warnings, (std::vector<std::string>{
                            "benchmark ^NSEI ends 2025-08-01, 5 trading days before the stocks' "
                            "last bar 2025-08-08: after it these rules are false (they read the "
                            "benchmark's bar of the day): context filter nifty_above_sma50 "
                            "(market_above_sma); so no stock can signal a buy"}));
}

// Stale: more than 3 weekdays after the last bar up to today (Asia/Kolkata), unless frozen.
TEST(StaleWarning, MoreThanThreeTradingDaysUnlessFrozen) {
  RunSetup s = setup_of({"A"});
  Market m;
  m.market_date = kD;  // Friday 2025-08-08
  // Mon, Tue, Wed after a Friday: 3 trading days, not stale; Thursday is the 4th.
  EXPECT_FALSE(stale_warning(s, m, kD + 5));
  EXPECT_FALSE(stale_warning(s, m, kD + 2));  // the weekend counts for nothing
  EXPECT_EQ(stale_warning(s, m, kD + 6),
            "prices are stale: the last bar 2025-08-08 is 4 trading days before today 2025-08-14 "
            "(Asia/Kolkata); the signals are as of 2025-08-08 (refresh with `data fetch` or "
            "`data import`)");
  // The case: a clock of 2026-12-04, the sample ending 2025-09-30.
  m.market_date = days_from_civil(2025, 9, 30);
  const auto w = stale_warning(s, m, days_from_civil(2026, 12, 4));
  ASSERT_TRUE(w);
  EXPECT_NE(w->find("the last bar 2025-09-30 is 308 trading days before today 2026-12-04"),
            std::string::npos)
      << *w;
  s.freeze = days_from_civil(2025, 9, 30);  // frozen: old data on purpose
  EXPECT_FALSE(stale_warning(s, m, days_from_civil(2026, 12, 4)));
}

TEST(IndexMarket, BenchmarkInTheUniverseIsAlsoAStock) {
  const RunSetup s = setup_of({"A", "^NSEI"});
  RecordingEvents ev;
  std::vector<Bars> loaded{bars_of("A", {kD}), bars_of("^NSEI", {})};
  const Market m = index_market(s, wanted_symbols(s), std::move(loaded), ev);
  EXPECT_EQ(m.benchmark, nullptr);
  EXPECT_EQ(m.warnings, (std::vector<std::string>{"^NSEI: no prices in the store; skipped",
                                                  "benchmark ^NSEI has no prices in the store"}));
}

// The store, in memory: records what the refresh wrote.
class MemoryRepo final : public data::PriceRepository {
 public:
  Result<std::optional<Date>> last_date(const std::string& s) override {
    const auto it = last.find(s);
    return it == last.end() ? std::optional<Date>() : std::optional<Date>(it->second);
  }
  Result<std::optional<data::RefreshRecord>> refresh_record(const std::string&) override {
    return std::optional<data::RefreshRecord>();
  }
  Status save(const data::SymbolData& d, const data::RefreshRecord& r) override {
    last[d.bars.symbol] = d.bars.date.back();
    records.push_back(r);
    return {};
  }
  Status record_refresh(const data::RefreshRecord& r) override {
    records.push_back(r);
    return {};
  }
  std::map<std::string, Date> last;
  std::vector<data::RefreshRecord> records;
};

// A stored bar after today stops an unfrozen run before anything is written, naming the symbol,
// its last date and the command that removes it; a bar of today is fine, a frozen run never
// reads the later bars.
TEST(CheckNoFutureBars, AStoredBarAfterTodayIsAnErrorNamingTheRepair) {
  RunSetup s = setup_of({"A", "B"});
  MemoryRepo repo;
  repo.last["A"] = kD;
  repo.last["B"] = days_from_civil(2052, 1, 1);
  EXPECT_TRUE(check_no_future_bars(s, {"A"}, repo, kD));
  const Status st = check_no_future_bars(s, wanted_symbols(s), repo, kD);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message,
            "B: the store holds bars after today (2025-08-08, Asia/Kolkata), the last dated "
            "2052-01-01; a bar cannot be dated in the future: remove them with `kiss-signal data "
            "delete B --from 2025-08-09`");
  s.freeze = kD - 1;
  EXPECT_TRUE(check_no_future_bars(s, wanted_symbols(s), repo, kD));
}

TEST(RefreshPrices, FrozenOrNoRefreshTouchesNothing) {
  RunSetup s = setup_of({"A"});
  s.freeze = kD;
  s.freeze_text = "2025-08-08";
  MemoryRepo repo;
  RecordingEvents ev;
  const FixedClock clock(utc_instant(kD, 10));
  EXPECT_EQ(refresh_prices(s, Request{}, {"A"}, repo, clock, ev).text,
            "Prices: refresh skipped (frozen at 2025-08-08)");
  s.freeze.reset();
  Request no_refresh;
  no_refresh.no_refresh = true;
  EXPECT_EQ(refresh_prices(s, no_refresh, {"A"}, repo, clock, ev).text,
            "Prices: refresh skipped (--no-refresh)");
  EXPECT_TRUE(repo.records.empty());
}

TEST(RefreshPrices, RecordsTheClocksTimeAndReportsMissingSymbols) {
  RunSetup s = setup_of({"RELIANCE", "NOSUCH"});
  s.config.data_source.type = DataSource::Type::kCsv;
  s.config.data_source.path = testing::sample_prices();
  MemoryRepo repo;
  RecordingEvents ev;
  const FixedClock clock(utc_instant(days_from_civil(2025, 10, 1), 10, 0, 5));
  const RefreshSummary r = refresh_prices(s, Request{}, {"RELIANCE", "NOSUCH"}, repo, clock, ev);
  EXPECT_EQ(r.text, "Prices refreshed: 1/2 up to date (last bar 2025-09-30)");
  ASSERT_EQ(r.warnings.size(), 1u);
  // One line per symbol that failed, in words (data::summarize), to the report and the console.
  EXPECT_EQ(r.warnings[0], "NOSUCH: not refreshed (no CSV file for NOSUCH in " +
                               testing::sample_prices() + "); no stored prices");
  ASSERT_EQ(ev.warnings.size(), 1u);
  EXPECT_EQ(ev.warnings[0], r.warnings[0]);
  ASSERT_FALSE(repo.records.empty());
  EXPECT_EQ(repo.records.front().symbol, "RELIANCE");
  EXPECT_EQ(repo.records.front().last_refresh, "2025-10-01T10:00:05.000Z");
  EXPECT_EQ(repo.records.front().last_attempt_date, "2025-10-01");
}

}  // namespace
}  // namespace kiss::daily
