#include "cli/commands.h"

namespace kiss::cli {

int cmd_history(const GlobalOptions&, const HistoryOptions&) {
  return not_built_yet("history", "issue 6");
}

}  // namespace kiss::cli
