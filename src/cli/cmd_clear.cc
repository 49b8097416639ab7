#include "cli/commands.h"

namespace kiss::cli {

int cmd_clear_and_recalculate(const GlobalOptions&, const ClearOptions&) {
  return not_built_yet("clear-and-recalculate", "issue 6");
}

}  // namespace kiss::cli
