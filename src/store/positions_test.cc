#include "store/positions.h"

#include <gtest/gtest.h>

#include "store/runs.h"
#include "store/test_support.h"

namespace kiss::store {
namespace {

BookPosition pending(const std::string& symbol, Date signal) {
  BookPosition p;
  p.symbol = symbol;
  p.status = PositionStatus::kPending;
  p.signal_date = signal;
  p.rule_stack = {"sma_cross", "rsi_low"};
  p.shares = 10;
  p.stop_level = 95.0;
  return p;
}

const Date kD1 = days_from_civil(2024, 3, 1);
const Date kD2 = days_from_civil(2024, 3, 4);
const Date kD3 = days_from_civil(2024, 3, 28);

// A position read back is the position written (one struct: util/position.h), and an update
// never changes the run that opened it, whatever run_id the struct carries.
TEST(Positions, ReadBackEqualsWrittenAndUpdatesKeepTheOpeningRun) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  RunRecord run;
  run.run_timestamp = "2024-03-01T10:00:00.000Z";
  auto run_id = insert_run(*db, run);
  ASSERT_TRUE(run_id) << run_id.error().to_string();
  BookPosition p = pending("TCS", kD1);
  p.run_id = *run_id;
  auto id = insert_position(*db, p);
  ASSERT_TRUE(id) << id.error().to_string();
  BookPosition stored = positions_of_symbol(*db, "TCS").value().at(0);
  p.id = *id;
  p.created_at = stored.created_at;
  EXPECT_EQ(stored, p);

  stored.status = PositionStatus::kOpen;
  stored.entry_date = kD2;
  stored.entry_price = 101.5;
  stored.run_id.reset();  // as a replay that never read it would hand it over
  ASSERT_TRUE(update_position(*db, stored));
  const BookPosition updated = positions_of_symbol(*db, "TCS").value().at(0);
  EXPECT_EQ(updated.status, PositionStatus::kOpen);
  EXPECT_EQ(updated.run_id, *run_id);
}

TEST(Positions, PendingThenOpenThenClosed) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  auto id = insert_position(*db, pending("TCS", kD1));
  ASSERT_TRUE(id) << id.error().to_string();
  EXPECT_EQ(*id, 1);

  auto active = active_position(*db, "TCS");
  ASSERT_TRUE(active);
  ASSERT_TRUE(active->has_value());
  BookPosition p = **active;
  EXPECT_EQ(p.id, 1);
  EXPECT_EQ(p.status, PositionStatus::kPending);
  EXPECT_EQ(p.signal_date, kD1);
  EXPECT_FALSE(p.entry_date.has_value());
  EXPECT_EQ(p.rule_stack, (std::vector<std::string>{"sma_cross", "rsi_low"}));
  EXPECT_EQ(p.shares, 10);
  EXPECT_EQ(p.stop_level, 95.0);
  EXPECT_FALSE(p.target_level.has_value());
  EXPECT_FALSE(p.created_at.empty());

  p.status = PositionStatus::kOpen;
  p.entry_date = kD2;
  p.entry_price = 100.5;
  ASSERT_TRUE(update_position(*db, p));
  EXPECT_EQ(active_position(*db, "TCS").value()->entry_price, 100.5);

  p.status = PositionStatus::kClosed;
  p.exit_date = kD3;
  p.exit_price = 110.55;
  p.final_return_pct = 10.0;
  p.final_nifty_return_pct = 2.5;
  p.days_held = 18;
  p.exit_reason = "End of 20-day holding period";
  ASSERT_TRUE(update_position(*db, p));
  EXPECT_FALSE(active_position(*db, "TCS").value().has_value());

  auto closed = closed_positions(*db, kD3, kD3);
  ASSERT_TRUE(closed);
  ASSERT_EQ(closed->size(), 1u);
  const BookPosition& c = closed->front();
  EXPECT_EQ(c.exit_date, kD3);
  EXPECT_EQ(c.entry_date, kD2);
  EXPECT_EQ(c.exit_price, 110.55);
  EXPECT_EQ(c.final_return_pct, 10.0);
  EXPECT_EQ(c.final_nifty_return_pct, 2.5);
  EXPECT_EQ(c.days_held, 18);
  EXPECT_EQ(c.exit_reason, "End of 20-day holding period");
  EXPECT_TRUE(closed_positions(*db, kD1, kD3 - 1).value().empty());
  EXPECT_TRUE(closed_positions(*db, kD3 + 1, kD3 + 10).value().empty());
}

TEST(Positions, OneActivePositionPerSymbol) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  ASSERT_TRUE(insert_position(*db, pending("TCS", kD1)));
  auto second = insert_position(*db, pending("TCS", kD2));
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().exit_code, ExitCode::kBadInput);
  EXPECT_NE(second.error().message.find("position of TCS"), std::string::npos);
  EXPECT_NE(second.error().message.find("UNIQUE"), std::string::npos);
  ASSERT_TRUE(insert_position(*db, pending("INFY", kD2)));
  auto all = active_positions(*db);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].symbol, "INFY");
  EXPECT_EQ((*all)[1].symbol, "TCS");
}

TEST(Positions, HistoryOfASymbolAndBadInput) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  BookPosition old = pending("TCS", kD1);
  old.status = PositionStatus::kClosed;
  old.entry_date = kD1 + 1;
  old.entry_price = 1.0;
  old.exit_date = kD2;
  old.exit_price = 2.0;
  ASSERT_TRUE(insert_position(*db, old));
  ASSERT_TRUE(insert_position(*db, pending("TCS", kD3)));
  auto history = positions_of_symbol(*db, "TCS");
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].status, PositionStatus::kClosed);
  EXPECT_EQ((*history)[1].status, PositionStatus::kPending);
  EXPECT_TRUE(positions_of_symbol(*db, "NONE").value().empty());

  BookPosition ghost = pending("X", kD1);
  ghost.id = 99;
  auto missing = update_position(*db, ghost);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("does not exist"), std::string::npos);

  BookPosition no_entry = pending("Y", kD1);
  no_entry.status = PositionStatus::kOpen;  // OPEN without entry: schema CHECK
  EXPECT_FALSE(insert_position(*db, no_entry));
  EXPECT_EQ(insert_position(*db, pending("", kD1)).error().key, "positions.symbol");
}

TEST(Positions, UnreadableRowsNameTheRow) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  ASSERT_TRUE(
      db->exec("INSERT INTO positions (symbol, status, signal_date, rule_stack_used) "
               "VALUES ('A', 'PENDING', '01/03/2024', '[]')"));
  auto bad_date = positions_of_symbol(*db, "A");
  ASSERT_FALSE(bad_date);
  EXPECT_EQ(bad_date.error().key, "positions.signal_date");
  ASSERT_TRUE(
      db->exec("INSERT INTO positions (symbol, status, signal_date, rule_stack_used) "
               "VALUES ('B', 'PENDING', '2024-03-01', 'sma')"));
  EXPECT_EQ(positions_of_symbol(*db, "B").error().key, "positions.rule_stack_used");
  ASSERT_TRUE(
      db->exec("INSERT INTO positions (symbol, status, signal_date, entry_date, "
               "entry_price, rule_stack_used) VALUES ('C', 'OPEN', '2024-03-01', "
               "'2024-3-2', 1, '[]')"));
  EXPECT_EQ(positions_of_symbol(*db, "C").error().key, "positions.entry_date");
}

// The whole book in one query, cut at a signal date, ordered by symbol then signal date.
TEST(Positions, SignalledUntilReadsTheBookInOneQuery) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db);
  for (const auto& [sym, day] :
       std::vector<std::pair<std::string, int>>{{"TCS", 3}, {"INFY", 1}, {"TCS", 1}, {"M&M", 9}}) {
    BookPosition p;
    p.symbol = sym;
    p.signal_date = days_from_civil(2025, 1, day);
    p.status = PositionStatus::kClosed;
    p.entry_date = p.signal_date + 1;
    p.entry_price = 10;
    p.exit_date = p.signal_date + 2;
    p.exit_price = 11;
    ASSERT_TRUE(insert_position(*db, p));
  }
  auto rows = positions_signalled_until(*db, days_from_civil(2025, 1, 5));
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].symbol, "INFY");
  EXPECT_EQ((*rows)[1].symbol, "TCS");
  EXPECT_EQ((*rows)[1].signal_date, days_from_civil(2025, 1, 1));
  EXPECT_EQ((*rows)[2].signal_date, days_from_civil(2025, 1, 3));
}

}  // namespace
}  // namespace kiss::store
