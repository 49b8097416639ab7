#include "data/validate.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace kiss::data {
namespace {

bool same_value(double a, double b) noexcept { return a == b || (std::isnan(a) && std::isnan(b)); }

bool same_bar(const Row& a, const Row& b) noexcept {
  return a.open == b.open && a.high == b.high && a.low == b.low && a.close == b.close &&
         a.volume == b.volume && same_value(a.adj_close, b.adj_close);
}

}  // namespace

Validated validate_symbol(const std::string& symbol, std::vector<Row> rows,
                          const std::vector<std::string>& files, const ValidateOptions& options) {
  Validated out;
  auto file_of = [&](const Row& r) -> std::string {
    return r.file < files.size() ? files[r.file] : std::string();
  };
  auto add = [&](Issue::Kind kind, const Row& r, std::string msg) {
    out.issues.push_back(Issue{kind, file_of(r), r.line, symbol, std::move(msg)});
  };

  // Order: each file on its own must be in date order; files may come in any order (they merge).
  for (std::size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].file == rows[i - 1].file && rows[i].date < rows[i - 1].date) {
      const std::uint32_t f = rows[i].file;
      add(Issue::Kind::kNote, rows[i],
          fmt::format("rows are not in date order ({} after {}); sorted by date",
                      format_date(rows[i].date), format_date(rows[i - 1].date)));
      // One note per file is enough: skip the rest of this file.
      while (i + 1 < rows.size() && rows[i + 1].file == f) ++i;
    }
  }
  // Stable: for equal dates the earlier file / line comes first and is the one kept.
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.date < b.date; });

  SymbolData data;
  data.bars.symbol = symbol;
  data.bars.reserve(rows.size());
  data.adj_close.reserve(rows.size());
  const Row* prev = nullptr;  // the last kept row
  for (const Row& r : rows) {
    if (options.today && r.date > *options.today) {
      ++out.rejected;
      add(Issue::Kind::kError, r,
          fmt::format("date {} is after today ({}, Asia/Kolkata): a bar from the future is refused",
                      format_date(r.date), format_date(*options.today)));
      continue;
    }
    if (prev != nullptr && r.date == prev->date) {
      if (same_bar(r, *prev)) {
        ++out.merged;
      } else {
        ++out.rejected;
        add(Issue::Kind::kError, r,
            fmt::format("date {} appears again with different values (first at {}:{})",
                        format_date(r.date), file_of(*prev), prev->line));
      }
      continue;
    }
    if (prev != nullptr) {
      const int gap = r.date - prev->date;
      if (gap > options.max_gap_days) {
        add(Issue::Kind::kWarning, r,
            fmt::format("gap of {} calendar days between {} and {}", gap, format_date(prev->date),
                        format_date(r.date)));
      }
      const double move = r.close / prev->close - 1.0;
      // The epsilon keeps an exact 35% move (135 / 100 - 1 = 0.35000000000000009) below it.
      if (std::fabs(move) > options.max_move + 1e-12) {
        add(Issue::Kind::kWarning, r,
            fmt::format("close moved {:+.1f}% on {} (from {} to {}): unadjusted split or bonus?",
                        move * 100.0, format_date(r.date), prev->close, r.close));
      }
    }
    data.bars.push_back(r.date, r.open, r.high, r.low, r.close, r.volume);
    data.adj_close.push_back(r.adj_close);
    prev = &r;
  }
  if (out.merged > 0) {
    out.issues.push_back(
        Issue{Issue::Kind::kNote,
              {},
              0,
              symbol,
              fmt::format("{} duplicate dates with identical values merged", out.merged)});
  }
  for (const Issue& i : out.issues) {
    if (i.kind != Issue::Kind::kWarning) continue;
    data.warnings.push_back(i.file.empty() ? i.message
                                           : fmt::format("{}:{}: {}", i.file, i.line, i.message));
  }
  if (data.bars.size() < options.min_bars) {
    out.issues.push_back(Issue{Issue::Kind::kWarning,
                               {},
                               0,
                               symbol,
                               fmt::format("only {} valid bars (fewer than {}): symbol skipped",
                                           data.bars.size(), options.min_bars)});
    return out;
  }
  out.data = std::move(data);
  return out;
}

}  // namespace kiss::data
