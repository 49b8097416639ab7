#include "cli/commands.h"
#include "cli/run_pipeline.h"

namespace kiss::cli {

int cmd_run(const GlobalOptions& g, const RunOptions& o) { return run_pipeline(g, o); }

}  // namespace kiss::cli
