// The checks one daily bar must pass before it is stored, whatever its source: finite prices
// within [kMinPrice, kMaxPrice], high >= max(open, close), low <= min(open, close), a finite
// volume >= 0. The Yahoo client applies them to the bar as it will be stored, after the
// adjusted-close ratio (an adjustment can make a sound bar infinite or absurd).
#pragma once
#include <optional>
#include <string>

namespace kiss::data {

// No NSE price in rupees is anywhere near these; beyond them a value is a unit error or an
// attack, and the backtest's arithmetic (position sizes, costs) stops being meaningful.
inline constexpr double kMinPrice = 1e-4;
inline constexpr double kMaxPrice = 1e9;

// nullopt when the bar is sound, else what is wrong ("high inf is not a finite number",
// "low 12 is above min(open, close) 11.5", ...), worded as the CSV import's row checks.
std::optional<std::string> bar_problem(double open, double high, double low, double close,
                                       double volume);

}  // namespace kiss::data
