#include "cli/commands.h"

namespace kiss::cli {

int cmd_data_fetch(const GlobalOptions&, const DataFetchOptions&) {
  return not_built_yet("data fetch", "issue 4");
}

}  // namespace kiss::cli
