// Issue 7 replay: runs frozen at 30 consecutive trading days over the bundled sample. After
// each run the report and the database agree, positions open and close by the rules, the day
// in trade advances by one a day, nothing is duplicated, and a second run on the same day gives
// byte-identical report files.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>

#include "e2e_util.h"

namespace kiss::e2e {
namespace {

struct Summary {
  int buys = -1, open = -1, sell = -1;
};

Summary parse_summary(const std::string& md) {
  std::smatch m;
  Summary s;
  static const std::regex re(
      "^Summary: (\\d+) New Buy Signals?, (\\d+) Open Positions?, (\\d+) Positions? to Sell\\.");
  if (std::regex_search(md, m, re)) {
    s.buys = std::stoi(m[1]);
    s.open = std::stoi(m[2]);
    s.sell = std::stoi(m[3]);
  }
  return s;
}

// Ticker -> (entry date, day in trade) from the OPEN POSITIONS table (padded columns: Ticker,
// Shares, Entry Date ("next open" while PENDING), ..., Day in Trade).
std::map<std::string, std::pair<std::string, int>> open_days(const std::string& md) {
  std::map<std::string, std::pair<std::string, int>> out;
  const auto begin = md.find("## OPEN POSITIONS");
  const auto end = md.find("## POSITIONS TO SELL");
  if (begin == std::string::npos || end == std::string::npos) return out;
  std::istringstream in(md.substr(begin, end - begin));
  std::string line;
  static const std::regex row(
      "^\\| ([^ |]+)(?: \\(PENDING\\))? +\\| +[-0-9]+ \\| (\\d{4}-\\d\\d-\\d\\d|next open) "
      "+\\|.*\\| +"
      "(\\d+) / (\\d+) \\|$");
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, row)) out[m[1]] = {m[2], std::stoi(m[3])};
  }
  return out;
}

int count(const fs::path& db, const std::string& sql) {
  const auto rows = query_rows(db, sql);
  return rows.size() == 1 ? std::stoi(rows[0]) : -1;
}

TEST(Replay, ThirtyConsecutiveTradingDays) {
  TempProject p{"replay"};
  write_w1_project(p);
  ASSERT_EQ(import_sample(p).code, 0);
  const fs::path db = p.path("w1.db");
  const auto days = query_rows(
      db,
      "SELECT date(date*86400,'unixepoch') FROM prices WHERE symbol='^NSEI' AND "
      "date >= CAST(julianday('2025-04-21') - 2440587.5 AS INTEGER) ORDER BY date LIMIT 30");
  ASSERT_EQ(days.size(), 30u);
  std::string previous;
  std::map<std::string, std::pair<std::string, int>> previous_open;
  int total_buys = 0, total_sales = 0, day_checks = 0;
  for (std::size_t i = 0; i < days.size(); ++i) {
    const std::string& d = days[i];
    SCOPED_TRACE("data date " + d);
    const RunResult r = p.run("run --freeze-data " + d);
    ASSERT_EQ(r.code, 0) << r.out << r.err;
    const fs::path md_path = p.path("w1_reports/signals_" + d + ".md");
    const std::string md = read_file(md_path);
    const Summary s = parse_summary(md);
    ASSERT_GE(s.buys, 0) << md.substr(0, 200);

    // The report agrees with the database.
    EXPECT_EQ(s.buys, count(db, "SELECT count(*) FROM positions WHERE signal_date='" + d + "'"));
    EXPECT_EQ(s.open, count(db,
                            "SELECT count(*) FROM positions WHERE status<>'CLOSED' AND "
                            "signal_date<'" +
                                d + "'"));
    const std::string after = previous.empty() ? "0000-00-00" : previous;
    EXPECT_EQ(s.sell, count(db,
                            "SELECT count(*) FROM positions WHERE status='CLOSED' AND "
                            "exit_date>'" +
                                after + "' AND exit_date<='" + d + "'"));
    // Nothing duplicated: at most one live position per symbol, one row per signal.
    EXPECT_EQ(count(db,
                    "SELECT count(*) FROM (SELECT symbol FROM positions WHERE "
                    "status<>'CLOSED' GROUP BY symbol HAVING count(*)>1)"),
              0);
    EXPECT_EQ(count(db,
                    "SELECT count(*) FROM (SELECT symbol, signal_date FROM positions "
                    "GROUP BY symbol, signal_date HAVING count(*)>1)"),
              0);
    // Positions close by the rules.
    EXPECT_EQ(count(db,
                    "SELECT count(*) FROM positions WHERE status='CLOSED' AND (days_held>20 "
                    "OR exit_reason NOT IN ('stop_loss','stop_loss_gap','take_profit',"
                    "'take_profit_gap','time_exit') OR exit_date<entry_date)"),
              0);
    EXPECT_EQ(count(db,
                    "SELECT count(*) FROM positions WHERE status='CLOSED' AND "
                    "exit_reason='time_exit' AND days_held<>20"),
              0);
    // The day in trade advances by one a day while a position stays open.
    const auto open = open_days(md);
    EXPECT_EQ(static_cast<int>(open.size()), s.open);
    for (const auto& [ticker, state] : open) {
      const auto it = previous_open.find(ticker);
      if (it != previous_open.end() && it->second.first == state.first) {
        EXPECT_EQ(state.second, it->second.second + 1) << ticker;
        ++day_checks;
      }
    }
    // A second run on the same day gives byte-identical reports.
    if (i % 6 == 0) {
      const std::string html = read_file(p.path("w1_reports/signals_" + d + ".html"));
      ASSERT_EQ(p.run("run --freeze-data " + d).code, 0);
      EXPECT_EQ(read_file(md_path), md);
      EXPECT_EQ(read_file(p.path("w1_reports/signals_" + d + ".html")), html);
    }
    total_buys += s.buys;
    total_sales += s.sell;
    previous = d;
    previous_open = open;
  }
  // The period was chosen because it has trades; if these fail the replay tested nothing.
  EXPECT_GE(total_buys, 5);
  EXPECT_GE(total_sales, 3);
  EXPECT_GE(day_checks, 20);
}

}  // namespace
}  // namespace kiss::e2e
