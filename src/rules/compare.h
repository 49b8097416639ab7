// The one comparison of rule conditions (docs/rules.md, "Ties"): two computed values whose
// difference is at most kTieRelative × the larger magnitude are equal, so a strict `>` / `<`
// between them is false and `>=` / `<=` true. Without it a signal would depend on the last bits
// of an indicator's arithmetic: POWERGRID's SMA(10) and SMA(20) on 2021-07-22 are both 126.435
// exactly, but the block-summed SMAs give 126.43499999999999 and 126.43499999999995, and a strict
// crossover fired a day early.
//
// Every ordered comparison in a rule's mask goes through these functions. They keep the IEEE
// rule that a NaN operand (indicator warm-up) makes every comparison false. A comparison against
// 0 stays exact (the tolerance is relative), as do infinite operands (an infinite scale would
// make every finite difference a tie, so the scale is capped at the largest finite double).
#pragma once
#include <algorithm>
#include <cmath>
#include <limits>

namespace kiss::cmp {

inline constexpr double kTieRelative = 1e-9;

// a and b are equal within the tolerance (false when either is NaN; inf equals only itself).
inline bool tie(double a, double b) {
  const double scale = std::min(std::max(std::fabs(a), std::fabs(b)),
                                std::numeric_limits<double>::max());
  return a == b || (std::fabs(a - b) <= kTieRelative * scale);
}

inline bool gt(double a, double b) { return a > b && !tie(a, b); }  // a > b, not a tie
inline bool lt(double a, double b) { return a < b && !tie(a, b); }  // a < b, not a tie
inline bool ge(double a, double b) { return a >= b || tie(a, b); }  // a >= b, or a tie
inline bool le(double a, double b) { return a <= b || tie(a, b); }  // a <= b, or a tie

}  // namespace kiss::cmp
