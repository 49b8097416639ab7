#include "cli/commands.h"

namespace kiss::cli {

int cmd_data_import(const GlobalOptions&, const DataImportOptions&) {
  return not_built_yet("data import", "issue 4");
}

}  // namespace kiss::cli
