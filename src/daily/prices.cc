#include "daily/prices.h"

#include <algorithm>
#include <optional>

#include "data/data_source.h"
#include "data/symbol_form.h"
#include "rules/catalog.h"
#include "store/price_store.h"

namespace kiss::daily {

namespace {

std::string skipped_text(const RunSetup& setup) {
  return std::string("Prices: refresh skipped (") +
         (setup.freeze ? "frozen at " + setup.freeze_text : std::string("--no-refresh")) + ")";
}

}  // namespace

RefreshSummary refresh_prices(const RunSetup& setup, const Request& request,
                              const std::vector<std::string>& wanted, data::PriceRepository& repo,
                              const Clock& clock, Events& events) {
  RefreshSummary summary;
  if (setup.freeze || request.no_refresh) {
    summary.text = skipped_text(setup);
    return summary;
  }
  data::RefreshOptions ro;
  ro.today = exchange_today(clock);
  ro.now_iso = utc_timestamp_ms(clock);
  int done = 0;
  const int total = static_cast<int>(wanted.size());
  ro.on_symbol = [&](const data::SymbolRefresh&) { events.progress(++done, total); };
  const auto refreshed = data::refresh(setup.config, repo, wanted, ro);
  events.end_progress();
  const data::RefreshSummary s = data::summarize(refreshed, ro.today);
  for (const std::string& line : s.lines) {
    events.warn(line);
    summary.warnings.push_back(line);
  }
  summary.text = s.headline;
  return summary;
}

std::vector<std::string> benchmark_readers(const RuleSet& rules) {
  std::vector<std::string> out;
  const auto add = [&out](const char* kind, const std::vector<RuleInstance>& list) {
    for (const RuleInstance& r : list) {
      const RuleSpec* spec = find_rule(r.type);
      if (spec != nullptr && spec->uses_benchmark)
        out.push_back(std::string(kind) + " " + r.name + " (" + r.type + ")");
    }
  };
  add("context filter", rules.context_filters);
  add("precondition", rules.preconditions);
  add("entry", rules.baseline.entries);
  for (const Stack& layer : rules.layers) add("layer", layer.entries);
  add("exit", rules.exit_conditions);
  return out;
}

std::string benchmark_ends_early_text(const std::string& benchmark, Date benchmark_end,
                                      Date stocks_end, const RuleSet& rules) {
  const int behind = weekdays_after(benchmark_end, stocks_end);
  std::string text = "benchmark " + benchmark + " ends " + format_date(benchmark_end) + ", " +
                     std::to_string(behind) + " trading day" + (behind == 1 ? "" : "s") +
                     " before the stocks' last bar " + format_date(stocks_end);
  const std::vector<std::string> readers = benchmark_readers(rules);
  if (readers.empty()) return text + ": no rule reads it (only the report's NIFTY comparison)";
  text += ": after it these rules are false (they read the benchmark's bar of the day): ";
  bool blocks_buys = false;
  for (std::size_t i = 0; i < readers.size(); ++i) {
    text += (i > 0 ? ", " : "") + readers[i];
    blocks_buys = blocks_buys || readers[i].rfind("exit ", 0) != 0;
  }
  return text + (blocks_buys ? "; so no stock can signal a buy" : "");
}

std::optional<std::string> stale_warning(const RunSetup& setup, const Market& market, Date today) {
  if (setup.freeze || market.market_date == 0) return std::nullopt;
  auto note = data::stale_note(market.market_date, today);
  if (!note) return std::nullopt;
  return "prices are stale: " + *note + "; the signals are as of " +
         format_date(market.market_date) + " (refresh with `data fetch` or `data import`)";
}

Status check_no_future_bars(const RunSetup& setup, const std::vector<std::string>& wanted,
                            data::PriceRepository& repo, Date today) {
  if (setup.freeze) return {};
  for (const std::string& symbol : wanted) {
    auto last = repo.last_date(symbol);
    if (!last) return tl::unexpected(std::move(last.error()));
    if (!*last || **last <= today) continue;
    std::string text = symbol + ": the store holds bars after today (" + format_date(today) +
                       ", Asia/Kolkata), the last dated " + format_date(**last);
    text += "; a bar cannot be dated in the future: remove them with `kiss-signal data delete ";
    text += symbol + " --from " + format_date(today + 1) + "`";
    return make_error(std::move(text));
  }
  return {};
}

Status check_sources(const RunSetup& setup, data::PriceRepository& repo, Events& events) {
  auto bad = data::unsourced_symbols(setup.universe, setup.config.universe_path, &repo);
  if (!bad) return tl::unexpected(std::move(bad.error()));
  if (bad->empty()) return {};
  for (std::size_t i = 0; i + 1 < bad->size(); ++i) events.error((*bad)[i].to_string());
  return tl::unexpected(std::move(bad->back()));
}

Market index_market(const RunSetup& setup, const std::vector<std::string>& wanted,
                    std::vector<Bars> loaded, Events& events) {
  Market m;
  m.loaded = std::move(loaded);
  auto warn = [&](std::string text) {
    events.warn(text);
    m.warnings.push_back(std::move(text));
  };
  const std::string& benchmark = setup.config.benchmark_symbol;
  for (std::size_t i = 0; i < wanted.size() && i < m.loaded.size(); ++i) {
    const Bars& b = m.loaded[i];
    if (wanted[i] == benchmark) {
      if (!b.empty()) m.benchmark = &b;
      if (i >= setup.universe.size()) continue;  // the benchmark is not itself in the universe
    }
    if (b.empty()) {
      warn(wanted[i] + ": no prices in the store; skipped");
      continue;
    }
    m.bars_of[wanted[i]] = &b;
    m.stocks.push_back(&b);
    m.market_date = std::max(m.market_date, b.date.back());
  }
  if (m.benchmark == nullptr) {
    warn("benchmark " + benchmark + " has no prices in the store");
  } else if (m.benchmark->date.back() < m.market_date) {
    warn(
        benchmark_ends_early_text(benchmark, m.benchmark->date.back(), m.market_date, setup.rules));
  }
  m.data_date = setup.freeze ? *setup.freeze : m.market_date;
  return m;
}

Result<Market> load_market(const RunSetup& setup, const std::vector<std::string>& wanted,
                           store::PriceStore& prices, Events& events) {
  auto loaded = prices.load_many(wanted, setup.freeze);
  if (!loaded) return tl::unexpected(std::move(loaded.error()));
  Market m = index_market(setup, wanted, std::move(*loaded), events);
  if (m.stocks.empty()) {
    return make_error("no prices in the store for any of the " +
                      std::to_string(setup.universe.size()) + " universe symbols" +
                      (setup.freeze ? " up to " + setup.freeze_text : std::string()) +
                      ": nothing to analyse (get prices with `data fetch` or `data import`)");
  }
  return m;
}

}  // namespace kiss::daily
