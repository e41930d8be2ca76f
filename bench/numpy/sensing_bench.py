#!/usr/bin/python3
"""NumPy counterpart of bench/sensing_bench.cpp: closed-form CRB(θ), 3×3 FIM + inverse, ML grid search
(grid + golden-section refinement) vs N and grid size. Same sizes: Nt = Nr = 4, T = 32.

    /usr/bin/python3 bench/numpy/sensing_bench.py            # prints median times [µs]
    /usr/bin/python3 bench/numpy/sensing_bench.py --kernels  # CRB and FIM only (bench/ratios.py)

Times are CPU time of this process (time.process_time), as the C++ side reports Google Benchmark's
CPU column: on a shared machine the wall time of either side is inflated by other load.
"""
import sys
import time
import numpy as np

rng = np.random.default_rng(1)
NT = NR = 4
T = 32


def ula(n, th):
    return np.exp(1j * np.pi * np.arange(n) * np.sin(th))


def dula(n, th):
    return 1j * np.pi * np.arange(n) * np.cos(th) * ula(n, th)


def setup(n):
    cn = lambda *s: (rng.standard_normal(s) + 1j * rng.standard_normal(s)) / np.sqrt(2)
    gt, gr = cn(n, NT), cn(NR, n)
    v = np.exp(2j * np.pi * rng.random(n))
    R = np.eye(NT) / NT
    X = np.sqrt(T) * np.linalg.cholesky(R) @ (np.exp(-2j * np.pi * np.outer(np.arange(NT), np.arange(T)) / T) / np.sqrt(T))
    alpha, th = 1.0 + 0.3j, 0.3
    B = lambda t: np.outer(gr @ (v * ula(n, t)), gt.T @ (v * ula(n, t)))
    Y = alpha * B(th) @ X + cn(NR, T)
    return gt, gr, v, R, X, Y, alpha, th


def crb_closed(gt, gr, v, R, alpha, th):
    n = len(v)
    r, t = gr @ (v * ula(n, th)), gt.T @ (v * ula(n, th))
    rd, td = gr @ (v * dula(n, th)), gt.T @ (v * dula(n, th))
    B = np.outer(r, t); Bd = np.outer(rd, t) + np.outer(r, td)
    ip = lambda a, c: np.sum(a.conj() * (c @ R))
    info = ip(Bd, Bd).real - abs(ip(B, Bd)) ** 2 / ip(B, B).real
    return 1 / (2 * T * abs(alpha) ** 2 * info)


def fim_inverse(gt, gr, v, R, alpha, th):
    n = len(v)
    r, t = gr @ (v * ula(n, th)), gt.T @ (v * ula(n, th))
    rd, td = gr @ (v * dula(n, th)), gt.T @ (v * dula(n, th))
    B = np.outer(r, t); Bd = alpha * (np.outer(rd, t) + np.outer(r, td))
    D = [Bd, B, 1j * B]
    F = np.array([[2 * T * np.sum(a.conj() * (c @ R)).real for c in D] for a in D])
    w, _ = np.linalg.eigh(F)
    assert w[0] > 1e-10 * w[-1]
    return np.linalg.inv(F)[0, 0]


def ml(gt, gr, v, X, Y, grid):
    n = len(v)
    Z, S = Y @ X.conj().T, X @ X.conj().T
    def obj(th):
        a = ula(n, th)
        r, tc = gr @ (v * a), (gt.T @ (v * a)).conj()
        return abs(r.conj() @ Z @ tc) ** 2 / (np.vdot(r, r).real * (tc.conj() @ S @ tc).real)
    thetas = np.linspace(-1.2, 1.2, grid)
    # vectorised grid
    A = np.exp(1j * np.pi * np.outer(np.arange(n), np.sin(thetas)))
    Rr, Tc = gr @ (v[:, None] * A), (gt.T @ (v[:, None] * A)).conj()
    num = np.abs(np.sum(Rr.conj() * (Z @ Tc), axis=0)) ** 2
    den = np.sum(np.abs(Rr) ** 2, axis=0) * np.real(np.sum(Tc.conj() * (S @ Tc), axis=0))
    k = int(np.argmax(num / den)); step = thetas[1] - thetas[0]
    a, b = thetas[k] - step, thetas[k] + step
    g = (np.sqrt(5) - 1) / 2
    c, d = b - g * (b - a), a + g * (b - a); fc, fd = obj(c), obj(d)
    while b - a > 1e-10:
        if fc >= fd: b, d, fd = d, c, fc; c = b - g * (b - a); fc = obj(c)
        else: a, c, fc = c, d, fd; d = a + g * (b - a); fd = obj(d)
    return (a + b) / 2


def median_us(f, reps=30):
    ts = []
    for _ in range(reps):
        t0 = time.process_time(); f(); ts.append(time.process_time() - t0)
    return 1e6 * np.median(ts)


KERNELS_ONLY = "--kernels" in sys.argv[1:]
for n in (16, 64, 256, 1024):
    gt, gr, v, R, X, Y, alpha, th = setup(n)
    print(f"crb_closed_form N={n:5d} {median_us(lambda: crb_closed(gt, gr, v, R, alpha, th)):10.1f} us")
    print(f"fim_and_inverse N={n:5d} {median_us(lambda: fim_inverse(gt, gr, v, R, alpha, th)):10.1f} us")
    if not KERNELS_ONLY:
        print(f"ml_search_vs_n  N={n:5d} {median_us(lambda: ml(gt, gr, v, X, Y, 512), 10):10.1f} us")
if KERNELS_ONLY:
    sys.exit(0)
gt, gr, v, R, X, Y, alpha, th = setup(64)
for grid in (64, 256, 1024, 4096):
    print(f"ml_search_vs_grid G={grid:5d} {median_us(lambda: ml(gt, gr, v, X, Y, grid), 10):10.1f} us")
