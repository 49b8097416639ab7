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

  // Upserts every symbol's bars in ONE transaction (all or nothing). Records are optional: when
  // given (same length as `symbols`) each is written in the same transaction.
  Status save_all(const std::vector<data::SymbolData>& symbols,
                  const std::vector<data::RefreshRecord>* records = nullptr);

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
  Status rebuild_columns(const std::string& symbol);
  // One symbol from the `prices` rows (the source of truth), dates <= until.
  Result<Bars> load_rows(const std::string& symbol, std::optional<Date> until);
  Status write_record(const data::RefreshRecord& record);

  Database* db_;
};

}  // namespace kiss::store
