// libFuzzer harness: an experiment file (TOML text) through parse_experiment() with the built-in
// registry: axes, Monte Carlo settings, figures and (for an inline [scenario]) the first point.
#include <string_view>

#include "fuzz_common.hpp"
#include "irisac/io/experiment.hpp"
#include "irisac/io/registry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  IRISAC_FUZZ_PLANTED(data, size);
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const irisac::io::Document doc = irisac::io::Document::from_string(text, "fuzz.toml");
    (void)irisac::io::parse_experiment(doc, irisac::io::builtin_registry(), {});
  }
  IRISAC_FUZZ_CLEAN_ERRORS
  return 0;
}
