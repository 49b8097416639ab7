#include "cli/commands.h"

namespace kiss::cli {

int cmd_inspect(const GlobalOptions&, const InspectOptions&) {
  return not_built_yet("inspect", "issue 3");
}

}  // namespace kiss::cli
