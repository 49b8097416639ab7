#include "cli/commands.h"

namespace kiss::cli {

int cmd_run(const GlobalOptions&, const RunOptions&) {
  return not_built_yet("run", "issue 5/7");
}

}  // namespace kiss::cli
