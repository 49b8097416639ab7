// libFuzzer target: load_rules (rules.yaml, docs/configuration.md) with the default configuration.
// The loader reads a path, so the input goes to a scratch file. Beyond "no crash": a refusal
// carries a message naming the file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "config/config.h"
#include "config/rules_loader.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const kiss::Config config = kiss::default_config(kiss::fuzz::scratch_dir().string());
  const std::string path = kiss::fuzz::write_input("rules.yaml", data, size);
  auto rules = kiss::load_rules(path, config);
  if (!rules && (rules.error().message.empty() || rules.error().file.empty())) std::abort();
  return 0;
}
