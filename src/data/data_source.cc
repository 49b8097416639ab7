#include "data/data_source.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "data/import.h"
#include "data/yahoo.h"
#include "util/crash_point.h"

namespace kiss::data {
namespace {

using State = SymbolRefresh::State;

// Failure: record it, keep the cached bars. Stale when something is cached.
SymbolRefresh fail(PriceRepository& repo, const std::string& symbol, const std::string& source,
                   const RefreshOptions& o, std::string reason) {
  SymbolRefresh r;
  r.symbol = symbol;
  r.reason = std::move(reason);
  auto last = repo.last_date(symbol);
  if (last && *last) {
    r.state = State::kStale;
    r.last_bar = *last;
  }
  RefreshRecord rec;
  rec.symbol = symbol;
  rec.source = source;
  rec.last_attempt_date = format_date(o.today);
  rec.status = "failed";
  rec.message = r.reason;
  if (auto s = repo.record_refresh(rec); !s)
    r.reason += " (and recording it failed: " + s.error().to_string() + ")";
  return r;
}

SymbolRefresh saved(PriceRepository& repo, const SymbolData& data, const std::string& source,
                    const RefreshOptions& o, std::size_t new_bars, std::string what) {
  RefreshRecord rec;
  rec.symbol = data.bars.symbol;
  rec.source = source;
  rec.last_refresh = o.now_iso;
  rec.last_attempt_date = format_date(o.today);
  rec.status = "ok";
  rec.message = what;
  rec.warnings = data.warnings;
  crash_point("refresh.before_save");  // kill -9 test instants (util/crash_point.h)
  if (auto s = repo.save(data, rec); !s)
    return fail(repo, data.bars.symbol, source, o, "saving failed: " + s.error().to_string());
  crash_point("refresh.after_save");
  SymbolRefresh r;
  r.symbol = data.bars.symbol;
  r.state = State::kOk;
  r.reason = std::move(what);
  r.new_bars = new_bars;
  r.warnings = data.warnings;
  auto last = repo.last_date(data.bars.symbol);
  if (last) r.last_bar = *last;
  return r;
}

// Already refreshed successfully for this trading day?
std::optional<SymbolRefresh> done_today(PriceRepository& repo, const std::string& symbol,
                                        const RefreshOptions& o) {
  if (o.force) return std::nullopt;
  auto rec = repo.refresh_record(symbol);
  if (!rec || !*rec || (*rec)->status != "ok" || (*rec)->last_attempt_date != format_date(o.today))
    return std::nullopt;
  SymbolRefresh r;
  r.symbol = symbol;
  r.state = State::kOk;
  r.reason = "already refreshed for " + format_date(o.today);
  r.warnings = (*rec)->warnings;
  auto last = repo.last_date(symbol);
  if (last) r.last_bar = *last;
  return r;
}

SymbolRefresh refresh_yahoo_one(const Config& config, PriceRepository& repo,
                                const std::string& symbol, const RefreshOptions& o,
                                NetworkBreaker& breaker) {
  const std::string source = "yahoo";
  const DataSource& ds = config.data_source;
  YahooOptions yo;
  yo.base_url = ds.base_url;
  yo.suffix = ds.suffix;
  yo.http.timeout_s = ds.timeout_seconds;
  yo.http.connect_timeout_s = std::min(10.0, ds.timeout_seconds);
  yo.retries = ds.retries;
  yo.backoff_s = o.backoff_s;

  auto last = repo.last_date(symbol);
  if (!last) return fail(repo, symbol, source, o, last.error().to_string());
  // A full history covers the discovery years plus one year of indicator warm-up.
  const Date full_from = o.today - (config.historical_data_years + 1) * 366;
  Date from = *last ? **last : full_from;
  if (from > o.today) return fail(repo, symbol, source, o, "last stored bar is after today");
  auto chart = fetch_chart(yo, symbol, from, o.today, &breaker);
  if (!chart) return fail(repo, symbol, source, o, chart.error().message);
  bool full = !*last;
  if (*last && (chart->splits > 0 || chart->dividends > 0)) {
    // The adjustment of every earlier bar changed: download the whole history again.
    from = std::min(full_from, from);
    chart = fetch_chart(yo, symbol, from, o.today, &breaker);
    if (!chart) return fail(repo, symbol, source, o, chart.error().message);
    full = true;
  }
  // The same cross-row checks as a CSV import (gaps, jumps); the bar-count floor applies only to
  // a full history (an incremental update is one or a few bars).
  std::vector<Row> rows;
  rows.reserve(chart->bars.size());
  for (std::size_t i = 0; i < chart->bars.size(); ++i) {
    Row r;
    r.date = chart->bars.date[i];
    r.open = chart->bars.open[i];
    r.high = chart->bars.high[i];
    r.low = chart->bars.low[i];
    r.close = chart->bars.close[i];
    r.volume = chart->bars.volume[i];
    r.adj_close = chart->adj_close[i];
    rows.push_back(r);
  }
  ValidateOptions vo;
  if (!full) vo.min_bars = 0;
  vo.today = o.today;
  const std::vector<std::string> files = {"yahoo:" + yahoo_ticker(symbol, ds.suffix)};
  Validated v = validate_symbol(symbol, std::move(rows), files, vo);
  if (!v.data) return fail(repo, symbol, source, o, v.issues.back().message);
  // A bar the server dates after today: nothing of this response is stored.
  if (const Issue* e = first_error(v.issues)) return fail(repo, symbol, source, o, e->message);
  for (const std::string& skip : chart->out_of_order)
    v.data->warnings.push_back("skipped bar " + skip);
  if (chart->null_bars > 0)
    v.data->warnings.push_back(fmt::format("{} bars with null values skipped", chart->null_bars));
  std::size_t new_bars = 0;
  for (Date d : v.data->bars.date)
    if (!*last || d > **last) ++new_bars;
  const std::string what = full ? fmt::format("{} bars downloaded (full history)",
                                              v.data->bars.size())
                                : fmt::format("{} new bars", new_bars);
  return saved(repo, *v.data, source, o, new_bars, what);
}

std::vector<SymbolRefresh> refresh_csv(const Config& config, PriceRepository& repo,
                                       const std::vector<std::string>& symbols,
                                       const RefreshOptions& o) {
  const std::string folder = config.data_source.path;
  const std::string source = "csv:" + folder;
  std::vector<Issue> issues;
  const std::vector<CsvSource> all = collect_sources({folder}, std::nullopt, issues);
  std::vector<SymbolRefresh> out;
  // Sources per symbol (stem or sub-folder name).
  std::map<std::string, std::vector<CsvSource>> by_symbol;
  for (const CsvSource& s : all) {
    std::string sym = s.symbol ? *s.symbol : std::filesystem::path(s.path).stem().string();
    by_symbol[sym].push_back(CsvSource{s.path, sym});
  }
  for (const std::string& symbol : symbols) {
    SymbolRefresh r;
    if (auto d = done_today(repo, symbol, o)) {
      r = std::move(*d);
    } else if (!issues.empty() && by_symbol.empty()) {
      r = fail(repo, symbol, source, o, issues.front().to_string());
    } else if (const auto it = by_symbol.find(symbol); it == by_symbol.end()) {
      std::string reason = "no CSV file for " + symbol;
      r = fail(repo, symbol, source, o, reason.append(" in ").append(folder));
    } else {
      ValidateOptions vo;
      vo.today = o.today;
      ImportSummary s = import_sources(it->second, vo);
      if (const Issue* e = first_error(s.issues)) {
        std::string msg = e->to_string();
        if (s.count(Issue::Kind::kError) > 1)
          msg += fmt::format(" (and {} more errors)", s.count(Issue::Kind::kError) - 1);
        r = fail(repo, symbol, source, o, msg);
      } else if (s.symbols.size() != 1 || s.symbols[0].bars.symbol != symbol) {
        std::string msg = "no valid bars";
        for (const Issue& i : s.issues)
          if (i.kind == Issue::Kind::kWarning && i.line == 0) msg = i.message;
        r = fail(repo, symbol, source, o, msg);
      } else {
        const SymbolData& data = s.symbols[0];
        auto last = repo.last_date(symbol);
        std::size_t new_bars = 0;
        for (Date d : data.bars.date)
          if (!last || !*last || d > **last) ++new_bars;
        r = saved(repo, data, source, o, new_bars,
                  fmt::format("{} bars imported, {} new", data.bars.size(), new_bars));
      }
    }
    if (o.on_symbol) o.on_symbol(r);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

const char* to_string(SymbolRefresh::State s) noexcept {
  switch (s) {
    case State::kOk: return "ok";
    case State::kStale: return "stale";
    case State::kFailed: return "failed";
  }
  return "failed";
}

std::vector<SymbolRefresh> refresh(const Config& config, PriceRepository& repo,
                                   const std::vector<std::string>& symbols,
                                   const RefreshOptions& o) {
  if (config.data_source.type == DataSource::Type::kCsv)
    return refresh_csv(config, repo, symbols, o);
  std::vector<SymbolRefresh> out;
  const double delay = o.delay_between_symbols.value_or(config.data_source.delay_between_symbols);
  bool fetched_before = false;
  NetworkBreaker breaker;
  // Symbols (indexes into out) whose attempt ended in a connection failure since the last
  // response: when the breaker opens, theirs was the network's failure too.
  std::vector<std::size_t> unreachable;
  for (const std::string& symbol : symbols) {
    SymbolRefresh r;
    if (auto d = done_today(repo, symbol, o)) {
      r = std::move(*d);
    } else if (breaker.open()) {
      // The network is down: the remaining symbols are not tried, so a run without a network
      // takes seconds, not retries × symbols × timeouts.
      r = fail(repo, symbol, "yahoo", o, "not tried: no network");
      r.network_down = true;
    } else {
      // Politeness towards the server: a pause between downloads, not before the first.
      if (fetched_before && delay > 0)
        std::this_thread::sleep_for(std::chrono::duration<double>(delay));
      fetched_before = true;
      r = refresh_yahoo_one(config, repo, symbol, o, breaker);
      if (breaker.consecutive == 0) unreachable.clear();
      if (r.state != State::kOk && breaker.consecutive > 0) unreachable.push_back(out.size());
      if (breaker.open()) {
        // Their failure is the network's, told once by summarize().
        for (std::size_t i : unreachable) {
          SymbolRefresh& u = i < out.size() ? out[i] : r;
          u.network_down = true;
          u.network_error = breaker.last_error;
        }
        unreachable.clear();
      }
    }
    if (o.on_symbol) o.on_symbol(r);
    out.push_back(std::move(r));
  }
  return out;
}

std::string problem_line(const SymbolRefresh& r) {
  if (r.state == State::kOk) return {};
  std::string out = r.symbol + ": not refreshed (" + r.reason + "); ";
  out += r.last_bar ? "using stored prices up to " + format_date(*r.last_bar)
                    : std::string("no stored prices");
  return out;
}

std::optional<std::string> stale_note(Date last_bar, Date today) {
  const int behind = weekdays_after(last_bar, today);
  if (behind <= kStaleAfterTradingDays) return std::nullopt;
  return fmt::format("the last bar {} is {} trading day{} before today {} (Asia/Kolkata)",
                     format_date(last_bar), behind, behind == 1 ? "" : "s", format_date(today));
}

RefreshSummary summarize(const std::vector<SymbolRefresh>& results, std::optional<Date> today) {
  RefreshSummary s;
  s.total = results.size();
  std::size_t down = 0;
  std::string network_error;
  for (const SymbolRefresh& r : results) {
    if (r.state == State::kOk) ++s.ok;
    if (r.last_bar && (!s.last_bar || *r.last_bar > *s.last_bar)) s.last_bar = r.last_bar;
    if (r.network_down) {
      ++down;
      if (!r.network_error.empty()) network_error = r.network_error;
    } else if (r.state != State::kOk) {
      s.lines.push_back(problem_line(r));
    }
  }
  if (down > 0) {
    s.no_network = true;
    std::string line = s.last_bar
                           ? "no network: using stored prices up to " + format_date(*s.last_bar)
                           : std::string("no network: no stored prices to use");
    line += fmt::format(" ({} of {} symbols not refreshed", down, s.total);
    if (!network_error.empty()) line += "; " + network_error;
    line += ")";
    s.lines.insert(s.lines.begin(), std::move(line));
  }
  const std::string last = s.last_bar ? " (last bar " + format_date(*s.last_bar) + ")" : "";
  const auto stale = s.last_bar && today ? stale_note(*s.last_bar, *today) : std::nullopt;
  if (stale) {
    // No network is said once, by the first line (never per symbol or twice).
    s.headline = fmt::format("Prices stale: {}/{} symbols refreshed, {}", s.ok, s.total, *stale);
    return s;
  }
  s.headline = s.no_network
                   ? fmt::format("Prices not refreshed (stale): {}/{} up to date{}", s.ok, s.total,
                                 last)
                   : fmt::format("Prices refreshed: {}/{} up to date{}", s.ok, s.total, last);
  return s;
}

}  // namespace kiss::data
