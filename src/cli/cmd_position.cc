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
#include "store/schema.h"
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

// Money in the command's sentences: rupees with two decimals ("₹1415.00"), or "-".
std::string opt_rupees(const std::optional<double>& v) { return v ? rupees(*v) : "-"; }

nlohmann::json opt_json(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
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

// One table line: each cell padded to its column's screen width (util/text.h: ₹ is one column
// but three bytes, so printf's %12s would misalign it); `right` right-aligns numbers.
struct Column {
  const char* header;
  std::size_t width;
  bool right;
};

constexpr Column kColumns[] = {
    {"symbol", 12, false},     {"status", 8, false},        {"signal", 10, false},
    {"shares", 7, true},       {"entry", 10, false},        {"entry \u20b9", 12, true},
    {"stop \u20b9", 12, true}, {"target \u20b9", 12, true}, {"exit", 10, false},
    {"exit \u20b9", 12, true}, {"return %", 9, true},       {"reason", 0, false},
};

std::string table_line(const std::vector<std::string>& cells) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const Column& c = kColumns[i];
    if (i > 0) line += i + 1 == cells.size() ? "  " : " ";
    line += c.right ? pad_left(cells[i], c.width) : pad_right(cells[i], c.width);
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

void print_lines(const std::vector<daily::BookLine>& lines) {
  if (lines.empty()) {
    std::printf("The book is empty: no position has been signalled yet.\n");
    return;
  }
  std::vector<std::string> header;
  for (const Column& c : kColumns) header.emplace_back(c.header);
  std::printf("%s\n", table_line(header).c_str());
  for (const daily::BookLine& l : lines) {
    const BookPosition& p = l.position;
    char ret[32] = "-";
    if (p.final_return_pct) std::snprintf(ret, sizeof ret, "%+.2f%%", *p.final_return_pct);
    std::printf("%s\n",
                table_line({p.symbol, std::string(to_string(p.status)), format_date(p.signal_date),
                            p.shares ? std::to_string(*p.shares) : "-", opt_date(p.entry_date),
                            opt_price(p.entry_price), opt_price(p.stop_level),
                            opt_price(p.target_level), opt_date(p.exit_date),
                            opt_price(p.exit_price), ret, p.exit_reason})
                    .c_str());
    for (const PositionFact& f : p.facts) std::printf("%13s%s\n", "", daily::fact_text(f).c_str());
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
  auto db = open_database_to_read(loaded->config, store::kOldestBookReadableVersion);
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
  const SystemClock clock;
  // The file is first opened read-only: an empty, foreign or older one is refused untouched (no
  // schema written into it, no migration). A fact refused by record_fact rolls its transaction
  // back.
  if (auto ro = open_database_to_read(loaded->config, store::kOldestBookReadableVersion); !ro) {
    return fail(ro.error());
  }
  auto db = open_existing_database(loaded->config);
  if (!db) return fail(db.error());
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
                daily::fact_text(p->facts.back()).c_str(),
                std::string(to_string(p->status)).c_str());
    if (p->status == PositionStatus::kOpen) {
      std::printf(" (entry %s x %lld, stop %s, target %s)", opt_rupees(p->entry_price).c_str(),
                  static_cast<long long>(p->shares.value_or(0)), opt_rupees(p->stop_level).c_str(),
                  opt_rupees(p->target_level).c_str());
    } else if (p->status == PositionStatus::kClosed) {
      char ret[32] = "-";
      if (p->final_return_pct) std::snprintf(ret, sizeof ret, "%+.2f%%", *p->final_return_pct);
      std::printf(" (exit %s, %s net of costs)", opt_rupees(p->exit_price).c_str(), ret);
    }
    std::printf(".\n");
  }
  return 0;
}

}  // namespace kiss::cli
