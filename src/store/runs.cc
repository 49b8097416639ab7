#include "store/runs.h"

#include "store/store_internal.h"
#include "store/strategies.h"

namespace kiss::store {
namespace {

constexpr std::string_view kSelect =
    "SELECT id, run_timestamp, data_as_of, config_hash, version, status, symbols, strategies, "
    "new_buys, open_positions, to_sell, duration_ms, created_at FROM runs ";

Result<std::vector<RunRecord>> read_all(Database& db, Statement& st) {
  std::vector<RunRecord> out;
  for (;;) {
    auto row = st.step();
    if (!row) return tl::unexpected(std::move(row.error()));
    if (!*row) break;
    RunRecord r;
    r.id = st.column_int64(0);
    r.run_timestamp = st.column_text(1);
    if (!st.column_is_null(2)) {
      const std::string text = st.column_text(2);
      r.data_as_of = parse_iso_date(text);
      if (!r.data_as_of) {
        return make_error("runs row id " + std::to_string(r.id) + ": data_as_of '" + text +
                              "' is not YYYY-MM-DD",
                          db.path(), 0, 0, "runs.data_as_of");
      }
    }
    r.config_hash = st.column_text(3);
    r.version = st.column_text(4);
    r.status = st.column_text(5);
    r.symbols = st.column_int64(6);
    r.strategies = st.column_int64(7);
    r.new_buys = st.column_int64(8);
    r.open_positions = st.column_int64(9);
    r.to_sell = st.column_int64(10);
    r.duration_ms = st.column_int64_or_null(11);
    r.created_at = st.column_text(12);
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::optional<RunRecord>> first_or_none(Result<std::vector<RunRecord>> rows) {
  if (!rows) return tl::unexpected(std::move(rows.error()));
  if (rows->empty()) return std::optional<RunRecord>();
  return std::optional<RunRecord>(std::move(rows->front()));
}

Status bind_counts(Statement& st, const RunRecord& r) {
  KISS_STORE_TRY(st.bind_text_or_null(2, r.data_as_of ? format_date(*r.data_as_of) : ""));
  KISS_STORE_TRY(st.bind_text_or_null(3, r.config_hash));
  KISS_STORE_TRY(st.bind_text_or_null(4, r.version));
  KISS_STORE_TRY(st.bind_text(5, r.status));
  KISS_STORE_TRY(st.bind_int64(6, r.symbols));
  KISS_STORE_TRY(st.bind_int64(7, r.strategies));
  KISS_STORE_TRY(st.bind_int64(8, r.new_buys));
  KISS_STORE_TRY(st.bind_int64(9, r.open_positions));
  KISS_STORE_TRY(st.bind_int64(10, r.to_sell));
  KISS_STORE_TRY(st.bind_int64_or_null(11, r.duration_ms));
  return {};
}

}  // namespace

Result<std::int64_t> insert_run(Database& db, const RunRecord& run) {
  if (!is_iso8601_timestamp(run.run_timestamp)) {
    return make_error("run_timestamp '" + run.run_timestamp + "' is not ISO-8601", db.path(), 0, 0,
                      "runs.run_timestamp");
  }
  auto st = db.prepare(
      "INSERT INTO runs (run_timestamp, data_as_of, config_hash, version, status, symbols, "
      "strategies, new_buys, open_positions, to_sell, duration_ms, config_yaml) VALUES (?1, ?2, "
      "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
  if (!st) return tl::unexpected(std::move(st.error()));
  KISS_STORE_TRY(st->bind_text(1, run.run_timestamp));
  KISS_STORE_TRY(bind_counts(*st, run));
  KISS_STORE_TRY(st->bind_text_or_null(12, run.config_yaml));
  KISS_STORE_TRY(st->run());
  return db.last_insert_rowid();
}

Status update_run(Database& db, const RunRecord& run) {
  auto st = db.prepare(
      "UPDATE runs SET data_as_of = ?2, config_hash = ?3, version = ?4, status = ?5, "
      "symbols = ?6, strategies = ?7, new_buys = ?8, open_positions = ?9, to_sell = ?10, "
      "duration_ms = ?11 WHERE id = ?1");
  if (!st) return tl::unexpected(std::move(st.error()));
  KISS_STORE_TRY(st->bind_int64(1, run.id));
  KISS_STORE_TRY(bind_counts(*st, run));
  KISS_STORE_TRY(st->run());
  if (db.changes() != 1) {
    return make_error("run id " + std::to_string(run.id) + " does not exist", db.path(), 0, 0,
                      "runs.id");
  }
  return {};
}

Result<std::optional<RunRecord>> latest_run(Database& db) {
  auto st = db.prepare(std::string(kSelect) + "ORDER BY run_timestamp DESC, id DESC LIMIT 1");
  if (!st) return tl::unexpected(std::move(st.error()));
  return first_or_none(read_all(db, *st));
}

Result<std::optional<RunRecord>> run_by_data_date(Database& db, Date date) {
  auto st = db.prepare(std::string(kSelect) +
                       "WHERE data_as_of = ?1 ORDER BY run_timestamp DESC, id DESC LIMIT 1");
  if (!st) return tl::unexpected(std::move(st.error()));
  KISS_STORE_TRY(st->bind_text(1, format_date(date)));
  return first_or_none(read_all(db, *st));
}

Result<std::vector<RunRecord>> all_runs(Database& db) {
  auto st = db.prepare(std::string(kSelect) + "ORDER BY run_timestamp, id");
  if (!st) return tl::unexpected(std::move(st.error()));
  return read_all(db, *st);
}

Status set_run_report(Database& db, std::int64_t run_id, const std::string& report_json) {
  auto st = db.prepare("UPDATE runs SET report_json = ?1 WHERE id = ?2");
  if (!st) return tl::unexpected(std::move(st.error()));
  KISS_STORE_TRY(st->bind_text(1, report_json));
  KISS_STORE_TRY(st->bind_int64(2, run_id));
  KISS_STORE_TRY(st->run());
  if (db.changes() != 1) {
    return make_error("no run with id " + std::to_string(run_id), db.path(), 0, 0, "runs.id");
  }
  return {};
}

Result<std::optional<std::string>> report_of_date(Database& db, Date date) {
  auto st = db.prepare(
      "SELECT report_json FROM runs WHERE data_as_of = ?1 AND report_json IS NOT NULL "
      "ORDER BY run_timestamp DESC, id DESC LIMIT 1");
  if (!st) return tl::unexpected(std::move(st.error()));
  KISS_STORE_TRY(st->bind_text(1, format_date(date)));
  auto row = st->step();
  if (!row) return tl::unexpected(std::move(row.error()));
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(st->column_text(0));
}

}  // namespace kiss::store
