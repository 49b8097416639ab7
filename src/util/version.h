// The program's version: CMake's PROJECT_VERSION (the project() line of CMakeLists.txt), the one
// place it is written. Printed by --version and by `run`, stored in runs.version and shown in
// every report's footer.
#pragma once
#include <string>

namespace kiss {

// "1.0.0"
const std::string& version();

}  // namespace kiss
