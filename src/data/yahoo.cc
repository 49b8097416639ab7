#include "data/yahoo.h"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "data/bar_check.h"
#include "data/server_text.h"

namespace kiss::data {
namespace {

using nlohmann::json;

// Floor division: timestamps before 1970 stay on the right day.
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

const json* member(const json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  const auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

// The array `key` of the first element of the array `outer` in `j` (quote[0].open, ...).
const json* first_array(const json* j, const char* outer, const char* key) {
  if (j == nullptr) return nullptr;
  const json* o = member(*j, outer);
  if (o == nullptr || !o->is_array() || o->empty()) return nullptr;
  const json* a = member((*o)[0], key);
  return (a != nullptr && a->is_array()) ? a : nullptr;
}

std::string chart_error_text(const json& err) {
  const json* code = member(err, "code");
  const json* desc = member(err, "description");
  // Server text: cleaned and clipped before it goes anywhere (server_text.h).
  std::string out = code != nullptr && code->is_string()
                        ? clean_server_text(code->get_ref<const std::string&>(), 60)
                        : "error";
  if (desc != nullptr && desc->is_string())
    out += ": " + clean_server_text(desc->get_ref<const std::string&>());
  return out;
}

Result<ChartData> parse_impl(std::string_view text) {
  const json doc = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return make_error("malformed JSON in chart response");
  const json* chart = member(doc, "chart");
  if (chart == nullptr || !chart->is_object()) return make_error("chart response has no 'chart'");
  if (const json* err = member(*chart, "error"); err != nullptr && !err->is_null())
    return make_error("chart.error: " + chart_error_text(*err));
  const json* results = member(*chart, "result");
  if (results == nullptr || !results->is_array() || results->empty() || !(*results)[0].is_object())
    return make_error("chart response has no result");
  const json& res = (*results)[0];
  const json* meta = member(res, "meta");
  const json* off = meta != nullptr ? member(*meta, "gmtoffset") : nullptr;
  if (off == nullptr || !off->is_number_integer())
    return make_error("chart response has no meta.gmtoffset");
  const std::int64_t gmtoffset = off->get<std::int64_t>();

  ChartData out;
  if (const json* ev = member(res, "events")) {
    if (const json* s = member(*ev, "splits"); s != nullptr && s->is_object())
      out.splits = s->size();
    if (const json* d = member(*ev, "dividends"); d != nullptr && d->is_object())
      out.dividends = d->size();
  }
  const json* ts = member(res, "timestamp");
  if (ts == nullptr || ts->is_null()) return out;  // no bar in the range
  if (!ts->is_array()) return make_error("chart timestamp is not an array");
  const json* ind = member(res, "indicators");
  const json* cols[5] = {first_array(ind, "quote", "open"), first_array(ind, "quote", "high"),
                         first_array(ind, "quote", "low"), first_array(ind, "quote", "close"),
                         first_array(ind, "quote", "volume")};
  static constexpr const char* kNames[5] = {"open", "high", "low", "close", "volume"};
  const std::size_t n = ts->size();
  for (int c = 0; c < 5; ++c) {
    if (cols[c] == nullptr)
      return make_error(fmt::format("chart quote has no '{}' array", kNames[c]));
    if (cols[c]->size() != n)
      return make_error(fmt::format("chart quote '{}' has {} values for {} timestamps", kNames[c],
                                    cols[c]->size(), n));
  }
  const json* adj = first_array(ind, "adjclose", "adjclose");
  if (adj != nullptr && adj->size() != n)
    return make_error(
        fmt::format("chart adjclose has {} values for {} timestamps", adj->size(), n));

  const double nan = std::numeric_limits<double>::quiet_NaN();
  out.bars.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const json& t = (*ts)[i];
    if (!t.is_number_integer())
      return make_error(fmt::format("chart timestamp {} is not an integer", i));
    double v[5] = {0, 0, 0, 0, 0};
    bool null = false;
    for (int c = 0; c < 5; ++c) {
      const json& x = (*cols[c])[i];
      if (x.is_null()) {
        null = true;
      } else if (!x.is_number()) {
        return make_error(fmt::format("chart quote '{}' value {} is not a number", kNames[c], i));
      } else {
        v[c] = x.get<double>();
      }
    }
    if (null) {
      ++out.null_bars;
      continue;
    }
    const auto day = floor_div(t.get<std::int64_t>() + gmtoffset, 86400);
    if (day < -700000 || day > 3000000)
      return make_error(fmt::format("chart timestamp {} out of range", i));
    const Date date = static_cast<Date>(day);
    const std::string ds = format_date(date);
    double a = nan;
    if (adj != nullptr && (*adj)[i].is_number()) a = (*adj)[i].get<double>();
    double& o = v[0];
    double& h = v[1];
    double& l = v[2];
    double& cl = v[3];
    if (!std::isnan(a) && !(a > 0 && std::isfinite(a))) {
      out.rejected.push_back(fmt::format("{}: adjclose {} is not a positive finite number", ds, a));
      continue;
    }
    std::string ratio;
    if (!std::isnan(a) && cl > 0 && std::isfinite(cl)) {
      // Split and dividend adjustment: one ratio for the whole bar. Multiplying every price by
      // the same positive ratio keeps their order, but may leave the range of a price (1e300 /
      // 1e-300 is inf), so the checks below see the bar as it will be stored.
      const double r = a / cl;
      o *= r;
      h *= r;
      l *= r;
      cl *= r;
      ratio = fmt::format(" (after the adjclose/close ratio {})", r);
    }
    if (auto problem = bar_problem(o, h, l, cl, v[4])) {
      out.rejected.push_back(fmt::format("{}: {}{}", ds, *problem, ratio));
      continue;
    }
    if (!out.bars.empty() && date <= out.bars.date.back()) {
      out.out_of_order.push_back(fmt::format("{}: date not after the previous bar", ds));
      continue;
    }
    out.bars.push_back(date, o, h, l, cl, v[4]);
    out.adj_close.push_back(a);
  }
  return out;
}

// 429, 5xx and transport failures may pass; a body over the cap would come again.
bool retryable(const HttpResponse& r) {
  if (r.status == 0) return r.failure != HttpFailure::kTooLarge;
  return r.status == 429 || (r.status >= 500 && r.status <= 599);
}

std::string describe(const HttpResponse& r) {
  if (r.status == 0) {
    const std::string why = clean_server_text(r.error);
    if (r.failure == HttpFailure::kConnect) return "could not connect (" + why + ")";
    return r.timed_out ? "timeout (" + why + ")" : why;
  }
  std::string out = "HTTP " + std::to_string(r.status);
  // Yahoo explains 4xx in chart.error: keep its description.
  const json doc = json::parse(r.body, nullptr, false);
  if (const json* chart = member(doc, "chart")) {
    if (const json* err = member(*chart, "error"); err != nullptr && !err->is_null())
      out += " (" + chart_error_text(*err) + ")";
  }
  return out;
}

}  // namespace

Result<ChartData> parse_chart_json(std::string_view text) {
  try {
    return parse_impl(text);
  } catch (const json::exception& e) {
    // Defensive only: parse_impl checks every type before reading it.
    return make_error(std::string("malformed chart response: ") + e.what());
  }
}

std::string url_encode(std::string_view s) {
  std::string out;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out.push_back(ch);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string yahoo_ticker(const std::string& symbol, const std::string& suffix) {
  return (!symbol.empty() && symbol[0] == '^') ? symbol : symbol + suffix;
}

std::string chart_url(const YahooOptions& o, const std::string& symbol, Date from, Date to) {
  const std::int64_t p1 = (static_cast<std::int64_t>(from) - 1) * 86400;
  const std::int64_t p2 = (static_cast<std::int64_t>(to) + 2) * 86400;
  std::string base = o.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return fmt::format("{}/v8/finance/chart/{}?period1={}&period2={}&interval=1d&events=div%2Csplit",
                     base, url_encode(yahoo_ticker(symbol, o.suffix)), p1, p2);
}

void NetworkBreaker::record(const HttpResponse& r) {
  if (r.failure == HttpFailure::kConnect || r.failure == HttpFailure::kTimeout) {
    ++consecutive;
    last_error = describe(r);
  } else {
    consecutive = 0;
  }
}

Result<ChartData> fetch_chart(const YahooOptions& o, const std::string& symbol, Date from, Date to,
                              NetworkBreaker* breaker) {
  NetworkBreaker own;
  NetworkBreaker& net = breaker != nullptr ? *breaker : own;
  const std::string url = chart_url(o, symbol, from, to);
  HttpResponse r;
  int attempts = 0;
  for (;;) {
    ++attempts;
    r = http_get(url, o.http);
    net.record(r);
    // An open breaker ends the retries too: with the network down, back-off only adds waiting.
    if (r.status == 200 || !retryable(r) || attempts > o.retries || net.open()) break;
    const double wait = o.backoff_s * std::pow(2.0, attempts - 1);
    std::this_thread::sleep_for(std::chrono::duration<double>(wait));
  }
  if (r.status != 200) {
    std::string msg = describe(r);
    if (attempts > 1) msg += fmt::format(" after {} attempts", attempts);
    return make_error(msg, {}, 0, 0, symbol);
  }
  auto parsed = parse_chart_json(r.body);
  if (!parsed) {
    Error e = parsed.error();
    e.key = symbol;
    return tl::unexpected(std::move(e));
  }
  // A bar failing the checks refuses the whole response: storing the others would leave a hole
  // that looks like a trading halt.
  if (!parsed->rejected.empty()) {
    std::string msg = "refused bar " + parsed->rejected.front();
    if (parsed->rejected.size() > 1)
      msg += fmt::format(" ({} more bars refused)", parsed->rejected.size() - 1);
    return make_error(msg, {}, 0, 0, symbol);
  }
  // Keep only the requested local dates (the URL range is one day wider on each side).
  ChartData& d = *parsed;
  const std::size_t lo = d.bars.lower_bound(from);
  ChartData kept;
  kept.null_bars = d.null_bars;
  kept.out_of_order = std::move(d.out_of_order);
  kept.splits = d.splits;
  kept.dividends = d.dividends;
  kept.bars.symbol = symbol;
  for (std::size_t i = lo; i < d.bars.size() && d.bars.date[i] <= to; ++i) {
    kept.bars.push_back(d.bars.date[i], d.bars.open[i], d.bars.high[i], d.bars.low[i],
                        d.bars.close[i], d.bars.volume[i]);
    kept.adj_close.push_back(d.adj_close[i]);
  }
  return kept;
}

}  // namespace kiss::data
