// The error value of the whole program (LevelDB's Status idea, carried in tl::expected).
// Every bad input becomes one Error naming the file, line, column and key; cli turns it into
// one message and an exit code. No stage prints errors itself.
#pragma once
#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace kiss {

// Exit codes of docs/product.md.
enum class ExitCode : int {
  kOk = 0,
  kBadInput = 1,      // bad input, configuration or data error
  kUsage = 2,         // usage error (also: a sub-command that is not built yet)
  kRunFailed = 3,     // the run failed part-way; nothing partial was committed
  kReportFailed = 4,  // the run was committed, but its report could not be written
};

struct Error {
  std::string file;     // path as the user gave it; empty when not about a file
  int line = 0;         // 1-based; 0 = unknown / whole file
  int column = 0;       // 1-based; 0 = unknown
  std::string key;      // key path ("walk_forward.training_period"), column name, symbol...
  std::string message;  // what is wrong, and where useful what is expected
  ExitCode exit_code = ExitCode::kBadInput;

  // "file:line:column: key: message" with empty parts left out.
  std::string to_string() const;
};

template <class T>
using Result = tl::expected<T, Error>;
using Status = tl::expected<void, Error>;

inline tl::unexpected<Error> make_error(std::string message, std::string file = {}, int line = 0,
                                        int column = 0, std::string key = {},
                                        ExitCode code = ExitCode::kBadInput) {
  return tl::unexpected<Error>(
      Error{std::move(file), line, column, std::move(key), std::move(message), code});
}

}  // namespace kiss
