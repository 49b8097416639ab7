#include "store/strategies.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <vector>

#include "store/schema.h"
#include "store/store_internal.h"

namespace kiss::store {
namespace {

constexpr std::string_view kColumns =
    "id, run_timestamp, symbol, rule_stack, edge_score, win_pct, sharpe, total_trades, "
    "avg_return, created_at, config_snapshot, config_hash, sortino, max_drawdown_pct, cagr_pct, "
    "profit_factor, expectancy, exposure_pct, avg_bars_held, alpha_pct, beat_benchmark_pct, "
    "target_hit_pct, deflated_sharpe, in_sample, oos_windows, oos_start, oos_end, run_id";

// Rows go in by chunks of kInsertChunkRows (100) per INSERT. Every execution of an INSERT opens
// a cursor on the table and on each of its three indexes and reads and rewrites the
// AUTOINCREMENT counter (sqlite_sequence); a multi-row VALUES list pays that once per chunk
// instead of once per row (docs/perf/store.md). SQLite inserts a VALUES list in order, so ids
// follow the batch.
//
// No statement journal. SQLite keeps one (an undo log of the statement: ~15 pages copied per
// 100-row statement, 240 MB of temporary-file writes for 100,000 rows) for a multi-row
// statement that could fail part-way and must then be undone on its own. Three things made
// this INSERT such a statement, and none of them is needed:
//   - the UNIQUE index with the default conflict action (ABORT undoes the statement): OR FAIL
//     stops at the failing row and keeps the rows before it, which is fine because a failed
//     save_strategies always ends in the rollback of the whole transaction (it is always in
//     one: its caller's or its own);
//   - created_at's DEFAULT CURRENT_TIMESTAMP (a function call may fail): the batch binds the
//     value itself, one parameter shared by every row, read once from SQLite's own
//     CURRENT_TIMESTAMP, so the text and the clock are the default's;
//   - run_id's immediate foreign key: schema v4 defers it to COMMIT, and the run_ids are
//     checked before the first INSERT (check_run_ids) so that the message names a row.
constexpr int kParamsPerRow = 26;

// created_at comes first: it is ?1, shared by every row, and the rows' anonymous "?" number
// on from 2. (A numbered "?N" costs SQLite a linear search of its list of numbered parameters
// when the statement is prepared: numbering all 2,600 made each prepare ~15 ms slower.)
constexpr std::string_view kInsertHead =
    "INSERT OR FAIL INTO strategies (created_at, run_timestamp, symbol, rule_stack, edge_score, "
    "win_pct, sharpe, total_trades, avg_return, config_snapshot, config_hash, sortino, "
    "max_drawdown_pct, cagr_pct, profit_factor, expectancy, exposure_pct, avg_bars_held, "
    "alpha_pct, beat_benchmark_pct, target_hit_pct, deflated_sharpe, in_sample, oos_windows, "
    "oos_start, oos_end, run_id) VALUES ";
constexpr int kCreatedAtParam = 1;

// The first parameter of row k of a chunk (its run_timestamp); the row's 26 follow.
int row_param(std::size_t k) { return 2 + static_cast<int>(k) * kParamsPerRow; }

// The INSERT of `rows` rows: (?1, ?, ?, ...) per row, so row k's values are parameters
// row_param(k) .. row_param(k) + 25.
std::string insert_sql(std::size_t rows) {
  std::string sql(kInsertHead);
  for (std::size_t r = 0; r < rows; ++r) {
    sql += r == 0 ? "(?1" : ",(?1";
    for (int c = 0; c < kParamsPerRow; ++c) sql += ",?";
    sql += ')';
  }
  return sql;
}

// Rows per INSERT: kInsertChunkRows (2,601 parameters, far below SQLite's limit of 32,766;
// 999 before 3.32), or fewer if this SQLite allows fewer parameters.
std::size_t chunk_rows(Database& db) {
  const int limit = sqlite3_limit(db.handle(), SQLITE_LIMIT_VARIABLE_NUMBER, -1);
  const std::size_t fit = static_cast<std::size_t>(std::max((limit - 1) / kParamsPerRow, 1));
  return std::min(kInsertChunkRows, fit);
}

// The strategies rows that count once per data date (docs/persistence.md, "Keyed by the data
// date"): each row gets its run's data date (runs.data_as_of; the date part of run_timestamp
// for a row without a run, e.g. the original tool's), and only the rows of the latest run of
// each (symbol, data date) are kept. `where` filters the rows first (on strategies' columns,
// "1" for all); column `data_date` follows kColumns.
std::string per_data_date_sql(std::string_view where, std::string_view tail) {
  std::string sql = "SELECT ";
  sql += kColumns;
  sql +=
      ", data_date FROM (SELECT s.*, MAX(s.run_timestamp) OVER (PARTITION BY s.symbol, "
      "COALESCE(r.data_as_of, substr(s.run_timestamp, 1, 10))) AS latest_ts, "
      "COALESCE(r.data_as_of, substr(s.run_timestamp, 1, 10)) AS data_date "
      "FROM strategies s LEFT JOIN runs r ON r.id = s.run_id WHERE ";
  sql += where;
  sql += ") WHERE run_timestamp = latest_ts ";
  sql += tail;
  return sql;
}

std::string select_sql(std::string_view tail) {
  std::string sql = "SELECT ";
  sql += kColumns;
  sql += " FROM strategies ";
  sql += tail;
  return sql;
}

bool is_digits(const std::string& s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return false;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

int number(const std::string& s, std::size_t pos, std::size_t n) {
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

// A row fails validation: names the symbol (and index in the batch) and the field.
tl::unexpected<Error> invalid(const std::string& path, std::size_t index, const StrategyRecord& r,
                              const char* field, const std::string& what) {
  return make_error("strategy #" + std::to_string(index + 1) + " (" +
                        (r.symbol.empty() ? std::string("<no symbol>") : r.symbol) + "): " + what,
                    path, 0, 0, std::string("strategies.") + field);
}

Status validate(const std::string& path, std::size_t i, const StrategyRecord& r) {
  if (r.symbol.empty()) return invalid(path, i, r, "symbol", "symbol is empty");
  for (const auto& name : r.rule_stack) {
    if (name.empty()) return invalid(path, i, r, "rule_stack", "a rule name is empty");
  }
  const std::pair<const char*, double> required[] = {{"edge_score", r.edge_score},
                                                     {"win_pct", r.win_pct},
                                                     {"sharpe", r.sharpe},
                                                     {"avg_return", r.avg_return}};
  for (const auto& [field, v] : required) {
    if (!std::isfinite(v)) return invalid(path, i, r, field, "value is not a finite number");
  }
  if (r.total_trades < 0) return invalid(path, i, r, "total_trades", "must be >= 0");
  // NaN would be stored as NULL by SQLite: refuse it rather than lose it silently. Infinity is
  // meaningful for some extras (profit_factor with no losing trade) and stored as such.
  const std::pair<const char*, const std::optional<double>*> extras[] = {
      {"sortino", &r.sortino},
      {"max_drawdown_pct", &r.max_drawdown_pct},
      {"cagr_pct", &r.cagr_pct},
      {"profit_factor", &r.profit_factor},
      {"expectancy", &r.expectancy},
      {"exposure_pct", &r.exposure_pct},
      {"avg_bars_held", &r.avg_bars_held},
      {"alpha_pct", &r.alpha_pct},
      {"beat_benchmark_pct", &r.beat_benchmark_pct},
      {"target_hit_pct", &r.target_hit_pct},
      {"deflated_sharpe", &r.deflated_sharpe}};
  for (const auto& [field, v] : extras) {
    if (*v && std::isnan(**v)) return invalid(path, i, r, field, "value is NaN");
  }
  if (r.oos_windows && *r.oos_windows < 0) {
    return invalid(path, i, r, "oos_windows", "must be >= 0");
  }
  return {};
}

// "YYYY-MM-DD" of `d` into `out` (empty for nullopt = NULL), as format_date() writes it but
// without snprintf (two dates per row of a 100,000-row batch). Years outside 0..9999, which
// no real strategy has, go through format_date() itself.
void date_text(const std::optional<Date>& d, std::string& out) {
  out.clear();
  if (!d) return;
  const Civil c = civil_from_days(*d);
  if (c.year < 0 || c.year > 9999) {
    out = format_date(*d);
    return;
  }
  const auto digit = [](int v) { return static_cast<char>('0' + v % 10); };
  out = {digit(c.year / 1000),
         digit(c.year / 100),
         digit(c.year / 10),
         digit(c.year),
         '-',
         digit(c.month / 10),
         digit(c.month),
         '-',
         digit(c.day / 10),
         digit(c.day)};
}

// A rule name that JSON writes as itself between quotes: printable ASCII without '"' or '\'.
bool is_plain_json_text(const std::string& s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; });
}

// Appends the JSON array of `stack` to `out`, byte for byte what nlohmann::json(stack).dump()
// writes: plain names (every real rule name) are copied between quotes; any other name is
// written by nlohmann itself (its escapes and its UTF-8 check).
void append_rule_stack_json(const std::vector<std::string>& stack, std::string& out) {
  out += '[';
  for (std::size_t i = 0; i < stack.size(); ++i) {
    if (i > 0) out += ',';
    if (is_plain_json_text(stack[i])) {
      out += '"';
      out += stack[i];
      out += '"';
    } else {
      out += nlohmann::json(stack[i]).dump();
    }
  }
  out += ']';
}

// The text of one row that SQLite reads in place (Binder::text_ref): it must live until the
// statement is reset. Reused from chunk to chunk, so its strings stop allocating.
struct RowText {
  std::string rule_stack;  // JSON
  std::string oos_start;   // "YYYY-MM-DD" or empty (NULL)
  std::string oos_end;
};

// Binds row `r` to parameters first .. first + 25.
Status bind_row(Statement& st, int first, const StrategyRecord& r, const std::string& run_timestamp,
                RowText& text) {
  text.rule_stack.clear();
  append_rule_stack_json(r.rule_stack, text.rule_stack);
  date_text(r.oos_start, text.oos_start);
  date_text(r.oos_end, text.oos_end);
  std::optional<std::int64_t> in_sample;
  if (r.in_sample) in_sample = *r.in_sample ? 1 : 0;
  return st.binder(first)
      .text_ref(run_timestamp)
      .text_ref(r.symbol)
      .text_ref(text.rule_stack)
      .real(r.edge_score)
      .real(r.win_pct)
      .real(r.sharpe)
      .int64(r.total_trades)
      .real(r.avg_return)
      .text_ref_or_null(r.config_snapshot)
      .text_ref_or_null(r.config_hash)
      .real_or_null(r.sortino)
      .real_or_null(r.max_drawdown_pct)
      .real_or_null(r.cagr_pct)
      .real_or_null(r.profit_factor)
      .real_or_null(r.expectancy)
      .real_or_null(r.exposure_pct)
      .real_or_null(r.avg_bars_held)
      .real_or_null(r.alpha_pct)
      .real_or_null(r.beat_benchmark_pct)
      .real_or_null(r.target_hit_pct)
      .real_or_null(r.deflated_sharpe)
      .int64_or_null(in_sample)
      .int64_or_null(r.oos_windows)
      .text_ref_or_null(text.oos_start)
      .text_ref_or_null(text.oos_end)
      .int64_or_null(r.run_id)
      .status();
}

Result<StrategyRecord> read_row(const Statement& st, const std::string& path) {
  StrategyRecord r;
  r.id = st.column_int64(0);
  r.run_timestamp = st.column_text(1);
  r.symbol = st.column_text(2);
  auto stack = rule_stack_from_json(st.column_text(3));
  if (!stack) {
    return make_error("strategies row id " + std::to_string(r.id) + ": " + stack.error().message,
                      path, 0, 0, "strategies.rule_stack");
  }
  r.rule_stack = std::move(*stack);
  r.edge_score = st.column_double(4);
  r.win_pct = st.column_double(5);
  r.sharpe = st.column_double(6);
  r.total_trades = st.column_int64(7);
  r.avg_return = st.column_double(8);
  r.created_at = st.column_text(9);
  r.config_snapshot = st.column_text(10);
  r.config_hash = st.column_text(11);
  r.sortino = st.column_double_or_null(12);
  r.max_drawdown_pct = st.column_double_or_null(13);
  r.cagr_pct = st.column_double_or_null(14);
  r.profit_factor = st.column_double_or_null(15);
  r.expectancy = st.column_double_or_null(16);
  r.exposure_pct = st.column_double_or_null(17);
  r.avg_bars_held = st.column_double_or_null(18);
  r.alpha_pct = st.column_double_or_null(19);
  r.beat_benchmark_pct = st.column_double_or_null(20);
  r.target_hit_pct = st.column_double_or_null(21);
  r.deflated_sharpe = st.column_double_or_null(22);
  if (auto v = st.column_int64_or_null(23)) r.in_sample = *v != 0;
  r.oos_windows = st.column_int64_or_null(24);
  if (!st.column_is_null(25)) r.oos_start = parse_iso_date(st.column_text(25));
  if (!st.column_is_null(26)) r.oos_end = parse_iso_date(st.column_text(26));
  r.run_id = st.column_int64_or_null(27);
  return r;
}

// read_all for per_data_date_sql: also the data date (column 28).
Result<std::vector<StrategyRecord>> read_with_data_date(Database& db, Statement& st) {
  std::vector<StrategyRecord> out;
  for (;;) {
    auto row = st.step();
    if (!row) return tl::unexpected(std::move(row.error()));
    if (!*row) break;
    auto r = read_row(st, db.path());
    if (!r) return tl::unexpected(std::move(r.error()));
    r->data_date = st.column_text(28);
    out.push_back(std::move(*r));
  }
  return out;
}

Result<std::vector<StrategyRecord>> read_all(Database& db, Statement& st) {
  std::vector<StrategyRecord> out;
  for (;;) {
    auto row = st.step();
    if (!row) return tl::unexpected(std::move(row.error()));
    if (!*row) break;
    auto r = read_row(st, db.path());
    if (!r) return tl::unexpected(std::move(r.error()));
    out.push_back(std::move(*r));
  }
  return out;
}

std::string join_stack(const std::vector<std::string>& stack) {
  std::string out;
  for (const auto& s : stack) {
    if (!out.empty()) out += '+';
    out += s;
  }
  return out;
}

// A chunk's INSERT failed. On a constraint conflict (OR FAIL) SQLite stopped at the failing
// row and kept the rows before it, so sqlite3_changes() counts them and names the row. Any
// other error (disk full, I/O, ...) names the chunk: SQLite may have rolled the whole
// transaction back, and its count of changes is then 0. Either way the caller's transaction
// rolls back, so the rows that went in never commit.
Error chunk_failed(Database& db, const std::vector<StrategyRecord>& records, std::size_t first,
                   std::size_t rows, Error error) {
  const int code = sqlite3_extended_errcode(db.handle());
  const auto inserted = static_cast<std::size_t>(std::max(db.changes(), 0));
  if ((code & 0xff) == SQLITE_CONSTRAINT && sqlite3_get_autocommit(db.handle()) == 0 &&
      inserted < rows) {
    const std::size_t i = first + inserted;
    error.message = "strategy #" + std::to_string(i + 1) + " (" + records[i].symbol + ", " +
                    join_stack(records[i].rule_stack) + "): " + error.message;
    return error;
  }
  const std::size_t last = first + rows - 1;
  error.message = "strategies #" + std::to_string(first + 1) + "..#" + std::to_string(last + 1) +
                  " (" + records[first].symbol + " .. " + records[last].symbol +
                  "): " + error.message;
  return error;
}

// Every run_id of the batch names a row of `runs`. The foreign key is only checked at COMMIT
// (schema v4), where SQLite's message would name no row.
Status check_run_ids(Database& db, const std::vector<StrategyRecord>& records) {
  std::optional<Statement> find;
  std::vector<std::int64_t> known;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& id = records[i].run_id;
    if (!id || std::find(known.begin(), known.end(), *id) != known.end()) continue;
    if (!find) {
      auto st = db.prepare("SELECT 1 FROM runs WHERE id = ?1");
      if (!st) return tl::unexpected(std::move(st.error()));
      find.emplace(std::move(*st));
    }
    KISS_STORE_TRY(find->bind_int64(1, *id));
    auto row = find->step();
    find->reset();
    if (!row) return tl::unexpected(std::move(row.error()));
    if (!*row) {
      return invalid(db.path(), i, records[i], "run_id",
                     "run_id " + std::to_string(*id) + " is not a run in runs");
    }
    known.push_back(*id);
  }
  return {};
}

// SQLite's CURRENT_TIMESTAMP ("YYYY-MM-DD HH:MM:SS", UTC): what created_at's default writes.
Result<std::string> current_timestamp(Database& db) {
  auto st = db.prepare("SELECT CURRENT_TIMESTAMP");
  if (!st) return tl::unexpected(std::move(st.error()));
  auto row = st->step();
  if (!row) return tl::unexpected(std::move(row.error()));
  return st->column_text(0);
}

// The rows into the open transaction of `db`, chunk by chunk (see kInsertHead).
Status insert_rows(Database& db, const std::vector<StrategyRecord>& records,
                   const std::string& run_timestamp) {
  auto created_at = current_timestamp(db);
  if (!created_at) return tl::unexpected(std::move(created_at.error()));
  const std::size_t chunk = chunk_rows(db);
  // Declared before the statements, so they are destroyed after them (Binder::text_ref).
  std::vector<RowText> text(std::min(chunk, records.size()));
  std::optional<Statement> full;  // `chunk` rows
  std::optional<Statement> tail;  // the last records.size() % chunk rows
  for (std::size_t first = 0; first < records.size(); first += chunk) {
    const std::size_t rows = std::min(chunk, records.size() - first);
    std::optional<Statement>& st = rows == chunk ? full : tail;
    if (!st) {
      auto prepared = db.prepare(insert_sql(rows));
      if (!prepared) return tl::unexpected(std::move(prepared.error()));
      st.emplace(std::move(*prepared));
    }
    for (std::size_t k = 0; k < rows; ++k) {
      KISS_STORE_TRY(bind_row(*st, row_param(k), records[first + k], run_timestamp, text[k]));
    }
    KISS_STORE_TRY(st->binder(kCreatedAtParam).text_ref(*created_at).status());
    auto done = st->run();
    if (!done) {
      return tl::unexpected(chunk_failed(db, records, first, rows, std::move(done.error())));
    }
    st->reset();
  }
  return {};
}

}  // namespace

bool is_iso8601_timestamp(const std::string& s) {
  // YYYY-MM-DDTHH:MM:SS
  if (s.size() < 19 || !is_digits(s, 0, 4) || s[4] != '-' || !is_digits(s, 5, 2) || s[7] != '-' ||
      !is_digits(s, 8, 2) || (s[10] != 'T' && s[10] != ' ') || !is_digits(s, 11, 2) ||
      s[13] != ':' || !is_digits(s, 14, 2) || s[16] != ':' || !is_digits(s, 17, 2)) {
    return false;
  }
  if (!is_valid_civil(number(s, 0, 4), number(s, 5, 2), number(s, 8, 2))) return false;
  if (number(s, 11, 2) > 23 || number(s, 14, 2) > 59 || number(s, 17, 2) > 60) return false;
  std::size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    const std::size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start) return false;
  }
  if (pos == s.size()) return true;
  if (s[pos] == 'Z') return pos + 1 == s.size();
  if (s[pos] == '+' || s[pos] == '-') {
    return pos + 6 == s.size() && is_digits(s, pos + 1, 2) && s[pos + 3] == ':' &&
           is_digits(s, pos + 4, 2) && number(s, pos + 1, 2) <= 23 && number(s, pos + 4, 2) <= 59;
  }
  return false;
}

std::string rule_stack_to_json(const std::vector<std::string>& stack) {
  std::string out;
  append_rule_stack_json(stack, out);
  return out;
}

Result<std::vector<std::string>> rule_stack_from_json(const std::string& text) {
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_array()) {
    return make_error("rule_stack is not a JSON array: '" + text + "'", {}, 0, 0, "rule_stack");
  }
  std::vector<std::string> out;
  out.reserve(j.size());
  for (const auto& e : j) {
    if (e.is_string()) {
      out.push_back(e.get<std::string>());
      continue;
    }
    // The original tool's later versions stored its rule objects
    // ([{"name": ..., "type": ..., "params": {...}}, ...]); the name is the rule's name, as its
    // own analyze-strategies reads it (then the type, when a name is missing).
    if (e.is_object()) {
      const auto name = e.find("name");
      if (name != e.end() && name->is_string() && !name->get<std::string>().empty()) {
        out.push_back(name->get<std::string>());
        continue;
      }
      const auto type = e.find("type");
      if (type != e.end() && type->is_string() && !type->get<std::string>().empty()) {
        out.push_back(type->get<std::string>());
        continue;
      }
    }
    return make_error(
        "rule_stack holds an element that is neither a rule name nor a rule "
        "object with a name: '" +
            text + "'",
        {}, 0, 0, "rule_stack");
  }
  return out;
}

Status create_database(const std::string& path) {
  auto db = Database::open(path);
  if (!db) {
    spdlog::error("create_database: {}", db.error().to_string());
    return tl::unexpected(std::move(db.error()));
  }
  spdlog::debug("database ready at {} (schema version {})", path, kSchemaVersion);
  return {};
}

Status save_strategies(Database& db, const std::vector<StrategyRecord>& records,
                       const std::string& run_timestamp) {
  if (!is_iso8601_timestamp(run_timestamp)) {
    return make_error("run_timestamp '" + run_timestamp +
                          "' is not ISO-8601 (YYYY-MM-DDTHH:MM:SS[.fff][Z|+HH:MM])",
                      db.path(), 0, 0, "strategies.run_timestamp");
  }
  for (std::size_t i = 0; i < records.size(); ++i) {
    KISS_STORE_TRY(validate(db.path(), i, records[i]));
  }
  if (records.empty()) return {};
  KISS_STORE_TRY(check_run_ids(db, records));
  if (sqlite3_get_autocommit(db.handle()) == 0) return insert_rows(db, records, run_timestamp);
  // Not in a transaction (not the intended use): the batch gets its own, so it is still all or
  // nothing.
  auto txn = Transaction::begin(db);
  if (!txn) return tl::unexpected(std::move(txn.error()));
  KISS_STORE_TRY(insert_rows(db, records, run_timestamp));
  return txn->commit();
}

bool save_strategies_batch(const std::string& path, const std::vector<StrategyRecord>& records,
                           const std::string& run_timestamp) {
  if (records.empty()) {
    spdlog::info("no strategies to save for run {}: nothing written", run_timestamp);
    return true;
  }
  auto db = Database::open(path);
  if (!db) {
    spdlog::error("batch save failed: {}", db.error().to_string());
    return false;
  }
  auto txn = Transaction::begin(*db);
  if (!txn) {
    spdlog::error("batch save failed: {}", txn.error().to_string());
    return false;
  }
  if (auto st = save_strategies(*db, records, run_timestamp); !st) {
    txn->rollback();
    spdlog::error("batch save of {} strategies rolled back: {}", records.size(),
                  st.error().to_string());
    return false;
  }
  if (auto st = txn->commit(); !st) {
    spdlog::error("batch save of {} strategies rolled back at commit: {}", records.size(),
                  st.error().to_string());
    return false;
  }
  spdlog::info("saved {} strategies for run {} to {}", records.size(), run_timestamp, path);
  return true;
}

Result<std::vector<StrategyRecord>> latest_strategies(Database& db,
                                                      const std::string& config_hash) {
  // Each symbol's latest run_timestamp once (one pass over the config's rows), then its rows
  // by the (symbol, run_timestamp) index. A correlated "run_timestamp = (SELECT MAX ...)" per
  // row re-read all of a symbol's rows for each of them: quadratic in the number of runs.
  auto st = db.prepare(select_sql(
      "JOIN (SELECT symbol AS latest_symbol, MAX(run_timestamp) AS latest_ts FROM strategies "
      "WHERE config_hash = ?1 GROUP BY symbol) ON symbol = latest_symbol AND "
      "run_timestamp = latest_ts WHERE config_hash = ?1 ORDER BY symbol, edge_score DESC, id"));
  if (!st) return tl::unexpected(std::move(st.error()));
  KISS_STORE_TRY(st->bind_text(1, config_hash));
  return read_all(db, *st);
}

Result<std::vector<StrategyRecord>> strategies_of_run(Database& db,
                                                      const std::string& run_timestamp) {
  auto st = db.prepare(select_sql("WHERE run_timestamp = ?1 ORDER BY symbol, edge_score DESC, id"));
  if (!st) return tl::unexpected(std::move(st.error()));
  KISS_STORE_TRY(st->bind_text(1, run_timestamp));
  return read_all(db, *st);
}

Result<std::vector<StrategyRecord>> strategies_of_symbol(Database& db, const std::string& symbol) {
  auto st = db.prepare(select_sql("WHERE symbol = ?1 ORDER BY run_timestamp, edge_score DESC, id"));
  if (!st) return tl::unexpected(std::move(st.error()));
  KISS_STORE_TRY(st->bind_text(1, symbol));
  return read_all(db, *st);
}

Result<std::vector<StrategyRecord>> history_of_symbol(Database& db, const std::string& symbol) {
  auto st = db.prepare(
      per_data_date_sql("s.symbol = ?1", "ORDER BY data_date, edge_score DESC, id"));
  if (!st) return tl::unexpected(std::move(st.error()));
  KISS_STORE_TRY(st->bind_text(1, symbol));
  return read_with_data_date(db, *st);
}

Result<std::vector<StrategyRecord>> latest_per_symbol_and_stack(Database& db,
                                                                std::int64_t min_trades) {
  auto st = db.prepare(
      select_sql("WHERE id IN (SELECT MAX(id) FROM strategies GROUP BY symbol, rule_stack) "
                 "AND total_trades >= ?1 ORDER BY symbol, edge_score DESC, id"));
  if (!st) return tl::unexpected(std::move(st.error()));
  KISS_STORE_TRY(st->bind_int64(1, min_trades));
  return read_all(db, *st);
}

Result<std::vector<StrategyAggregate>> aggregate_strategies(Database& db, std::int64_t min_trades) {
  // Grouped in C++ on the parsed stack, not on the JSON text: rows written by the original
  // Python tool spell the same array as '["a", "b"]', ours as '["a","b"]'. Each symbol counts
  // once per data date (its latest run of that date): re-runs on the same data add nothing.
  auto st = db.prepare(per_data_date_sql("1", "AND total_trades >= ?1 ORDER BY id"));
  if (!st) return tl::unexpected(std::move(st.error()));
  KISS_STORE_TRY(st->bind_int64(1, min_trades));
  auto rows = read_with_data_date(db, *st);
  if (!rows) return tl::unexpected(std::move(rows.error()));

  struct Acc {
    StrategyAggregate agg;
    std::map<std::string, std::int64_t> symbols;
    std::string latest_ts;
    std::string latest_date;
  };
  std::map<std::pair<std::vector<std::string>, std::string>, Acc> groups;
  for (const StrategyRecord& r : *rows) {
    const std::string hash = r.config_hash.empty() ? "legacy" : r.config_hash;
    Acc& a = groups[{r.rule_stack, hash}];
    a.agg.frequency += 1;
    a.agg.avg_edge_score += r.edge_score;
    a.agg.avg_win_pct += r.win_pct;
    a.agg.avg_sharpe += r.sharpe;
    a.agg.avg_return += r.avg_return;
    a.agg.avg_trades += static_cast<double>(r.total_trades);
    a.symbols[r.symbol] += 1;
    if (r.run_timestamp >= a.latest_ts) {  // rows come in id order: ties keep the newest row
      a.latest_ts = r.run_timestamp;
      a.agg.config_snapshot = r.config_snapshot;
    }
    a.latest_date = std::max(a.latest_date, r.data_date);
  }
  std::vector<StrategyAggregate> out;
  out.reserve(groups.size());
  for (auto& [key, a] : groups) {
    StrategyAggregate g = std::move(a.agg);
    g.rule_stack = key.first;
    g.config_hash = key.second;
    const double n = static_cast<double>(g.frequency);
    g.avg_edge_score /= n;
    g.avg_win_pct /= n;
    g.avg_sharpe /= n;
    g.avg_return /= n;
    g.avg_trades /= n;
    std::vector<std::pair<std::string, std::int64_t>> syms(a.symbols.begin(), a.symbols.end());
    std::stable_sort(syms.begin(), syms.end(),
                     [](const auto& x, const auto& y) { return x.second > y.second; });
    if (syms.size() > 3) syms.resize(3);
    g.top_symbols = std::move(syms);
    g.run_date = a.latest_date;
    out.push_back(std::move(g));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& x, const auto& y) {
    return x.avg_edge_score > y.avg_edge_score;
  });
  return out;
}

Result<std::int64_t> delete_strategies_for_config(Database& db, const std::string& config_hash) {
  auto st = db.prepare("DELETE FROM strategies WHERE config_hash = ?1");
  if (!st) return tl::unexpected(std::move(st.error()));
  KISS_STORE_TRY(st->bind_text(1, config_hash));
  KISS_STORE_TRY(st->run());
  const auto deleted = static_cast<std::int64_t>(db.changes());
  auto counts = db.prepare(
      "UPDATE runs SET strategies = (SELECT COUNT(*) FROM strategies s WHERE s.run_id = runs.id) "
      "WHERE config_hash = ?1");
  if (!counts) return tl::unexpected(std::move(counts.error()));
  KISS_STORE_TRY(counts->bind_text(1, config_hash));
  KISS_STORE_TRY(counts->run());
  return deleted;
}

Result<std::int64_t> count_strategies(Database& db) {
  auto st = db.prepare("SELECT COUNT(*) FROM strategies");
  if (!st) return tl::unexpected(std::move(st.error()));
  auto row = st->step();
  if (!row) return tl::unexpected(std::move(row.error()));
  return st->column_int64(0);
}

}  // namespace kiss::store
