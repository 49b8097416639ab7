#include "daily/book_view.h"

#include <algorithm>
#include <map>

#include "daily/book.h"
#include "signals/position_book.h"
#include "signals/terms.h"
#include "store/positions.h"
#include "store/price_store.h"
#include "store/runs.h"
#include "util/text.h"

namespace kiss::daily {

std::string older_rules(const BookPosition& p, const RuleSet& rules, const Config& config) {
  if (!is_active(p.status) || p.terms.empty()) return {};
  auto frozen = signals::terms_from_json(p.terms, "position of " + p.symbol);
  if (!frozen) return frozen.error().message;
  auto stack = signals::find_stack(rules, p.rule_stack);
  if (!stack) return "its rules are no longer in " + rules.path;
  const signals::Terms now = signals::freeze_terms(*stack, rules, config, 0);
  std::vector<std::string> parts;
  if (!signals::same_rules(frozen->stack.entries, now.stack.entries) ||
      !signals::same_rules(frozen->stack.extra_exits, now.stack.extra_exits)) {
    parts.emplace_back("stack");
  }
  if (!signals::same_rules(frozen->exit_conditions, now.exit_conditions))
    parts.emplace_back("exits");
  if (frozen->execution != now.execution) parts.emplace_back("execution");
  if (frozen->hold_period != now.hold_period) parts.emplace_back("hold period");
  if (!signals::same_costs(frozen->costs, now.costs)) parts.emplace_back("costs");
  std::string out;
  for (const std::string& s : parts) out += (out.empty() ? "" : ", ") + s;
  return out;
}

Result<std::vector<BookLine>> book_lines(store::Database& db, const RuleSet& rules,
                                         const Config& config, Date today) {
  auto book = store::all_positions(db);
  if (!book) return tl::unexpected(std::move(book.error()));
  auto runs = store::all_runs(db);
  if (!runs) return tl::unexpected(std::move(runs.error()));
  const std::optional<Date> until = book_date(*runs, today);
  store::PriceStore prices(db);
  std::map<std::string, Bars> bars;  // loaded once per symbol that has facts
  std::vector<BookLine> out;
  for (BookPosition& p : *book) {
    BookLine line;
    line.older_rules = older_rules(p, rules, config);
    if (!p.facts.empty() && p.status != PositionStatus::kSkipped) {
      auto it = bars.find(p.symbol);
      if (it == bars.end()) {
        auto loaded = prices.load(p.symbol, until);
        if (!loaded) return tl::unexpected(std::move(loaded.error()));
        it = bars.emplace(p.symbol, std::move(*loaded)).first;
      }
      auto terms = signals::position_terms(p, rules, config);
      BookPosition model = signals::replay_start(p);
      model.facts.clear();  // the model's own fill, without the trader's
      auto view = terms ? signals::update_position(model, it->second, nullptr, *terms, config)
                        : Result<signals::PositionView>(tl::unexpected(terms.error()));
      if (view) {
        line.model_entry_date = view->model_entry_date;
        line.model_entry_price = view->model_entry_price;
      } else {
        line.model_note = view.error().message;
      }
    }
    line.position = std::move(p);
    out.push_back(std::move(line));
  }
  std::stable_sort(out.begin(), out.end(), [](const BookLine& a, const BookLine& b) {
    return is_active(a.position.status) && !is_active(b.position.status);
  });
  return out;
}

std::string fact_text(const PositionFact& f) {
  std::string s = "recorded " + std::string(to_string(f.kind));
  if (f.price) s += " at " + rupees(*f.price);
  if (f.shares) s += " x " + std::to_string(*f.shares);
  if (f.date) s += " on " + format_date(*f.date);
  // To the second: "2026-12-05T12:55:23.123Z" shows as "2026-12-05T12:55:23Z".
  const std::string at = f.recorded_at.size() > 20 && f.recorded_at[19] == '.'
                             ? f.recorded_at.substr(0, 19) + "Z"
                             : f.recorded_at;
  return s + " (" + at + ", " + f.source + ")";
}

}  // namespace kiss::daily
