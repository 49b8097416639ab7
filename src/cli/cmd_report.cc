#include "cli/commands.h"

namespace kiss::cli {

int cmd_report(const GlobalOptions&, const ReportOptions&) {
  return not_built_yet("report", "issue 7");
}

}  // namespace kiss::cli
