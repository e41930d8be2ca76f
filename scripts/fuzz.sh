#!/usr/bin/env bash
# Fuzzes the readers of untrusted input with libFuzzer (docs/fuzzing.md) for a bounded time; any
# crash, sanitizer report, leak, timeout or allocation past the RSS limit fails (exit 1).
#   scripts/fuzz.sh [SECONDS_PER_HARNESS]   default 12: about 60 s in total (CI, from dev.sh test)
#   IRISAC_FUZZ_TARGETS="npy csv"           a subset of npy csv scenario experiment
# First it checks itself: a harness built with a planted crash must make this step fail.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
secs="${1:-12}"
targets="${IRISAC_FUZZ_TARGETS:-npy csv scenario experiment}"
cxx="${IRISAC_FUZZ_CXX:-clang++-14}"
jobs="$(nproc 2>/dev/null || echo 2)"
build="${IRISAC_FUZZ_BUILD:-build/fuzz}"
if ! command -v "$cxx" >/dev/null 2>&1; then
  echo "fuzz: $cxx not found (scripts/setup.sh installs clang-14): fuzzing skipped" >&2
  [ "${CI:-}" = "true" ] && exit 1
  exit 0
fi
CXX="$cxx" cmake -S tests/fuzz -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
build_targets="fuzz_npy_planted"
for t in $targets; do build_targets="$build_targets fuzz_$t"; done
cmake --build "$build" -j "$jobs" --target $build_targets

# Seed corpora from the bundled files (copied: libFuzzer adds what it finds to the first directory).
corpus="$build/corpus"
rm -rf "$corpus"
mkdir -p "$corpus"/{npy,csv,scenario,experiment} "$build/artifacts"
cp tests/data/*.npy "$corpus/npy/"
cp tests/data/*.csv "$corpus/csv/"
cp scenarios/*.toml tests/data/bad/*.toml "$corpus/scenario/"
cp experiments/*.toml "$corpus/experiment/"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:allocator_may_return_null=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
opts=(-rss_limit_mb=2048 -malloc_limit_mb=1024 -timeout=10 -print_final_stats=1)

# 1. The step must fail on a crash: the planted harness crashes on its first input.
if (cd "$work" && "$root/$build/fuzz_npy_planted" -max_total_time=10 "${opts[@]}" \
      -artifact_prefix="$work/planted-" "$root/$corpus/npy" >"$work/planted.log" 2>&1); then
  echo "fuzz: self-test FAILED: the harness with a planted crash exited 0" >&2
  exit 1
fi
if ! grep -q "deadly signal" "$work/planted.log" || ! ls "$work"/planted-crash-* >/dev/null 2>&1; then
  echo "fuzz: self-test FAILED: the planted crash was not reported as one:" >&2
  tail -20 "$work/planted.log" >&2
  exit 1
fi
echo "fuzz: self-test: a planted crash fails the step (as it must)"

# 2. The real harnesses, each for $secs seconds.
status=0
for t in $targets; do
  if (cd "$work" && "$root/$build/fuzz_$t" -max_total_time="$secs" "${opts[@]}" \
        -artifact_prefix="$root/$build/artifacts/$t-" "$root/$corpus/$t" >"$work/$t.log" 2>&1); then
    echo "fuzz: $t: $(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$work/$t.log" | grep -o '[0-9]*$') inputs, no finding"
  else
    echo "fuzz: $t: FINDING (reproduce with $build/fuzz_$t $build/artifacts/$t-*):" >&2
    grep -E "ERROR|SUMMARY|terminate|uncaught|#[0-9]+ " "$work/$t.log" | head -30 >&2
    status=1
  fi
done
exit $status
