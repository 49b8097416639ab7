#include "store/price_store.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <map>
#include <span>

#include <nlohmann/json.hpp>

namespace kiss::store {
namespace {

constexpr std::string_view kUpsert =
    "INSERT INTO prices(symbol, date, open, high, low, close, volume, adj_close) "
    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
    "ON CONFLICT(symbol, date) DO UPDATE SET open = excluded.open, high = excluded.high, "
    "low = excluded.low, close = excluded.close, volume = excluded.volume, "
    "adj_close = excluded.adj_close";

constexpr std::string_view kUpsertRecord =
    "INSERT INTO price_refresh(symbol, source, last_refresh, last_attempt_date, status, message, "
    "warnings) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) "
    "ON CONFLICT(symbol) DO UPDATE SET source = excluded.source, "
    "last_refresh = COALESCE(excluded.last_refresh, price_refresh.last_refresh), "
    "last_attempt_date = excluded.last_attempt_date, status = excluded.status, "
    "message = excluded.message, warnings = excluded.warnings";

// Until as a bound value: no freeze date means "every bar".
std::int64_t until_value(std::optional<Date> until) {
  return until ? static_cast<std::int64_t>(*until) : std::int64_t{INT32_MAX};
}

// Reads (date, open, high, low, close, volume) starting at column `first` into bars.
void push_row(const Statement& st, int first, Bars& bars) {
  bars.push_back(static_cast<Date>(st.column_int64(first)), st.column_double(first + 1),
                 st.column_double(first + 2), st.column_double(first + 3),
                 st.column_double(first + 4), st.column_double(first + 5));
}

// The column cache (schema v3): each column one packed array in host byte order, which the
// build pins to little-endian so a file moves between machines unchanged.
static_assert(std::endian::native == std::endian::little, "price_columns assumes little-endian");

template <class T>
std::span<const T> as_span(std::span<const std::byte> blob) {
  return {reinterpret_cast<const T*>(blob.data()), blob.size() / sizeof(T)};
}

template <class T>
void assign(std::vector<T>& out, std::span<const std::byte> blob, std::size_t n) {
  out.resize(n);
  if (n > 0) std::memcpy(out.data(), blob.data(), n * sizeof(T));
}

data::RefreshRecord record_from(const Statement& st, int first) {
  data::RefreshRecord r;
  r.symbol = st.column_text(first);
  r.source = st.column_text(first + 1);
  r.last_refresh = st.column_text(first + 2);
  r.last_attempt_date = st.column_text(first + 3);
  r.status = st.column_text(first + 4);
  r.message = st.column_text(first + 5);
  const std::string w = st.column_text(first + 6);
  if (!w.empty()) {
    // Written by write_record only; a foreign value that is not a JSON array of strings is kept
    // visible as one warning rather than dropped.
    const nlohmann::json j = nlohmann::json::parse(w, nullptr, /*allow_exceptions=*/false);
    if (j.is_array()) {
      for (const auto& e : j) r.warnings.push_back(e.is_string() ? e.get<std::string>() : e.dump());
    } else {
      r.warnings.push_back(w);
    }
  }
  return r;
}

}  // namespace

Status PriceStore::upsert_bars(const data::SymbolData& data) {
  auto st = db_->prepare(kUpsert);
  if (!st) return tl::unexpected(st.error());
  const Bars& b = data.bars;
  for (std::size_t i = 0; i < b.size(); ++i) {
    st->reset();
    Status s = st->bind_text(1, b.symbol);
    if (s) s = st->bind_int64(2, b.date[i]);
    if (s) s = st->bind_double(3, b.open[i]);
    if (s) s = st->bind_double(4, b.high[i]);
    if (s) s = st->bind_double(5, b.low[i]);
    if (s) s = st->bind_double(6, b.close[i]);
    if (s) s = st->bind_double(7, b.volume[i]);
    if (s) {
      const bool has_adj = i < data.adj_close.size() && !std::isnan(data.adj_close[i]);
      s = has_adj ? st->bind_double(8, data.adj_close[i]) : st->bind_null(8);
    }
    if (s) s = st->run();
    if (!s) {
      Error e = s.error();
      e.message = "saving " + b.symbol + " " + format_date(b.date[i]) + ": " + e.message;
      return tl::unexpected(std::move(e));
    }
  }
  return rebuild_columns(b.symbol);
}

Status PriceStore::delete_rows(const std::string& symbol, Date from, Date to) {
  auto st = db_->prepare("DELETE FROM prices WHERE symbol = ?1 AND date BETWEEN ?2 AND ?3");
  if (!st) return tl::unexpected(st.error());
  Status s = st->bind_text(1, symbol);
  if (s) s = st->bind_int64(2, from);
  if (s) s = st->bind_int64(3, to);
  if (s) s = st->run();
  return s;
}

// Invariant: price_columns holds exactly the rows of `prices` for every symbol it lists. Every
// write to prices goes through upsert_bars or delete_bars, which call this in the same
// transaction. A symbol left without bars loses its cache row.
Status PriceStore::rebuild_columns(const std::string& symbol) {
  auto rows = load_rows(symbol, std::nullopt);
  if (!rows) return tl::unexpected(rows.error());
  const Bars& b = *rows;
  if (b.empty()) {
    auto del = db_->prepare("DELETE FROM price_columns WHERE symbol = ?1");
    if (!del) return tl::unexpected(del.error());
    Status s = del->bind_text(1, symbol);
    if (s) s = del->run();
    return s;
  }
  auto st = db_->prepare(
      "INSERT OR REPLACE INTO price_columns(symbol, bars, first_date, last_date, date, open, "
      "high, low, close, volume) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  if (!st) return tl::unexpected(st.error());
  Status s = st->bind_text(1, symbol);
  if (s) s = st->bind_int64(2, static_cast<std::int64_t>(b.size()));
  if (s) s = b.empty() ? st->bind_null(3) : st->bind_int64(3, b.date.front());
  if (s) s = b.empty() ? st->bind_null(4) : st->bind_int64(4, b.date.back());
  if (s) s = st->bind_blob(5, b.date.data(), b.size() * sizeof(Date));
  const std::vector<double>* cols[] = {&b.open, &b.high, &b.low, &b.close, &b.volume};
  for (int k = 0; k < 5 && s; ++k) {
    const auto& c = *cols[k];
    s = st->bind_blob(6 + k, c.data(), c.size() * sizeof(double));
  }
  if (s) s = st->run();
  return s;
}

Status PriceStore::write_record(const data::RefreshRecord& r) {
  auto st = db_->prepare(kUpsertRecord);
  if (!st) return tl::unexpected(st.error());
  const std::string warnings = nlohmann::json(r.warnings).dump();
  Status s = st->bind_text(1, r.symbol);
  if (s) s = st->bind_text(2, r.source);
  if (s) s = r.last_refresh.empty() ? st->bind_null(3) : st->bind_text(3, r.last_refresh);
  if (s) s = st->bind_text(4, r.last_attempt_date);
  if (s) s = st->bind_text(5, r.status);
  if (s) s = st->bind_text(6, r.message);
  if (s) s = st->bind_text(7, warnings);
  if (s) s = st->run();
  return s;
}

Status PriceStore::save_all(const std::vector<data::SymbolData>& symbols,
                            const std::vector<data::RefreshRecord>* records, Mode mode) {
  if (records != nullptr && records->size() != symbols.size())
    return make_error("internal: refresh records do not match the symbols", db_->path());
  auto tx = Transaction::begin(*db_);
  if (!tx) return tl::unexpected(tx.error());
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    if (mode == Mode::kReplace) {
      if (auto s = delete_rows(symbols[i].bars.symbol, INT32_MIN, INT32_MAX); !s) return s;
    }
    if (auto s = upsert_bars(symbols[i]); !s) return s;  // the transaction rolls back
    if (records != nullptr) {
      if (auto s = write_record((*records)[i]); !s) return s;
    }
  }
  return tx->commit();
}

Result<PriceStore::Deleted> PriceStore::delete_bars(const std::string& symbol,
                                                    std::optional<Date> from,
                                                    std::optional<Date> to) {
  const Date lo = from.value_or(INT32_MIN);
  const Date hi = to.value_or(INT32_MAX);
  if (lo > hi) {
    return make_error("--from " + format_date(lo) + " is after --to " + format_date(hi) +
                          ": the range is empty, nothing deleted",
                      {}, 0, 0, symbol);
  }
  auto tx = Transaction::begin(*db_);
  if (!tx) return tl::unexpected(tx.error());
  Deleted out;
  {
    auto st = db_->prepare(
        "SELECT COUNT(*), MIN(date), MAX(date), "
        "(SELECT COUNT(*) FROM prices WHERE symbol = ?1) FROM prices "
        "WHERE symbol = ?1 AND date BETWEEN ?2 AND ?3");
    if (!st) return tl::unexpected(st.error());
    Status s = st->bind_text(1, symbol);
    if (s) s = st->bind_int64(2, lo);
    if (s) s = st->bind_int64(3, hi);
    if (!s) return tl::unexpected(s.error());
    auto row = st->step();
    if (!row) return tl::unexpected(row.error());
    out.bars = static_cast<std::size_t>(st->column_int64(0));
    const auto total = static_cast<std::size_t>(st->column_int64(3));
    if (total == 0) {
      return make_error("no bars of '" + symbol + "' are stored (see `kiss-signal data status`)",
                        db_->path(), 0, 0, symbol);
    }
    if (out.bars == 0) {
      return make_error("no bar of '" + symbol + "' is dated " +
                            (from ? "from " + format_date(lo) : std::string("up")) +
                            (to ? " to " + format_date(hi) : std::string(" onwards")) +
                            ": nothing deleted",
                        db_->path(), 0, 0, symbol);
    }
    out.first = static_cast<Date>(st->column_int64(1));
    out.last = static_cast<Date>(st->column_int64(2));
    out.remaining = total - out.bars;
  }
  {
    // Read, not written: positions are the book's (store/positions.h); this only warns.
    auto st = db_->prepare(
        "SELECT signal_date FROM positions WHERE symbol = ?1 AND status IN ('PENDING', 'OPEN') "
        "AND signal_date BETWEEN ?2 AND ?3 ORDER BY signal_date");
    if (!st) return tl::unexpected(st.error());
    Status s = st->bind_text(1, symbol);
    if (s) s = st->bind_text(2, format_date(out.first));
    if (s) s = st->bind_text(3, format_date(out.last));
    if (!s) return tl::unexpected(s.error());
    while (true) {
      auto row = st->step();
      if (!row) return tl::unexpected(row.error());
      if (!*row) break;
      out.orphaned_signals.push_back(st->column_text(0));
    }
  }
  if (auto s = delete_rows(symbol, lo, hi); !s) return tl::unexpected(s.error());
  if (auto s = rebuild_columns(symbol); !s) return tl::unexpected(s.error());
  if (auto s = tx->commit(); !s) return tl::unexpected(s.error());
  return out;
}

Status PriceStore::save(const data::SymbolData& data, const data::RefreshRecord& record) {
  auto tx = Transaction::begin(*db_);
  if (!tx) return tl::unexpected(tx.error());
  if (auto s = upsert_bars(data); !s) return s;
  if (auto s = write_record(record); !s) return s;
  return tx->commit();
}

Status PriceStore::record_refresh(const data::RefreshRecord& record) {
  return write_record(record);
}

Result<Bars> PriceStore::load(const std::string& symbol, std::optional<Date> until) {
  auto many = load_many({symbol}, until);
  if (!many) return tl::unexpected(many.error());
  return std::move(many->front());
}

Result<Bars> PriceStore::load_rows(const std::string& symbol, std::optional<Date> until) {
  auto st = db_->prepare(
      "SELECT date, open, high, low, close, volume FROM prices "
      "WHERE symbol = ?1 AND date <= ?2 ORDER BY date");
  if (!st) return tl::unexpected(st.error());
  if (auto s = st->bind_text(1, symbol); !s) return tl::unexpected(s.error());
  if (auto s = st->bind_int64(2, until_value(until)); !s) return tl::unexpected(s.error());
  Bars bars;
  bars.symbol = symbol;
  bars.reserve(1024);
  while (true) {
    auto row = st->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) break;
    push_row(*st, 0, bars);
  }
  return bars;
}

Result<std::vector<Bars>> PriceStore::load_many(const std::vector<std::string>& symbols,
                                                std::optional<Date> until) {
  std::vector<Bars> out(symbols.size());
  std::map<std::string, std::vector<std::size_t>> slots;  // a symbol may be asked twice
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    out[i].symbol = symbols[i];
    slots[symbols[i]].push_back(i);
  }
  if (symbols.empty()) return out;
  // One query for all symbols over the column cache: one row per symbol.
  auto st = db_->prepare(
      "SELECT symbol, bars, date, open, high, low, close, volume FROM price_columns "
      "WHERE symbol IN (SELECT value FROM json_each(?1))");
  if (!st) return tl::unexpected(st.error());
  if (auto s = st->bind_text(1, nlohmann::json(symbols).dump()); !s)
    return tl::unexpected(s.error());
  std::map<std::string, bool> found;
  while (true) {
    auto row = st->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) break;
    const std::string sym = st->column_text(0);
    const auto it = slots.find(sym);
    if (it == slots.end()) continue;
    const auto n = static_cast<std::size_t>(st->column_int64(1));
    const auto date = st->column_blob(2);
    if (date.size() != n * sizeof(Date)) {
      return make_error("price_columns of '" + sym + "' is inconsistent (" +
                            std::to_string(date.size()) + " bytes of dates for " +
                            std::to_string(n) + " bars)",
                        db_->path(), 0, 0, "price_columns");
    }
    Bars& dst = out[it->second.front()];
    assign(dst.date, date, n);
    std::vector<double>* cols[] = {&dst.open, &dst.high, &dst.low, &dst.close, &dst.volume};
    for (int k = 0; k < 5; ++k) {
      const auto blob = st->column_blob(3 + k);
      if (blob.size() != n * sizeof(double)) {
        return make_error("price_columns of '" + sym + "' is inconsistent", db_->path(), 0, 0,
                          "price_columns");
      }
      assign(*cols[k], blob, n);
    }
    // The freeze date is enforced here, where the data enters: no later bar leaves the store.
    if (until) dst.truncate_after(*until);
    found[sym] = true;
  }
  // Symbols without a cache row (a database written before schema v3): read the rows.
  for (const auto& [sym, idx] : slots) {
    if (found.count(sym) == 0) {
      auto rows = load_rows(sym, until);
      if (!rows) return tl::unexpected(rows.error());
      out[idx.front()] = std::move(*rows);
    }
    for (std::size_t k = 1; k < idx.size(); ++k) out[idx[k]] = out[idx[0]];
  }
  return out;
}

}  // namespace kiss::store

namespace kiss::store {

Result<std::optional<Date>> PriceStore::last_date(const std::string& symbol) {
  auto st = db_->prepare("SELECT MAX(date) FROM prices WHERE symbol = ?1");
  if (!st) return tl::unexpected(st.error());
  if (auto s = st->bind_text(1, symbol); !s) return tl::unexpected(s.error());
  auto row = st->step();
  if (!row) return tl::unexpected(row.error());
  if (!*row || st->column_is_null(0)) return std::optional<Date>{};
  return std::optional<Date>{static_cast<Date>(st->column_int64(0))};
}

Result<std::optional<data::RefreshRecord>> PriceStore::refresh_record(const std::string& symbol) {
  auto st = db_->prepare(
      "SELECT symbol, source, last_refresh, last_attempt_date, status, message, warnings "
      "FROM price_refresh WHERE symbol = ?1");
  if (!st) return tl::unexpected(st.error());
  if (auto s = st->bind_text(1, symbol); !s) return tl::unexpected(s.error());
  auto row = st->step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::optional<data::RefreshRecord>{};
  return std::optional<data::RefreshRecord>{record_from(*st, 0)};
}

Result<std::vector<PriceStatus>> PriceStore::status(int max_gap_days) {
  std::map<std::string, PriceStatus> by_symbol;
  {
    // Per symbol: first/last date, bar count, and the number of gaps (LAG over the key order).
    auto st = db_->prepare(
        "SELECT symbol, MIN(date), MAX(date), COUNT(*), SUM(gap > ?1) FROM ("
        "  SELECT symbol, date, date - LAG(date) OVER (PARTITION BY symbol ORDER BY date) AS gap"
        "  FROM prices) GROUP BY symbol ORDER BY symbol");
    if (!st) return tl::unexpected(st.error());
    if (auto s = st->bind_int64(1, max_gap_days); !s) return tl::unexpected(s.error());
    while (true) {
      auto row = st->step();
      if (!row) return tl::unexpected(row.error());
      if (!*row) break;
      PriceStatus p;
      p.symbol = st->column_text(0);
      p.first = static_cast<Date>(st->column_int64(1));
      p.last = static_cast<Date>(st->column_int64(2));
      p.bars = static_cast<std::size_t>(st->column_int64(3));
      p.gaps = static_cast<std::size_t>(st->column_int64(4));
      by_symbol[p.symbol] = std::move(p);
    }
  }
  auto st = db_->prepare(
      "SELECT symbol, source, last_refresh, last_attempt_date, status, message, warnings "
      "FROM price_refresh ORDER BY symbol");
  if (!st) return tl::unexpected(st.error());
  while (true) {
    auto row = st->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) break;
    data::RefreshRecord r = record_from(*st, 0);
    PriceStatus& p = by_symbol[r.symbol];
    p.symbol = r.symbol;
    p.refresh = std::move(r);
  }
  std::vector<PriceStatus> out;
  out.reserve(by_symbol.size());
  for (auto& [sym, p] : by_symbol) out.push_back(std::move(p));
  return out;
}

}  // namespace kiss::store
