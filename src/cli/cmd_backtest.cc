#include "cli/commands.h"

namespace kiss::cli {

int cmd_backtest(const GlobalOptions&, const BacktestOptions&) {
  return not_built_yet("backtest", "issue 5");
}

}  // namespace kiss::cli
