// libFuzzer harness: the strict CSV matrix reader on arbitrary text.
#include <string_view>

#include "fuzz_common.hpp"
#include "irisac/io/matrix_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  IRISAC_FUZZ_PLANTED(data, size);
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    (void)irisac::io::parse_csv_matrix(text, "fuzz.csv", {1 << 16, 1 << 20});
  }
  IRISAC_FUZZ_CLEAN_ERRORS
  return 0;
}
