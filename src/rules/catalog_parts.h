// Internal to the rule catalog: what the family files (catalog_*.cc) share to write their
// entries: parameter builders, the mask helpers of every signal function, and the functions
// through which catalog.cc gathers the families. Conventions of every signal function:
//   * comparisons are as written in `formula` (strict unless the formula says ≥ / ≤), and every
//     one goes through rules/compare.h: two values within 1e-9 relative are equal (a tie), so a
//     strict comparison between them is false and ≥ / ≤ true;
//   * a NaN input (warm-up) makes the bar false; x[t-1] on bar 0 counts as undefined;
//   * a crossover is true on the bar where a crosses above b: a[t] > b[t] and a[t-1] <= b[t-1];
//   * benchmark rules read the benchmark bar with the stock bar's DATE (RuleInput::bench_idx);
//     a stock day without a benchmark bar is false.
// (docs/rules.md states the same for readers of rules.yaml.)
#pragma once
#include <cmath>
#include <limits>
#include <string_view>
#include <vector>

#include "rules/catalog.h"
#include "rules/columns.h"
#include "rules/compare.h"

namespace kiss::catalog {

using cols::Col;
using cols::Series;
using Kind = ParamSpec::Kind;

inline constexpr double kInf = std::numeric_limits<double>::infinity();

// Parameter builders: an integer period, a number, a required number or period, a string.
ParamSpec period(std::string_view name, int def, int min, int max, std::string_view doc);
ParamSpec number(std::string_view name, double def, double min, double max, std::string_view doc,
                 bool min_open = false);
ParamSpec required_number(std::string_view name, double min, double max, std::string_view doc,
                          bool min_open = false);
ParamSpec required_period(std::string_view name, int min, int max, std::string_view doc);
ParamSpec text(std::string_view name, std::string_view def, std::string_view doc);

RuleSpec make_spec(std::string_view name, std::string_view description, std::string_view formula,
                   std::vector<ParamSpec> params);

inline bool ok(double x) { return !std::isnan(x); }
inline Series stock(const RuleInput& in) { return Series{*in.bars, ""}; }

// The mask helpers compare through rules/compare.h, which keeps the IEEE rule that every ordered
// comparison with a NaN operand is false, so "NaN input gives false" needs no branch.
Mask cross_above(const Col& a, const Col& b);         // a crosses above b on bar t
Mask cross_below(const Col& a, const Col& b);         // the mirror of cross_above
Mask greater(const Col& a, const Col& b);             // a[t] > b[t]
Mask above(const Col& a, double level);               // a[t] > level
Mask below(const Col& a, double level);               // a[t] < level
Mask above_previous(const Col& x, const Col& level);  // x[t] > level[t-1]

int zero_warmup(const Args&);

// One function per family, each appending its entries (catalog_<family>.cc).
using Family = std::vector<RuleSpec>;
void add_trend_rules(Family& v);
void add_momentum_rules(Family& v);
void add_breakout_rules(Family& v);
void add_volume_rules(Family& v);
void add_pattern_rules(Family& v);
void add_market_rules(Family& v);
void add_exit_rules(Family& v);

}  // namespace kiss::catalog
