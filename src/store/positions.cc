#include "store/positions.h"

#include "store/store_internal.h"
#include "store/strategies.h"

namespace kiss::store {
namespace {

constexpr std::string_view kColumns =
    "SELECT id, symbol, status, signal_date, entry_date, entry_price, exit_date, exit_price, "
    "rule_stack_used, final_return_pct, exit_reason, final_nifty_return_pct, days_held, shares, "
    "run_id, stop_level, target_level, created_at, terms FROM positions ";

std::string date_or_empty(const std::optional<Date>& d) { return d ? format_date(*d) : ""; }

Result<PositionStatus> parse_status(const std::string& s, const std::string& path,
                                    std::int64_t id) {
  if (auto status = parse_position_status(s)) return *status;
  return make_error("positions row id " + std::to_string(id) + ": unknown status '" + s + "'", path,
                    0, 0, "positions.status");
}

Result<std::optional<Date>> read_date(const Statement& st, int col, const std::string& path,
                                      std::int64_t id, const char* name) {
  if (st.column_is_null(col)) return std::optional<Date>();
  const std::string text = st.column_text(col);
  auto d = parse_iso_date(text);
  if (!d) {
    return make_error("positions row id " + std::to_string(id) + ": " + name + " '" + text +
                          "' is not YYYY-MM-DD",
                      path, 0, 0, std::string("positions.") + name);
  }
  return std::optional<Date>(*d);
}

Result<BookPosition> read_row(const Statement& st, const std::string& path) {
  BookPosition p;
  p.id = st.column_int64(0);
  p.symbol = st.column_text(1);
  auto status = parse_status(st.column_text(2), path, p.id);
  if (!status) return tl::unexpected(std::move(status.error()));
  p.status = *status;
  auto signal = read_date(st, 3, path, p.id, "signal_date");
  if (!signal) return tl::unexpected(std::move(signal.error()));
  p.signal_date = signal->value_or(0);
  auto entry = read_date(st, 4, path, p.id, "entry_date");
  if (!entry) return tl::unexpected(std::move(entry.error()));
  p.entry_date = *entry;
  p.entry_price = st.column_double_or_null(5);
  auto exit = read_date(st, 6, path, p.id, "exit_date");
  if (!exit) return tl::unexpected(std::move(exit.error()));
  p.exit_date = *exit;
  p.exit_price = st.column_double_or_null(7);
  auto stack = rule_stack_from_json(st.column_text(8));
  if (!stack) {
    return make_error("positions row id " + std::to_string(p.id) + ": " + stack.error().message,
                      path, 0, 0, "positions.rule_stack_used");
  }
  p.rule_stack = std::move(*stack);
  p.final_return_pct = st.column_double_or_null(9);
  p.exit_reason = st.column_text(10);
  p.final_nifty_return_pct = st.column_double_or_null(11);
  p.days_held = st.column_int64_or_null(12);
  p.shares = st.column_int64_or_null(13);
  p.run_id = st.column_int64_or_null(14);
  p.stop_level = st.column_double_or_null(15);
  p.target_level = st.column_double_or_null(16);
  p.created_at = st.column_text(17);
  p.terms = st.column_text(18);
  return p;
}

Result<PositionFact> read_fact(const Statement& st, const std::string& path) {
  PositionFact f;
  f.id = st.column_int64(0);
  f.position_id = st.column_int64(1);
  const std::string kind = st.column_text(2);
  const auto parsed = parse_fact_kind(kind);
  if (!parsed) {
    return make_error("position_facts row id " + std::to_string(f.id) + ": unknown kind '" + kind +
                          "'",
                      path, 0, 0, "position_facts.kind");
  }
  f.kind = *parsed;
  if (!st.column_is_null(3)) {
    const std::string text = st.column_text(3);
    auto d = parse_iso_date(text);
    if (!d) {
      return make_error("position_facts row id " + std::to_string(f.id) + ": fact_date '" + text +
                            "' is not YYYY-MM-DD",
                        path, 0, 0, "position_facts.fact_date");
    }
    f.date = *d;
  }
  f.price = st.column_double_or_null(4);
  f.shares = st.column_int64_or_null(5);
  f.recorded_at = st.column_text(6);
  f.source = st.column_text(7);
  return f;
}

// Every fact of the book, attached to its position (oldest first). The table is small (a few
// rows per position the trader touched), so one query for all is simpler than one per row.
Status attach_facts(Database& db, std::vector<BookPosition>& book) {
  if (book.empty()) return {};
  auto st = db.prepare(
      "SELECT id, position_id, kind, fact_date, price, shares, recorded_at, source "
      "FROM position_facts ORDER BY position_id, id");
  if (!st) return tl::unexpected(std::move(st.error()));
  for (;;) {
    auto row = st->step();
    if (!row) return tl::unexpected(std::move(row.error()));
    if (!*row) break;
    auto fact = read_fact(*st, db.path());
    if (!fact) return tl::unexpected(std::move(fact.error()));
    for (BookPosition& p : book) {
      if (p.id == fact->position_id) p.facts.push_back(*fact);
    }
  }
  return {};
}

Result<std::vector<BookPosition>> read_all(Database& db, Statement& st) {
  std::vector<BookPosition> out;
  for (;;) {
    auto row = st.step();
    if (!row) return tl::unexpected(std::move(row.error()));
    if (!*row) break;
    auto p = read_row(st, db.path());
    if (!p) return tl::unexpected(std::move(p.error()));
    out.push_back(std::move(*p));
  }
  KISS_STORE_TRY(attach_facts(db, out));
  return out;
}

// Binds the fields of INSERT to parameters 1..17 (UPDATE leaves ?14, run_id, unused).
Status bind_fields(Statement& st, const BookPosition& p) {
  KISS_STORE_TRY(st.bind_text(1, p.symbol));
  KISS_STORE_TRY(st.bind_text(2, to_string(p.status)));
  KISS_STORE_TRY(st.bind_text(3, format_date(p.signal_date)));
  KISS_STORE_TRY(st.bind_text_or_null(4, date_or_empty(p.entry_date)));
  KISS_STORE_TRY(st.bind_double_or_null(5, p.entry_price));
  KISS_STORE_TRY(st.bind_text_or_null(6, date_or_empty(p.exit_date)));
  KISS_STORE_TRY(st.bind_double_or_null(7, p.exit_price));
  KISS_STORE_TRY(st.bind_text(8, rule_stack_to_json(p.rule_stack)));
  KISS_STORE_TRY(st.bind_double_or_null(9, p.final_return_pct));
  KISS_STORE_TRY(st.bind_text_or_null(10, p.exit_reason));
  KISS_STORE_TRY(st.bind_double_or_null(11, p.final_nifty_return_pct));
  KISS_STORE_TRY(st.bind_int64_or_null(12, p.days_held));
  KISS_STORE_TRY(st.bind_int64_or_null(13, p.shares));
  KISS_STORE_TRY(st.bind_int64_or_null(14, p.run_id));
  KISS_STORE_TRY(st.bind_double_or_null(15, p.stop_level));
  KISS_STORE_TRY(st.bind_double_or_null(16, p.target_level));
  KISS_STORE_TRY(st.bind_text_or_null(17, p.terms));
  return {};
}

Status with_symbol(Status st, const BookPosition& p) {
  if (!st) st.error().message = "position of " + p.symbol + ": " + st.error().message;
  return st;
}

}  // namespace

Result<std::int64_t> insert_position(Database& db, const BookPosition& p) {
  if (p.symbol.empty()) {
    return make_error("position symbol is empty", db.path(), 0, 0, "positions.symbol");
  }
  auto st = db.prepare(
      "INSERT INTO positions (symbol, status, signal_date, entry_date, entry_price, exit_date, "
      "exit_price, rule_stack_used, final_return_pct, exit_reason, final_nifty_return_pct, "
      "days_held, shares, run_id, stop_level, target_level, terms) VALUES (?1, ?2, ?3, ?4, ?5, "
      "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
  if (!st) return tl::unexpected(std::move(st.error()));
  KISS_STORE_TRY(bind_fields(*st, p));
  KISS_STORE_TRY(with_symbol(st->run(), p));
  return db.last_insert_rowid();
}

Status update_position(Database& db, const BookPosition& p) {
  auto st = db.prepare(
      "UPDATE positions SET symbol = ?1, status = ?2, signal_date = ?3, entry_date = ?4, "
      "entry_price = ?5, exit_date = ?6, exit_price = ?7, rule_stack_used = ?8, "
      "final_return_pct = ?9, exit_reason = ?10, final_nifty_return_pct = ?11, days_held = ?12, "
      "shares = ?13, stop_level = ?15, target_level = ?16, terms = ?17 "
      "WHERE id = ?18");  // ?14: run_id, kept
  if (!st) return tl::unexpected(std::move(st.error()));
  KISS_STORE_TRY(bind_fields(*st, p));
  KISS_STORE_TRY(st->bind_int64(18, p.id));
  KISS_STORE_TRY(with_symbol(st->run(), p));
  if (db.changes() != 1) {
    return make_error("position id " + std::to_string(p.id) + " (" + p.symbol + ") does not exist",
                      db.path(), 0, 0, "positions.id");
  }
  return {};
}

Result<std::optional<BookPosition>> active_position(Database& db, const std::string& symbol) {
  auto st = db.prepare(std::string(kColumns) +
                       "WHERE symbol = ?1 AND status IN ('PENDING', 'OPEN')");
  if (!st) return tl::unexpected(std::move(st.error()));
  KISS_STORE_TRY(st->bind_text(1, symbol));
  auto rows = read_all(db, *st);
  if (!rows) return tl::unexpected(std::move(rows.error()));
  if (rows->empty()) return std::optional<BookPosition>();
  return std::optional<BookPosition>(std::move(rows->front()));  // the unique index allows one
}

Result<std::vector<BookPosition>> active_positions(Database& db) {
  auto st = db.prepare(std::string(kColumns) +
                       "WHERE status IN ('PENDING', 'OPEN') ORDER BY symbol");
  if (!st) return tl::unexpected(std::move(st.error()));
  return read_all(db, *st);
}

Result<std::vector<BookPosition>> closed_positions(Database& db, Date from, Date to) {
  auto st = db.prepare(std::string(kColumns) +
                       "WHERE status = 'CLOSED' AND exit_date BETWEEN ?1 AND ?2 "
                       "ORDER BY exit_date, symbol, id");
  if (!st) return tl::unexpected(std::move(st.error()));
  KISS_STORE_TRY(st->bind_text(1, format_date(from)));
  KISS_STORE_TRY(st->bind_text(2, format_date(to)));
  return read_all(db, *st);
}

Result<std::vector<BookPosition>> positions_of_symbol(Database& db, const std::string& symbol) {
  auto st = db.prepare(std::string(kColumns) + "WHERE symbol = ?1 ORDER BY signal_date, id");
  if (!st) return tl::unexpected(std::move(st.error()));
  KISS_STORE_TRY(st->bind_text(1, symbol));
  return read_all(db, *st);
}

Result<std::vector<BookPosition>> positions_signalled_until(Database& db, Date until) {
  auto st = db.prepare(std::string(kColumns) +
                       "WHERE signal_date <= ?1 ORDER BY symbol, signal_date, id");
  if (!st) return tl::unexpected(std::move(st.error()));
  KISS_STORE_TRY(st->bind_text(1, format_date(until)));
  return read_all(db, *st);
}

Result<std::int64_t> insert_fact(Database& db, const PositionFact& f) {
  auto st = db.prepare(
      "INSERT INTO position_facts (position_id, kind, fact_date, price, shares, recorded_at, "
      "source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!st) return tl::unexpected(std::move(st.error()));
  KISS_STORE_TRY(st->bind_int64(1, f.position_id));
  KISS_STORE_TRY(st->bind_text(2, to_string(f.kind)));
  KISS_STORE_TRY(st->bind_text_or_null(3, date_or_empty(f.date)));
  KISS_STORE_TRY(st->bind_double_or_null(4, f.price));
  KISS_STORE_TRY(st->bind_int64_or_null(5, f.shares));
  KISS_STORE_TRY(st->bind_text(6, f.recorded_at));
  KISS_STORE_TRY(st->bind_text(7, f.source));
  KISS_STORE_TRY(st->run());
  return db.last_insert_rowid();
}

Result<std::vector<BookPosition>> all_positions(Database& db) {
  auto st = db.prepare(std::string(kColumns) + "ORDER BY symbol, signal_date, id");
  if (!st) return tl::unexpected(std::move(st.error()));
  return read_all(db, *st);
}

}  // namespace kiss::store
