// The daily loop of SPEC §1 (`run`, and the recalculation of `clear-and-recalculate`):
// configuration -> refresh -> discovery -> signals and positions -> one transaction -> report.
#pragma once
#include "cli/commands.h"

namespace kiss::cli {

int run_pipeline(const GlobalOptions& g, const RunOptions& o);

}  // namespace kiss::cli
