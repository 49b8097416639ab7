// Side-by-side timing of kiss::ind kernels and TA-Lib's C functions on the same 1M-bar synthetic
// series (talib_ref's --gen series, seed 42). Not part of the product: built by
// tools/talib/side_by_side.sh against the oracle's static TA-Lib and build-*/libkiss_indicators.a.
//
// Why a separate harness: on a shared, loaded machine two separate processes (talib_ref --bench,
// indicators_bench) see different load. Here each repetition times one TA-Lib call and then one
// kiss call, alternating, so both see the same conditions; the MINIMUM over the repetitions is
// reported (the least-disturbed run), plus the median. It also reports how far our values are
// from TA-Lib's on this long series (golden-test metric, per half, so a drift would show).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "indicators/indicators.h"
#include "synthetic_series.h"
#include "ta_libc.h"

namespace {

using kiss::bench::Series;
using kiss::bench::synthetic;  // == talib_ref.cpp synthetic()

double seconds(const std::function<void()>& f) {
  const auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Number of output columns a case writes (TA-Lib's order: a, b, d).
int outputs(const std::string& name) {
  if (name.rfind("macd", 0) == 0 || name.rfind("bbands", 0) == 0) return 3;
  if (name.rfind("stoch", 0) == 0 || name.rfind("aroon", 0) == 0) return 2;
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  const int reps = argc > 2 ? std::atoi(argv[2]) : 15;
  if (TA_Initialize() != TA_SUCCESS) return 1;
  const Series s = synthetic(n, 42);
  const double *o = s.open.data(), *h = s.high.data(), *l = s.low.data(), *c = s.close.data(),
               *v = s.volume.data();
  (void)o;
  const int end = static_cast<int>(n) - 1;
  std::vector<double> a(n), b(n), d(n);     // TA-Lib's outputs (from its outBegIdx on)
  std::vector<double> ka(n), kb(n), kd(n);  // ours (full length, NaN warm-up)
  int beg = 0, nb = 0;
  namespace ind = kiss::ind;
  using F = std::function<void()>;
  struct Case {
    const char* name;
    F ta, kiss;
  };
  const std::vector<Case> cases = {
      {"sma_20", [&] { TA_SMA(0, end, c, 20, &beg, &nb, a.data()); }, [&] { ind::sma(s.close, 20, ka); }},
      {"ema_20", [&] { TA_EMA(0, end, c, 20, &beg, &nb, a.data()); }, [&] { ind::ema(s.close, 20, ka); }},
      {"rsi_14", [&] { TA_RSI(0, end, c, 14, &beg, &nb, a.data()); }, [&] { ind::rsi(s.close, 14, ka); }},
      {"atr_14", [&] { TA_ATR(0, end, h, l, c, 14, &beg, &nb, a.data()); },
       [&] { ind::atr(s.high, s.low, s.close, 14, ka); }},
      {"natr_14", [&] { TA_NATR(0, end, h, l, c, 14, &beg, &nb, a.data()); },
       [&] { ind::natr(s.high, s.low, s.close, 14, ka); }},
      {"trange", [&] { TA_TRANGE(0, end, h, l, c, &beg, &nb, a.data()); },
       [&] { ind::trange(s.high, s.low, s.close, ka); }},
      {"macd_12_26_9", [&] { TA_MACD(0, end, c, 12, 26, 9, &beg, &nb, a.data(), b.data(), d.data()); },
       [&] { ind::macd(s.close, 12, 26, 9, ka, kb, kd); }},
      {"bbands_20_2",
       [&] { TA_BBANDS(0, end, c, 20, 2, 2, TA_MAType_SMA, &beg, &nb, a.data(), b.data(), d.data()); },
       [&] { ind::bbands(s.close, 20, 2, 2, ka, kb, kd); }},
      {"stoch_14_3_3",
       [&] { TA_STOCH(0, end, h, l, c, 14, 3, TA_MAType_SMA, 3, TA_MAType_SMA, &beg, &nb, a.data(), b.data()); },
       [&] { ind::stoch(s.high, s.low, s.close, 14, 3, 3, ka, kb); }},
      {"willr_14", [&] { TA_WILLR(0, end, h, l, c, 14, &beg, &nb, a.data()); },
       [&] { ind::willr(s.high, s.low, s.close, 14, ka); }},
      {"cci_20", [&] { TA_CCI(0, end, h, l, c, 20, &beg, &nb, a.data()); },
       [&] { ind::cci(s.high, s.low, s.close, 20, ka); }},
      {"adx_14", [&] { TA_ADX(0, end, h, l, c, 14, &beg, &nb, a.data()); },
       [&] { ind::adx(s.high, s.low, s.close, 14, ka); }},
      {"plus_di_14", [&] { TA_PLUS_DI(0, end, h, l, c, 14, &beg, &nb, a.data()); },
       [&] { ind::plus_di(s.high, s.low, s.close, 14, ka); }},
      {"minus_di_14", [&] { TA_MINUS_DI(0, end, h, l, c, 14, &beg, &nb, a.data()); },
       [&] { ind::minus_di(s.high, s.low, s.close, 14, ka); }},
      {"aroon_14", [&] { TA_AROON(0, end, h, l, 14, &beg, &nb, a.data(), b.data()); },
       [&] { ind::aroon(s.high, s.low, 14, kb, ka); }},
      {"obv", [&] { TA_OBV(0, end, c, v, &beg, &nb, a.data()); }, [&] { ind::obv(s.close, s.volume, ka); }},
      {"mfi_14", [&] { TA_MFI(0, end, h, l, c, v, 14, &beg, &nb, a.data()); },
       [&] { ind::mfi(s.high, s.low, s.close, s.volume, 14, ka); }},
      {"roc_10", [&] { TA_ROC(0, end, c, 10, &beg, &nb, a.data()); }, [&] { ind::roc(s.close, 10, ka); }},
      {"wma_20", [&] { TA_WMA(0, end, c, 20, &beg, &nb, a.data()); }, [&] { ind::wma(s.close, 20, ka); }},
      {"dema_20", [&] { TA_DEMA(0, end, c, 20, &beg, &nb, a.data()); }, [&] { ind::dema(s.close, 20, ka); }},
      {"tema_20", [&] { TA_TEMA(0, end, c, 20, &beg, &nb, a.data()); }, [&] { ind::tema(s.close, 20, ka); }},
      {"sar_0.02_0.2", [&] { TA_SAR(0, end, h, l, 0.02, 0.2, &beg, &nb, a.data()); },
       [&] { ind::sar(s.high, s.low, 0.02, 0.2, ka); }},
      {"max_20", [&] { TA_MAX(0, end, c, 20, &beg, &nb, a.data()); }, [&] { ind::highest(s.close, 20, ka); }},
      {"min_20", [&] { TA_MIN(0, end, c, 20, &beg, &nb, a.data()); }, [&] { ind::lowest(s.close, 20, ka); }},
  };
  std::printf(
      "indicator,kiss_best_Mbars_s,talib_best_Mbars_s,ratio_best,kiss_median_Mbars_s,"
      "talib_median_Mbars_s,max_err_1st_half,max_err_2nd_half\n");
  const std::string only = argc > 3 ? argv[3] : "";
  for (const Case& k : cases) {
    if (!only.empty() && std::string(k.name).find(only) == std::string::npos) continue;
    k.ta();  // warm-up both (page in outputs, caches)
    k.kiss();
    // Accuracy on this long series, with the golden test's metric |ours − TA| / max(1, |TA|),
    // separately over each half of TA-Lib's output range: a recurrence whose rounding drifts
    // would show a larger error in the second half. 0 = bit-identical.
    const std::vector<double>*ta_out[] = {&a, &b, &d}, *our_out[] = {&ka, &kb, &kd};
    double err[2] = {0.0, 0.0};
    for (int o = 0; o < outputs(k.name); ++o)
      for (int j = 0; j < nb; ++j) {
        const double t = (*ta_out[o])[static_cast<std::size_t>(j)];
        const double u = (*our_out[o])[static_cast<std::size_t>(beg + j)];
        const double e = std::isnan(u) ? INFINITY : std::fabs(u - t) / std::max(1.0, std::fabs(t));
        double& m = err[2 * j >= nb ? 1 : 0];
        m = std::max(m, e);
      }
    std::vector<double> tt, tk;
    for (int r = 0; r < reps; ++r) {
      tt.push_back(seconds(k.ta));
      tk.push_back(seconds(k.kiss));
    }
    std::sort(tt.begin(), tt.end());
    std::sort(tk.begin(), tk.end());
    const double N = static_cast<double>(n) / 1e6;
    std::printf("%s,%.0f,%.0f,%.2f,%.0f,%.0f,%.3g,%.3g\n", k.name, N / tk.front(), N / tt.front(),
                tt.front() / tk.front(), N / tk[tk.size() / 2], N / tt[tt.size() / 2], err[0],
                err[1]);
    std::fflush(stdout);
  }
  TA_Shutdown();
  return 0;
}
