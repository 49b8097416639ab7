#include "cli/commands.h"

namespace kiss::cli {

int cmd_validate(const GlobalOptions&) {
  return not_built_yet("validate", "issue 2");
}

}  // namespace kiss::cli
