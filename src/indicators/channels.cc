// Rolling extremes and price channels (docs/indicators.md).
#include "indicators/channels.h"

#include <vector>

#include "indicators/kernel_util.h"
#include "indicators/moving_average.h"
#include "indicators/wilder_atr.h"

namespace kiss::ind {
using detail::sz;

int highest_lookback(int p) { return p - 1; }
int lowest_lookback(int p) { return p - 1; }
int donchian_lookback(int p) { return p - 1; }
int keltner_lookback(int p) { return std::max(ema_lookback(p), p); }  // ATR(p) starts at p

namespace {
void rolling_extreme(std::span<const double> in, int p, bool is_max, std::span<double> out) {
  assert(in.size() == out.size() && p >= 1);
  detail::fill_warmup(out, p - 1);
  if (in.size() < sz(p)) return;
  std::vector<double> scratch;
  if (is_max)
    detail::window_extreme<true>(in, p, sz(p - 1), in.size(), out.data() + (p - 1), scratch);
  else detail::window_extreme<false>(in, p, sz(p - 1), in.size(), out.data() + (p - 1), scratch);
}
}  // namespace

void highest(std::span<const double> in, int p, std::span<double> out) {
  rolling_extreme(in, p, true, out);
}
void lowest(std::span<const double> in, int p, std::span<double> out) {
  rolling_extreme(in, p, false, out);
}

void donchian(std::span<const double> high, std::span<const double> low, int p,
              std::span<double> upper, std::span<double> middle, std::span<double> lower) {
  assert(low.size() == high.size() && middle.size() == high.size());
  highest(high, p, upper);
  lowest(low, p, lower);
  for (std::size_t i = 0; i < high.size(); ++i) middle[i] = (upper[i] + lower[i]) / 2.0;
}

void keltner(std::span<const double> high, std::span<const double> low,
             std::span<const double> close, int p, double mult, std::span<double> upper,
             std::span<double> middle, std::span<double> lower) {
  [[maybe_unused]] const std::size_t n = close.size();
  assert(high.size() == n && low.size() == n && upper.size() == n && middle.size() == n &&
         lower.size() == n && p >= 1);
  // EMA(p) into `middle` first (it starts one bar before the ATR), then the bands from the ATR
  // stream; the EMA's extra first bar is blanked so all three outputs share one lookback.
  ema(close, p, middle);
  const int lookback = keltner_lookback(p);
  detail::fill_warmup(upper, lookback);
  detail::fill_warmup(lower, lookback);
  detail::wilder_atr(high, low, close, p, [&](std::size_t i, double a) {
    upper[i] = middle[i] + mult * a;
    lower[i] = middle[i] - mult * a;
  });
  detail::fill_warmup(middle, lookback);
}

}  // namespace kiss::ind
