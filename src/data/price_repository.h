// What the refresh step (data_source.h) needs from the price store, as an interface so data/
// does not depend on store/ (store::PriceStore implements it; tests use an in-memory fake).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "data/validate.h"
#include "util/date.h"
#include "util/error.h"

namespace kiss::data {

// One row of price_refresh: the last refresh attempt of a symbol.
struct RefreshRecord {
  std::string symbol;
  std::string source;             // "csv:<folder>" or "yahoo"
  std::string last_refresh;       // ISO timestamp (UTC) of the last successful refresh; "" never
  std::string last_attempt_date;  // trading date YYYY-MM-DD the last attempt was made for
  std::string status;             // "ok" | "failed"
  std::string message;            // reason of a failure, summary of a success
  std::vector<std::string> warnings;  // validation warnings of the last import
};

class PriceRepository {
 public:
  virtual ~PriceRepository() = default;
  // Date of the last stored bar of `symbol` (nullopt: none).
  virtual Result<std::optional<Date>> last_date(const std::string& symbol) = 0;
  virtual Result<std::optional<RefreshRecord>> refresh_record(const std::string& symbol) = 0;
  // Upserts the bars and writes the refresh record in ONE transaction.
  virtual Status save(const SymbolData& data, const RefreshRecord& record) = 0;
  // Writes the refresh record alone (a failed or empty attempt).
  virtual Status record_refresh(const RefreshRecord& record) = 0;
};

}  // namespace kiss::data
