// Deterministic crash instants for the kill -9 test (tests/e2e/reliability_crash_test.cc).
//
// crash_point("name") raises SIGKILL when the environment variable KISS_CRASH_POINT equals
// "name"; otherwise it does nothing. SIGKILL cannot be caught, so the process dies exactly as it
// would under `kill -9` or a power cut of the process: no destructors, no atexit, no flush of
// stdio or of SQLite's caches. The variable is read once per process (a function-local static),
// so an unset variable costs one load and one compare per call. Never set in production.
#pragma once

namespace kiss {

void crash_point(const char* name) noexcept;

}  // namespace kiss
