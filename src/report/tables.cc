#include "report/tables.h"

#include <cmath>
#include <set>

#include "report/format.h"
#include "util/date.h"
#include "util/text.h"

namespace kiss::report {

namespace {

TableCell text(std::string s) { return {std::move(s), CellKind::kText, 0}; }
TableCell number(std::string s) { return {std::move(s), CellKind::kNumber, 0}; }
TableCell price(double v) { return number(format_price(v)); }
TableCell money(double v) { return number(rupees(v)); }
TableCell ret(double pct) { return {format_return(pct), CellKind::kReturn, pct}; }
TableCell stack(std::string s) { return {std::move(s), CellKind::kStack, 0}; }
TableCell wrap(std::string s) { return {std::move(s), CellKind::kWrap, 0}; }
TableCell opt_price(const std::optional<double>& v) { return number(v ? format_price(*v) : "-"); }

std::string time_exit(int hold_period) {
  return hold_period > 0 ? "close of day " + std::to_string(hold_period) : "-";
}

}  // namespace

std::string order_text(const NewBuy& b) {
  if (b.shares < 1) return "-";
  return "BUY " + std::to_string(b.shares) +
         (b.close_execution ? " at the close" : " at next open");
}

Table new_buys_table(const DailyReport& r) {
  Table t{{"Ticker", "Signal\nDate", "Order", "Latest\nClose", "Est.\nCost", "Stop", "Target",
           "Rupee\nRisk", "Time\nExit", "Rule Stack", "Edge\nScore", "OOS\nTrades",
           "Training\nTrades"},
          {false, false, false, true, true, true, true, true, false, false, true, true, true},
          {}};
  for (const NewBuy& b : r.new_buys) {
    const bool ticket = b.shares >= 1;
    t.rows.push_back(
        {text(b.symbol), text(format_date(b.buy_date)), text(order_text(b)), price(b.entry_price),
         ticket ? money(b.estimated_cost) : number("-"), opt_price(b.stop), opt_price(b.target),
         b.rupee_risk && ticket ? money(*b.rupee_risk) : number("-"),
         text(time_exit(b.hold_period)), stack(b.rule_stack), number(fixed(b.edge_score, 2)),
         number(std::to_string(b.oos_trades)), number(std::to_string(b.training_trades))});
  }
  return t;
}

Table not_taken_table(const DailyReport& r) {
  Table t{{"Ticker", "Signal\nDate", "Rule Stack", "Edge\nScore", "Why Not Taken"},
          {false, false, false, true, false},
          {}};
  for (const NotTaken& n : r.not_taken) {
    t.rows.push_back({text(n.symbol), text(format_date(n.buy_date)), stack(n.rule_stack),
                      number(fixed(n.edge_score, 2)), wrap(n.reason)});
  }
  return t;
}

Table open_positions_table(const DailyReport& r) {
  Table t{{"Ticker", "Shares", "Entry\nDate", "Entry\nPrice", "Model\nEntry", "Current\nPrice",
           "Stop", "Target", "Return %\n(net)", "NIFTY Period\nReturn %", "Day in\nTrade"},
          {false, true, false, true, true, true, true, true, true, true, true},
          {}};
  for (const OpenPosition& p : r.open_positions) {
    const bool pending = p.status == "PENDING";
    std::string ticker = p.symbol + (pending ? " (PENDING)" : "");
    if (p.rules_changed) ticker += " (older rules)";
    // The price in force: the trader's recorded fill when there is one, marked; the model's
    // own fill beside it.
    std::string entry = pending ? "-" : format_price(p.entry_price);
    if (p.recorded_fill) entry += " (yours)";
    t.rows.push_back(
        {text(ticker), number(p.shares > 0 ? std::to_string(p.shares) : "-"),
         text(pending ? "next open" : format_date(p.entry_date)), number(entry),
         p.recorded_fill ? opt_price(p.model_entry_price) : number("-"), price(p.current_price),
         opt_price(p.stop), opt_price(p.target), pending ? number("-") : ret(p.return_pct),
         pending ? number("-") : ret(p.nifty_return_pct),
         number(pending ? "0 / " + std::to_string(p.hold_period)
                        : std::to_string(p.day_in_trade) + " / " + std::to_string(p.hold_period))});
  }
  return t;
}

Table to_sell_table(const DailyReport& r) {
  Table t{{"Ticker", "Shares", "Entry\nDate", "Entry\nPrice", "Exit\nDate", "Exit\nPrice",
           "Return %\n(net)", "NIFTY Period\nReturn %", "Days\nHeld", "Reason"},
          {false, true, false, true, false, true, true, true, true, false},
          {}};
  for (const PositionToSell& s : r.to_sell) {
    std::string why = reason_words(s.reason);
    if (s.exit_due) why.insert(0, "sell at the next open: ");
    t.rows.push_back({text(s.symbol), number(s.shares > 0 ? std::to_string(s.shares) : "-"),
                      text(format_date(s.entry_date)), price(s.entry_price),
                      text(s.exit_due ? "next open" : format_date(s.exit_date)),
                      price(s.exit_price), ret(s.return_pct), ret(s.nifty_return_pct),
                      number(std::to_string(s.days_held)), wrap(why)});
  }
  return t;
}

Table nearest_table(const DailyReport& r) {
  Table t{{"Ticker", "Rule Stack", "Edge\nScore", "OOS\nTrades", "How Close"},
          {false, false, true, true, false},
          {}};
  for (const NearCandidate& c : r.nearest) {
    t.rows.push_back({text(c.symbol), stack(c.rule_stack), number(fixed(c.edge_score, 2)),
                      number(std::to_string(c.oos_trades)), wrap(c.why)});
  }
  return t;
}

Table recent_signals_table(const DailyReport& r) {
  Table t{{"Date", "Ticker", "Rule Stack", "Price"}, {false, false, false, true}, {}};
  for (const RecentSignal& s : r.recent_signals) {
    t.rows.push_back(
        {text(format_date(s.date)), text(s.symbol), stack(s.rule_stack), price(s.price)});
  }
  return t;
}

std::string sales_since_text(const DailyReport& r) {
  if (!r.sales_since) return "";
  return *r.sales_since != 0
             ? "exits after " + format_date(*r.sales_since) + ", the previous report's data date"
             : "every exit since its signal (first report of this database)";
}

std::string first_report_text(const DailyReport& r) {
  if (!r.sales_since || *r.sales_since != 0 || r.report_date == 0) return "";
  const Civil c = civil_from_days(r.report_date);
  const int day = c.month == 2 && c.day == 29 ? 28 : c.day;  // a year before 29 February
  const Date from = days_from_civil(c.year - 1, c.month, day);
  return "First report of this database: its book starts on " + format_date(r.report_date) +
         ". To see the advice of the year before followed as a portfolio, run: kiss-signal "
         "track-record --from " +
         format_date(from) + " --to " + format_date(r.report_date);
}

std::vector<std::string> action_lines(const DailyReport& r) {
  std::vector<std::string> out;
  for (const NewBuy& b : r.new_buys) {
    if (b.shares < 1) {
      out.push_back("NEW BUY " + b.symbol + " (signal " + format_date(b.buy_date) + ")");
      continue;
    }
    std::string line = "BUY " + std::to_string(b.shares) + " " + b.symbol +
                       (b.close_execution ? " at the close" : " at next open") + " (est. cost " +
                       rupees(b.estimated_cost);
    if (b.stop) line += ", stop " + format_price(*b.stop);
    if (b.target) line += ", target " + format_price(*b.target);
    if (b.rupee_risk) line += ", risk " + rupees(*b.rupee_risk);
    if (b.hold_period > 0) line += ", time exit at the " + time_exit(b.hold_period);
    out.push_back(line + ")");
  }
  for (const PositionToSell& s : r.to_sell) {
    if (s.exit_due) {
      out.push_back("SELL " + (s.shares > 0 ? std::to_string(s.shares) + " " : std::string()) +
                    s.symbol + " at next open (" + reason_words(s.reason) + ")");
    } else {
      out.push_back("SOLD " + (s.shares > 0 ? std::to_string(s.shares) + " " : std::string()) +
                    s.symbol + " on " + format_date(s.exit_date) + " at " +
                    format_price(s.exit_price) + ", " + format_return(s.return_pct) + " net (" +
                    reason_words(s.reason) + ")");
    }
  }
  if (r.new_buys.empty()) {
    out.push_back("No new buy: " +
                  (r.no_buy_reason.empty() ? std::string("no stock signalled") : r.no_buy_reason) +
                  ".");
    if (r.nearest.empty() && !r.no_buy_reason.empty()) {
      out.emplace_back(
          "Nearest candidates: none (no stack's entry was true in the last 5 bars, with or "
          "without the filters).");
    } else if (!r.nearest.empty()) {
      std::string near = "Nearest candidates: ";
      for (std::size_t i = 0; i < r.nearest.size() && i < 3; ++i) {
        near += (i > 0 ? "; " : "") + r.nearest[i].symbol + ": " + r.nearest[i].why;
      }
      if (r.nearest.size() > 3) near += "; " + std::to_string(r.nearest.size() - 3) + " more";
      out.push_back(near + ".");
    }
  }
  std::size_t open = 0;
  for (const OpenPosition& p : r.open_positions) open += p.status == "OPEN" ? 1 : 0;
  if (!r.open_positions.empty()) {
    out.push_back("Hold " + std::to_string(r.open_positions.size()) +
                  (r.open_positions.size() == 1 ? " position" : " positions") + " (" +
                  std::to_string(open) + " open, " +
                  std::to_string(r.open_positions.size() - open) +
                  " pending): stops and targets in OPEN POSITIONS.");
  }
  if (const std::string first = first_report_text(r); !first.empty()) out.push_back(first + ".");
  return out;
}

std::vector<std::string> legend_lines(const DailyReport& r) {
  std::vector<std::string> out;
  out.push_back(
      "Edge score: w_win x win rate + w_sharpe x Sharpe of the stack's out-of-sample trades "
      "(docs/metrics.md); a stack signals only with an edge score at or above "
      "edge_score_threshold and enough OOS trades.");
  out.push_back(
      "Order: shares sized from the book's equity and risk_per_trade_pct, capped by cash and "
      "max_open_positions; estimated cost, stop, target and rupee risk take the latest close, "
      "slipped, as the fill (the stop and target are re-anchored to the real fill).");
  out.push_back(
      "Net: returns are after every charge (brokerage, STT, exchange, SEBI, stamp duty, GST, "
      "DP charge) and slippage on the buy and the sale; an open position is valued as if sold "
      "at the latest close.");
  std::set<std::string> reasons;
  for (const PositionToSell& s : r.to_sell) reasons.insert(s.reason);
  for (const std::string& code : reasons) {
    out.push_back("Reason " + code + ": " + reason_words(code) + ".");
  }
  return out;
}

}  // namespace kiss::report
