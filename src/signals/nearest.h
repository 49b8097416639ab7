// When no stock gives a NEW BUY today: why, in one line, and the nearest candidates
// (docs/report.md, "When there is nothing to buy"). Pure: reads discovery's TodaySignal of each
// stock (the signal stack's last bars and the filters off on the last bar) and the benchmark.
#pragma once
#include <set>
#include <string>
#include <vector>

#include "signals/daily.h"
#include "signals/rows.h"

namespace kiss::signals {

struct NoBuyExplanation {
  std::string reason;                  // one line, e.g. "market filter off: ..."; empty: buys today
  std::vector<NearCandidate> nearest;  // by edge score (highest first), then symbol; at most 10
};

inline constexpr std::size_t kMaxNearest = 10;

// `held`: symbols already in a trade (never candidates). `new_buys`/`not_taken`: today's.
NoBuyExplanation explain_no_buys(const DayInput& in, const std::set<std::string>& held,
                                 std::size_t new_buys, std::size_t not_taken);

}  // namespace kiss::signals
