// Issue 14: `track-record` against the daily loop it replays. Over 36 consecutive trading days of
// the bundled sample (W1 rules), the track record's trades and daily book equal those of
// `run --freeze-data d` replayed day by day on a fresh database: every position (trades.csv
// against the positions table) and every day's cash, book equity, open positions and
// marked-to-market equity (equity.csv against `run --json`). The track record never writes
// the database nor the live reports, and its files are byte-identical for --jobs 1 and 2.
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "backtest/costs.h"
#include "e2e_util.h"
#include "signals/position_book.h"
#include "util/text.h"

namespace kiss::e2e {
namespace {

std::string f4(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4f", v);
  return buf;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

// The trading days of the sample from `first`, `count` of them (the index's dates).
std::vector<std::string> sample_days(const fs::path& db, const std::string& first, int count) {
  return query_rows(db,
                    "SELECT date(date*86400,'unixepoch') FROM prices WHERE symbol='^NSEI' AND "
                    "date >= CAST(julianday('" +
                        first + "') - 2440587.5 AS INTEGER) ORDER BY date LIMIT " +
                        std::to_string(count));
}

// The positions table as trades.csv writes it (same columns, same order, prices %.4f).
std::vector<std::string> positions_as_csv(const fs::path& db) {
  const auto rows = query_rows(
      db,
      "SELECT symbol, status, signal_date, COALESCE(entry_date, ''), "
      "CASE WHEN entry_price IS NULL THEN '' ELSE printf('%.4f', entry_price) END, "
      "COALESCE(exit_date, ''), "
      "CASE WHEN exit_price IS NULL THEN '' ELSE printf('%.4f', exit_price) END, "
      "COALESCE(exit_reason, ''), COALESCE(shares, ''), "
      "CASE WHEN final_return_pct IS NULL THEN '' ELSE printf('%.4f', final_return_pct) END, "
      "rule_stack_used FROM positions ORDER BY symbol, signal_date, id");
  std::vector<std::string> out;
  for (const std::string& row : rows) {
    const auto cols = split(row, '|');
    std::string line;
    for (std::size_t i = 0; i + 1 < cols.size(); ++i) line += cols[i] + ",";
    // rule_stack_used is a JSON array of rule names; trades.csv joins them with '+'.
    line += join(nlohmann::json::parse(cols.back()).get<std::vector<std::string>>(), '+');
    out.push_back(line);
  }
  return out;
}

struct Expected {
  std::string cash, book_equity, open_positions, equity;
};

// What equity.csv must say of a day, from the run's --json report: the book's money, and the
// positions marked at the close (docs/track-record.md): PENDING ones at their estimated cost,
// OPEN ones (and those with an exit due) at shares × close, in the track record's order.
Expected expected_from_run(const std::string& json_text) {
  const nlohmann::json j = nlohmann::json::parse(json_text);
  const nlohmann::json& m = j.at("money");
  const Costs costs;  // the W1 configuration keeps the default costs
  Expected e;
  const double cash = m.at("cash").get<double>();
  e.cash = f4(cash);
  e.book_equity = f4(m.at("equity").get<double>());
  e.open_positions = std::to_string(m.at("open_positions").get<int>());
  double reserved = 0, held = 0;
  for (const auto& p : j.value("open_positions", nlohmann::json::array())) {
    const auto shares = p.at("shares").get<std::int64_t>();
    const double price = p.at("current_price").get<double>();
    if (p.at("status") == "PENDING") {
      reserved += signals::buy_cost_total(costs, shares, buy_fill(costs, price));
    } else {
      held += static_cast<double>(shares) * price;
    }
  }
  for (const auto& p : j.value("to_sell", nlohmann::json::array())) {
    if (p.at("exit_due").get<bool>()) {
      held += static_cast<double>(p.at("shares").get<std::int64_t>()) *
              p.at("exit_price").get<double>();
    }
  }
  for (const auto& b : j.value("new_buys", nlohmann::json::array())) {
    reserved += b.at("estimated_cost").get<double>();
  }
  e.equity = f4(cash + reserved + held);
  return e;
}

TEST(TrackRecord, EqualsRunReplayedDayByDay) {
  TempProject p{"track_record"};
  write_w1_project(p);
  ASSERT_EQ(import_sample(p).code, 0);
  const fs::path db = p.path("w1.db");
  const auto days = sample_days(db, "2025-04-21", 36);
  ASSERT_EQ(days.size(), 36u);
  const std::string from = days.front(), to = days.back();

  // The track record first: it must leave the database and the live reports as they are.
  const std::string db_before = read_file(db);
  const RunResult tr = p.run("track-record --from " + from + " --to " + to + " -o tr --jobs 2");
  ASSERT_EQ(tr.code, 0) << tr.out << tr.err;
  EXPECT_EQ(read_file(db), db_before) << "track-record changed the database";
  EXPECT_FALSE(fs::exists(p.path("w1_reports/signals_" + to + ".md")));
  EXPECT_NE(tr.out.find("Track record " + from + " to " + to + " (36 trading days)"),
            std::string::npos)
      << tr.out;
  const auto equity = lines(read_file(p.path("tr/equity.csv")));
  const auto trades = lines(read_file(p.path("tr/trades.csv")));
  ASSERT_EQ(equity.size(), days.size() + 1);
  ASSERT_GE(trades.size(), 2u);
  EXPECT_TRUE(fs::exists(p.path("tr/track_record_" + from + "_" + to + ".md")));
  EXPECT_TRUE(fs::exists(p.path("tr/track_record_" + from + "_" + to + ".html")));

  // The daily loop replayed day by day on the fresh database.
  int buys = 0;
  for (std::size_t k = 0; k < days.size(); ++k) {
    SCOPED_TRACE("data date " + days[k]);
    const RunResult r = p.run("--json run --freeze-data " + days[k]);
    ASSERT_EQ(r.code, 0) << r.err;
    const Expected e = expected_from_run(r.out);
    const auto cols = split(equity[k + 1], ',');
    ASSERT_EQ(cols.size(), 8u) << equity[k + 1];
    EXPECT_EQ(cols[0], days[k]);
    EXPECT_EQ(cols[1], e.equity);
    EXPECT_EQ(cols[2], e.cash);
    EXPECT_EQ(cols[6], e.book_equity);
    EXPECT_EQ(cols[7], e.open_positions);
    buys += static_cast<int>(
        nlohmann::json::parse(r.out).value("new_buys", nlohmann::json::array()).size());
  }
  // Every position, as the last run left the book.
  std::vector<std::string> csv_rows(trades.begin() + 1, trades.end());
  EXPECT_EQ(csv_rows, positions_as_csv(db));
  EXPECT_EQ(static_cast<int>(csv_rows.size()), buys);
  // The period is one where the book trades: buys, sales by the exit engine, positions open.
  EXPECT_GE(buys, 5);
  int closed = 0;
  for (const std::string& row : csv_rows) closed += row.find(",CLOSED,") != std::string::npos;
  EXPECT_GE(closed, 3);
}

TEST(TrackRecord, SameBytesForAnyJobsAndNeverWritesTheDatabase) {
  TempProject p{"track_record_jobs"};
  write_w1_project(p);
  ASSERT_EQ(import_sample(p).code, 0);
  const std::string db_before = read_file(p.path("w1.db"));
  const std::string range = "--from 2024-06-03 --to 2025-08-08";
  const RunResult one = p.run("track-record " + range + " -o j1 --jobs 1");
  ASSERT_EQ(one.code, 0) << one.err;
  const RunResult two = p.run("track-record " + range + " -o j2 --jobs 2");
  ASSERT_EQ(two.code, 0) << two.err;
  std::string out_two = two.out;  // the same but for the folder it names
  for (auto at = out_two.find("j2/"); at != std::string::npos; at = out_two.find("j2/", at)) {
    out_two.replace(at, 3, "j1/");
  }
  EXPECT_EQ(one.out, out_two);
  for (const std::string name :
       {"equity.csv", "trades.csv", "track_record_2024-06-03_2025-08-08.md",
        "track_record_2024-06-03_2025-08-08.html"}) {
    SCOPED_TRACE(name);
    const std::string a = read_file(p.path("j1/" + name));
    EXPECT_FALSE(a.empty());
    EXPECT_EQ(a, read_file(p.path("j2/" + name)));
  }
  EXPECT_EQ(read_file(p.path("w1.db")), db_before);
  EXPECT_FALSE(fs::exists(p.path("w1_reports/signals_2025-08-08.md")));
  // --json: the figures only, on stdout; without -o the files go to
  // <reports_output_dir>/track_record, beside (never over) the live reports.
  const RunResult js = p.run("--json track-record " + range);
  ASSERT_EQ(js.code, 0) << js.err;
  const nlohmann::json f = nlohmann::json::parse(js.out);
  EXPECT_EQ(f.at("from"), "2024-06-03");
  EXPECT_EQ(f.at("to"), "2025-08-08");
  EXPECT_GT(f.at("trades").get<int>(), 0);
  EXPECT_EQ(read_file(p.path("w1_reports/track_record/trades.csv")),
            read_file(p.path("j1/trades.csv")));
  std::vector<std::string> in_reports;
  for (const auto& e : fs::directory_iterator(p.path("w1_reports"))) {
    in_reports.push_back(e.path().filename().string());
  }
  EXPECT_EQ(in_reports, std::vector<std::string>{"track_record"});
  const RunResult help = p.run("--help");
  EXPECT_NE(help.out.find("track-record"), std::string::npos) << help.out;
}

TEST(TrackRecord, BadInputChangesNothing) {
  TempProject p{"track_record_bad"};
  write_w1_project(p);
  ASSERT_EQ(import_sample(p).code, 0);
  RunResult r = p.run("track-record --from 2025-13-01 --to 2025-08-08 -o out");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--from"), std::string::npos) << r.err;
  r = p.run("track-record --from 2025-08-08 --to 2025-01-01 -o out");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("is after --to"), std::string::npos) << r.err;
  r = p.run("track-record --from 2030-01-01 --to 2030-02-01 -o out");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("no trading day"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(p.path("out")));
}

}  // namespace
}  // namespace kiss::e2e
