#!/usr/bin/env bash
# The two commands of the README:
#   scripts/dev.sh run  [irisac run arguments...]   set up, build, run the main job (the case study)
#   scripts/dev.sh test                              set up, build, run the whole test suite
#                                                    (release build, fuzzing, then ASan+UBSan build)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
verb="${1:-run}"; shift || true
jobs="$(nproc 2>/dev/null || echo 2)"
bash scripts/setup.sh

configure() {  # dir, extra cmake args...
  local dir="$1"; shift
  cmake -S . -B "$dir" -G Ninja -DPython_EXECUTABLE=/usr/bin/python3 "$@" >/dev/null
}

case "$verb" in
  run)
    configure build/release -DCMAKE_BUILD_TYPE=Release -DIRISAC_BUILD_TESTS=OFF
    cmake --build build/release -j "$jobs" --target irisac_cli
    exec ./build/release/irisac run "$@"
    ;;
  test)
    werror=OFF; [ "${CI:-}" = "true" ] && werror=ON
    configure build/release -DCMAKE_BUILD_TYPE=Release -DIRISAC_BUILD_TESTS=ON -DIRISAC_WERROR="$werror"
    cmake --build build/release -j "$jobs"
    (cd build/release && ctest --output-on-failure -j "$jobs" --timeout 600)
    bash scripts/check_install.sh build/release
    # libFuzzer on the four readers, ~60 s, after a self-test with a planted crash (docs/fuzzing.md).
    bash scripts/fuzz.sh 12
    # -O1 -g1: a sanitizer build compiles about twice as fast as -O2 -g and keeps line numbers.
    configure build/asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DIRISAC_BUILD_TESTS=ON \
      -DIRISAC_SANITIZE="address;undefined" -DIRISAC_WERROR="$werror"
    cmake --build build/asan -j "$jobs"
    (cd build/asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      ctest --output-on-failure -j "$jobs" --timeout 900 -LE "no_sanitize|heavy")
    ;;
  *)
    echo "usage: scripts/dev.sh run [irisac run args...] | test" >&2; exit 2 ;;
esac
