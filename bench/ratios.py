#!/usr/bin/python3
"""Runs the C++ vs Python/NumPy comparisons of bench/ side by side (same instances, same stopping
rules) and prints every ratio in one table. docs/performance.md is measured with it.

Usage (from the repository root, Release build with -DIRISAC_BUILD_BENCH=ON for the kernel rows):
    /usr/bin/python3 bench/ratios.py [--build build/dev] [--reps 5] [--sensing] [--mpi [TRIALS]]

Rows:
  main job     `irisac run` (experiments/case-study-fig4.toml, --no-figures, 1 thread), whole process,
               against bench/python/case_study_fig4.py (pure Python, the same model, sweep and solver),
               whole process; the 41 x 4 rates are compared (must agree to 1e-9).
  main job +   the same with figures on: the extra cost of drawing both figures (one Python start, one
  figures      matplotlib import, python/irisac_plot.py).
  sensing      (--sensing) irisac_bench_sensing_bench (CRB closed form, FIM + inverse) against
               bench/numpy/sensing_bench.py, N = 16 ... 1024.
  MPI          (--mpi) `mpirun -np 1` vs `-np 2` (1 thread each) on experiments/ci-sweep.toml with
               TRIALS trials per point (default 2000), results.csv data checked identical.
Times are medians over --reps runs. CPU = user + system time of the process and its children
(robust to other load on a shared machine); wall = elapsed time. The ratio column is Python (or
NumPy) time / C++ time, from CPU time where both sides report it. The load average is printed: on
a loaded machine wall times are inflated and only the CPU ratios are meaningful.
"""
import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY = "/usr/bin/python3"


def run_timed(cmd, env=None, cwd=None):
    """Runs cmd; returns (cpu_s of it and its children, wall_s, stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=cwd)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        sys.exit("failed (%d): %s\n%s%s" % (p.returncode, " ".join(cmd), p.stdout, p.stderr))
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, p.stdout


def median_of(runs):
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def read_csv_rates(path):
    rows = [l.rstrip("\n").split(",") for l in open(path) if not l.startswith("#")]
    head = rows[0]
    cols = [head.index("rate_%s_bps_hz_mean" % s) for s in ("proposed", "wo_s", "wo_c", "wo_sc")]
    out = {}
    for r in rows[1:]:
        try:
            out[float(r[0])] = [float(r[c]) for c in cols]
        except ValueError:
            out[float(r[0])] = None  # infeasible: no mean
    return out


def read_py_rates(path):
    out = {}
    for line in open(path):
        f = line.strip().split(",")
        out[float(f[0])] = None if f[1] == "infeasible" else [float(x) for x in f[1:5]]
    return out


def gbench_median_cpu_ms(exe, filt, reps):
    """{run_name: median CPU time [ms]} of a Google Benchmark program."""
    _, _, out = run_timed([exe, "--benchmark_filter=" + filt, "--benchmark_format=json",
                           "--benchmark_repetitions=%d" % reps, "--benchmark_report_aggregates_only=true",
                           "--benchmark_min_time=0.1"])
    res = {}
    for b in json.loads(out)["benchmarks"]:  # the median, or the single run when reps = 1
        if b.get("aggregate_name") == "median" or (reps == 1 and b.get("run_type") == "iteration"):
            res[b["run_name"]] = b["cpu_time"] * {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[b["time_unit"]]
    return res


def main_job(irisac, build, reps, work, table):
    cpp = []
    for i in range(reps):
        out = os.path.join(work, "cpp%d" % i)
        cpp.append(run_timed([irisac, "run", "-q", "--no-figures", "-j", "1", "-o", out])[:2])
    py, py_sweep = [], []
    for i in range(max(1, (reps + 1) // 2)):
        csv = os.path.join(work, "py%d.csv" % i)
        r = run_timed([PY, os.path.join(ROOT, "bench", "python", "case_study_fig4.py"), "--csv", csv])
        py.append(r[:2])
        py_sweep.append(float(r[2].split("cpu ")[1].split()[0]))
    a, b = read_csv_rates(os.path.join(work, "cpp0", "results.csv")), read_py_rates(os.path.join(work, "py0.csv"))
    if a.keys() != b.keys() or any((a[k] is None) != (b[k] is None) for k in a):
        sys.exit("main job: C++ and Python disagree on the points or on feasibility")
    diff = max((abs(x - y) for k in a if a[k] for x, y in zip(a[k], b[k])), default=0.0)
    if diff > 1e-9:
        sys.exit("main job: C++ and Python rates differ by %.3g > 1e-9" % diff)
    (cc, cw), (pc, pw) = median_of(cpp), median_of(py)
    table.append(("main job, figures off (41 points x 4 schemes; max |rate diff| %.1e)" % diff,
                  "%.1f ms CPU (%.0f ms wall)" % (1e3 * cc, 1e3 * cw),
                  "%.0f ms CPU (%.0f ms wall)" % (1e3 * pc, 1e3 * pw), pc / cc, "50"))
    exe = os.path.join(build, "bench", "irisac_bench_case_study_bench")
    if os.path.exists(exe):  # the sweep alone, in-process (no process start, engine, store or files)
        ms = gbench_median_cpu_ms(exe, "BM_Fig4Sweep", reps)
        ps = 1e3 * statistics.median(py_sweep)
        table.append(("Fig. 4 sweep alone, in-process (38 feasible points x 4 schemes)",
                      "%.1f ms CPU" % ms["BM_Fig4Sweep/0"], "%.0f ms CPU" % ps, ps / ms["BM_Fig4Sweep/0"], ""))
        table.append(("  same sweep, polyblock for every scheme (C++ only)", "%.0f ms CPU" % ms["BM_Fig4Sweep/1"],
                      "", None, ""))
    fig = []
    for i in range(reps):
        out = os.path.join(work, "fig%d" % i)
        fig.append(run_timed([irisac, "run", "-q", "-j", "1", "-o", out])[:2])
    n_png = len([f for f in os.listdir(os.path.join(work, "fig0")) if f.endswith(".png")])
    fc, fw = median_of(fig)
    table.append(("main job, figures on (%d figures, one Python start): cost of the figures" % n_png,
                  "+%.0f ms CPU (+%.0f ms wall)" % (1e3 * (fc - cc), 1e3 * (fw - cw)), "", None, ""))


def sensing(build, reps, table):
    exe = os.path.join(build, "bench", "irisac_bench_sensing_bench")
    if not os.path.exists(exe):
        sys.exit("--sensing needs %s (configure with -DIRISAC_BUILD_BENCH=ON)" % exe)
    _, _, out = run_timed([exe, "--benchmark_filter=BM_CrbClosedForm|BM_FimAndInverse", "--benchmark_format=json",
                           "--benchmark_repetitions=%d" % reps, "--benchmark_report_aggregates_only=true",
                           "--benchmark_min_time=0.1"])
    cpp = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("aggregate_name") == "median" or (reps == 1 and b.get("run_type") == "iteration"):
            name, n = b["run_name"].split("/")
            cpp[(name, int(n))] = b["cpu_time"] * {"ns": 1e-3, "us": 1.0, "ms": 1e3}[b["time_unit"]]
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    _, _, out = run_timed([PY, os.path.join(ROOT, "bench", "numpy", "sensing_bench.py"), "--kernels"], env=env)
    names = {"crb_closed_form": "BM_CrbClosedForm", "fim_and_inverse": "BM_FimAndInverse"}
    for line in out.splitlines():
        f = line.split()
        if f and f[0] in names:
            n = int(f[1].split("=")[1]) if "=" in f[1] and f[1].split("=")[1] else int(f[2])
            us = float(f[-2])
            c = cpp.get((names[f[0]], n))
            if c:
                table.append(("sensing %s, N = %d" % (f[0], n), "%.2f us CPU" % c, "%.1f us CPU" % us, us / c, "5"))


def mpi(irisac, trials, work, table):
    if not shutil.which("mpirun"):
        sys.exit("--mpi needs mpirun")
    src = open(os.path.join(ROOT, "experiments", "ci-sweep.toml")).read()
    src = src.replace("trials = 64", "trials = %d" % trials).replace('"../scenarios/', '"%s/scenarios/' % ROOT)
    exp = os.path.join(work, "mpi.toml")
    open(exp, "w").write(src)
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_rmaps_base_oversubscribe="1")
    res, rank_cpu = {}, {}
    for np_ in (1, 2):
        out = os.path.join(work, "np%d" % np_)
        # each rank under /usr/bin/time: its own CPU time, so that the balance is visible under load
        cmd = ["mpirun", "-np", str(np_), "/usr/bin/time", "-f", "rank-cpu %U %S", irisac, "run", exp, "-q",
               "--no-figures", "-j", "1", "-o", out]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        res[np_] = time.perf_counter() - t0
        if p.returncode != 0:
            sys.exit("failed (%d): %s\n%s%s" % (p.returncode, " ".join(cmd), p.stdout, p.stderr))
        rank_cpu[np_] = [float(l.split()[1]) + float(l.split()[2])
                         for l in (p.stdout + p.stderr).splitlines() if l.startswith("rank-cpu ")]
        del before
    data = [[l for l in open(os.path.join(work, "np%d" % n, "results.csv")) if not l.startswith("#")] for n in (1, 2)]
    same = "identical" if data[0] == data[1] else "DIFFERENT"
    one, two = sum(rank_cpu[1]), max(rank_cpu[2])
    table.append(("MPI, ci-sweep x %d trials, -np 1 -> -np 2, CPU-bound: 1-process CPU / busiest rank's CPU "
                  "(results %s)" % (trials, same),
                  "ranks %s s CPU" % " + ".join("%.2f" % c for c in rank_cpu[2]), "%.2f s CPU (-np 1)" % one,
                  one / two, "1.8"))
    table.append(("MPI, same runs, wall clock (meaningless when the cores are busy with other work)",
                  "%.2f s wall (-np 2)" % res[2], "%.2f s wall (-np 1)" % res[1], res[1] / res[2], "1.8"))
    if same != "identical":
        sys.exit("MPI: results.csv differ between 1 and 2 processes")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build", "dev"))
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--sensing", action="store_true")
    ap.add_argument("--mpi", nargs="?", const=2000, type=int, metavar="TRIALS")
    args = ap.parse_args()
    irisac = os.path.join(args.build, "irisac")
    if not os.path.exists(irisac):
        sys.exit("no %s: build irisac_cli first" % irisac)
    table = []
    load0 = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="irisac-ratios-") as work:
        main_job(irisac, args.build, args.reps, work, table)
        if args.sensing:
            sensing(args.build, args.reps, table)
        if args.mpi:
            mpi(irisac, args.mpi, work, table)
    load1 = os.getloadavg()[0]
    print("load average %.1f at the start, %.1f at the end (%d cores); medians of %d runs" %
          (load0, load1, os.cpu_count(), args.reps))
    w = max(len(r[0]) for r in table)
    print("| %-*s | %-28s | %-28s | %8s | %5s |" % (w, "comparison", "C++", "Python / NumPy", "ratio", "goal"))
    print("|%s|%s|%s|%s|%s|" % ("-" * (w + 2), "-" * 30, "-" * 30, "-" * 10, "-" * 7))
    for name, c, p, ratio, goal in table:
        r = "" if ratio is None else "%.1fx" % ratio
        print("| %-*s | %-28s | %-28s | %8s | %5s |" % (w, name, c, p, r, goal + ("x" if goal else "")))


if __name__ == "__main__":
    main()
