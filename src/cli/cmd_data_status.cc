#include "cli/commands.h"

namespace kiss::cli {

int cmd_data_status(const GlobalOptions&) {
  return not_built_yet("data status", "issue 4");
}

}  // namespace kiss::cli
