#!/usr/bin/python3
"""NumPy versions of irisac's single-user IRS phase algorithms, timed on the instances written by
bench/comm_bench.cpp (comm_instances.txt: "N M", then G row-major, h_r, h_d as "re im" lines).

    ./build/bench/bench/irisac_bench_comm_bench          # writes comm_instances.txt
    /usr/bin/python3 bench/numpy/comm_bench.py comm_instances.txt

Objective (P = sigma^2 = 1): SNR(v) = || h_r^H diag(v) G + h_d^H ||^2 = || B^H [v; 1] ||^2 with
B = [h_r * conj(G); h_d^T]. The algorithms follow the C++ code step by step (same stopping rules):
  manifold : Riemannian CG, Hestenes-Stiefel, adaptive backtracking (Pymanopt defaults), + 1 random restart (manifold_1st: none)
  bcd      : element-wise exact updates v_n = e^{j arg(...)} until a sweep gains < 1e-6 (relative)
  alternating : Wu & Zhang eq. (28) + MRT until the fractional gain < 1e-12
Prints one line per (N, algorithm): median time over repeats [ms] and the value reached.
"""
import sys
import time

import numpy as np


def read_instances(path):
    out = []
    with open(path) as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines) and lines[i].strip():
        n, m = map(int, lines[i].split())
        i += 1
        vals = np.array([complex(*map(float, lines[i + k].split())) for k in range(n * m + n + m)])
        i += n * m + n + m
        G = vals[: n * m].reshape(n, m)
        hr = vals[n * m: n * m + n]
        hd = vals[n * m + n:]
        out.append((n, G, hr, hd))
    return out


def make_B(G, hr, hd):
    return np.vstack([hr[:, None] * G.conj(), hd[None, :]])


def f_val(B, v):
    z = B[:-1].conj().T @ v + B[-1].conj()
    return np.real(np.vdot(z, z))


def rcg(B, v0, maxit=1000, tol=1e-9, min_step=1e-12):
    Bn = B[:-1]
    bN = B[-1].conj()

    def f(v):
        z = Bn.conj().T @ v + bN
        return -np.real(np.vdot(z, z))

    def eg(v):
        z = Bn.conj().T @ v + bN
        return -2.0 * (Bn @ z)

    def proj(z, u):
        return u - np.real(u * np.conj(z)) * z

    def retr(z, u):
        y = z + u
        return y / np.abs(y)

    def ip(a, b):
        return np.real(np.vdot(a, b))

    v = v0 / np.abs(v0)
    fv = f(v)
    g = proj(v, eg(v))
    d = -g
    a_prev = -1.0
    scale = max(abs(fv), np.sqrt(ip(g, g)), 1e-300)
    for _ in range(maxit):
        gn = np.sqrt(ip(g, g))
        if gn <= tol * max(abs(fv), scale * 1e-3):
            break
        df0 = ip(g, d)
        if df0 >= 0:
            d = -g
            df0 = -ip(g, g)
        dn = np.sqrt(ip(d, d))
        a = a_prev if a_prev > 0 else 1.0 / dn
        nv = retr(v, a * d)
        nf = f(nv)
        ce = 1
        while nf > fv + 0.5 * a * df0 and ce <= 10:
            a *= 0.5
            nv = retr(v, a * d)
            nf = f(nv)
            ce += 1
        if not nf < fv:
            break
        a_prev = a if ce == 2 else 2 * a
        ng = proj(nv, eg(nv))
        tg = proj(nv, g)
        td = proj(nv, d)
        diff = ng - tg
        den = ip(diff, td)
        beta = max(0.0, ip(ng, diff) / den) if abs(den) > 1e-300 else 0.0
        d = -ng + beta * td
        imp = fv - nf
        v, g, fv = nv, ng, nf
        if a * dn < min_step or imp <= 1e-15 * abs(fv):
            break
    return v, -fv


def manifold(B, rng, restarts=1):
    n = B.shape[0] - 1
    best_v, best = rcg(B, np.ones(n, complex))
    for _ in range(restarts):
        v, val = rcg(B, np.exp(2j * np.pi * rng.random(n)))
        if val > best:
            best_v, best = v, val
    return best_v, best


def bcd(B, v0, max_sweeps=1000, tol=1e-6):
    n = B.shape[0] - 1
    v = v0.copy()
    Bc = B.conj()
    z = Bc[:-1].T @ v + Bc[-1]
    cur = np.real(np.vdot(z, z))
    for _ in range(max_sweeps):
        start = cur
        for e in range(n):
            c = Bc[e]
            r = z - c * v[e]
            s = np.sum(r.conj() * c)           # maximise Re(e^{j th} * 2 sum conj(r) c)
            if abs(s) == 0:
                continue
            cand = np.conj(s) / abs(s)
            nz = r + c * cand
            val = np.real(np.vdot(nz, nz))
            if val > cur:
                z, v[e], cur = nz, cand, val
        if cur - start <= tol * abs(cur):
            break
    return v, cur


def alternating(G, hr, hd, maxit=50, tol=1e-12):
    w = hd / np.linalg.norm(hd)
    cur = -1.0
    for _ in range(maxit):
        a = hr.conj() * (G @ w)
        b = np.vdot(hd, w)
        v = np.exp(1j * (np.angle(b) - np.angle(a)))
        c = G.conj().T @ (v.conj() * hr) + hd
        w = c / np.linalg.norm(c)
        val = np.real(np.vdot(c, c))
        if val - cur <= tol * val:
            break
        cur = val
    return v, val


def timed(fn, repeats):
    ts = []
    # CPU time of this process (the machine is shared; matches Google Benchmark's CPU column)
    out = None
    for _ in range(repeats):
        t0 = time.process_time()
        out = fn()
        ts.append(time.process_time() - t0)
    return float(np.median(ts)), out


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "comm_instances.txt"
    print(f"{'N':>6} {'algorithm':>12} {'median_ms':>12} {'value':>16}")
    for n, G, hr, hd in read_instances(path):
        B = make_B(G, hr, hd)
        reps = 5 if n <= 256 else 3
        t, (_, val) = timed(lambda: manifold(B, np.random.default_rng(7)), reps)
        print(f"{n:6d} {'manifold':>12} {1e3 * t:12.3f} {val:16.8f}")
        t, (_, val) = timed(lambda: manifold(B, np.random.default_rng(7), 0), reps)
        print(f"{n:6d} {'manifold_1st':>12} {1e3 * t:12.3f} {val:16.8f}")
        t, (_, val) = timed(lambda: bcd(B, np.ones(n, complex)), reps if n <= 256 else 1)
        print(f"{n:6d} {'bcd':>12} {1e3 * t:12.3f} {val:16.8f}")
        t, (_, val) = timed(lambda: alternating(G, hr, hd), reps)
        print(f"{n:6d} {'alternating':>12} {1e3 * t:12.3f} {val:16.8f}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
