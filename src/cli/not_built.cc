#include <cstdio>

#include "cli/commands.h"

namespace kiss::cli {

int not_built_yet(const char* command, const char* issue) {
  std::fprintf(stderr, "kiss-signal: '%s' is not built yet (%s)\n", command, issue);
  return 2;
}

}  // namespace kiss::cli
