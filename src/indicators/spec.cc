// The indicator catalog and spec parser (see spec.h).
#include "indicators/spec.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "indicators/indicators.h"

namespace kiss::ind {
namespace {

constexpr double kMaxPeriod = 100000;  // TA-Lib's upper bound for every period
constexpr double kMaxReal = 3e37;      // TA-Lib's bound for real parameters

int I(std::span<const double> p, std::size_t i) { return static_cast<int>(p[i]); }

using Outs = std::span<const std::span<double>>;
using Params = std::span<const double>;

ParamDef period(double def, double min = 2) { return {"period", def, min, kMaxPeriod, true}; }

std::vector<IndicatorDef> build_catalog() {
  using In = Inputs;
  std::vector<IndicatorDef> c;
  // ---- moving averages
  c.push_back({"sma", "simple moving average", In::kSeries, {period(30)}, {""},
               [](Params p) { return sma_lookback(I(p, 0)); },
               [](const Bars&, std::span<const double> s, Params p, Outs o) { sma(s, I(p, 0), o[0]); }});
  c.push_back({"ema", "exponential moving average (SMA-seeded)", In::kSeries, {period(30)}, {""},
               [](Params p) { return ema_lookback(I(p, 0)); },
               [](const Bars&, std::span<const double> s, Params p, Outs o) { ema(s, I(p, 0), o[0]); }});
  c.push_back({"wma", "linearly weighted moving average", In::kSeries, {period(30)}, {""},
               [](Params p) { return wma_lookback(I(p, 0)); },
               [](const Bars&, std::span<const double> s, Params p, Outs o) { wma(s, I(p, 0), o[0]); }});
  c.push_back({"dema", "double exponential moving average", In::kSeries, {period(30)}, {""},
               [](Params p) { return dema_lookback(I(p, 0)); },
               [](const Bars&, std::span<const double> s, Params p, Outs o) { dema(s, I(p, 0), o[0]); }});
  c.push_back({"tema", "triple exponential moving average", In::kSeries, {period(30)}, {""},
               [](Params p) { return tema_lookback(I(p, 0)); },
               [](const Bars&, std::span<const double> s, Params p, Outs o) { tema(s, I(p, 0), o[0]); }});
  // ---- momentum
  c.push_back({"rsi", "Wilder relative strength index", In::kSeries, {period(14)}, {""},
               [](Params p) { return rsi_lookback(I(p, 0)); },
               [](const Bars&, std::span<const double> s, Params p, Outs o) { rsi(s, I(p, 0), o[0]); }});
  c.push_back({"roc", "rate of change, percent", In::kSeries, {period(10, 1)}, {""},
               [](Params p) { return roc_lookback(I(p, 0)); },
               [](const Bars&, std::span<const double> s, Params p, Outs o) { roc(s, I(p, 0), o[0]); }});
  c.push_back({"macd", "moving average convergence/divergence", In::kSeries,
               {{"fast", 12, 2, kMaxPeriod, true}, {"slow", 26, 2, kMaxPeriod, true},
                // TA-Lib allows signal = 1 but then misaligns its outputs by one bar; the kernel
                // computes signal = 1 correctly, the spec keeps to the range TA-Lib gets right.
                {"signal", 9, 2, kMaxPeriod, true}},
               {"macd", "signal", "hist"},
               [](Params p) { return macd_lookback(I(p, 0), I(p, 1), I(p, 2)); },
               [](const Bars&, std::span<const double> s, Params p, Outs o) {
                 macd(s, I(p, 0), I(p, 1), I(p, 2), o[0], o[1], o[2]);
               }});
  c.push_back({"stoch", "slow stochastic %K/%D (SMA smoothing)", In::kHLC,
               {{"fastk", 5, 1, kMaxPeriod, true}, {"slowk", 3, 1, kMaxPeriod, true},
                {"slowd", 3, 1, kMaxPeriod, true}},
               {"k", "d"},
               [](Params p) { return stoch_lookback(I(p, 0), I(p, 1), I(p, 2)); },
               [](const Bars& b, std::span<const double>, Params p, Outs o) {
                 stoch(b.high, b.low, b.close, I(p, 0), I(p, 1), I(p, 2), o[0], o[1]);
               }});
  c.push_back({"willr", "Williams %R", In::kHLC, {period(14)}, {""},
               [](Params p) { return willr_lookback(I(p, 0)); },
               [](const Bars& b, std::span<const double>, Params p, Outs o) {
                 willr(b.high, b.low, b.close, I(p, 0), o[0]);
               }});
  c.push_back({"cci", "commodity channel index", In::kHLC, {period(14)}, {""},
               [](Params p) { return cci_lookback(I(p, 0)); },
               [](const Bars& b, std::span<const double>, Params p, Outs o) {
                 cci(b.high, b.low, b.close, I(p, 0), o[0]);
               }});
  // ---- volatility
  c.push_back({"trange", "true range", In::kHLC, {}, {""}, [](Params) { return trange_lookback(); },
               [](const Bars& b, std::span<const double>, Params, Outs o) {
                 trange(b.high, b.low, b.close, o[0]);
               }});
  c.push_back({"atr", "Wilder average true range", In::kHLC, {period(14, 1)}, {""},
               [](Params p) { return atr_lookback(I(p, 0)); },
               [](const Bars& b, std::span<const double>, Params p, Outs o) {
                 atr(b.high, b.low, b.close, I(p, 0), o[0]);
               }});
  c.push_back({"natr", "ATR as a percent of close", In::kHLC, {period(14, 1)}, {""},
               [](Params p) { return natr_lookback(I(p, 0)); },
               [](const Bars& b, std::span<const double>, Params p, Outs o) {
                 natr(b.high, b.low, b.close, I(p, 0), o[0]);
               }});
  c.push_back({"bbands", "Bollinger bands (SMA, population sigma)", In::kSeries,
               {period(5), {"nbdevup", 2, -kMaxReal, kMaxReal, false},
                {"nbdevdn", 2, -kMaxReal, kMaxReal, false}},
               {"upper", "middle", "lower"},
               [](Params p) { return bbands_lookback(I(p, 0)); },
               [](const Bars&, std::span<const double> s, Params p, Outs o) {
                 bbands(s, I(p, 0), p[1], p[2], o[0], o[1], o[2]);
               }});
  // ---- trend
  c.push_back({"plus_di", "plus directional indicator", In::kHLC, {period(14, 1)}, {""},
               [](Params p) { return plus_di_lookback(I(p, 0)); },
               [](const Bars& b, std::span<const double>, Params p, Outs o) {
                 plus_di(b.high, b.low, b.close, I(p, 0), o[0]);
               }});
  c.push_back({"minus_di", "minus directional indicator", In::kHLC, {period(14, 1)}, {""},
               [](Params p) { return minus_di_lookback(I(p, 0)); },
               [](const Bars& b, std::span<const double>, Params p, Outs o) {
                 minus_di(b.high, b.low, b.close, I(p, 0), o[0]);
               }});
  c.push_back({"adx", "average directional index", In::kHLC, {period(14)}, {""},
               [](Params p) { return adx_lookback(I(p, 0)); },
               [](const Bars& b, std::span<const double>, Params p, Outs o) {
                 adx(b.high, b.low, b.close, I(p, 0), o[0]);
               }});
  c.push_back({"aroon", "Aroon up/down", In::kHL, {period(14)}, {"up", "down"},
               [](Params p) { return aroon_lookback(I(p, 0)); },
               [](const Bars& b, std::span<const double>, Params p, Outs o) {
                 aroon(b.high, b.low, I(p, 0), o[0], o[1]);
               }});
  c.push_back({"supertrend", "SuperTrend line and direction (+1/-1)", In::kHLC,
               {period(10, 1), {"mult", 3, 0, 100, false}}, {"line", "direction"},
               [](Params p) { return supertrend_lookback(I(p, 0)); },
               [](const Bars& b, std::span<const double>, Params p, Outs o) {
                 supertrend(b.high, b.low, b.close, I(p, 0), p[1], o[0], o[1]);
               }});
  c.push_back({"sar", "parabolic SAR", In::kHL,
               {{"acceleration", 0.02, 0, kMaxReal, false}, {"maximum", 0.2, 0, kMaxReal, false}},
               {""}, [](Params) { return sar_lookback(); },
               [](const Bars& b, std::span<const double>, Params p, Outs o) {
                 sar(b.high, b.low, p[0], p[1], o[0]);
               }});
  // ---- volume
  c.push_back({"obv", "on-balance volume (starts at the first volume)", In::kCloseVolume, {}, {""},
               [](Params) { return obv_lookback(); },
               [](const Bars& b, std::span<const double>, Params, Outs o) {
                 obv(b.close, b.volume, o[0]);
               }});
  c.push_back({"mfi", "money flow index", In::kHLCV, {period(14)}, {""},
               [](Params p) { return mfi_lookback(I(p, 0)); },
               [](const Bars& b, std::span<const double>, Params p, Outs o) {
                 mfi(b.high, b.low, b.close, b.volume, I(p, 0), o[0]);
               }});
  c.push_back({"vwap", "rolling volume-weighted average of the typical price", In::kHLCV,
               {period(20, 1)}, {""}, [](Params p) { return vwap_lookback(I(p, 0)); },
               [](const Bars& b, std::span<const double>, Params p, Outs o) {
                 vwap(b.high, b.low, b.close, b.volume, I(p, 0), o[0]);
               }});
  // ---- channels
  c.push_back({"highest", "rolling maximum (TA-Lib MAX)", In::kSeries, {period(30)}, {""},
               [](Params p) { return highest_lookback(I(p, 0)); },
               [](const Bars&, std::span<const double> s, Params p, Outs o) { highest(s, I(p, 0), o[0]); }});
  c.push_back({"lowest", "rolling minimum (TA-Lib MIN)", In::kSeries, {period(30)}, {""},
               [](Params p) { return lowest_lookback(I(p, 0)); },
               [](const Bars&, std::span<const double> s, Params p, Outs o) { lowest(s, I(p, 0), o[0]); }});
  c.push_back({"donchian", "Donchian channel of highs and lows", In::kHL, {period(20, 1)},
               {"upper", "middle", "lower"}, [](Params p) { return donchian_lookback(I(p, 0)); },
               [](const Bars& b, std::span<const double>, Params p, Outs o) {
                 donchian(b.high, b.low, I(p, 0), o[0], o[1], o[2]);
               }});
  c.push_back({"keltner", "Keltner channel: EMA(close) +- mult x ATR", In::kHLC,
               {period(20, 1), {"mult", 2, 0, 100, false}}, {"upper", "middle", "lower"},
               [](Params p) { return keltner_lookback(I(p, 0)); },
               [](const Bars& b, std::span<const double>, Params p, Outs o) {
                 keltner(b.high, b.low, b.close, I(p, 0), p[1], o[0], o[1], o[2]);
               }});
  return c;
}

std::string lower(std::string_view s) {
  std::string r(s);
  for (char& ch : r) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return r;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0u : 1u)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string fmt_num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

tl::unexpected<Error> spec_error(std::string_view spec, std::string message) {
  return make_error(std::move(message), {}, 0, 0, std::string(spec));
}

const std::span<const double> series_of(const Bars& b, const std::string& src) {
  if (src == "open") return b.open;
  if (src == "high") return b.high;
  if (src == "low") return b.low;
  if (src == "volume") return b.volume;
  return b.close;
}

}  // namespace

const std::vector<IndicatorDef>& catalog() {
  static const std::vector<IndicatorDef> table = build_catalog();
  return table;
}

const IndicatorDef* find_indicator(std::string_view name) {
  std::string n = lower(name);
  if (n == "max") n = "highest";
  if (n == "min") n = "lowest";
  for (const IndicatorDef& d : catalog())
    if (d.name == n) return &d;
  return nullptr;
}

Result<ParsedSpec> parse_spec(std::string_view spec) {
  const std::string_view whole = trim(spec);
  std::string_view rest = whole;
  // name
  std::size_t k = 0;
  while (k < rest.size() &&
         (std::isalnum(static_cast<unsigned char>(rest[k])) || rest[k] == '_'))
    ++k;
  const std::string name = lower(rest.substr(0, k));
  if (name.empty())
    return spec_error(whole, "expected an indicator name such as rsi(14) or macd(12,26,9)");
  const IndicatorDef* def = find_indicator(name);
  if (def == nullptr) {
    std::string best;
    std::size_t best_d = 3;  // suggest only near misses
    for (const IndicatorDef& d : catalog()) {
      const std::size_t dist = edit_distance(name, d.name);
      if (dist < best_d) best_d = dist, best = std::string(d.name);
    }
    std::string msg = "unknown indicator '" + name + "'";
    if (!best.empty()) msg += " (did you mean '" + best + "'?)";
    msg += "; known:";
    for (const IndicatorDef& d : catalog()) {
      msg += ' ';
      msg.append(d.name);
    }
    return spec_error(whole, msg);
  }
  rest = trim(rest.substr(k));
  ParsedSpec out;
  out.def = def;
  out.column = name;
  std::vector<std::string> args;
  if (!rest.empty() && rest.front() == '(') {
    const std::size_t close = rest.find(')');
    if (close == std::string_view::npos) return spec_error(whole, "missing ')'");
    std::string_view inner = rest.substr(1, close - 1);
    rest = trim(rest.substr(close + 1));
    if (!trim(inner).empty()) {
      while (true) {
        const std::size_t comma = inner.find(',');
        std::string a;
        for (char ch : inner.substr(0, comma))
          if (!std::isspace(static_cast<unsigned char>(ch))) a += ch;
        if (a.empty()) return spec_error(whole, "empty argument");
        args.push_back(a);
        if (comma == std::string_view::npos) break;
        inner.remove_prefix(comma + 1);
      }
    }
  }
  out.source = "close";
  bool explicit_source = false;
  if (!rest.empty() && rest.front() == '@') {
    explicit_source = true;
    const std::string src = lower(trim(rest.substr(1)));
    if (def->inputs != Inputs::kSeries)
      return spec_error(whole, "'" + name + "' reads fixed price inputs; '@" + src +
                                   "' applies only to single-series indicators");
    if (src != "open" && src != "high" && src != "low" && src != "close" && src != "volume")
      return spec_error(whole, "unknown source '@" + src + "' (open, high, low, close, volume)");
    out.source = src;
    rest = {};
  }
  if (!rest.empty())
    return spec_error(whole, "unexpected '" + std::string(rest) + "' after the arguments");
  if (args.size() > def->params.size()) {
    std::string names;
    for (const ParamDef& p : def->params) {
      if (!names.empty()) names += ", ";
      names.append(p.name);
    }
    return spec_error(whole, "'" + name + "' takes at most " + std::to_string(def->params.size()) +
                                 " parameter(s)" + (names.empty() ? "" : " (" + names + ")") +
                                 ", got " + std::to_string(args.size()));
  }
  for (std::size_t i = 0; i < def->params.size(); ++i) {
    const ParamDef& p = def->params[i];
    if (i >= args.size()) {
      out.params.push_back(p.def);
      continue;
    }
    double v = 0.0;
    const std::string& a = args[i];
    auto [end, ec] = std::from_chars(a.data(), a.data() + a.size(), v);
    if (ec != std::errc() || end != a.data() + a.size() || !std::isfinite(v))
      return spec_error(whole, "parameter " + std::string(p.name) + ": '" + a + "' is not a number");
    if (p.integer && v != std::floor(v))
      return spec_error(whole, "parameter " + std::string(p.name) + " must be an integer, got " + a);
    if (v < p.min || v > p.max)
      return spec_error(whole, "parameter " + std::string(p.name) + " = " + a + " is out of range [" +
                                   fmt_num(p.min) + ", " + fmt_num(p.max) + "]");
    out.params.push_back(v);
    out.column += "_" + a;
  }
  // TA-Lib / talib_ref: bbands(p, k) means k standard deviations on both sides.
  if (def->name == "bbands" && args.size() == 2) out.params[2] = out.params[1];
  if (explicit_source) out.column += "@" + out.source;
  return out;
}

int spec_lookback(const ParsedSpec& spec) { return spec.def->lookback(spec.params); }

Result<std::vector<NamedColumn>> compute_spec(const ParsedSpec& spec, const Bars& bars) {
  const IndicatorDef& def = *spec.def;
  std::vector<NamedColumn> cols(def.outputs.size());
  std::vector<std::span<double>> outs;
  for (std::size_t i = 0; i < cols.size(); ++i) {
    cols[i].name = spec.column;
    if (!def.outputs[i].empty()) {
      cols[i].name += '.';
      cols[i].name.append(def.outputs[i]);
    }
    cols[i].values.assign(bars.size(), 0.0);
    outs.emplace_back(cols[i].values);
  }
  const std::span<const double> series =
      def.inputs == Inputs::kSeries ? series_of(bars, spec.source) : std::span<const double>{};
  def.compute(bars, series, spec.params, outs);
  return cols;
}

Result<std::vector<NamedColumn>> compute_spec(const std::string& spec, const Bars& bars) {
  auto parsed = parse_spec(spec);
  if (!parsed) return tl::unexpected(parsed.error());
  return compute_spec(*parsed, bars);
}

}  // namespace kiss::ind
