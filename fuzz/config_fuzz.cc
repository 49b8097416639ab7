// libFuzzer target: load_config (config.yaml, docs/configuration.md). The loader reads a path, so
// the input goes to a scratch file. Beyond "no crash": a refusal always carries a message naming
// the file (docs/product.md: one clear message naming file, line and key).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "config/config.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = kiss::fuzz::write_input("config.yaml", data, size);
  auto config = kiss::load_config(path);
  if (!config && (config.error().message.empty() || config.error().file.empty())) std::abort();
  return 0;
}
