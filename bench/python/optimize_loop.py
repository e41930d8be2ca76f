"""The Python side of the bindings-overhead comparison (bench/python_loop_bench.cpp): the same 10^4
small optimisations (N = 16, M = 4, manifold, snr objective, seed i) through irisac.optimize().
Run: PYTHONPATH=build/dev/python /usr/bin/python3 bench/python/optimize_loop.py [repetitions]"""
import sys
import time

import numpy as np

import irisac


def loop_problem():
    N, M = 16, 4
    n = np.arange(N).reshape(N, 1)
    m = np.arange(M).reshape(1, M)
    G = np.exp(1j * (0.7 * n * m + 0.3 * n))
    nn = np.arange(N)
    hr = ((1.0 + 0.1 * (nn % 3)) * np.exp(1j * 1.3 * nn * nn)).reshape(N, 1)
    hd = (0.2 * np.exp(1j * 0.9 * np.arange(M))).reshape(M, 1)
    return irisac.CommProblem(G, hr, hd, 1.0, 1.0)


def main():
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    p = loop_problem()
    wall, cpu = [], []
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        sink = 0.0
        for i in range(10000):
            sink += irisac.optimize(p, "snr", "manifold", seed=i)["rate_bps_hz"][0]
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    print("python loop of 1e4 optimisations: wall median %.1f ms, cpu median %.1f ms (sum of rates %.6f)"
          % (1e3 * np.median(wall), 1e3 * np.median(cpu), sink))


if __name__ == "__main__":
    main()
