#!/usr/bin/python3
"""Pure-Python counterpart of the main job, `irisac run` (experiments/case-study-fig4.toml, figures
off): the same Model B (include/irisac/isac/case_study.hpp, docs/case-study.md), the same sweep
(Γ_th = 0, 0.5, ..., 20 dB, infeasible above ρ'T), the same four schemes and the same solver as the
scenario's `solver = "auto"`:
  - w/o s and w/o s&c: the closed form τ_c = τ_c^max (their rate does not depend on Γ);
  - proposed and w/o c: the 1-D search on τ_s + τ_c = T: a 2000-point grid over τ_c ∈ [0, τ_c^max],
    then golden section (80 iterations or a bracket ≤ 1e-13) around the best grid point, the better
    of the two kept;
  - array gain M + 2 Σ (M − n) e^{a n²} by the same kind of re-anchored recurrence (blocks of 64
    terms, one exact exp per block start; the C++ interleaves 4 lanes, which buys nothing in Python).
Standard library only (math), as a Python programmer would write it without NumPy.

Usage: /usr/bin/python3 bench/python/case_study_fig4.py [--csv OUT.csv]
Prints the CPU time (time.process_time) and wall time of the sweep; --csv writes the 12 metrics per
point (the columns of irisac's results.csv means) for a cross-check.
"""
import math
import sys
import time

# scenarios/case-study.toml defaults
M, NR = 64, 16
THETA = math.radians(30.0)
SIGMA_P = math.radians(1.5)
GBAR = 10.0 ** (20.0 / 10.0)
RHO = 10.0 ** (25.0 / 10.0)
ETA, T, EPS_R = 0.3, 1.0, 1.0
KC = math.pi * math.cos(THETA)
KS = 2.0 * math.pi * math.cos(THETA)
BLOCK = 64


def array_gain(m, kappa, s2):
    if s2 == 0.0 or kappa == 0.0:
        return float(m * m)
    a = -0.5 * kappa * kappa * s2
    m_eff = m  # terms below e^-690 are not summed
    n_cut = math.sqrt(690.0 / -a)
    if n_cut + 1.0 < m:
        m_eff = int(n_cut) + 1
    q2 = math.exp(2.0 * a)
    s = 0.0
    n0 = 1
    while n0 < m_eff:
        e = math.exp(a * n0 * n0)
        ratio = math.exp(a * (2.0 * n0 + 1.0))
        for n in range(n0, min(m_eff, n0 + BLOCK)):
            s += (m - n) * e
            e *= ratio
            ratio *= q2
        n0 += BLOCK
    return m + 2.0 * s


def gain(kappa, s2):
    return array_gain(M, kappa, s2) / (M * M)


RHO_EFF = RHO * EPS_R * gain(KS, SIGMA_P * SIGMA_P)
CRB_K = 6.0 / (math.pi ** 2 * math.cos(THETA) ** 2 * (NR * NR - 1.0))
PRIOR = SIGMA_P * SIGMA_P


def posterior_variance(gamma):
    if not gamma > 0.0:
        return PRIOR
    return 1.0 / (1.0 / PRIOR + gamma / CRB_K)  # fused with CRB(Γ) = CRB_K/Γ


def rate(s2):
    return math.log2(1.0 + GBAR * gain(KC, s2))


R_PRIOR = rate(PRIOR)

# (uses the sensing result for the phase, counts the communication echo)
SCHEMES = {"proposed": (True, True), "wo_s": (False, True), "wo_c": (True, False), "wo_sc": (False, False)}


def objective(post, eta, tau_s, tau_c):
    r = rate(posterior_variance(RHO_EFF * (tau_s + eta * tau_c))) if post else R_PRIOR
    return tau_c * r / T


def max_comm_time(eta, g):
    if g <= eta * RHO_EFF * T:
        return T
    return min(max((T - g / RHO_EFF) / (1.0 - eta), 0.0), T)


def golden_section_max(f, a, b, max_iterations, tol):
    r = (math.sqrt(5.0) - 1.0) / 2.0
    c, d = b - r * (b - a), a + r * (b - a)
    fc, fd = f(c), f(d)
    i = 0
    while i < max_iterations and b - a > tol:
        if fc < fd:
            a, c, fc = c, d, fd
            d = a + r * (b - a)
            fd = f(d)
        else:
            b, d, fd = d, c, fc
            c = b - r * (b - a)
            fc = f(c)
        i += 1
    return 0.5 * (a + b)


def grid_golden_max(f, a, b, grid=2000):
    if b <= a:
        return a
    best_x, best_f = a, f(a)
    h = (b - a) / grid
    for i in range(1, grid + 1):
        x = b if i == grid else a + h * i
        fx = f(x)
        if fx > best_f:
            best_f, best_x = fx, x
    lo, hi = max(a, best_x - h), min(b, best_x + h)
    xg = golden_section_max(f, lo, hi, 80, 1e-13)
    return xg if f(xg) > best_f else best_x


def allocate(name, g):
    post, uses_echo = SCHEMES[name]
    eta = ETA if uses_echo else 0.0
    tc_max = max_comm_time(eta, g)
    if not post:
        tc = tc_max
    else:
        tc = grid_golden_max(lambda x: objective(post, eta, T - x, x), 0.0, tc_max)
    return objective(post, eta, T - tc, tc), T - tc, tc


def sweep():
    rows = []
    for i in range(41):
        gdb = 0.5 * i
        g = 10.0 ** (gdb / 10.0)
        if g > RHO_EFF * T:
            rows.append((gdb, None))
            continue
        res = [allocate(s, g) for s in SCHEMES]
        rows.append((gdb, [r[0] for r in res] + [v for r in res for v in r[1:]]))
    return rows


def main(argv):
    c0, w0 = time.process_time(), time.perf_counter()
    rows = sweep()
    c1, w1 = time.process_time(), time.perf_counter()
    print("python Fig. 4 sweep (41 points, 4 schemes): cpu %.3f s wall %.3f s" % (c1 - c0, w1 - w0))
    if len(argv) == 3 and argv[1] == "--csv":
        with open(argv[2], "w") as f:
            for gdb, v in rows:
                f.write("%g,%s\n" % (gdb, "infeasible" if v is None else ",".join("%.17g" % x for x in v)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
