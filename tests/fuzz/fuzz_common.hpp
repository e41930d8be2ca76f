#pragma once
// What a harness accepts as a clean outcome: the errors bad input is documented to raise. Anything
// else (another exception, a sanitizer report, a crash, a timeout, an allocation past
// -rss_limit_mb) is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "irisac/core/error.hpp"
#include "irisac/io/input_error.hpp"

#define IRISAC_FUZZ_CLEAN_ERRORS                 \
  catch (const irisac::io::InputError&) {}       \
  catch (const irisac::InvalidArgument&) {}      \
  catch (const irisac::Infeasible&) {}

#if defined(IRISAC_FUZZ_PLANT_CRASH)
// A deliberate crash on every non-empty input: scripts/fuzz.sh proves with it that a crash fails the step.
#define IRISAC_FUZZ_PLANTED(data, size) \
  if ((size) > 0) __builtin_trap()
#else
#define IRISAC_FUZZ_PLANTED(data, size) (void)0
#endif
