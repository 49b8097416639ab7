#include "report/model_json.h"

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

namespace kiss::report {

namespace {

using json = nlohmann::json;

json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }
double num(const json& j) {
  return j.is_null() ? std::numeric_limits<double>::quiet_NaN() : j.get<double>();
}
json nums(const std::vector<double>& v) {
  json a = json::array();
  for (double x : v) a.push_back(num(x));
  return a;
}
std::vector<double> nums(const json& j) {
  std::vector<double> v;
  for (const json& x : j) v.push_back(num(x));
  return v;
}
json opt(const std::optional<double>& v) { return v ? num(*v) : json(nullptr); }
std::optional<double> opt(const json& j) {
  if (j.is_null()) return std::nullopt;
  return j.get<double>();
}
json dates(const std::vector<Date>& v) { return json(v); }
std::vector<Date> dates(const json& j) { return j.get<std::vector<Date>>(); }

}  // namespace

std::string to_json(const DailyReport& r) {
  json j;
  j["report_date"] = r.report_date;
  j["version"] = r.version;
  j["config_hash"] = r.config_hash;
  j["run_timestamp"] = r.run_timestamp;
  j["in_sample"] = r.in_sample;
  j["results_saved"] = r.results_saved;
  j["warnings"] = r.warnings;
  for (const NewBuy& b : r.new_buys) {
    j["new_buys"].push_back({{"symbol", b.symbol},
                             {"buy_date", b.buy_date},
                             {"entry_price", num(b.entry_price)},
                             {"rule_stack", b.rule_stack},
                             {"stack_words", b.stack_words},
                             {"edge_score", num(b.edge_score)},
                             {"oos_trades", b.oos_trades},
                             {"training_trades", b.training_trades},
                             {"shares", b.shares},
                             {"estimated_fill", num(b.estimated_fill)},
                             {"estimated_cost", num(b.estimated_cost)},
                             {"stop", opt(b.stop)},
                             {"target", opt(b.target)},
                             {"rupee_risk", opt(b.rupee_risk)},
                             {"hold_period", b.hold_period},
                             {"close_execution", b.close_execution}});
  }
  for (const NotTaken& n : r.not_taken) {
    j["not_taken"].push_back({{"symbol", n.symbol},
                              {"buy_date", n.buy_date},
                              {"edge_score", num(n.edge_score)},
                              {"rule_stack", n.rule_stack},
                              {"reason", n.reason}});
  }
  j["money"] = {{"initial_capital", num(r.money.initial_capital)},
                {"realised_pnl", num(r.money.realised_pnl)},
                {"equity", num(r.money.equity)},
                {"invested", num(r.money.invested)},
                {"cash", num(r.money.cash)},
                {"open_positions", r.money.open_positions},
                {"max_open_positions", r.money.max_open_positions}};
  for (const OpenPosition& p : r.open_positions) {
    j["open_positions"].push_back({{"symbol", p.symbol},
                                   {"status", p.status},
                                   {"entry_date", p.entry_date},
                                   {"entry_price", num(p.entry_price)},
                                   {"current_price", num(p.current_price)},
                                   {"return_pct", num(p.return_pct)},
                                   {"nifty_return_pct", num(p.nifty_return_pct)},
                                   {"day_in_trade", p.day_in_trade},
                                   {"hold_period", p.hold_period},
                                   {"rule_stack", p.rule_stack},
                                   {"shares", p.shares},
                                   {"stop", opt(p.stop)},
                                   {"target", opt(p.target)},
                                   {"model_entry_price", opt(p.model_entry_price)},
                                   {"recorded_fill", p.recorded_fill},
                                   {"rules_changed", p.rules_changed}});
  }
  for (const PositionToSell& p : r.to_sell) {
    j["to_sell"].push_back({{"symbol", p.symbol},
                            {"entry_date", p.entry_date},
                            {"entry_price", num(p.entry_price)},
                            {"exit_date", p.exit_date},
                            {"exit_price", num(p.exit_price)},
                            {"return_pct", num(p.return_pct)},
                            {"nifty_return_pct", num(p.nifty_return_pct)},
                            {"days_held", p.days_held},
                            {"reason", p.reason},
                            {"shares", p.shares},
                            {"exit_due", p.exit_due}});
  }
  if (r.sales_since) j["sales_since"] = *r.sales_since;
  if (!r.no_buy_reason.empty()) j["no_buy_reason"] = r.no_buy_reason;
  for (const NearCandidate& c : r.nearest) {
    j["nearest"].push_back({{"symbol", c.symbol},
                            {"rule_stack", c.rule_stack},
                            {"edge_score", num(c.edge_score)},
                            {"oos_trades", c.oos_trades},
                            {"last_entry", c.last_entry},
                            {"why", c.why}});
  }
  for (const RecentSignal& s : r.recent_signals) {
    j["recent_signals"].push_back({{"date", s.date},
                                   {"symbol", s.symbol},
                                   {"rule_stack", s.rule_stack},
                                   {"price", num(s.price)}});
  }
  for (const PriceChart& c : r.charts) {
    j["charts"].push_back({{"symbol", c.symbol},
                           {"dates", dates(c.dates)},
                           {"close", nums(c.close)},
                           {"entry_date", c.entry_date},
                           {"entry_price", num(c.entry_price)},
                           {"stop_level", num(c.stop_level)},
                           {"target_level", num(c.target_level)},
                           {"exit_date", c.exit_date},
                           {"exit_price", num(c.exit_price)},
                           {"equity_dates", dates(c.equity_dates)},
                           {"equity", nums(c.equity)},
                           {"benchmark", nums(c.benchmark)}});
    // Added with the candle charts: left out when empty, so older rows and newer ones agree on
    // what a missing key means (docs/report.md).
    json& jc = j["charts"].back();
    if (!c.open.empty()) jc["open"] = nums(c.open);
    if (!c.high.empty()) jc["high"] = nums(c.high);
    if (!c.low.empty()) jc["low"] = nums(c.low);
    if (!c.volume.empty()) jc["volume"] = nums(c.volume);
    for (const ChartLine& l : c.lines) {
      jc["lines"].push_back({{"name", l.name}, {"values", nums(l.values)}});
    }
    if (std::isfinite(c.exposure_pct)) jc["exposure_pct"] = c.exposure_pct;
  }
  return j.dump();
}

Result<DailyReport> from_json(const std::string& text) {
  try {
    const json j = json::parse(text);
    DailyReport r;
    r.report_date = j.at("report_date").get<Date>();
    r.version = j.at("version").get<std::string>();
    r.config_hash = j.at("config_hash").get<std::string>();
    r.run_timestamp = j.at("run_timestamp").get<std::string>();
    r.in_sample = j.at("in_sample").get<bool>();
    r.results_saved = j.at("results_saved").get<bool>();
    r.warnings = j.at("warnings").get<std::vector<std::string>>();
    // Keys added after the first stored reports (order ticket, book money, recorded facts)
    // read as their defaults from an older row (`report --date` of an old run).
    for (const json& b : j.value("new_buys", json::array())) {
      NewBuy n;
      n.symbol = b.at("symbol");
      n.buy_date = b.at("buy_date");
      n.entry_price = num(b.at("entry_price"));
      n.rule_stack = b.at("rule_stack");
      n.stack_words = b.value("stack_words", std::string());
      n.edge_score = num(b.at("edge_score"));
      n.oos_trades = b.value("oos_trades", 0);  // older reports: 0
      n.training_trades = b.value("training_trades", 0);
      n.shares = b.value("shares", std::int64_t{0});
      n.estimated_fill = num(b.value("estimated_fill", json(0.0)));
      n.estimated_cost = num(b.value("estimated_cost", json(0.0)));
      n.stop = opt(b.value("stop", json(nullptr)));
      n.target = opt(b.value("target", json(nullptr)));
      n.rupee_risk = opt(b.value("rupee_risk", json(nullptr)));
      n.hold_period = b.value("hold_period", 0);
      n.close_execution = b.value("close_execution", false);
      r.new_buys.push_back(n);
    }
    for (const json& b : j.value("not_taken", json::array())) {
      r.not_taken.push_back({b.at("symbol"), b.at("buy_date"), num(b.at("edge_score")),
                             b.at("rule_stack"), b.at("reason")});
    }
    if (j.contains("money")) {
      const json& m = j.at("money");
      r.money.initial_capital = num(m.at("initial_capital"));
      r.money.realised_pnl = num(m.at("realised_pnl"));
      r.money.equity = num(m.at("equity"));
      r.money.invested = num(m.at("invested"));
      r.money.cash = num(m.at("cash"));
      r.money.open_positions = m.at("open_positions");
      r.money.max_open_positions = m.at("max_open_positions");
    }
    for (const json& p : j.value("open_positions", json::array())) {
      OpenPosition o;
      o.symbol = p.at("symbol");
      o.status = p.at("status");
      o.entry_date = p.at("entry_date");
      o.entry_price = num(p.at("entry_price"));
      o.current_price = num(p.at("current_price"));
      o.return_pct = num(p.at("return_pct"));
      o.nifty_return_pct = num(p.at("nifty_return_pct"));
      o.day_in_trade = p.at("day_in_trade");
      o.hold_period = p.at("hold_period");
      o.rule_stack = p.at("rule_stack");
      o.shares = p.value("shares", std::int64_t{0});
      o.stop = opt(p.value("stop", json(nullptr)));
      o.target = opt(p.value("target", json(nullptr)));
      o.model_entry_price = opt(p.value("model_entry_price", json(nullptr)));
      o.recorded_fill = p.value("recorded_fill", false);
      o.rules_changed = p.value("rules_changed", false);
      r.open_positions.push_back(o);
    }
    for (const json& p : j.value("to_sell", json::array())) {
      PositionToSell s;
      s.symbol = p.at("symbol");
      s.entry_date = p.at("entry_date");
      s.entry_price = num(p.at("entry_price"));
      s.exit_date = p.at("exit_date");
      s.exit_price = num(p.at("exit_price"));
      s.return_pct = num(p.at("return_pct"));
      s.nifty_return_pct = num(p.at("nifty_return_pct"));
      s.days_held = p.at("days_held");
      s.reason = p.at("reason");
      s.shares = p.value("shares", std::int64_t{0});
      s.exit_due = p.value("exit_due", false);
      r.to_sell.push_back(s);
    }
    if (j.contains("sales_since")) r.sales_since = j.at("sales_since").get<Date>();
    r.no_buy_reason = j.value("no_buy_reason", std::string());
    for (const json& c : j.value("nearest", json::array())) {
      r.nearest.push_back({c.at("symbol"), c.at("rule_stack"), num(c.at("edge_score")),
                           c.at("oos_trades"), c.at("last_entry"), c.at("why")});
    }
    for (const json& s : j.value("recent_signals", json::array())) {
      r.recent_signals.push_back(
          {s.at("date"), s.at("symbol"), s.at("rule_stack"), num(s.at("price"))});
    }
    for (const json& c : j.value("charts", json::array())) {
      PriceChart p;
      p.symbol = c.at("symbol");
      p.dates = dates(c.at("dates"));
      p.close = nums(c.at("close"));
      p.entry_date = c.at("entry_date");
      p.entry_price = num(c.at("entry_price"));
      p.stop_level = num(c.at("stop_level"));
      p.target_level = num(c.at("target_level"));
      p.exit_date = c.at("exit_date");
      p.exit_price = num(c.at("exit_price"));
      p.equity_dates = dates(c.at("equity_dates"));
      p.equity = nums(c.at("equity"));
      p.benchmark = nums(c.at("benchmark"));
      const auto optional_nums = [&](const char* key) {
        return c.contains(key) ? nums(c.at(key)) : std::vector<double>{};
      };
      p.open = optional_nums("open");
      p.high = optional_nums("high");
      p.low = optional_nums("low");
      p.volume = optional_nums("volume");
      for (const json& l : c.value("lines", json::array())) {
        p.lines.push_back({l.at("name"), nums(l.at("values"))});
      }
      if (c.contains("exposure_pct")) p.exposure_pct = num(c.at("exposure_pct"));
      r.charts.push_back(std::move(p));
    }
    return r;
  } catch (const json::exception& e) {
    return make_error(std::string("stored report is not valid: ") + e.what(), {}, 0, 0,
                      "runs.report_json");
  }
}

}  // namespace kiss::report
