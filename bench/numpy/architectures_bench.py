#!/usr/bin/python3
"""NumPy counterpart of bench/architectures_bench.cpp: IRS-anchor exhaustive DFT scan (the codebook is
built once and reused, the scan is one matrix-vector product), binary-tree search (2 log2 N codewords)
and the coherent-scan CRB, vs N.

    /usr/bin/python3 bench/numpy/architectures_bench.py      # prints median times [µs]
"""
import time
import numpy as np


def median_us(f, reps=200):
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        f()
        ts.append(time.perf_counter() - t0)
    return 1e6 * float(np.median(ts))


rng = np.random.default_rng(1)
for n in (16, 64, 256, 1024):
    idx = np.arange(n)
    centres = -0.5 + (idx + 0.5) / n
    C = np.exp(-2j * np.pi * np.outer(centres, idx))   # codebook precomputed (favours NumPy)
    beta, f = 10.0 / n, 0.123

    def exhaustive():
        y = beta * (C @ np.exp(2j * np.pi * idx * f)) + (rng.standard_normal(n) + 1j * rng.standard_normal(n)) / np.sqrt(2)
        return centres[np.argmax(np.abs(y))]

    levels = int(np.log2(n))

    def tree():
        a = np.exp(2j * np.pi * idx * f)
        sector = 0
        for lv in range(1, levels + 1):
            s = 2 ** lv
            k = n // s
            chirp = np.exp(1j * np.pi * (idx // s) ** 2 / k)
            w = 1 / 2 ** lv
            cs = -0.5 + (2 * sector + np.array([0.5, 1.5])) * w
            cw = np.exp(-2j * np.pi * np.outer(cs, idx)) * chirp
            y = beta * (cw @ a) + (rng.standard_normal(2) + 1j * rng.standard_normal(2)) / np.sqrt(2)
            sector = 2 * sector + int(abs(y[1]) > abs(y[0]))
        return -0.5 + (sector + 0.5) / n

    def crb():
        g = C @ np.exp(2j * np.pi * idx * f)
        gd = C @ (2j * np.pi * idx * np.exp(2j * np.pi * idx * f))
        return 1.0 / (2.0 * (np.vdot(gd, gd).real - abs(np.vdot(g, gd)) ** 2 / np.vdot(g, g).real))

    print(f"N={n:5d}  exhaustive {median_us(exhaustive):9.2f} us  tree {median_us(tree):9.2f} us  crb {median_us(crb):9.2f} us")
