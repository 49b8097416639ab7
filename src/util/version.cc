#include "util/version.h"

// Defined for this file alone by CMakeLists.txt, so a new version recompiles one file.
#ifndef KISS_VERSION
#error "KISS_VERSION must be defined by the build (CMakeLists.txt: PROJECT_VERSION)"
#endif

namespace kiss {

const std::string& version() {
  static const std::string v = KISS_VERSION;
  return v;
}

}  // namespace kiss
