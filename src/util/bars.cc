#include "util/bars.h"

#include <algorithm>

namespace kiss {

void Bars::truncate_after(Date last) {
  const auto it = std::upper_bound(date.begin(), date.end(), last);
  const auto n = static_cast<std::size_t>(it - date.begin());
  date.resize(n);
  open.resize(n);
  high.resize(n);
  low.resize(n);
  close.resize(n);
  volume.resize(n);
}

std::size_t Bars::lower_bound(Date d) const noexcept {
  return static_cast<std::size_t>(std::lower_bound(date.begin(), date.end(), d) - date.begin());
}

std::vector<int> align_by_date(const Bars& stock, const Bars& benchmark) {
  std::vector<int> idx(stock.size(), -1);
  std::size_t j = 0;
  for (std::size_t i = 0; i < stock.size(); ++i) {
    while (j < benchmark.size() && benchmark.date[j] < stock.date[i]) ++j;
    if (j < benchmark.size() && benchmark.date[j] == stock.date[i]) idx[i] = static_cast<int>(j);
  }
  return idx;
}

}  // namespace kiss
