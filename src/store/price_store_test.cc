#include "store/price_store.h"

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace kiss::store {
namespace {

const Date kStart = days_from_civil(2024, 1, 1);

// n bars on consecutive days starting at `start`, close = base + i.
data::SymbolData series(const std::string& symbol, std::size_t n, Date start = kStart,
                        double base = 100) {
  data::SymbolData d;
  d.bars.symbol = symbol;
  for (std::size_t i = 0; i < n; ++i) {
    const double c = base + static_cast<double>(i);
    d.bars.push_back(start + static_cast<Date>(i), c, c + 1, c - 1, c,
                     1000.0 * static_cast<double>(i));
    d.adj_close.push_back(std::nan(""));
  }
  return d;
}

data::RefreshRecord record(const std::string& symbol, const std::string& status) {
  data::RefreshRecord r;
  r.symbol = symbol;
  r.source = "yahoo";
  r.last_refresh = status == "ok" ? "2025-08-08T12:00:00Z" : "";
  r.last_attempt_date = "2025-08-08";
  r.status = status;
  r.message = status == "ok" ? "3 new bars" : "HTTP 404: No data found, symbol may be delisted";
  r.warnings = {"a.csv:5: gap of 9 calendar days between 2024-01-01 and 2024-01-10"};
  return r;
}

class PriceStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::open_in_memory();
    ASSERT_TRUE(db.has_value()) << db.error().to_string();
    db_.emplace(std::move(*db));
    store_.emplace(*db_);
  }
  std::optional<Database> db_;
  std::optional<PriceStore> store_;
};

TEST_F(PriceStoreTest, SaveThenLoadRoundTripsAwkwardSymbols) {
  std::vector<data::SymbolData> in = {series("M&M", 5), series("^NSEI", 3, kStart, 20000)};
  in[1].adj_close[1] = 19999.5;
  ASSERT_TRUE(store_->save_all(in));
  auto mm = store_->load("M&M");
  ASSERT_TRUE(mm.has_value()) << mm.error().to_string();
  EXPECT_EQ(mm->symbol, "M&M");
  EXPECT_EQ(mm->date, in[0].bars.date);
  EXPECT_EQ(mm->open, in[0].bars.open);
  EXPECT_EQ(mm->high, in[0].bars.high);
  EXPECT_EQ(mm->low, in[0].bars.low);
  EXPECT_EQ(mm->close, in[0].bars.close);
  EXPECT_EQ(mm->volume, in[0].bars.volume);
  auto nsei = store_->load("^NSEI");
  ASSERT_TRUE(nsei.has_value());
  EXPECT_EQ(nsei->close, (std::vector<double>{20000, 20001, 20002}));
  auto none = store_->load("M%");  // LIKE metacharacters are not patterns
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->empty());
}

TEST_F(PriceStoreTest, UpsertReplacesTheSameDate) {
  ASSERT_TRUE(store_->save_all({series("X", 3)}));
  data::SymbolData again = series("X", 2, kStart + 2, 500);  // overlaps the 3rd day, adds a 4th
  ASSERT_TRUE(store_->save_all({again}));
  auto x = store_->load("X");
  ASSERT_TRUE(x.has_value());
  EXPECT_EQ(x->close, (std::vector<double>{100, 101, 500, 501}));
}

TEST_F(PriceStoreTest, FailingSymbolRollsBackTheWholeSave) {
  ASSERT_TRUE(store_->save_all({series("A", 2)}));
  data::SymbolData bad = series("B", 3);
  bad.bars.close[2] = std::nan("");  // bound as NULL: violates close NOT NULL
  data::SymbolData more_a = series("A", 2, kStart + 10);
  const Status s = store_->save_all({more_a, bad});
  ASSERT_FALSE(s.has_value());
  EXPECT_NE(s.error().message.find("saving B 2024-01-03"), std::string::npos) << s.error().message;
  EXPECT_EQ(store_->load("A")->size(), 2u);  // more_a was rolled back
  EXPECT_TRUE(store_->load("B")->empty());
}

TEST_F(PriceStoreTest, FreezeDateNeverReturnsALaterBar) {
  ASSERT_TRUE(store_->save_all({series("A", 30), series("B", 30, kStart + 5)}));
  for (Date until = kStart - 1; until <= kStart + 40; ++until) {
    auto a = store_->load("A", until);
    ASSERT_TRUE(a.has_value());
    for (Date d : a->date) ASSERT_LE(d, until);
    EXPECT_EQ(a->size(), static_cast<std::size_t>(std::clamp(until - kStart + 1, 0, 30)));
    auto many = store_->load_many({"B", "A"}, until);
    ASSERT_TRUE(many.has_value());
    for (const Bars& b : *many)
      for (Date d : b.date) ASSERT_LE(d, until);
    EXPECT_EQ((*many)[1].date, a->date);
  }
}

TEST_F(PriceStoreTest, LoadManyKeepsTheRequestedOrder) {
  ASSERT_TRUE(store_->save_all({series("A", 3), series("B", 4), series("C", 5)}));
  auto many = store_->load_many({"C", "NOPE", "A", "C"});
  ASSERT_TRUE(many.has_value()) << many.error().to_string();
  ASSERT_EQ(many->size(), 4u);
  EXPECT_EQ((*many)[0].symbol, "C");
  EXPECT_EQ((*many)[0].size(), 5u);
  EXPECT_EQ((*many)[1].symbol, "NOPE");
  EXPECT_TRUE((*many)[1].empty());
  EXPECT_EQ((*many)[2].symbol, "A");
  EXPECT_EQ((*many)[2].size(), 3u);
  EXPECT_EQ((*many)[3].size(), 5u);
  auto none = store_->load_many({});
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->empty());
}

TEST_F(PriceStoreTest, LastDate) {
  EXPECT_EQ(*store_->last_date("A"), std::nullopt);
  ASSERT_TRUE(store_->save_all({series("A", 3)}));
  EXPECT_EQ(*store_->last_date("A"), kStart + 2);
}

TEST_F(PriceStoreTest, RefreshRecordsKeepTheLastSuccess) {
  EXPECT_EQ(*store_->refresh_record("A"), std::nullopt);
  ASSERT_TRUE(store_->save(series("A", 3), record("A", "ok")));
  auto r = store_->refresh_record("A");
  ASSERT_TRUE(r.has_value() && r->has_value());
  EXPECT_EQ((*r)->status, "ok");
  EXPECT_EQ((*r)->warnings, record("A", "ok").warnings);
  // A later failure keeps the time of the last success and records the reason.
  data::RefreshRecord failed = record("A", "failed");
  failed.last_attempt_date = "2025-08-11";
  ASSERT_TRUE(store_->record_refresh(failed));
  r = store_->refresh_record("A");
  EXPECT_EQ((*r)->status, "failed");
  EXPECT_EQ((*r)->last_refresh, "2025-08-08T12:00:00Z");
  EXPECT_EQ((*r)->last_attempt_date, "2025-08-11");
  EXPECT_EQ((*r)->message, "HTTP 404: No data found, symbol may be delisted");
}

TEST_F(PriceStoreTest, StatusListsBarsGapsAndRefreshes) {
  data::SymbolData a = series("A", 10);
  // Move the last 3 bars 8 days later: one gap of 9 calendar days.
  for (std::size_t i = 7; i < 10; ++i) a.bars.date[i] += 8;
  ASSERT_TRUE(store_->save(a, record("A", "ok")));
  ASSERT_TRUE(store_->record_refresh(record("ZZ", "failed")));  // never had data
  auto st = store_->status();
  ASSERT_TRUE(st.has_value()) << st.error().to_string();
  ASSERT_EQ(st->size(), 2u);
  const PriceStatus& pa = (*st)[0];
  EXPECT_EQ(pa.symbol, "A");
  EXPECT_EQ(pa.first, kStart);
  EXPECT_EQ(pa.last, kStart + 17);
  EXPECT_EQ(pa.bars, 10u);
  EXPECT_EQ(pa.gaps, 1u);
  ASSERT_TRUE(pa.refresh.has_value());
  EXPECT_EQ(pa.refresh->warnings.size(), 1u);
  const PriceStatus& pz = (*st)[1];
  EXPECT_EQ(pz.symbol, "ZZ");
  EXPECT_EQ(pz.bars, 0u);
  EXPECT_FALSE(pz.first.has_value());
  ASSERT_TRUE(pz.refresh.has_value());
  EXPECT_EQ(pz.refresh->status, "failed");
}

}  // namespace
}  // namespace kiss::store

namespace kiss::store {
namespace {

// The column cache (schema v3) returns exactly the rows of `prices`, also after an upsert that
// changes one bar and adds another, and the freeze date cuts it like the row path does.
TEST(PriceColumns, CacheEqualsTheRowsAfterEveryWrite) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  PriceStore store(*db);
  data::SymbolData first;
  first.bars.symbol = "M&M";
  for (int i = 0; i < 5; ++i)
    first.bars.push_back(100 + i, 10 + i, 12 + i, 9 + i, 11 + i, 1000.0 * i);
  ASSERT_TRUE(store.save_all({first}));
  data::SymbolData second;
  second.bars.symbol = "M&M";
  second.bars.push_back(104, 50, 52, 49, 51, 7);  // replaces the last bar
  second.bars.push_back(105, 60, 62, 59, 61, 8);  // adds one
  ASSERT_TRUE(store.save_all({second}));
  auto cached = store.load("M&M");
  ASSERT_TRUE(cached);
  ASSERT_EQ(cached->size(), 6u);
  EXPECT_EQ(cached->close[4], 51);
  EXPECT_EQ(cached->date[5], 105);
  auto rows = db->prepare("SELECT count(*), sum(close) FROM prices WHERE symbol='M&M'");
  ASSERT_TRUE(rows);
  ASSERT_TRUE(rows->step().value());
  EXPECT_EQ(rows->column_int64(0), 6);
  double sum = 0;
  for (double c : cached->close) sum += c;
  EXPECT_EQ(rows->column_double(1), sum);
  auto frozen = store.load("M&M", 103);
  ASSERT_TRUE(frozen);
  EXPECT_EQ(frozen->size(), 4u);
  EXPECT_EQ(frozen->date.back(), 103);
}

// A symbol stored before the cache existed (no price_columns row) is read from the rows.
TEST(PriceColumns, MissingCacheRowFallsBackToTheRows) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  PriceStore store(*db);
  data::SymbolData d;
  d.bars.symbol = "TCS";
  for (int i = 0; i < 3; ++i) d.bars.push_back(200 + i, 10, 12, 9, 11, 5);
  ASSERT_TRUE(store.save_all({d}));
  ASSERT_TRUE(db->exec("DELETE FROM price_columns"));
  auto b = store.load_many({"TCS", "NONE"});
  ASSERT_TRUE(b);
  EXPECT_EQ((*b)[0].size(), 3u);
  EXPECT_TRUE((*b)[1].empty());
}

}  // namespace
}  // namespace kiss::store

namespace kiss::store {
namespace {

class PriceDeleteTest : public PriceStoreTest {
 protected:
  void SetUp() override {
    PriceStoreTest::SetUp();
    ASSERT_TRUE(store_->save_all({series("TCS", 10), series("INFY", 4)}));
  }
  std::vector<Date> dates(const std::string& symbol) { return store_->load(symbol)->date; }
  // Through the column cache and through the rows: both must agree after every write.
  std::int64_t cached_bars(const std::string& symbol) {
    auto st = db_->prepare("SELECT bars FROM price_columns WHERE symbol = ?1");
    EXPECT_TRUE(st->bind_text(1, symbol));
    return *st->step() ? st->column_int64(0) : -1;
  }
};

TEST_F(PriceDeleteTest, RemovesTheInclusiveRangeAndKeepsTheRest) {
  auto d = store_->delete_bars("TCS", kStart + 2, kStart + 4);
  ASSERT_TRUE(d) << d.error().to_string();
  EXPECT_EQ(d->bars, 3u);  // days 2, 3 and 4
  EXPECT_EQ(d->first, kStart + 2);
  EXPECT_EQ(d->last, kStart + 4);
  EXPECT_EQ(d->remaining, 7u);
  EXPECT_EQ(dates("TCS"), (std::vector<Date>{kStart, kStart + 1, kStart + 5, kStart + 6, kStart + 7,
                                             kStart + 8, kStart + 9}));
  EXPECT_EQ(cached_bars("TCS"), 7);
  EXPECT_EQ(dates("INFY").size(), 4u);  // another symbol is untouched
}

TEST_F(PriceDeleteTest, OpenBoundsReachTheEnds) {
  ASSERT_EQ(store_->delete_bars("TCS", kStart + 8, std::nullopt)->bars, 2u);
  ASSERT_EQ(store_->delete_bars("TCS", std::nullopt, kStart)->bars, 1u);
  EXPECT_EQ(dates("TCS").front(), kStart + 1);
  EXPECT_EQ(dates("TCS").back(), kStart + 7);
  auto all = store_->delete_bars("TCS", std::nullopt, std::nullopt);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->bars, 7u);
  EXPECT_EQ(all->remaining, 0u);
  EXPECT_TRUE(store_->load("TCS")->empty());
  EXPECT_EQ(cached_bars("TCS"), -1);  // no cache row for a symbol without bars
  EXPECT_EQ(*store_->last_date("TCS"), std::nullopt);
}

TEST_F(PriceDeleteTest, UnknownSymbolEmptyRangeAndReversedBoundsChangeNothing) {
  auto unknown = store_->delete_bars("WIPRO", std::nullopt, std::nullopt);
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("no bars of 'WIPRO' are stored"), std::string::npos)
      << unknown.error().message;
  auto empty = store_->delete_bars("TCS", kStart + 20, kStart + 30);
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().message.find("no bar of 'TCS' is dated from 2024-01-21 to 2024-01-31"),
            std::string::npos)
      << empty.error().message;
  auto reversed = store_->delete_bars("TCS", kStart + 5, kStart + 2);
  ASSERT_FALSE(reversed);
  EXPECT_NE(reversed.error().message.find("is after --to"), std::string::npos);
  EXPECT_EQ(dates("TCS").size(), 10u);
  EXPECT_EQ(cached_bars("TCS"), 10);
}

TEST_F(PriceDeleteTest, NamesTheOpenPositionsWhoseSignalBarGoes) {
  const Status ins = db_->exec(
      "INSERT INTO positions(symbol, status, rule_stack_used, signal_date, entry_date, "
      "entry_price, exit_date, exit_price) VALUES "
      "('TCS', 'PENDING', '[\"a\"]', '2024-01-04', NULL, NULL, NULL, NULL), "
      "('TCS', 'CLOSED', '[\"a\"]', '2024-01-05', '2024-01-06', 1, '2024-01-07', 2)");
  ASSERT_TRUE(ins) << ins.error().to_string();
  // 2024-01-04..06: the PENDING position's signal bar goes (a CLOSED one is not replayed).
  auto d = store_->delete_bars("TCS", kStart + 3, kStart + 5);
  ASSERT_TRUE(d) << d.error().to_string();
  EXPECT_EQ(d->orphaned_signals, std::vector<std::string>{"2024-01-04"});
}

TEST_F(PriceDeleteTest, ReplaceKeepsExactlyTheNewBars) {
  // The "corrected file": TCS from day 5 on, with other prices; the stored days 0..4 go.
  std::vector<data::SymbolData> fixed = {series("TCS", 3, kStart + 5, 500)};
  ASSERT_TRUE(store_->save_all(fixed, nullptr, PriceStore::Mode::kReplace));
  auto tcs = store_->load("TCS");
  EXPECT_EQ(tcs->date, (std::vector<Date>{kStart + 5, kStart + 6, kStart + 7}));
  EXPECT_EQ(tcs->close, (std::vector<double>{500, 501, 502}));
  EXPECT_EQ(cached_bars("TCS"), 3);
  EXPECT_EQ(dates("INFY").size(), 4u);
  // Merge (the default) keeps the stored bars the new data lacks.
  ASSERT_TRUE(store_->save_all({series("TCS", 1, kStart, 7)}));
  EXPECT_EQ(dates("TCS").size(), 4u);
}

TEST_F(PriceDeleteTest, AFailedReplaceKeepsTheOldBars) {
  data::SymbolData bad = series("INFY", 3);
  bad.bars.close[2] = std::nan("");  // bound as NULL: violates close NOT NULL
  std::vector<data::SymbolData> in = {series("TCS", 2, kStart + 50), bad};
  ASSERT_FALSE(store_->save_all(in, nullptr, PriceStore::Mode::kReplace));
  EXPECT_EQ(dates("TCS").size(), 10u);
  EXPECT_EQ(dates("TCS").front(), kStart);
  EXPECT_EQ(dates("INFY").size(), 4u);
}

}  // namespace
}  // namespace kiss::store
