#!/usr/bin/env bash
# Speed-up of `irisac run` from 1 to 2 MPI processes (1 thread each) on a Monte Carlo sweep of the
# scene metrics (experiments/ci-sweep.toml with more trials). Prints wall times and the ratio.
# Usage: bench/engine_mpi.sh [path/to/irisac] [trials]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
irisac="${1:-$root/build/release/irisac}"
trials="${2:-2000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sed -e "s/trials = 64/trials = $trials/" -e "s#\"../scenarios/#\"$root/scenarios/#" \
  "$root/experiments/ci-sweep.toml" > "$work/bench.toml"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
time_of() {  # prints seconds of one run
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
t1=$(time_of "$irisac" run "$work/bench.toml" --out "$work/j1" --threads 1 --quiet --no-figures)
t2=$(time_of "$irisac" run "$work/bench.toml" --out "$work/j2" --threads 2 --quiet --no-figures)
m1=$(time_of mpirun -np 1 "$irisac" run "$work/bench.toml" --out "$work/m1" --threads 1 --quiet --no-figures)
m2=$(time_of mpirun -np 2 "$irisac" run "$work/bench.toml" --out "$work/m2" --threads 1 --quiet --no-figures)
printf 'threads 1: %.2f s   threads 2: %.2f s   speed-up %.2f\n' "$t1" "$t2" "$(echo "$t1 / $t2" | bc -l)"
printf 'mpirun -np 1: %.2f s   -np 2: %.2f s   speed-up %.2f\n' "$m1" "$m2" "$(echo "$m1 / $m2" | bc -l)"
for d in j2 m1 m2; do
  if ! diff <(grep -v '^# ' "$work/j1/results.csv") <(grep -v '^# ' "$work/$d/results.csv") >/dev/null; then
    echo "results differ between j1 and $d" >&2; exit 1
  fi
done
echo "results.csv data identical for threads 1, threads 2, 1 and 2 processes"
