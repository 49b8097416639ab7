// The price store (docs/data.md): every SQL statement on `prices` and `price_refresh`.
// Dates are INTEGER days since 1970-01-01 in a WITHOUT ROWID table keyed (symbol, date), so one
// symbol's bars are one contiguous range of the primary key and load in date order.
//
// Freeze date (docs/data.md) is enforced where data enters the program: every loader takes
// `until` and never returns a bar dated after it.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "data/price_repository.h"
#include "store/database.h"
#include "util/bars.h"
#include "util/date.h"
#include "util/error.h"

namespace kiss::store {

// One line of `data status`.
struct PriceStatus {
  std::string symbol;
  std::optional<Date> first, last;  // nullopt: no bars stored (only a refresh record)
  std::size_t bars = 0;
  std::size_t gaps = 0;  // gaps of more than 7 calendar days between consecutive bars
  std::optional<data::RefreshRecord> refresh;
};

class PriceStore final : public data::PriceRepository {
 public:
  explicit PriceStore(Database& db) noexcept : db_(&db) {}

  // How save_all treats the bars already stored for a symbol it saves.
  enum class Mode {
    kMerge,    // upsert by date: a stored bar the new data lacks is kept (import, refresh)
    kReplace,  // every stored bar of the symbol goes first: the symbol holds exactly the new
               // bars (`data import --replace`, docs/data.md)
  };

  // Saves every symbol's bars in ONE transaction (all or nothing). Records are optional: when
  // given (same length as `symbols`) each is written in the same transaction.
  Status save_all(const std::vector<data::SymbolData>& symbols,
                  const std::vector<data::RefreshRecord>* records = nullptr,
                  Mode mode = Mode::kMerge);

  // What delete_bars removed.
  struct Deleted {
    std::size_t bars = 0;
    Date first = 0, last = 0;   // the first and last date removed
    std::size_t remaining = 0;  // bars of the symbol still stored
    // Signal dates of the symbol's PENDING or OPEN positions whose signal bar was removed: the
    // next run cannot replay them (docs/data.md) until the bar is stored again.
    std::vector<std::string> orphaned_signals;
  };
  // Removes the stored bars of `symbol` dated from..to (both inclusive; an absent bound is
  // open), in ONE transaction with the column cache. A symbol without stored bars, from > to,
  // or no bar in the range is an error (kBadInput) and nothing changes.
  Result<Deleted> delete_bars(const std::string& symbol, std::optional<Date> from,
                              std::optional<Date> to);

  // One symbol's bars in date order, only dates <= until when given. Unknown symbol: empty Bars.
  Result<Bars> load(const std::string& symbol, std::optional<Date> until = std::nullopt);

  // Several symbols in ONE ordered query; result[i] belongs to symbols[i] (empty if unknown).
  Result<std::vector<Bars>> load_many(const std::vector<std::string>& symbols,
                                      std::optional<Date> until = std::nullopt);

  // Every symbol with bars or a refresh record, in symbol order.
  Result<std::vector<PriceStatus>> status(int max_gap_days = 7);

  // data::PriceRepository
  Result<std::optional<Date>> last_date(const std::string& symbol) override;
  Result<std::optional<data::RefreshRecord>> refresh_record(const std::string& symbol) override;
  Status save(const data::SymbolData& data, const data::RefreshRecord& record) override;
  Status record_refresh(const data::RefreshRecord& record) override;

 private:
  Status upsert_bars(const data::SymbolData& data);
  Status delete_rows(const std::string& symbol, Date from, Date to);
  Status rebuild_columns(const std::string& symbol);
  // One symbol from the `prices` rows (the source of truth), dates <= until.
  Result<Bars> load_rows(const std::string& symbol, std::optional<Date> until);
  Status write_record(const data::RefreshRecord& record);

  Database* db_;
};

}  // namespace kiss::store
