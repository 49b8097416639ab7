// The rule catalog table. Conventions of every signal function (SPEC §5.6):
//   * comparisons are exactly as written in `formula` (strict unless the formula says ≥ / ≤);
//   * a NaN input (warm-up) makes the bar false; x[t-1] on bar 0 counts as undefined;
//   * a crossover is true on the bar where a crosses above b: a[t] > b[t] and a[t-1] <= b[t-1];
//   * benchmark rules read the benchmark bar with the stock bar's DATE (RuleInput::bench_idx);
//     a stock day without a benchmark bar is false.
#include "rules/catalog.h"

#include "util/text.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>

#include "rules/columns.h"

namespace kiss {

namespace {

using cols::Col;
using cols::Series;
using Kind = ParamSpec::Kind;

constexpr double kInf = std::numeric_limits<double>::infinity();

// Parameter builders: an integer period, a number, a required number, a string.
ParamSpec period(std::string_view name, int def, int min, int max, std::string_view doc) {
  return ParamSpec{name, Kind::kInt, static_cast<double>(def), static_cast<double>(min),
                   static_cast<double>(max), false, false, {}, doc};
}
ParamSpec number(std::string_view name, double def, double min, double max, std::string_view doc,
                 bool min_open = false) {
  return ParamSpec{name, Kind::kDouble, def, min, max, min_open, false, {}, doc};
}
ParamSpec required_number(std::string_view name, double min, double max, std::string_view doc,
                          bool min_open = false) {
  return ParamSpec{name, Kind::kDouble, 0.0, min, max, min_open, true, {}, doc};
}
ParamSpec required_period(std::string_view name, int min, int max, std::string_view doc) {
  return ParamSpec{name, Kind::kInt, 0.0, static_cast<double>(min), static_cast<double>(max),
                   false, true, {}, doc};
}
ParamSpec text(std::string_view name, std::string_view def, std::string_view doc) {
  return ParamSpec{name, Kind::kString, 0.0, 0.0, 0.0, false, false, def, doc};
}

bool ok(double x) { return !std::isnan(x); }

Series stock(const RuleInput& in) { return Series{*in.bars, ""}; }
std::size_t n_of(const RuleInput& in) { return in.bars->size(); }

// The mask helpers below rely on IEEE comparisons: every ordered comparison (<, <=, >, >=) with
// a NaN operand is false, so "NaN input gives false" needs no branch and the loops vectorise.
// They read and write through raw pointers taken before the loop: a byte store through
// Mask::operator[] may alias any object (uint8_t is a character type), including the input
// vectors' own data pointers, which the compiler would then reload on every bar and not
// vectorise.
static_assert(std::numeric_limits<double>::is_iec559);

// a crosses above b on bar t.
Mask cross_above(const Col& a, const Col& b) {
  Mask m(a.size(), 0);
  const double* pa = a.data();
  const double* pb = b.data();
  std::uint8_t* out = m.data();
  for (std::size_t t = 1; t < m.size(); ++t) {
    out[t] = static_cast<std::uint8_t>((pa[t] > pb[t]) & (pa[t - 1] <= pb[t - 1]));
  }
  return m;
}

// a crosses below b on bar t (the mirror of cross_above).
Mask cross_below(const Col& a, const Col& b) {
  Mask m(a.size(), 0);
  const double* pa = a.data();
  const double* pb = b.data();
  std::uint8_t* out = m.data();
  for (std::size_t t = 1; t < m.size(); ++t) {
    out[t] = static_cast<std::uint8_t>((pa[t] < pb[t]) & (pa[t - 1] >= pb[t - 1]));
  }
  return m;
}

Mask greater(const Col& a, const Col& b) {
  Mask m(a.size(), 0);
  const double* pa = a.data();
  const double* pb = b.data();
  std::uint8_t* out = m.data();
  for (std::size_t t = 0; t < m.size(); ++t) out[t] = static_cast<std::uint8_t>(pa[t] > pb[t]);
  return m;
}

Mask above(const Col& a, double level) {
  Mask m(a.size(), 0);
  const double* pa = a.data();
  std::uint8_t* out = m.data();
  for (std::size_t t = 0; t < m.size(); ++t) out[t] = static_cast<std::uint8_t>(pa[t] > level);
  return m;
}

Mask below(const Col& a, double level) {
  Mask m(a.size(), 0);
  const double* pa = a.data();
  std::uint8_t* out = m.data();
  for (std::size_t t = 0; t < m.size(); ++t) out[t] = static_cast<std::uint8_t>(pa[t] < level);
  return m;
}

// --- Signal functions (one per mask rule) ------------------------------------------------

Result<Mask> sma_crossover(const RuleInstance& r, const RuleInput& in, IndicatorCache& c) {
  return cross_above(cols::sma_close(stock(in), c, int_param(r, "fast_period")),
                     cols::sma_close(stock(in), c, int_param(r, "slow_period")));
}

Result<Mask> ema_crossover(const RuleInstance& r, const RuleInput& in, IndicatorCache& c) {
  return cross_above(cols::ema_close(stock(in), c, int_param(r, "fast_period")),
                     cols::ema_close(stock(in), c, int_param(r, "slow_period")));
}

Result<Mask> rsi_oversold(const RuleInstance& r, const RuleInput& in, IndicatorCache& c) {
  const Col& rsi = cols::rsi(stock(in), c, int_param(r, "period"));
  const double thr = param(r, "oversold_threshold");
  Mask m(rsi.size(), 0);
  for (std::size_t t = 0; t < rsi.size(); ++t) {
    if (!ok(rsi[t])) continue;
    const bool momentum = rsi[t] > 40.0;
    const bool recovering = t >= 1 && ok(rsi[t - 1]) && rsi[t] >= thr && rsi[t - 1] < thr;
    m[t] = momentum || recovering;
  }
  return m;
}

Result<Mask> volume_spike(const RuleInstance& r, const RuleInput& in, IndicatorCache& c) {
  const Bars& b = *in.bars;
  const Col& avg = cols::sma_volume(stock(in), c, int_param(r, "period"));
  const double mult = param(r, "spike_multiplier");
  const double thr = param(r, "price_change_threshold");
  Mask m(b.size(), 0);
  const double* close = b.close.data();
  const double* volume = b.volume.data();
  const double* pa = avg.data();
  std::uint8_t* out = m.data();
  for (std::size_t t = 1; t < m.size(); ++t) {
    // A NaN average (warm-up) makes the volume comparison false.
    const double change = std::fabs(close[t] / close[t - 1] - 1.0);
    out[t] = static_cast<std::uint8_t>((volume[t] > mult * pa[t]) & (change > thr));
  }
  return m;
}

Result<Mask> hammer_pattern(const RuleInstance& r, const RuleInput& in, IndicatorCache&) {
  const Bars& b = *in.bars;
  const double body_ratio = param(r, "body_ratio");
  const double shadow_ratio = param(r, "shadow_ratio");
  Mask m(b.size(), 0);
  for (std::size_t t = 0; t < b.size(); ++t) {
    const double body = std::fabs(b.close[t] - b.open[t]);
    const double range = b.high[t] - b.low[t];
    const double lower = std::min(b.open[t], b.close[t]) - b.low[t];
    const double upper = b.high[t] - std::max(b.open[t], b.close[t]);
    m[t] = body > 0.0 && body <= body_ratio * range && lower >= shadow_ratio * body &&
           upper <= lower / 2.0;
  }
  return m;
}

Result<Mask> engulfing_pattern(const RuleInstance& r, const RuleInput& in, IndicatorCache&) {
  const Bars& b = *in.bars;
  const double ratio = param(r, "min_body_ratio");
  Mask m(b.size(), 0);
  for (std::size_t t = 1; t < b.size(); ++t) {
    const double body = std::fabs(b.close[t] - b.open[t]);
    const double prev_body = std::fabs(b.close[t - 1] - b.open[t - 1]);
    m[t] = b.close[t - 1] < b.open[t - 1] && b.close[t] > b.open[t] &&
           body >= ratio * prev_body && b.close[t] > b.open[t - 1] && b.open[t] <= b.close[t - 1];
  }
  return m;
}

Result<Mask> macd_crossover(const RuleInstance& r, const RuleInput& in, IndicatorCache& c) {
  const int f = int_param(r, "fast_period"), s = int_param(r, "slow_period"),
            g = int_param(r, "signal_period");
  return cross_above(cols::macd_line(stock(in), c, f, s, g),
                     cols::macd_signal(stock(in), c, f, s, g));
}

Result<Mask> bollinger_squeeze(const RuleInstance& r, const RuleInput& in, IndicatorCache& c) {
  const int p = int_param(r, "period");
  const double k = param(r, "std_dev");
  const double thr = param(r, "squeeze_threshold");
  const Col& up = cols::bb_upper(stock(in), c, p, k);
  const Col& mid = cols::bb_middle(stock(in), c, p, k);
  const Col& lo = cols::bb_lower(stock(in), c, p, k);
  const Bars& b = *in.bars;
  Mask m(b.size(), 0);
  for (std::size_t t = 1; t < b.size(); ++t) {
    if (!ok(up[t]) || !ok(up[t - 1]) || !ok(mid[t - 1]) || !ok(lo[t - 1])) continue;
    const double width_prev = (up[t - 1] - lo[t - 1]) / mid[t - 1];
    m[t] = b.close[t] > up[t] && width_prev < thr;
  }
  return m;
}

Result<Mask> price_above_sma(const RuleInstance& r, const RuleInput& in, IndicatorCache& c) {
  return greater(in.bars->close, cols::sma_close(stock(in), c, int_param(r, "period")));
}

Result<Mask> sma_cross_under(const RuleInstance& r, const RuleInput& in, IndicatorCache& c) {
  return cross_below(cols::sma_close(stock(in), c, int_param(r, "fast_period")),
                     cols::sma_close(stock(in), c, int_param(r, "slow_period")));
}

Result<Mask> market_above_sma(const RuleInstance& r, const RuleInput& in, IndicatorCache& c) {
  if (in.benchmark == nullptr) {
    auto sym = r.text_params.find("index_symbol");
    return make_error("rule '" + r.name + "' (market_above_sma) needs the benchmark series" +
                      (sym != r.text_params.end() ? " '" + sym->second + "'" : std::string()) +
                      ", which is not loaded");
  }
  const Bars& bench = *in.benchmark;
  std::vector<int> local;
  std::span<const int> idx = in.bench_idx;
  if (idx.size() != n_of(in)) {
    local = align_by_date(*in.bars, bench);
    idx = local;
  }
  const Series series{bench, std::string(kBenchmarkKeyPrefix)};
  const Col& sma = cols::sma_close(series, c, int_param(r, "period"));
  Mask m(n_of(in), 0);
  const double* pc = bench.close.data();
  const double* ps = sma.data();
  const int* pi = idx.data();
  std::uint8_t* out = m.data();
  for (std::size_t t = 0; t < m.size(); ++t) {
    const int j = pi[t];
    if (j < 0) continue;  // no benchmark bar that day: false, never carried over
    const auto u = static_cast<std::size_t>(j);
    out[t] = static_cast<std::uint8_t>(pc[u] > ps[u]);  // false when the SMA is NaN
  }
  return m;
}

Result<Mask> is_volatile(const RuleInstance& r, const RuleInput& in, IndicatorCache& c) {
  const Col& a = cols::atr(stock(in), c, int_param(r, "period"));
  const double thr = param(r, "atr_threshold_pct");
  Mask m(a.size(), 0);
  const double* pa = a.data();
  const double* close = in.bars->close.data();
  std::uint8_t* out = m.data();
  // A NaN ATR (warm-up) makes the comparison false.
  for (std::size_t t = 0; t < m.size(); ++t) {
    out[t] = static_cast<std::uint8_t>(pa[t] / close[t] > thr);
  }
  return m;
}

Result<Mask> rsi_above(const RuleInstance& r, const RuleInput& in, IndicatorCache& c) {
  return above(cols::rsi(stock(in), c, int_param(r, "period")), param(r, "threshold"));
}

Result<Mask> rsi_below(const RuleInstance& r, const RuleInput& in, IndicatorCache& c) {
  return below(cols::rsi(stock(in), c, int_param(r, "period")), param(r, "threshold"));
}

Result<Mask> macd_above_signal(const RuleInstance& r, const RuleInput& in, IndicatorCache& c) {
  const int f = int_param(r, "fast_period"), s = int_param(r, "slow_period"),
            g = int_param(r, "signal_period");
  return greater(cols::macd_line(stock(in), c, f, s, g), cols::macd_signal(stock(in), c, f, s, g));
}

Result<Mask> bollinger_breakout(const RuleInstance& r, const RuleInput& in, IndicatorCache& c) {
  return greater(in.bars->close,
                 cols::bb_upper(stock(in), c, int_param(r, "period"), param(r, "std_dev")));
}

// x[t] > level[t-1]: a break above the previous bar's channel.
Mask above_previous(const Col& x, const Col& level) {
  Mask m(x.size(), 0);
  const double* px = x.data();
  const double* pl = level.data();
  std::uint8_t* out = m.data();
  // A NaN level (warm-up) makes the comparison false.
  for (std::size_t t = 1; t < m.size(); ++t) {
    out[t] = static_cast<std::uint8_t>(px[t] > pl[t - 1]);
  }
  return m;
}

Result<Mask> donchian_breakout(const RuleInstance& r, const RuleInput& in, IndicatorCache& c) {
  return above_previous(in.bars->close, cols::highest_high(stock(in), c, int_param(r, "period")));
}

Result<Mask> adx_trending(const RuleInstance& r, const RuleInput& in, IndicatorCache& c) {
  return above(cols::adx(stock(in), c, int_param(r, "period")), param(r, "threshold"));
}

Result<Mask> stochastic_oversold(const RuleInstance& r, const RuleInput& in, IndicatorCache& c) {
  return below(cols::stoch_k(stock(in), c, int_param(r, "k_period"), int_param(r, "k_slowing"),
                             int_param(r, "d_period")),
               param(r, "threshold"));
}

Result<Mask> new_high_52w(const RuleInstance& r, const RuleInput& in, IndicatorCache& c) {
  return above_previous(in.bars->high, cols::highest_high(stock(in), c, int_param(r, "period")));
}

Result<Mask> gap_up(const RuleInstance& r, const RuleInput& in, IndicatorCache&) {
  const Bars& b = *in.bars;
  const double g = param(r, "gap_pct");
  Mask m(b.size(), 0);
  for (std::size_t t = 1; t < b.size(); ++t) m[t] = b.open[t] > b.high[t - 1] * (1.0 + g);
  return m;
}

Result<Mask> inside_bar_breakout(const RuleInstance&, const RuleInput& in, IndicatorCache&) {
  const Bars& b = *in.bars;
  Mask m(b.size(), 0);
  for (std::size_t t = 2; t < b.size(); ++t) {
    const bool inside = b.high[t - 1] < b.high[t - 2] && b.low[t - 1] > b.low[t - 2];
    m[t] = inside && b.close[t] > b.high[t - 1];
  }
  return m;
}

Result<Mask> supertrend_flip(const RuleInstance& r, const RuleInput& in, IndicatorCache& c) {
  const Col& dir =
      cols::supertrend_dir(stock(in), c, int_param(r, "period"), param(r, "multiplier"));
  Mask m(dir.size(), 0);
  for (std::size_t t = 1; t < dir.size(); ++t) {
    m[t] = ok(dir[t]) && ok(dir[t - 1]) && dir[t] > 0.0 && dir[t - 1] < 0.0;
  }
  return m;
}

Result<Mask> obv_rising(const RuleInstance& r, const RuleInput& in, IndicatorCache& c) {
  return greater(cols::obv(stock(in), c), cols::sma_obv(stock(in), c, int_param(r, "period")));
}

Result<Mask> min_avg_turnover(const RuleInstance& r, const RuleInput& in, IndicatorCache& c) {
  return above(cols::sma_turnover(stock(in), c, int_param(r, "period")),
               param(r, "min_turnover"));
}

Result<Mask> price_above_ema(const RuleInstance& r, const RuleInput& in, IndicatorCache& c) {
  return greater(in.bars->close, cols::ema_close(stock(in), c, int_param(r, "period")));
}

Result<Mask> williams_r_oversold(const RuleInstance& r, const RuleInput& in, IndicatorCache& c) {
  return below(cols::willr(stock(in), c, int_param(r, "period")), param(r, "threshold"));
}

Result<Mask> mfi_oversold(const RuleInstance& r, const RuleInput& in, IndicatorCache& c) {
  return below(cols::mfi(stock(in), c, int_param(r, "period")), param(r, "threshold"));
}

Result<Mask> roc_above(const RuleInstance& r, const RuleInput& in, IndicatorCache& c) {
  return above(cols::roc(stock(in), c, int_param(r, "period")), param(r, "threshold"));
}

Result<Mask> keltner_breakout(const RuleInstance& r, const RuleInput& in, IndicatorCache& c) {
  return greater(in.bars->close, cols::keltner_upper(stock(in), c, int_param(r, "period"),
                                                     param(r, "multiplier")));
}

Result<Mask> parabolic_sar_bullish(const RuleInstance& r, const RuleInput& in,
                                   IndicatorCache& c) {
  return greater(in.bars->close,
                 cols::sar(stock(in), c, param(r, "acceleration"), param(r, "maximum")));
}

Result<Mask> volume_above_avg(const RuleInstance& r, const RuleInput& in, IndicatorCache& c) {
  const Col& avg = cols::sma_volume(stock(in), c, int_param(r, "period"));
  const double mult = param(r, "multiplier");
  Mask m(avg.size(), 0);
  for (std::size_t t = 0; t < avg.size(); ++t) {
    m[t] = ok(avg[t]) && in.bars->volume[t] > mult * avg[t];
  }
  return m;
}

int zero(const RuleInstance&) { return 0; }

RuleSpec make_spec(std::string_view name, std::string_view description, std::string_view formula,
                   std::vector<ParamSpec> params) {
  RuleSpec s;
  s.name = name;
  s.description = description;
  s.formula = formula;
  s.params = std::move(params);
  return s;
}

std::vector<RuleSpec> build() {
  std::vector<RuleSpec> v;
  auto add = [&v](RuleSpec s) { v.push_back(std::move(s)); };
  const auto fast = [](int def) {
    return period("fast_period", def, 1, 500, "fast moving-average period (bars)");
  };
  const auto slow = [](int def) {
    return period("slow_period", def, 2, 1000, "slow moving-average period (bars)");
  };
  const auto rsi_period = period("period", 14, 2, 500, "RSI period (bars, Wilder)");
  const auto macd_params = std::vector<ParamSpec>{
      period("fast_period", 12, 2, 500, "fast EMA period"),
      period("slow_period", 26, 2, 1000, "slow EMA period"),
      period("signal_period", 9, 1, 500, "signal EMA period")};

  // ---- The original tool's rules (same type and parameter names) ----
  {
    RuleSpec s = make_spec("sma_crossover", "fast SMA crosses above slow SMA",
               "SMA(close,fast)[t] > SMA(close,slow)[t] and SMA(close,fast)[t-1] <= "
               "SMA(close,slow)[t-1]",
               {fast(10), slow(20)});
    s.warmup = [](const RuleInstance& r) {
      return cols::sma_lookback(int_param(r, "slow_period")) + 1;
    };
    s.warmup_doc = "slow_period";
    s.signal = sma_crossover;
    s.less_param = "fast_period";
    s.greater_param = "slow_period";
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("ema_crossover", "fast EMA crosses above slow EMA",
               "EMA(close,fast)[t] > EMA(close,slow)[t] and EMA(close,fast)[t-1] <= "
               "EMA(close,slow)[t-1] (EMAs seeded with the SMA of the first values, TA-Lib)",
               {fast(10), slow(20)});
    s.warmup = [](const RuleInstance& r) {
      return cols::ema_lookback(int_param(r, "slow_period")) + 1;
    };
    s.warmup_doc = "slow_period";
    s.signal = ema_crossover;
    s.less_param = "fast_period";
    s.greater_param = "slow_period";
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("rsi_oversold", "RSI shows momentum (> 40) or recovers through the threshold",
               "RSI[t] > 40 or (RSI[t] >= oversold_threshold and RSI[t-1] < oversold_threshold)",
               {rsi_period, number("oversold_threshold", 30.0, 0.0, 100.0, "RSI level")});
    s.warmup = [](const RuleInstance& r) { return cols::rsi_lookback(int_param(r, "period")); };
    s.warmup_doc = "period";
    s.signal = rsi_oversold;
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("volume_spike", "volume spike on a large price move",
               "volume[t] > spike_multiplier × SMA(volume,period)[t] and |close[t]/close[t-1] − 1| "
               "> price_change_threshold",
               {period("period", 20, 1, 500, "volume average period"),
                number("spike_multiplier", 2.0, 1.0, 100.0, "volume multiple of the average",
                       true),
                number("price_change_threshold", 0.01, 0.0, 1.0, "absolute close change (0.01 = 1%)",
                       true)});
    s.warmup = [](const RuleInstance& r) {
      return std::max(1, cols::sma_lookback(int_param(r, "period")));
    };
    s.warmup_doc = "period − 1 (at least 1)";
    s.signal = volume_spike;
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("hammer_pattern", "hammer candle: small body, long lower shadow",
               "body = |close−open| > 0 and body <= body_ratio × (high−low) and lower shadow "
               "(min(open,close)−low) >= shadow_ratio × body and upper shadow (high−max(open,close)) "
               "<= lower shadow / 2",
               {number("body_ratio", 0.3, 0.0, 1.0, "max body as a fraction of the range", true),
                number("shadow_ratio", 2.0, 0.0, 100.0, "min lower shadow as a multiple of the body",
                       true)});
    s.warmup = zero;
    s.warmup_doc = "0";
    s.signal = hammer_pattern;
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("engulfing_pattern", "bullish engulfing candle",
               "close[t-1] < open[t-1] and close[t] > open[t] and |close[t]−open[t]| >= "
               "min_body_ratio × |close[t-1]−open[t-1]| and close[t] > open[t-1] and open[t] <= "
               "close[t-1]",
               {number("min_body_ratio", 1.2, 1.0, 100.0, "body multiple of the previous body",
                       true)});
    s.warmup = [](const RuleInstance&) { return 1; };
    s.warmup_doc = "1";
    s.signal = engulfing_pattern;
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("macd_crossover", "MACD line crosses above its signal line",
               "MACD[t] > signal[t] and MACD[t-1] <= signal[t-1] (TA-Lib MACD)", macd_params);
    s.warmup = [](const RuleInstance& r) {
      return cols::macd_lookback(int_param(r, "fast_period"), int_param(r, "slow_period"),
                                 int_param(r, "signal_period")) +
             1;
    };
    s.warmup_doc = "slow_period + signal_period − 1";
    s.signal = macd_crossover;
    s.less_param = "fast_period";
    s.greater_param = "slow_period";
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("bollinger_squeeze", "close breaks above the upper band right after a squeeze",
               "close[t] > upper[t] and (upper[t-1] − lower[t-1]) / middle[t-1] < "
               "squeeze_threshold (bands: SMA(period) ± std_dev × population σ)",
               {period("period", 20, 2, 500, "band period"),
                number("std_dev", 2.0, 0.0, 10.0, "band width in standard deviations", true),
                number("squeeze_threshold", 0.1, 0.0, 10.0, "band width / middle", true)});
    s.warmup = [](const RuleInstance& r) {
      return cols::bbands_lookback(int_param(r, "period")) + 1;
    };
    s.warmup_doc = "period";
    s.signal = bollinger_squeeze;
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("price_above_sma", "close above its SMA", "close[t] > SMA(close,period)[t]",
               {period("period", 50, 1, 1000, "SMA period")});
    s.warmup = [](const RuleInstance& r) { return cols::sma_lookback(int_param(r, "period")); };
    s.warmup_doc = "period − 1";
    s.signal = price_above_sma;
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("sma_cross_under", "fast SMA crosses below slow SMA (an exit signal)",
               "SMA(close,fast)[t] < SMA(close,slow)[t] and SMA(close,fast)[t-1] >= "
               "SMA(close,slow)[t-1]",
               {required_period("fast_period", 1, 500, "fast SMA period"),
                required_period("slow_period", 2, 1000, "slow SMA period")});
    s.warmup = [](const RuleInstance& r) {
      return cols::sma_lookback(int_param(r, "slow_period")) + 1;
    };
    s.warmup_doc = "slow_period";
    s.signal = sma_cross_under;
    s.less_param = "fast_period";
    s.greater_param = "slow_period";
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("stop_loss_pct", "price-level exit: fixed stop below the entry fill",
               "stop = fill × (1 − percentage); exits when low <= stop (at the open if it gaps "
               "below)",
               {required_number("percentage", 0.0, 1.0, "fraction below the fill (0.05 = 5%)",
                                true)});
    s.warmup = zero;
    s.warmup_doc = "0";
    s.level_exit = true;
    s.level_kind = LevelExit::Kind::kStopPct;
    s.value_param = "percentage";
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("take_profit_pct", "price-level exit: fixed target above the entry fill",
               "target = fill × (1 + percentage); exits when high >= target (at the open if it "
               "gaps above)",
               {required_number("percentage", 0.0, 100.0, "fraction above the fill (0.15 = 15%)",
                                true)});
    s.warmup = zero;
    s.warmup_doc = "0";
    s.level_exit = true;
    s.level_kind = LevelExit::Kind::kTargetPct;
    s.value_param = "percentage";
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("stop_loss_atr", "price-level exit: stop a multiple of ATR below the fill",
               "stop = fill − multiplier × ATR(period) of the signal bar; exits when low <= stop",
               {period("period", 14, 2, 500, "ATR period (Wilder)"),
                number("multiplier", 2.0, 0.0, 50.0, "ATR multiple", true)});
    s.warmup = [](const RuleInstance& r) { return cols::atr_lookback(int_param(r, "period")); };
    s.warmup_doc = "period";
    s.level_exit = true;
    s.level_kind = LevelExit::Kind::kStopAtr;
    s.value_param = "multiplier";
    s.period_param = "period";
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("take_profit_atr", "price-level exit: target a multiple of ATR above the fill",
               "target = fill + multiplier × ATR(period) of the signal bar; exits when high >= "
               "target",
               {period("period", 14, 2, 500, "ATR period (Wilder)"),
                number("multiplier", 4.0, 0.0, 100.0, "ATR multiple", true)});
    s.warmup = [](const RuleInstance& r) { return cols::atr_lookback(int_param(r, "period")); };
    s.warmup_doc = "period";
    s.level_exit = true;
    s.level_kind = LevelExit::Kind::kTargetAtr;
    s.value_param = "multiplier";
    s.period_param = "period";
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("market_above_sma", "the benchmark index closes above its SMA (market regime)",
               "bench.close[d] > SMA(bench.close,period)[d] on the benchmark bar of the stock "
               "bar's date d; false when the benchmark has no bar that day",
               {text("index_symbol", "",
                     "benchmark symbol; must be the config's benchmark_symbol (its default)"),
                period("period", 50, 1, 1000, "SMA period (benchmark bars)")});
    s.warmup = [](const RuleInstance& r) { return cols::sma_lookback(int_param(r, "period")); };
    s.warmup_doc = "period − 1 benchmark bars";
    s.signal = market_above_sma;
    s.uses_benchmark = true;
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("price_above_long_sma", "close above its long-term SMA (trend precondition)",
               "close[t] > SMA(close,period)[t]",
               {period("period", 200, 1, 1000, "SMA period")});
    s.warmup = [](const RuleInstance& r) { return cols::sma_lookback(int_param(r, "period")); };
    s.warmup_doc = "period − 1";
    s.signal = price_above_sma;
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("is_volatile", "ATR as a fraction of the close above a threshold",
               "ATR(period)[t] / close[t] > atr_threshold_pct",
               {period("period", 14, 2, 500, "ATR period (Wilder)"),
                number("atr_threshold_pct", 0.02, 0.0, 1.0, "ATR / close (0.02 = 2%)", true)});
    s.warmup = [](const RuleInstance& r) { return cols::atr_lookback(int_param(r, "period")); };
    s.warmup_doc = "period";
    s.signal = is_volatile;
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("simple_trailing_stop", "price-level exit: trailing stop below the highest high",
               "level = highest high since entry (to the previous bar) × (1 − trail_percent); "
               "exits when low <= level",
               {number("trail_percent", 0.05, 0.0, 1.0, "fraction below the high (0.05 = 5%)",
                       true)});
    s.warmup = zero;
    s.warmup_doc = "0";
    s.level_exit = true;
    s.level_kind = LevelExit::Kind::kTrailingPct;
    s.value_param = "trail_percent";
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("chandelier_exit", "price-level exit: ATR trailing stop below the highest high",
               "level = highest high since entry (to the previous bar) − atr_multiplier × "
               "ATR(atr_period) of the previous bar; exits when low <= level",
               {period("atr_period", 22, 2, 500, "ATR period (Wilder)"),
                number("atr_multiplier", 3.0, 0.0, 50.0, "ATR multiple", true)});
    s.warmup = [](const RuleInstance& r) {
      return cols::atr_lookback(int_param(r, "atr_period"));
    };
    s.warmup_doc = "atr_period";
    s.level_exit = true;
    s.level_kind = LevelExit::Kind::kChandelier;
    s.value_param = "atr_multiplier";
    s.period_param = "atr_period";
    add(std::move(s));
  }

  // ---- Rules a trader expects beyond the original ----
  {
    RuleSpec s = make_spec("rsi_above", "RSI above a level (momentum)", "RSI(period)[t] > threshold",
               {rsi_period, number("threshold", 50.0, 0.0, 100.0, "RSI level")});
    s.warmup = [](const RuleInstance& r) { return cols::rsi_lookback(int_param(r, "period")); };
    s.warmup_doc = "period";
    s.signal = rsi_above;
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("rsi_below", "RSI below a level (oversold)", "RSI(period)[t] < threshold",
               {rsi_period, number("threshold", 30.0, 0.0, 100.0, "RSI level")});
    s.warmup = [](const RuleInstance& r) { return cols::rsi_lookback(int_param(r, "period")); };
    s.warmup_doc = "period";
    s.signal = rsi_below;
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("macd_above_signal", "MACD line above its signal line",
               "MACD[t] > signal[t] (TA-Lib MACD)", macd_params);
    s.warmup = [](const RuleInstance& r) {
      return cols::macd_lookback(int_param(r, "fast_period"), int_param(r, "slow_period"),
                                 int_param(r, "signal_period"));
    };
    s.warmup_doc = "slow_period + signal_period − 2";
    s.signal = macd_above_signal;
    s.less_param = "fast_period";
    s.greater_param = "slow_period";
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("bollinger_breakout", "close above the upper Bollinger band",
               "close[t] > SMA(period)[t] + std_dev × population σ(period)[t]",
               {period("period", 20, 2, 500, "band period"),
                number("std_dev", 2.0, 0.0, 10.0, "band width in standard deviations", true)});
    s.warmup = [](const RuleInstance& r) {
      return cols::bbands_lookback(int_param(r, "period"));
    };
    s.warmup_doc = "period − 1";
    s.signal = bollinger_breakout;
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("donchian_breakout", "close above the highest high of the previous bars",
               "close[t] > max(high[t-period] .. high[t-1])",
               {period("period", 20, 1, 1000, "channel length (bars)")});
    s.warmup = [](const RuleInstance& r) { return int_param(r, "period"); };
    s.warmup_doc = "period";
    s.signal = donchian_breakout;
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("adx_trending", "ADX above a level (a trending stock)", "ADX(period)[t] > threshold",
               {period("period", 14, 2, 500, "ADX period (Wilder)"),
                number("threshold", 25.0, 0.0, 100.0, "ADX level")});
    s.warmup = [](const RuleInstance& r) { return cols::adx_lookback(int_param(r, "period")); };
    s.warmup_doc = "2 × period − 1";
    s.signal = adx_trending;
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("stochastic_oversold", "slow stochastic %K below a level",
               "slow %K(k_period, k_slowing, d_period)[t] < threshold",
               {period("k_period", 14, 1, 500, "fast %K period"),
                period("k_slowing", 3, 1, 100, "SMA smoothing of %K"),
                period("d_period", 3, 1, 100, "SMA period of %D"),
                number("threshold", 20.0, 0.0, 100.0, "%K level")});
    s.warmup = [](const RuleInstance& r) {
      return cols::stoch_lookback(int_param(r, "k_period"), int_param(r, "k_slowing"),
                                  int_param(r, "d_period"));
    };
    s.warmup_doc = "k_period + k_slowing + d_period − 3";
    s.signal = stochastic_oversold;
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("new_high_52w", "the high makes a new high over the lookback (52 weeks)",
               "high[t] > max(high[t-period] .. high[t-1])",
               {period("period", 252, 1, 2000, "lookback (bars; 252 ≈ 52 weeks)")});
    s.warmup = [](const RuleInstance& r) { return int_param(r, "period"); };
    s.warmup_doc = "period";
    s.signal = new_high_52w;
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("gap_up", "the open gaps above the previous high",
               "open[t] > high[t-1] × (1 + gap_pct)",
               {number("gap_pct", 0.0, 0.0, 1.0, "minimum gap above the previous high")});
    s.warmup = [](const RuleInstance&) { return 1; };
    s.warmup_doc = "1";
    s.signal = gap_up;
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("inside_bar_breakout", "close breaks above an inside bar",
               "high[t-1] < high[t-2] and low[t-1] > low[t-2] and close[t] > high[t-1]", {});
    s.warmup = [](const RuleInstance&) { return 2; };
    s.warmup_doc = "2";
    s.signal = inside_bar_breakout;
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("supertrend_flip", "SuperTrend turns up",
               "direction[t] = +1 and direction[t-1] = −1 (SuperTrend(period, multiplier))",
               {period("period", 10, 1, 500, "ATR period"),
                number("multiplier", 3.0, 0.0, 50.0, "ATR multiple of the bands", true)});
    s.warmup = [](const RuleInstance& r) {
      return cols::supertrend_lookback(int_param(r, "period")) + 1;
    };
    s.warmup_doc = "period + 1";
    s.signal = supertrend_flip;
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("obv_rising", "on-balance volume above its SMA", "OBV[t] > SMA(OBV,period)[t]",
               {period("period", 20, 1, 500, "SMA period of OBV")});
    s.warmup = [](const RuleInstance& r) { return cols::sma_lookback(int_param(r, "period")); };
    s.warmup_doc = "period − 1";
    s.signal = obv_rising;
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("min_avg_turnover", "average traded value above a minimum (liquidity)",
               "SMA(close × volume, period)[t] > min_turnover",
               {period("period", 20, 1, 500, "averaging period"),
                number("min_turnover", 1e7, 0.0, kInf, "rupees per day (1e7 = 1 crore)")});
    s.warmup = [](const RuleInstance& r) { return cols::sma_lookback(int_param(r, "period")); };
    s.warmup_doc = "period − 1";
    s.signal = min_avg_turnover;
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("price_above_ema", "close above its EMA", "close[t] > EMA(close,period)[t]",
               {period("period", 20, 1, 1000, "EMA period")});
    s.warmup = [](const RuleInstance& r) { return cols::ema_lookback(int_param(r, "period")); };
    s.warmup_doc = "period − 1";
    s.signal = price_above_ema;
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("williams_r_oversold", "Williams %R below a level", "%R(period)[t] < threshold",
               {period("period", 14, 1, 500, "lookback"),
                number("threshold", -80.0, -100.0, 0.0, "%R level (−100 .. 0)")});
    s.warmup = [](const RuleInstance& r) { return cols::willr_lookback(int_param(r, "period")); };
    s.warmup_doc = "period − 1";
    s.signal = williams_r_oversold;
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("mfi_oversold", "money flow index below a level", "MFI(period)[t] < threshold",
               {period("period", 14, 1, 500, "MFI period"),
                number("threshold", 20.0, 0.0, 100.0, "MFI level")});
    s.warmup = [](const RuleInstance& r) { return cols::mfi_lookback(int_param(r, "period")); };
    s.warmup_doc = "period";
    s.signal = mfi_oversold;
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("roc_above", "rate of change above a level (percent)",
               "ROC(period)[t] = (close[t]/close[t-period] − 1) × 100 > threshold",
               {period("period", 12, 1, 1000, "lookback"),
                number("threshold", 0.0, -100.0, 10000.0, "percent")});
    s.warmup = [](const RuleInstance& r) { return cols::roc_lookback(int_param(r, "period")); };
    s.warmup_doc = "period";
    s.signal = roc_above;
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("keltner_breakout", "close above the upper Keltner channel",
               "close[t] > EMA(close,period)[t] + multiplier × ATR(period)[t]",
               {period("period", 20, 2, 500, "EMA and ATR period"),
                number("multiplier", 2.0, 0.0, 50.0, "ATR multiple", true)});
    s.warmup = [](const RuleInstance& r) {
      return cols::keltner_lookback(int_param(r, "period"));
    };
    s.warmup_doc = "period";
    s.signal = keltner_breakout;
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("parabolic_sar_bullish", "close above the parabolic SAR",
               "close[t] > SAR(acceleration, maximum)[t]",
               {number("acceleration", 0.02, 0.0, 1.0, "acceleration step", true),
                number("maximum", 0.2, 0.0, 1.0, "acceleration cap", true)});
    s.warmup = [](const RuleInstance&) { return cols::sar_lookback(); };
    s.warmup_doc = "1";
    s.signal = parabolic_sar_bullish;
    s.less_param = "acceleration";
    s.greater_param = "maximum";
    add(std::move(s));
  }
  {
    RuleSpec s = make_spec("volume_above_avg", "volume above a multiple of its average",
               "volume[t] > multiplier × SMA(volume,period)[t]",
               {period("period", 20, 1, 500, "averaging period"),
                number("multiplier", 1.5, 0.0, 100.0, "multiple of the average", true)});
    s.warmup = [](const RuleInstance& r) { return cols::sma_lookback(int_param(r, "period")); };
    s.warmup_doc = "period − 1";
    s.signal = volume_above_avg;
    add(std::move(s));
  }
  return v;
}

std::string kind_name(Kind k) {
  switch (k) {
    case Kind::kInt:
      return "int";
    case Kind::kDouble:
      return "number";
    case Kind::kString:
      return "string";
  }
  return "?";
}

std::string fmt(double v) {
  if (std::isinf(v)) return "∞";
  return shortest_number(v);
}

std::string default_text(const ParamSpec& p) {
  if (p.required) return "required";
  if (p.kind == Kind::kString) {
    return p.text_default.empty() ? "benchmark_symbol" : std::string(p.text_default);
  }
  return fmt(p.def);
}

std::string range_text(const ParamSpec& p) {
  if (p.kind == Kind::kString) return "-";
  return std::string(p.min_open ? "(" : "[") + fmt(p.min) + ", " + fmt(p.max) +
         (std::isinf(p.max) ? ")" : "]");
}

}  // namespace

const std::vector<RuleSpec>& rule_catalog() {
  static const std::vector<RuleSpec> catalog = build();
  return catalog;
}

const RuleSpec* find_rule(std::string_view type) {
  for (const auto& s : rule_catalog()) {
    if (s.name == type) return &s;
  }
  return nullptr;
}

std::vector<std::string> rule_type_names() {
  std::vector<std::string> out;
  for (const auto& s : rule_catalog()) out.emplace_back(s.name);
  return out;
}

const ParamSpec* find_param(const RuleSpec& spec, std::string_view name) {
  for (const auto& p : spec.params) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

double param(const RuleInstance& rule, std::string_view name) {
  auto it = rule.params.find(std::string(name));
  if (it != rule.params.end()) return it->second;
  // Not completed by the loader (a hand-built instance): the catalog default.
  if (const RuleSpec* s = find_rule(rule.type)) {
    if (const ParamSpec* p = find_param(*s, name)) return p->def;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

int int_param(const RuleInstance& rule, std::string_view name) {
  const double v = param(rule, name);
  return std::isnan(v) ? 0 : static_cast<int>(std::lround(v));
}

std::string catalog_markdown() {
  std::string out;
  for (const auto& s : rule_catalog()) {
    out += "### `" + std::string(s.name) + "`\n\n";
    std::string d(s.description);
    if (!d.empty()) d[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(d[0])));
    out += d + ".";
    if (s.level_exit) out += " Price-level exit: valid only under `exit_conditions` or a layer's `exit:`.";
    if (s.uses_benchmark) out += " Reads the benchmark series.";
    out += "\n\n";
    out += "Condition: " + std::string(s.formula) + ".\n\n";
    out += "Warm-up: " + std::string(s.warmup_doc) + " bars.\n\n";
    if (s.params.empty()) {
      out += "No parameters.\n\n";
      continue;
    }
    out += "| parameter | kind | default | range | meaning |\n|---|---|---|---|---|\n";
    for (const auto& p : s.params) {
      out += "| `" + std::string(p.name) + "` | " + kind_name(p.kind) + " | " + default_text(p) +
             " | " + range_text(p) + " | " + std::string(p.doc) + " |\n";
    }
    if (!s.less_param.empty()) {
      out += "\nConstraint: `" + std::string(s.less_param) + "` < `" +
             std::string(s.greater_param) + "`.\n";
    }
    out += "\n";
  }
  return out;
}

std::string catalog_text() {
  std::string out;
  for (const auto& s : rule_catalog()) {
    out += "  " + std::string(s.name);
    out += s.level_exit ? " [exit level]" : "";
    out += ": " + std::string(s.description) + "\n";
    for (const auto& p : s.params) {
      out += "      " + std::string(p.name) + " (" + kind_name(p.kind) + ", " +
             (p.required ? std::string("required") : "default " + default_text(p)) +
             (p.kind == Kind::kString ? std::string() : ", " + range_text(p)) + ")\n";
    }
  }
  return out;
}

}  // namespace kiss
