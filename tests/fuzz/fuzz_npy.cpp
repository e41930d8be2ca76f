// libFuzzer harness: the strict .npy reader on arbitrary bytes (small caps, so a claimed size
// past them must be refused before allocation, and -rss_limit_mb catches any that is not).
#include <string_view>

#include "fuzz_common.hpp"
#include "irisac/io/matrix_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  IRISAC_FUZZ_PLANTED(data, size);
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    (void)irisac::io::parse_npy(bytes, "fuzz.npy", {1 << 16, 1 << 20});
  }
  IRISAC_FUZZ_CLEAN_ERRORS
  return 0;
}
