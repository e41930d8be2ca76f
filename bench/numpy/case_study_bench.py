#!/usr/bin/python3
"""NumPy counterpart of bench/case_study_bench.cpp: the Fig. 4 sweep by a vectorised 1-D grid on
tau_s + tau_c = T (4001 points per scheme and requirement, as dense as the C++ oracle's grid).
Run: /usr/bin/python3 bench/numpy/case_study_bench.py"""
import time
import numpy as np

M, Nr = 64, 16
th, sp = np.deg2rad(30.0), np.deg2rad(1.5)
gbar, rho, eta, T = 1e2, 10 ** 2.5, 0.2, 1.0
kc, ks = np.pi * np.cos(th), 2 * np.pi * np.cos(th)
n = np.arange(1, M)


def g(k, s2):
    s2 = np.atleast_1d(s2)[:, None]
    return (M + 2 * np.sum((M - n) * np.exp(-k ** 2 * n ** 2 * s2 / 2), axis=1)) / M ** 2


rp = rho * g(ks, sp ** 2)[0]


def sweep():
    out = []
    for gdb in np.arange(0, 18.75, 0.5):
        G = 10 ** (gdb / 10)
        for post, et in [(True, eta), (False, eta), (True, 0.0), (False, 0.0)]:
            tcmax = T if G <= et * rp * T else (T - G / rp) / (1 - et)
            tc = np.linspace(0, tcmax, 4001)
            gam = rp * ((T - tc) + et * tc)
            if post:
                crb = 6 / (np.maximum(gam, 1e-300) * np.pi ** 2 * np.cos(th) ** 2 * (Nr ** 2 - 1))
                s2 = 1 / (1 / sp ** 2 + 1 / crb)
            else:
                s2 = np.full_like(tc, sp ** 2)
            out.append(np.max(tc * np.log2(1 + gbar * g(kc, s2)) / T))
    return out


t0 = time.perf_counter()
reps = 5
for _ in range(reps):
    sweep()
print("numpy Fig. 4 sweep (38 points x 4 schemes, 4001-point grid): %.1f ms" % ((time.perf_counter() - t0) / reps * 1e3))
