// Indicator columns of one series, memoised in the stock's IndicatorCache under a canonical key
// ("sma(close,20)", "bench:sma(close,50)"), so each is computed once over the whole history. The
// math is src/indicators (kiss::ind); this file only names, sizes and caches the columns.
#pragma once
#include <string>
#include <vector>

#include "rules/evaluate.h"
#include "util/bars.h"

namespace kiss::cols {

using Col = std::vector<double>;

// Which series a column belongs to: the stock (prefix "") or its benchmark ("bench:").
struct Series {
  const Bars& bars;
  std::string prefix;
};

const Col& sma_close(const Series& s, IndicatorCache& c, int period);
const Col& ema_close(const Series& s, IndicatorCache& c, int period);
const Col& sma_volume(const Series& s, IndicatorCache& c, int period);
const Col& sma_turnover(const Series& s, IndicatorCache& c, int period);  // close × volume
const Col& rsi(const Series& s, IndicatorCache& c, int period);
const Col& roc(const Series& s, IndicatorCache& c, int period);
const Col& atr(const Series& s, IndicatorCache& c, int period);
const Col& macd_line(const Series& s, IndicatorCache& c, int fast, int slow, int signal);
const Col& macd_signal(const Series& s, IndicatorCache& c, int fast, int slow, int signal);
const Col& bb_upper(const Series& s, IndicatorCache& c, int period, double k);
const Col& bb_middle(const Series& s, IndicatorCache& c, int period, double k);
const Col& bb_lower(const Series& s, IndicatorCache& c, int period, double k);
const Col& highest_high(const Series& s, IndicatorCache& c, int period);
const Col& adx(const Series& s, IndicatorCache& c, int period);
const Col& stoch_k(const Series& s, IndicatorCache& c, int fastk, int slowk, int slowd);
const Col& stoch_d(const Series& s, IndicatorCache& c, int fastk, int slowk, int slowd);
const Col& supertrend_dir(const Series& s, IndicatorCache& c, int period, double mult);
const Col& obv(const Series& s, IndicatorCache& c);
const Col& sma_obv(const Series& s, IndicatorCache& c, int period);
const Col& willr(const Series& s, IndicatorCache& c, int period);
const Col& mfi(const Series& s, IndicatorCache& c, int period);
const Col& keltner_upper(const Series& s, IndicatorCache& c, int period, double mult);
const Col& sar(const Series& s, IndicatorCache& c, double accel, double max);

// Warm-up lengths (leading NaN count) of the same indicators, from kiss::ind's *_lookback.
int sma_lookback(int period);
int ema_lookback(int period);
int rsi_lookback(int period);
int roc_lookback(int period);
int atr_lookback(int period);
int macd_lookback(int fast, int slow, int signal);
int bbands_lookback(int period);
int highest_lookback(int period);
int adx_lookback(int period);
int stoch_lookback(int fastk, int slowk, int slowd);
int supertrend_lookback(int period);
int willr_lookback(int period);
int mfi_lookback(int period);
int keltner_lookback(int period);
int sar_lookback();

}  // namespace kiss::cols
