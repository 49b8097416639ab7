// Writes the W2 workload of docs/performance.md (bench/w2_gen.h: 2,000 synthetic stocks x 20 years
// plus the synthetic benchmark "^NSEI") into a KISS Signal store through the product's own price
// store, and the universe file listing the stocks, so that bench/w2_run.sh can time a whole
// `run` over prices already in the store, as W1 does. Prints the last bar's date.
// Usage: w2_store DB_PATH UNIVERSE_CSV [STOCKS [YEARS]]
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "data/validate.h"
#include "store/database.h"
#include "store/price_store.h"
#include "util/date.h"
#include "w2_gen.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: w2_store DB_PATH UNIVERSE_CSV [STOCKS [YEARS]]\n");
    return 2;
  }
  const int stocks = argc > 3 ? std::atoi(argv[3]) : 2000;
  const int years = argc > 4 ? std::atoi(argv[4]) : 20;
  kiss::bench::Workload w = kiss::bench::generate_w2(stocks, years);

  auto db = kiss::store::Database::open(argv[1]);
  if (!db) {
    std::fprintf(stderr, "%s\n", db.error().to_string().c_str());
    return 1;
  }
  kiss::store::PriceStore prices(*db);
  std::ofstream universe(argv[2]);
  universe << "symbol\n";
  // Batches of 200 symbols per transaction keep the generated copies small.
  std::vector<kiss::data::SymbolData> batch;
  auto flush = [&]() -> bool {
    if (batch.empty()) return true;
    if (auto s = prices.save_all(batch); !s) {
      std::fprintf(stderr, "%s\n", s.error().to_string().c_str());
      return false;
    }
    batch.clear();
    return true;
  };
  auto add = [&](kiss::Bars&& b) -> bool {
    kiss::data::SymbolData d;
    d.adj_close = b.close;  // no corporate actions in synthetic data
    d.bars = std::move(b);
    batch.push_back(std::move(d));
    return batch.size() < 200 || flush();
  };
  const kiss::Date last = w.benchmark.date.back();
  if (!add(std::move(w.benchmark))) return 1;
  for (kiss::Bars& s : w.stocks) {
    universe << s.symbol << "\n";
    if (!add(std::move(s))) return 1;
  }
  if (!flush()) return 1;
  std::printf("%s\n", kiss::format_date(last).c_str());
  return 0;
}
