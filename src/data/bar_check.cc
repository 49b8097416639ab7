#include "data/bar_check.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace kiss::data {

std::optional<std::string> bar_problem(double open, double high, double low, double close,
                                       double volume) {
  const double prices[] = {open, high, low, close};
  static constexpr const char* kNames[] = {"open", "high", "low", "close"};
  // One kind of problem at a time over the four prices, so the message names the worst one
  // (an adjustment to 1e308 * 2 makes high inf before open is out of range).
  for (int i = 0; i < 4; ++i) {
    if (!std::isfinite(prices[i]))
      return fmt::format("{} {} is not a finite number", kNames[i], prices[i]);
  }
  for (int i = 0; i < 4; ++i) {
    if (prices[i] <= 0)
      return fmt::format("{}: price must be positive, found {}", kNames[i], prices[i]);
  }
  for (int i = 0; i < 4; ++i) {
    if (prices[i] < kMinPrice || prices[i] > kMaxPrice)
      return fmt::format("{} {} is outside the accepted price range [{}, {}]", kNames[i], prices[i],
                         kMinPrice, kMaxPrice);
  }
  if (!std::isfinite(volume)) return fmt::format("volume {} is not a finite number", volume);
  if (volume < 0) return fmt::format("volume must not be negative, found {}", volume);
  if (high < std::max(open, close))
    return fmt::format("high {} is below max(open, close) {}", high, std::max(open, close));
  if (low > std::min(open, close))
    return fmt::format("low {} is above min(open, close) {}", low, std::min(open, close));
  return std::nullopt;
}

}  // namespace kiss::data
