// Daily bars of one symbol as a struct of arrays: the unit every core stage works on.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "util/date.h"

namespace kiss {

// Invariants (established by data/ validation, relied on everywhere else): all columns have the
// same length; dates strictly increase; prices are positive and low <= min(open, close),
// high >= max(open, close); volume >= 0 (0 is valid: indices have none).
struct Bars {
  std::string symbol;
  std::vector<Date> date;
  std::vector<double> open, high, low, close, volume;

  std::size_t size() const noexcept { return date.size(); }
  bool empty() const noexcept { return date.empty(); }
  void reserve(std::size_t n) {
    date.reserve(n);
    open.reserve(n);
    high.reserve(n);
    low.reserve(n);
    close.reserve(n);
    volume.reserve(n);
  }
  void push_back(Date d, double o, double h, double l, double c, double v) {
    date.push_back(d);
    open.push_back(o);
    high.push_back(h);
    low.push_back(l);
    close.push_back(c);
    volume.push_back(v);
  }
  // Keeps the bars with date <= last (the freeze date of docs/data.md).
  void truncate_after(Date last);
  // Index of the first bar with date >= d (size() if none).
  std::size_t lower_bound(Date d) const noexcept;
};

// For each bar of `stock`, the index of the benchmark bar with the same date, or -1 when the
// benchmark has no bar that day (docs/data.md: aligned by date, never by position).
std::vector<int> align_by_date(const Bars& stock, const Bars& benchmark);

}  // namespace kiss
