// libFuzzer target: data::parse_chart_json (docs/data.md) on arbitrary bytes. Beyond "no crash":
// on success the columns have one length, the dates strictly increase (the header's promise)
// and every bar passes data/bar_check.h as stored, after the adjustment.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "data/bar_check.h"
#include "data/yahoo.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto chart = kiss::data::parse_chart_json(text);
  if (!chart) {
    if (chart.error().message.empty()) std::abort();  // every refusal says why
    return 0;
  }
  const kiss::Bars& b = chart->bars;
  const std::size_t n = b.date.size();
  if (b.open.size() != n || b.high.size() != n || b.low.size() != n || b.close.size() != n ||
      b.volume.size() != n || chart->adj_close.size() != n)
    std::abort();
  for (std::size_t i = 1; i < n; ++i)
    if (b.date[i] <= b.date[i - 1]) std::abort();
  for (std::size_t i = 0; i < n; ++i)
    if (kiss::data::bar_problem(b.open[i], b.high[i], b.low[i], b.close[i], b.volume[i]))
      std::abort();
  return 0;
}
