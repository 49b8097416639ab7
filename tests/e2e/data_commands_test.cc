// End-to-end: the real kiss-signal binary imports every price file of data/sample into a
// fresh database in a temporary folder, reports status, and refuses bad input without changing
// anything.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "reliability_util.h"
#include "util/test_temp_dir.h"

namespace {
namespace fs = std::filesystem;

// The bundled sample: the real price files in every format they were published in.
const std::string kSample = KISS_SOURCE_DIR "/data/sample";

struct CmdResult {
  int code = -1;
  std::string out;  // stdout and stderr together
};

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

class DataCommands : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = kiss::make_test_temp_dir(
        std::string("e2e_data_") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::ofstream(dir_ / "config.yaml") << "database_path: \"db/prices.db\"\n";
  }
  void TearDown() override { fs::remove_all(dir_); }

  CmdResult run(const std::string& args) {
    const std::string cmd = "cd " + quote(dir_.string()) + " && " + quote(KISS_BINARY) + " " +
                            args + " 2>&1";
    CmdResult r;
    FILE* p = popen(cmd.c_str(), "r");
    if (p == nullptr) return r;
    std::array<char, 4096> buf;
    std::size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    const int st = pclose(p);
    r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
  }
  fs::path dir_;
};

TEST_F(DataCommands, EveryRealPriceFileImports) {
  CmdResult r = run("data import " + quote(kSample + "/prices") + "/*.csv");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("Read 50 files:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" 0 rejected"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Saved 50 symbols"), std::string::npos) << r.out;
  // The three index files as one symbol: the first two overlap on 97 days with equal values,
  // the third continues the second to 2025-09-30.
  r = run("data import " + quote(kSample + "/prices/^NSEI") + " --symbol '^NSEI'");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("Read 3 files: 4522 rows, 0 rejected, 97 duplicate rows merged"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Saved 1 symbols (4425 bars)"), std::string::npos) << r.out;

  r = run("data status");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("M&M          2020-10-01 2025-09-30"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("BAJAJ-AUTO   2020-10-01"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("^NSEI        2007-09-17 2025-09-30   4425"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("JIOFIN"), std::string::npos) << r.out;
}

TEST_F(DataCommands, AnyErrorSavesNothing) {
  ASSERT_EQ(run("data import " + quote(kSample + "/prices/M&M.csv")).code, 0);
  const CmdResult before = run("data status --json");
  ASSERT_EQ(before.code, 0) << before.out;
  // One good file and one bad one: exit 1, every problem with file:line, nothing saved.
  std::ofstream(dir_ / "BAD.csv") << "date,open,high,low,close,volume\n2024-01-02,10,9,11,10,5\n";
  const CmdResult r = run("data import " + quote(kSample + "/prices/TCS.csv") + " BAD.csv");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("error: BAD.csv:2: BAD: high 9 is below low 11"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Import failed with 1 errors: nothing was saved"), std::string::npos)
      << r.out;
  EXPECT_EQ(run("data status --json").out, before.out);
}

TEST_F(DataCommands, UniverseFileIsRefusedByName) {
  const CmdResult r = run("data import " + quote(kSample + "/nifty_large_mid.csv"));
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("nifty_large_mid.csv:1: missing required column 'date', 'timestamp', "
                       "'time' or 'Date/Time' (header: symbol,name,sector)"),
            std::string::npos)
      << r.out;
  EXPECT_FALSE(fs::exists(dir_ / "db" / "prices.db"));  // not even created
}

// The exports a trader already has (src/data/testdata: RELIANCE's 2025 bars of data/sample in
// TradingView's and AmiBroker's formats) import to the same 187 bars as the sample file.
const std::string kTestdata = KISS_SOURCE_DIR "/src/data/testdata";

TEST_F(DataCommands, TradingViewAndAmiBrokerExportsImport) {
  CmdResult r = run("data import " + quote(kTestdata + "/tradingview/NSE_RELIANCE, 1D.csv") +
                    " --symbol RELIANCE");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("Read 1 files: 187 rows, 0 rejected"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Saved 1 symbols (187 bars)"), std::string::npos) << r.out;
  // The other exports of the same bars: every row equal to a stored one, none added.
  for (const char* file :
       {"/tradingview/NSE_RELIANCE, 1D_iso.csv", "/amibroker/RELIANCE_en-IN.csv"}) {
    r = run("data import " + quote(kTestdata + file) + " " +
            quote(kSample + "/prices/RELIANCE.csv") + " --symbol RELIANCE");
    ASSERT_EQ(r.code, 0) << file << r.out;
    EXPECT_NE(r.out.find("187 duplicate rows merged"), std::string::npos) << file << r.out;
  }
  r = run("data import " + quote(kTestdata + "/amibroker/RELIANCE.csv"));  // symbol: the stem
  ASSERT_EQ(r.code, 0) << r.out;
  r = run("data status");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("RELIANCE     2020-10-01 2025-09-30"), std::string::npos) << r.out;
}

TEST_F(DataCommands, AmiBrokerFileWithTwoTickersIsRefusedByLine) {
  ASSERT_EQ(run("data import " + quote(kSample + "/prices/M&M.csv")).code, 0);
  const CmdResult before = run("data status --json");
  std::ofstream(dir_ / "TCS.csv") << "Ticker,Date/Time,Open,High,Low,Close,Volume\r\n"
                                     "TCS,08/07/2025,3050,3080,3040,3070,100\r\n"
                                     "INFY,08/08/2025,1400,1420,1390,1410,100\r\n"
                                     "TCS,08/13/2025,3060,3090,3050,3080,100\r\n";
  CmdResult r = run("data import TCS.csv");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("error: TCS.csv:3: column 'Ticker': a second ticker 'INFY' (line 2 has "
                       "'TCS'): import one ticker per file"),
            std::string::npos)
      << r.out;
  r = run("data import TCS.csv --symbol INFY");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("error: TCS.csv:2: column 'Ticker': ticker 'TCS' is not the symbol being "
                       "imported, 'INFY'"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(run("data status --json").out, before.out);
}

// The sample ends 2025-09-30, long before today on any clock this test runs on: stale. The
// NIFTY 50 file of src/data/testdata ends 2025-08-08, 37 trading days before the stocks: the
// context filter of rules.yaml that reads it is named.
TEST_F(DataCommands, StatusSaysStaleAndAShortBenchmark) {
  ASSERT_EQ(run("data import " + quote(kSample + "/prices/M&M.csv")).code, 0);
  ASSERT_EQ(run("data import " + quote(kTestdata + "/NSEI_2024-08-12_2025-08-08.csv") +
                " --symbol '^NSEI'")
                .code,
            0);
  fs::copy_file(KISS_SOURCE_DIR "/rules.yaml", dir_ / "rules.yaml");
  CmdResult r = run("data status");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("^NSEI        2024-08-12 2025-08-08    249    0  "), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find(" ok "), std::string::npos) << r.out;  // neither is "ok" today
  EXPECT_NE(r.out.find(" stale  0\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("warning: prices are stale: the last bar 2025-09-30 is "), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("(2 of 2 symbols)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("warning: benchmark ^NSEI ends 2025-08-08, 37 trading days before the "
                       "stocks' last bar 2025-09-30: after it these rules are false (they read "
                       "the benchmark's bar of the day): context filter nifty_above_sma50 "
                       "(market_above_sma); so no stock can signal a buy"),
            std::string::npos)
      << r.out;
  r = run("data status --json");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("\"stale\": true"), std::string::npos) << r.out;
}

TEST_F(DataCommands, StatusWithoutDatabaseSaysSo) {
  const CmdResult r = run("data status");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("db/prices.db: no database yet"), std::string::npos) << r.out;
}

}  // namespace

// `data delete` and `data import --replace` (docs/data.md, "Correcting stored bars") over the
// bundled sample with a book: the W1 project run on 2025-04-21..23 holds ICICIBANK OPEN
// (signal 2025-04-21, entry 2025-04-22 at the slipped open, stop 1357.25).
namespace kiss::e2e {
namespace {

// Every price row of one symbol and every table a run writes (row-level "nothing changed").
std::vector<std::string> snapshot(const fs::path& db) {
  std::vector<std::string> out;
  for (const char* sql :
       {"SELECT symbol, date, open, high, low, close, volume FROM prices ORDER BY symbol, date",
        "SELECT symbol, bars, first_date, last_date, hex(close) FROM price_columns ORDER BY 1",
        "SELECT * FROM price_refresh ORDER BY symbol", "SELECT * FROM positions ORDER BY id",
        "SELECT id, data_as_of FROM runs ORDER BY id"}) {
    for (std::string& r : query_rows(db, sql)) out.push_back(std::move(r));
  }
  return out;
}

std::string icici(const fs::path& db) {
  const auto rows = query_rows(db,
                               "SELECT status, entry_date, exit_date, exit_reason FROM positions "
                               "WHERE symbol = 'ICICIBANK' ORDER BY id");
  if (rows.size() == 1) return rows[0];
  std::string n = std::to_string(rows.size());
  n += " rows";
  return n;
}

// The sample's ICICIBANK.csv with the 2025-04-24 low printed as 1000 (a bad tick far below the
// position's stop).
fs::path bad_icici(const TempProject& p) {
  std::string csv = read_file(sample_dir() / "prices" / "ICICIBANK.csv");
  const std::string good = "2025-04-24 00:00:00+05:30,1416.3,1421.2,1398.8,";
  const auto at = csv.find(good);
  EXPECT_NE(at, std::string::npos);
  if (at == std::string::npos) return {};
  const std::string bad_row = "2025-04-24 00:00:00+05:30,1416.3,1421.2,1000.0,";
  csv = csv.substr(0, at) + bad_row + csv.substr(at + good.size());
  fs::create_directories(p.path("bad"));
  write_file(p.path("bad/ICICIBANK.csv"), csv);
  return p.path("bad/ICICIBANK.csv");
}

class CorrectBars : public ::testing::Test {
 protected:
  void SetUp() override {
    write_w1_project(p);
    ASSERT_EQ(import_sample(p).code, 0);
    for (const char* d : {"2025-04-21", "2025-04-22", "2025-04-23"}) {
      const RunResult r = p.run(std::string("-q run --freeze-data ") + d);
      ASSERT_EQ(r.code, 0) << r.err;
    }
    ASSERT_EQ(icici(db()), "OPEN|2025-04-22|NULL|NULL");
    // The bad tick arrives with the next day's data; the run closes the position at its stop.
    const RunResult imp = p.run("-q data import " + shell_quote(bad_icici(p).string()));
    ASSERT_EQ(imp.code, 0) << imp.out << imp.err;
    ASSERT_EQ(p.run("-q run --freeze-data 2025-04-24").code, 0);
    ASSERT_EQ(icici(db()), "CLOSED|2025-04-22|2025-04-24|stop_loss");
  }
  fs::path db() const { return p.path("w1.db"); }
  TempProject p{"correct_bars"};
};

TEST_F(CorrectBars, DeleteRemovesTheBadBarAndTheNextRunReplaysTheBook) {
  const RunResult d = p.run("data delete ICICIBANK --from 2025-04-24 --to 2025-04-24");
  ASSERT_EQ(d.code, 0) << d.out << d.err;
  EXPECT_NE(d.out.find("Deleted 1 bars of ICICIBANK (2025-04-24..2025-04-24)"), std::string::npos)
      << d.out;
  EXPECT_EQ(d.err, "");  // the position's signal bar (2025-04-21) is kept: no warning
  EXPECT_EQ(query_rows(db(),
                       "SELECT count(*) FROM prices WHERE symbol = 'ICICIBANK' AND "
                       "date = CAST(julianday('2025-04-24') - 2440587.5 AS INTEGER)"),
            std::vector<std::string>{"0"});
  // The same data date again: the position closed since the previous run's data date is
  // replayed from its signal bar on the corrected bars, and is open again.
  const RunResult r = p.run("-q run --freeze-data 2025-04-24");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(icici(db()), "OPEN|2025-04-22|NULL|NULL");
}

TEST_F(CorrectBars, ImportReplaceRemovesTheBadBarAndTheNextRunReplaysTheBook) {
  // A plain re-import of the corrected file would merge: here it replaces every stored bar.
  const RunResult imp = p.run("data import --replace " +
                              shell_quote((sample_dir() / "prices" / "ICICIBANK.csv").string()));
  ASSERT_EQ(imp.code, 0) << imp.out << imp.err;
  EXPECT_NE(imp.out.find("Replaced the stored bars of 1 symbols by 1241 imported bars"),
            std::string::npos)
      << imp.out;
  EXPECT_EQ(query_rows(db(),
                       "SELECT low FROM prices WHERE symbol = 'ICICIBANK' AND "
                       "date = CAST(julianday('2025-04-24') - 2440587.5 AS INTEGER)"),
            std::vector<std::string>{"1398.8"});
  ASSERT_EQ(p.run("-q run --freeze-data 2025-04-24").code, 0);
  EXPECT_EQ(icici(db()), "OPEN|2025-04-22|NULL|NULL");
}

TEST_F(CorrectBars, ReplaceDropsABarTheCorrectedFileLacks) {
  // A bar the source never published (a 2052 bar written by an older version): not in the
  // corrected file, so --replace removes it; a merge would keep it.
  ASSERT_EQ(rw_query(db(),
                     "INSERT INTO prices(symbol, date, open, high, low, close, volume) "
                     "VALUES ('ICICIBANK', 30000, 1, 1, 1, 1, 1)"),
            std::vector<std::string>{});
  const std::string file = shell_quote((sample_dir() / "prices" / "ICICIBANK.csv").string());
  ASSERT_EQ(p.run("-q data import " + file).code, 0);
  EXPECT_EQ(query_rows(db(), "SELECT count(*) FROM prices WHERE date = 30000"),
            std::vector<std::string>{"1"});
  ASSERT_EQ(p.run("-q data import --replace " + file).code, 0);
  EXPECT_EQ(query_rows(db(), "SELECT count(*) FROM prices WHERE date = 30000"),
            std::vector<std::string>{"0"});
}

// The signal bar of a live position deleted: `data delete` warns, and `run` stops with one
// clear error naming the symbol and the date, storing nothing, until the bar is back.
TEST_F(CorrectBars, DeletingTheSignalBarOfALivePositionIsAClearErrorUntilRestored) {
  ASSERT_EQ(p.run("data delete ICICIBANK --from 2025-04-24 --to 2025-04-24").code, 0);
  ASSERT_EQ(p.run("-q run --freeze-data 2025-04-24").code, 0);
  ASSERT_EQ(icici(db()), "OPEN|2025-04-22|NULL|NULL");
  const RunResult d = p.run("data delete ICICIBANK --from 2025-04-21 --to 2025-04-21");
  ASSERT_EQ(d.code, 0) << d.err;
  EXPECT_NE(d.err.find("warning: ICICIBANK: the signal bar 2025-04-21 of an open position was "
                       "deleted; `run` fails until a bar dated 2025-04-21 is stored again"),
            std::string::npos)
      << d.err;
  const auto before = snapshot(db());
  const RunResult r = p.run("-q run --freeze-data 2025-04-24");
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("ICICIBANK"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("position signal date 2025-04-21 is not a bar of the stored prices"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(snapshot(db()), before);
  // Restoring the bar (a merge import of the sample) heals the book.
  ASSERT_EQ(p.run("-q data import " +
                  shell_quote((sample_dir() / "prices" / "ICICIBANK.csv").string()))
                .code,
            0);
  ASSERT_EQ(p.run("-q run --freeze-data 2025-04-24").code, 0);
  EXPECT_EQ(icici(db()), "OPEN|2025-04-22|NULL|NULL");
}

TEST_F(CorrectBars, BadDeletesChangeNothing) {
  const auto before = snapshot(db());
  struct Case {
    const char* args;
    int code;
    const char* message;
  };
  for (const Case& c :
       {Case{"data delete WIPRO.X", 1, "no bars of 'WIPRO.X' are stored"},
        Case{"data delete ICICIBANK --from 2030-01-01", 1,
             "no bar of 'ICICIBANK' is dated from 2030-01-01 onwards: nothing deleted"},
        Case{"data delete ICICIBANK --from 2025-04-24 --to 2025-04-23", 1, "is after --to"},
        Case{"data delete ICICIBANK --to 2025-02-30", 2, "'2025-02-30' is not a date"},
        Case{"data delete", 2, "symbol"}}) {
    SCOPED_TRACE(c.args);
    const RunResult r = p.run(c.args);
    EXPECT_EQ(r.code, c.code) << r.out << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
  }
  EXPECT_EQ(snapshot(db()), before);
}

TEST_F(CorrectBars, DeleteWithoutBoundsRemovesEveryBarOfTheSymbol) {
  const RunResult d = p.run("--json data delete ADANIPORTS");
  ASSERT_EQ(d.code, 0) << d.err;
  EXPECT_NE(d.out.find("\"remaining\": 0"), std::string::npos) << d.out;
  EXPECT_NE(d.out.find("\"orphaned_signals\": [\n    \"2025-04-23\"\n  ]"), std::string::npos)
      << d.out;
  EXPECT_EQ(query_rows(db(), "SELECT count(*) FROM prices WHERE symbol = 'ADANIPORTS'"),
            std::vector<std::string>{"0"});
  EXPECT_EQ(query_rows(db(), "SELECT count(*) FROM price_columns WHERE symbol = 'ADANIPORTS'"),
            std::vector<std::string>{"0"});
}

}  // namespace
}  // namespace kiss::e2e
