// Volume indicators: OBV and MFI with TA-Lib's conventions, rolling VWAP (docs/indicators.md).
#include "indicators/volume.h"

#include <vector>

#include "indicators/kernel_util.h"

namespace kiss::ind {
using detail::kNaN;
using detail::sz;

int obv_lookback() { return 0; }
int mfi_lookback(int p) { return p; }
int vwap_lookback(int p) { return p - 1; }

void obv(std::span<const double> close, std::span<const double> volume, std::span<double> out) {
  const std::size_t n = close.size();
  assert(volume.size() == n && out.size() == n);
  if (n == 0) return;
  double v = volume[0];  // TA-Lib starts at the first bar's volume, not at 0
  double prev = close[0];
  out[0] = v;
  // TA-Lib: `if (c > prev) v += vol; else if (c < prev) v -= vol;`. Here v += (+vol, −vol or
  // +0.0) picked by bit masks (detail::keep_if): the same sums bit for bit (v − vol == v + (−vol),
  // v + 0.0 == v), without the jump that mispredicts on every other bar of a random walk.
  const double* c = close.data();
  const double* vol = volume.data();
  double* o = out.data();
  for (std::size_t i = 1; i < n; ++i) {
    const double x = c[i];
    v += detail::keep_if(x > prev, vol[i]) - detail::keep_if(x < prev, vol[i]);
    o[i] = v;
    prev = x;
  }
}

void mfi(std::span<const double> high, std::span<const double> low, std::span<const double> close,
         std::span<const double> volume, int p, std::span<double> out) {
  const std::size_t n = close.size();
  assert(high.size() == n && low.size() == n && volume.size() == n && out.size() == n && p >= 1);
  detail::fill_warmup(out, p);
  if (n <= sz(p)) return;
  // Running sums of the positive / negative money flows of the last p bars, updated as TA-Lib
  // does (subtract the leaving flow, add the new one) so the sums drift identically. A flow is
  // TP·V, positive when TP rose, negative when it fell, neither when equal.
  std::vector<double> pos(sz(p), 0.0), neg(sz(p), 0.0);
  std::size_t slot = 0;
  double pos_sum = 0.0, neg_sum = 0.0;
  double prev_tp = (high[0] + low[0] + close[0]) / 3.0;
  for (std::size_t i = 1; i < n; ++i) {
    if (i > sz(p)) {
      pos_sum -= pos[slot];
      neg_sum -= neg[slot];
    }
    double tp = (high[i] + low[i] + close[i]) / 3.0;
    const double diff = tp - prev_tp;
    prev_tp = tp;
    tp *= volume[i];
    // Branch-free: the flow not taken is 0.0, and adding it to a sum is exact.
    neg[slot] = diff < 0 ? tp : 0.0;
    pos[slot] = diff > 0 ? tp : 0.0;
    neg_sum += neg[slot];
    pos_sum += pos[slot];
    if (++slot == sz(p)) slot = 0;
    if (i >= sz(p)) {
      const double total = pos_sum + neg_sum;
      out[i] = total < 1.0 ? 0.0 : 100.0 * (pos_sum / total);  // TA-Lib's absolute threshold
    }
  }
}

void vwap(std::span<const double> high, std::span<const double> low, std::span<const double> close,
          std::span<const double> volume, int p, std::span<double> out) {
  const std::size_t n = close.size();
  assert(high.size() == n && low.size() == n && volume.size() == n && out.size() == n && p >= 1);
  detail::fill_warmup(out, p - 1);
  // Running Σ TP·V and Σ V over the window. `traded` counts the window's bars with V != 0: when it
  // is 0 the value is NaN and both sums are reset to exactly 0, so rounding left over by the
  // subtractions can never fake a value (e.g. on an index series without volume).
  double pv = 0.0, vol = 0.0;
  int traded = 0;
  const std::size_t w = sz(p);
  for (std::size_t i = 0; i < n; ++i) {
    pv += (high[i] + low[i] + close[i]) / 3.0 * volume[i];
    vol += volume[i];
    if (volume[i] != 0.0) ++traded;
    if (i >= w) {
      const std::size_t j = i - w;
      pv -= (high[j] + low[j] + close[j]) / 3.0 * volume[j];
      vol -= volume[j];
      if (volume[j] != 0.0) --traded;
    }
    if (traded == 0) pv = vol = 0.0;
    if (i + 1 >= w) out[i] = (traded == 0 || vol == 0.0) ? kNaN : pv / vol;
  }
}

}  // namespace kiss::ind
