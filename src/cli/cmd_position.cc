// kiss-signal position list|fill|skip|exit (docs/positions.md, "The trader's facts"): the book as
// stored, and what the trader says really happened. Parses and prints; daily/facts.h and
// daily/book_view.h do the work.
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/console.h"
#include "cli/open_database.h"
#include "config/config_loader.h"
#include "config/rules_loader.h"
#include "daily/book_view.h"
#include "daily/facts.h"
#include "util/clock.h"
#include "util/text.h"

namespace kiss::cli {

namespace {

std::string opt_date(const std::optional<Date>& d) { return d ? format_date(*d) : "-"; }

std::string opt_price(const std::optional<double>& v) {
  if (!v) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", *v);
  return buf;
}

nlohmann::json opt_json(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

std::string fact_text(const PositionFact& f) {
  std::string s = "recorded " + std::string(to_string(f.kind));
  if (f.price) s += " at " + opt_price(f.price);
  if (f.shares) s += " x " + std::to_string(*f.shares);
  if (f.date) s += " on " + format_date(*f.date);
  return s + " (" + f.recorded_at + ", " + f.source + ")";
}

nlohmann::json line_json(const daily::BookLine& l) {
  const BookPosition& p = l.position;
  nlohmann::json facts = nlohmann::json::array();
  for (const PositionFact& f : p.facts) {
    facts.push_back({{"kind", std::string(to_string(f.kind))},
                     {"date", f.date ? nlohmann::json(format_date(*f.date)) : nullptr},
                     {"price", opt_json(f.price)},
                     {"shares", f.shares ? nlohmann::json(*f.shares) : nullptr},
                     {"recorded_at", f.recorded_at},
                     {"source", f.source}});
  }
  return {{"symbol", p.symbol},
          {"status", std::string(to_string(p.status))},
          {"signal_date", format_date(p.signal_date)},
          {"shares", p.shares ? nlohmann::json(*p.shares) : nullptr},
          {"entry_date", p.entry_date ? nlohmann::json(format_date(*p.entry_date)) : nullptr},
          {"entry_price", opt_json(p.entry_price)},
          {"model_entry_date",
           l.model_entry_date ? nlohmann::json(format_date(*l.model_entry_date)) : nullptr},
          {"model_entry_price", opt_json(l.model_entry_price)},
          {"stop", opt_json(p.stop_level)},
          {"target", opt_json(p.target_level)},
          {"exit_date", p.exit_date ? nlohmann::json(format_date(*p.exit_date)) : nullptr},
          {"exit_price", opt_json(p.exit_price)},
          {"exit_reason", p.exit_reason},
          {"return_pct", opt_json(p.final_return_pct)},
          {"rule_stack", join(p.rule_stack, '+')},
          {"older_rules", l.older_rules},
          {"facts", facts}};
}

void print_lines(const std::vector<daily::BookLine>& lines) {
  if (lines.empty()) {
    std::printf("The book is empty: no position has been signalled yet.\n");
    return;
  }
  std::printf("%-12s %-8s %-10s %7s %-10s %12s %12s %12s %-10s %12s %9s  %s\n", "symbol", "status",
              "signal", "shares", "entry", "entry \u20b9", "stop \u20b9", "target \u20b9", "exit",
              "exit \u20b9", "return %", "reason");
  for (const daily::BookLine& l : lines) {
    const BookPosition& p = l.position;
    char ret[32] = "-";
    if (p.final_return_pct) std::snprintf(ret, sizeof ret, "%+.2f%%", *p.final_return_pct);
    std::printf("%-12s %-8s %-10s %7s %-10s %12s %12s %12s %-10s %12s %9s  %s\n", p.symbol.c_str(),
                std::string(to_string(p.status)).c_str(), format_date(p.signal_date).c_str(),
                p.shares ? std::to_string(*p.shares).c_str() : "-", opt_date(p.entry_date).c_str(),
                opt_price(p.entry_price).c_str(), opt_price(p.stop_level).c_str(),
                opt_price(p.target_level).c_str(), opt_date(p.exit_date).c_str(),
                opt_price(p.exit_price).c_str(), ret, p.exit_reason.c_str());
    for (const PositionFact& f : p.facts) std::printf("%13s%s\n", "", fact_text(f).c_str());
    if (l.model_entry_price && !p.facts.empty()) {
      std::printf("%13smodel fill %s on %s\n", "", opt_price(l.model_entry_price).c_str(),
                  opt_date(l.model_entry_date).c_str());
    }
    if (!l.model_note.empty()) std::printf("%13smodel: %s\n", "", l.model_note.c_str());
    if (!l.older_rules.empty()) {
      std::printf("%13skeeps older rules than the files now give (%s)\n", "",
                  l.older_rules.c_str());
    }
  }
}

struct Loaded {
  Config config;
  RuleSet rules;
};

Result<Loaded> load(const GlobalOptions& g) {
  auto config = load_config(g.config_path);
  if (!config) return tl::unexpected(std::move(config.error()));
  auto rules_path = find_rules_path(g.rules_path, *config);
  if (!rules_path) return tl::unexpected(std::move(rules_path.error()));
  auto rules = load_rules(*rules_path, *config);
  if (!rules) return tl::unexpected(std::move(rules.error()));
  return Loaded{std::move(*config), std::move(*rules)};
}

}  // namespace

int cmd_position_list(const GlobalOptions& g) {
  auto loaded = load(g);
  if (!loaded) return fail(loaded.error());
  auto db = open_database_to_read(loaded->config);
  if (!db) return fail(db.error());
  auto lines = daily::book_lines(*db, loaded->rules, loaded->config, exchange_today(SystemClock()));
  if (!lines) return fail(lines.error());
  if (g.json) {
    nlohmann::json a = nlohmann::json::array();
    for (const daily::BookLine& l : *lines) a.push_back(line_json(l));
    std::printf("%s\n", a.dump().c_str());
    return 0;
  }
  print_lines(*lines);
  return 0;
}

int cmd_position_fact(const GlobalOptions& g, const PositionOptions& o, FactKind kind) {
  daily::FactRequest request;
  request.symbol = o.symbol;
  request.kind = kind;
  request.price = o.price;
  request.shares = o.shares;
  if (o.date) {
    request.date = parse_iso_date(*o.date);
    if (!request.date) {
      std::fprintf(stderr, "kiss-signal: --date: '%s' is not a date YYYY-MM-DD\n",
                   clip(*o.date).c_str());
      return static_cast<int>(ExitCode::kUsage);
    }
  }
  auto loaded = load(g);
  if (!loaded) return fail(loaded.error());
  auto db = open_existing_database(loaded->config);
  if (!db) return fail(db.error());
  const SystemClock clock;
  auto p = daily::record_fact(*db, loaded->rules, loaded->config, request, clock);
  if (!p) return fail(p.error());
  if (g.json) {
    daily::BookLine line;
    line.position = *p;
    std::printf("%s\n", line_json(line).dump().c_str());
    return 0;
  }
  if (!g.quiet) {
    std::printf("%s: %s; the position is now %s", p->symbol.c_str(),
                fact_text(p->facts.back()).c_str(), std::string(to_string(p->status)).c_str());
    if (p->status == PositionStatus::kOpen) {
      std::printf(" (entry %s x %lld, stop %s, target %s)", opt_price(p->entry_price).c_str(),
                  static_cast<long long>(p->shares.value_or(0)), opt_price(p->stop_level).c_str(),
                  opt_price(p->target_level).c_str());
    } else if (p->status == PositionStatus::kClosed) {
      char ret[32] = "-";
      if (p->final_return_pct) std::snprintf(ret, sizeof ret, "%+.2f%%", *p->final_return_pct);
      std::printf(" (exit %s, %s net of costs)", opt_price(p->exit_price).c_str(), ret);
    }
    std::printf(".\n");
  }
  return 0;
}

}  // namespace kiss::cli
