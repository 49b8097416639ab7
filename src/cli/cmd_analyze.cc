#include "cli/commands.h"

namespace kiss::cli {

int cmd_analyze_strategies(const GlobalOptions&, const AnalyzeOptions&) {
  return not_built_yet("analyze-strategies", "issue 6");
}

}  // namespace kiss::cli
