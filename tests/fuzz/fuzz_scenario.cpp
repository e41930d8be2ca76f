// libFuzzer harness: a scenario file (TOML text) through the document parser and load_scene(),
// the path of `irisac show`. Channel files it names are read from the working directory
// (scripts/fuzz.sh runs it in an empty one).
#include <string_view>

#include "fuzz_common.hpp"
#include "irisac/io/scene_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  IRISAC_FUZZ_PLANTED(data, size);
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const irisac::io::Document doc = irisac::io::Document::from_string(text, "fuzz.toml");
    (void)irisac::io::load_scene(doc);
  }
  IRISAC_FUZZ_CLEAN_ERRORS
  return 0;
}
