// Conversions between the stages' plain structs at the cli boundary: results -> strategy rows,
// the position book <-> position rows. No logic beyond field mapping.
#pragma once
#include <string>
#include <vector>

#include "backtest/result.h"
#include "config/config.h"
#include "signals/position_book.h"
#include "store/positions.h"
#include "store/strategies.h"

namespace kiss::cli {

store::StrategyRecord to_strategy_record(const StockResult& r, const Config& config);
signals::BookPosition to_book(const store::Position& p);
store::Position to_row(const signals::BookPosition& p);
std::vector<signals::BookPosition> to_book(const std::vector<store::Position>& rows);

}  // namespace kiss::cli
