#include "rules/columns.h"

#include <cmath>
#include <cstdio>
#include <limits>
#include <utility>

#include "indicators/indicators.h"

namespace kiss::cols {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Col nan_col(std::size_t n) { return Col(n, kNaN); }

// Exact text of a double parameter for cache keys (2 and 2.0 give the same key).
std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string key(const Series& s, const std::string& body) { return s.prefix + body; }

}  // namespace

const Col& sma_close(const Series& s, IndicatorCache& c, int p) {
  return c.get(key(s, "sma(close," + std::to_string(p) + ")"), [&] {
    Col out = nan_col(s.bars.size());
    ind::sma(s.bars.close, p, out);
    return out;
  });
}

const Col& ema_close(const Series& s, IndicatorCache& c, int p) {
  return c.get(key(s, "ema(close," + std::to_string(p) + ")"), [&] {
    Col out = nan_col(s.bars.size());
    ind::ema(s.bars.close, p, out);
    return out;
  });
}

const Col& sma_volume(const Series& s, IndicatorCache& c, int p) {
  return c.get(key(s, "sma(volume," + std::to_string(p) + ")"), [&] {
    Col out = nan_col(s.bars.size());
    ind::sma(s.bars.volume, p, out);
    return out;
  });
}

const Col& sma_turnover(const Series& s, IndicatorCache& c, int p) {
  return c.get(key(s, "sma(turnover," + std::to_string(p) + ")"), [&] {
    const std::size_t n = s.bars.size();
    Col turnover(n);
    for (std::size_t i = 0; i < n; ++i) turnover[i] = s.bars.close[i] * s.bars.volume[i];
    Col out = nan_col(n);
    ind::sma(turnover, p, out);
    return out;
  });
}

const Col& rsi(const Series& s, IndicatorCache& c, int p) {
  return c.get(key(s, "rsi(close," + std::to_string(p) + ")"), [&] {
    Col out = nan_col(s.bars.size());
    ind::rsi(s.bars.close, p, out);
    return out;
  });
}

const Col& roc(const Series& s, IndicatorCache& c, int p) {
  return c.get(key(s, "roc(close," + std::to_string(p) + ")"), [&] {
    Col out = nan_col(s.bars.size());
    ind::roc(s.bars.close, p, out);
    return out;
  });
}

const Col& atr(const Series& s, IndicatorCache& c, int p) {
  return c.get(key(s, "atr(" + std::to_string(p) + ")"), [&] {
    Col out = nan_col(s.bars.size());
    ind::atr(s.bars.high, s.bars.low, s.bars.close, p, out);
    return out;
  });
}

namespace {
std::string macd_key(int f, int sl, int sg) {
  return "macd(close," + std::to_string(f) + "," + std::to_string(sl) + "," + std::to_string(sg) +
         ")";
}
// Computes the three MACD columns once and caches line and signal.
void macd_all(const Series& s, IndicatorCache& c, int f, int sl, int sg) {
  const std::string k = key(s, macd_key(f, sl, sg));
  c.get(k + ".line", [&] {
    const std::size_t n = s.bars.size();
    Col line = nan_col(n), signal = nan_col(n), hist = nan_col(n);
    ind::macd(s.bars.close, f, sl, sg, line, signal, hist);
    c.get(k + ".signal", [&] { return std::move(signal); });  // moved, not copied
    return line;
  });
}
}  // namespace

const Col& macd_line(const Series& s, IndicatorCache& c, int f, int sl, int sg) {
  macd_all(s, c, f, sl, sg);
  return c.get(key(s, macd_key(f, sl, sg)) + ".line", [] { return Col(); });
}

const Col& macd_signal(const Series& s, IndicatorCache& c, int f, int sl, int sg) {
  macd_all(s, c, f, sl, sg);
  return c.get(key(s, macd_key(f, sl, sg)) + ".signal", [] { return Col(); });
}

namespace {
const Col& bb(const Series& s, IndicatorCache& c, int p, double k, const char* which) {
  const std::string base = key(s, "bbands(close," + std::to_string(p) + "," + num(k) + ")");
  c.get(base + ".upper", [&] {
    const std::size_t n = s.bars.size();
    Col up = nan_col(n), mid = nan_col(n), lo = nan_col(n);
    ind::bbands(s.bars.close, p, k, k, up, mid, lo);
    c.get(base + ".middle", [&] { return std::move(mid); });
    c.get(base + ".lower", [&] { return std::move(lo); });
    return up;
  });
  return c.get(base + which, [] { return Col(); });
}
}  // namespace

const Col& bb_upper(const Series& s, IndicatorCache& c, int p, double k) {
  return bb(s, c, p, k, ".upper");
}
const Col& bb_middle(const Series& s, IndicatorCache& c, int p, double k) {
  return bb(s, c, p, k, ".middle");
}
const Col& bb_lower(const Series& s, IndicatorCache& c, int p, double k) {
  return bb(s, c, p, k, ".lower");
}

const Col& highest_high(const Series& s, IndicatorCache& c, int p) {
  return c.get(key(s, "highest(high," + std::to_string(p) + ")"), [&] {
    Col out = nan_col(s.bars.size());
    ind::highest(s.bars.high, p, out);
    return out;
  });
}

const Col& adx(const Series& s, IndicatorCache& c, int p) {
  return c.get(key(s, "adx(" + std::to_string(p) + ")"), [&] {
    Col out = nan_col(s.bars.size());
    ind::adx(s.bars.high, s.bars.low, s.bars.close, p, out);
    return out;
  });
}

namespace {
const Col& stoch_col(const Series& s, IndicatorCache& c, int fk, int sk, int sd,
                     const char* which) {
  const std::string base = key(s, "stoch(" + std::to_string(fk) + "," + std::to_string(sk) +
                                      "," + std::to_string(sd) + ")");
  c.get(base + ".k", [&] {
    const std::size_t n = s.bars.size();
    Col k = nan_col(n), d = nan_col(n);
    ind::stoch(s.bars.high, s.bars.low, s.bars.close, fk, sk, sd, k, d);
    c.get(base + ".d", [&] { return std::move(d); });
    return k;
  });
  return c.get(base + which, [] { return Col(); });
}
}  // namespace

const Col& stoch_k(const Series& s, IndicatorCache& c, int fk, int sk, int sd) {
  return stoch_col(s, c, fk, sk, sd, ".k");
}
const Col& stoch_d(const Series& s, IndicatorCache& c, int fk, int sk, int sd) {
  return stoch_col(s, c, fk, sk, sd, ".d");
}

const Col& supertrend_dir(const Series& s, IndicatorCache& c, int p, double mult) {
  return c.get(key(s, "supertrend(" + std::to_string(p) + "," + num(mult) + ").direction"), [&] {
    const std::size_t n = s.bars.size();
    Col line = nan_col(n), dir = nan_col(n);
    ind::supertrend(s.bars.high, s.bars.low, s.bars.close, p, mult, line, dir);
    return dir;
  });
}

const Col& obv(const Series& s, IndicatorCache& c) {
  return c.get(key(s, "obv"), [&] {
    Col out = nan_col(s.bars.size());
    ind::obv(s.bars.close, s.bars.volume, out);
    return out;
  });
}

const Col& sma_obv(const Series& s, IndicatorCache& c, int p) {
  const Col& o = obv(s, c);
  return c.get(key(s, "sma(obv," + std::to_string(p) + ")"), [&] {
    Col out = nan_col(s.bars.size());
    ind::sma(o, p, out);
    return out;
  });
}

const Col& willr(const Series& s, IndicatorCache& c, int p) {
  return c.get(key(s, "willr(" + std::to_string(p) + ")"), [&] {
    Col out = nan_col(s.bars.size());
    ind::willr(s.bars.high, s.bars.low, s.bars.close, p, out);
    return out;
  });
}

const Col& mfi(const Series& s, IndicatorCache& c, int p) {
  return c.get(key(s, "mfi(" + std::to_string(p) + ")"), [&] {
    Col out = nan_col(s.bars.size());
    ind::mfi(s.bars.high, s.bars.low, s.bars.close, s.bars.volume, p, out);
    return out;
  });
}

const Col& keltner_upper(const Series& s, IndicatorCache& c, int p, double mult) {
  return c.get(key(s, "keltner(" + std::to_string(p) + "," + num(mult) + ").upper"), [&] {
    const std::size_t n = s.bars.size();
    Col up = nan_col(n), mid = nan_col(n), lo = nan_col(n);
    ind::keltner(s.bars.high, s.bars.low, s.bars.close, p, mult, up, mid, lo);
    return up;
  });
}

const Col& sar(const Series& s, IndicatorCache& c, double accel, double max) {
  return c.get(key(s, "sar(" + num(accel) + "," + num(max) + ")"), [&] {
    Col out = nan_col(s.bars.size());
    ind::sar(s.bars.high, s.bars.low, accel, max, out);
    return out;
  });
}

int sma_lookback(int p) { return ind::sma_lookback(p); }
int ema_lookback(int p) { return ind::ema_lookback(p); }
int rsi_lookback(int p) { return ind::rsi_lookback(p); }
int roc_lookback(int p) { return ind::roc_lookback(p); }
int atr_lookback(int p) { return ind::atr_lookback(p); }
int macd_lookback(int f, int s, int g) { return ind::macd_lookback(f, s, g); }
int bbands_lookback(int p) { return ind::bbands_lookback(p); }
int highest_lookback(int p) { return ind::highest_lookback(p); }
int adx_lookback(int p) { return ind::adx_lookback(p); }
int stoch_lookback(int fk, int sk, int sd) { return ind::stoch_lookback(fk, sk, sd); }
int supertrend_lookback(int p) { return ind::supertrend_lookback(p); }
int willr_lookback(int p) { return ind::willr_lookback(p); }
int mfi_lookback(int p) { return ind::mfi_lookback(p); }
int keltner_lookback(int p) { return ind::keltner_lookback(p); }
int sar_lookback() { return ind::sar_lookback(); }

}  // namespace kiss::cols
