#!/usr/bin/python3
"""Reference values for the communication tests (tests/unit/comm/*). Run with Debian's Python:

    /usr/bin/python3 tests/reference/comm_reference.py > tests/data/comm_reference.txt

Every value is computed independently of the C++ code (numpy/scipy only):
  G1_*        Wu & Zhang TWC 2019 single-user instance with a rank-one (LoS) BS–IRS link:
              closed form S²M + 2S|a_M^H h_d| + ‖h_d‖² (models-and-algorithms.md §1.6) and the
              Wu–Zhang alternating optimisation (eq. 28 + MRT), which must agree.
  G4_*        SINR-constrained power minimisation (Wu & Zhang (P3)) for the deterministic channel
              G4' of §10, by the uplink–downlink fixed point AND by an independent scipy SLSQP
              solution of  min Σ‖w_k‖²  s.t. SINR_k ≥ γ_k  (the two must agree to 1e-6).
  PM_*        the same for an IRS instance with a fixed reflection v (deterministic channels).
  ETA_b       b-bit quantisation loss η(b) = sinc²(π/2^b) (Wu & Zhang TCOM 2020).
Output: one "name value" pair per line, 15 significant digits.
"""
import numpy as np
from scipy.optimize import minimize

j = 1j


def ula(n, s):
    return np.exp(j * np.pi * np.arange(n) * s)


def g1():
    M, N = 4, 8
    aM = ula(M, np.sin(0.3))
    aN = ula(N, np.sin(-0.7))
    G = np.outer(aN, aM.conj())
    n = np.arange(N)
    m = np.arange(M)
    hr = (np.cos(n + 1) + j * np.sin(2 * (n + 1))) / np.sqrt(2)
    hd = 0.5 * (np.cos(0.5 * m + 0.2) + j * np.sin(1.1 * m))
    S = np.sum(np.abs(hr.conj() * aN))
    closed = S**2 * M + 2 * S * abs(np.vdot(aM, hd)) + np.linalg.norm(hd) ** 2
    w = hd / np.linalg.norm(hd)
    for _ in range(100):
        th = np.angle(np.vdot(hd, w)) - np.angle(hr.conj()) - np.angle(G @ w)
        h = (hr.conj() * np.exp(j * th)) @ G + hd.conj()
        w = h.conj() / np.linalg.norm(h)
    ao = np.linalg.norm(h) ** 2
    ident = np.linalg.norm(hr.conj() @ G + hd.conj()) ** 2
    return closed, ao, ident, np.linalg.norm(hd) ** 2


def fixed_point(H, gamma, sigma2, iters=5000):
    """H: M×K, columns c_k (user k receives c_k^H x). Returns (power, W)."""
    M, K = H.shape
    Hs = H / np.sqrt(sigma2)
    lam = np.ones(K)
    for _ in range(iters):
        A = np.eye(M) + (Hs * lam) @ Hs.conj().T
        S = np.linalg.solve(A, Hs)
        q = np.real(np.sum(Hs.conj() * S, axis=0))
        new = 1.0 / ((1 + 1 / gamma) * q)
        if np.max(np.abs(new - lam)) / np.max(new) < 1e-15:
            lam = new
            break
        lam = new
    A = np.eye(M) + (Hs * lam) @ Hs.conj().T
    D = np.linalg.solve(A, Hs)
    D = D / np.linalg.norm(D, axis=0)
    C = np.abs(Hs.conj().T @ D) ** 2
    sys = -C.copy()
    for k in range(K):
        sys[k, k] = C[k, k] / gamma[k]
    p = np.linalg.solve(sys, np.ones(K))
    return p.sum(), D * np.sqrt(p), lam.sum()


def slsqp(H, gamma, sigma2, W0):
    M, K = H.shape

    def unpack(x):
        return (x[: M * K] + j * x[M * K:]).reshape(M, K)

    def power(x):
        return np.sum(x**2)

    cons = []
    for k in range(K):
        def c(x, k=k):
            W = unpack(x)
            g = np.abs(H[:, k].conj() @ W) ** 2
            return (g[k] - gamma[k] * (g.sum() - g[k] + sigma2[k])) / sigma2[k]
        cons.append({"type": "ineq", "fun": c})
    x0 = np.concatenate([W0.real.ravel(), W0.imag.ravel()]) * 1.05
    r = minimize(power, x0, constraints=cons, method="SLSQP", options={"ftol": 1e-15, "maxiter": 2000})
    return r.fun


def g4():
    M, K = 4, 3
    p = np.arange(M)[:, None]
    k = np.arange(K)[None, :]
    H = np.exp(-j * 2 * np.pi * p * (k + 0.37 * k**2) / 4) * (1 + 0.25 * p * (k + 1) / 4)
    gamma = np.full(K, 10.0)
    sigma2 = np.ones(K)
    pw, W, dual = fixed_point(H, gamma, sigma2)
    return pw, slsqp(H, gamma, sigma2, W), dual


def pm_irs():
    """IRS instance: N=6, M=3, K=2, v_n = e^{j0.4 n²}. c_k = G^H diag(v*) h_r,k + h_d,k."""
    N, M, K = 6, 3, 2
    n = np.arange(N)[:, None]
    m = np.arange(M)[None, :]
    G = np.exp(j * (0.3 * n * m + 0.1 * n**2)) * (1 + 0.1 * m)
    kk = np.arange(K)[None, :]
    Hr = np.exp(-j * (0.7 * n * (kk + 1) + 0.2 * kk)) * (0.5 + 0.1 * n)
    Hd = 0.3 * np.exp(j * (0.9 * np.arange(M)[:, None] * (kk + 0.5)))
    v = np.exp(j * 0.4 * np.arange(N) ** 2)
    H = G.conj().T @ (v.conj()[:, None] * Hr) + Hd
    gamma = np.array([3.0, 5.0])
    sigma2 = np.array([0.1, 0.2])
    pw, W, _ = fixed_point(H, gamma, sigma2)
    return pw, slsqp(H, gamma, sigma2, W)


def main():
    out = {}
    out["G1_closed_form"], out["G1_alternating"], out["G1_identity"], out["G1_no_irs"] = g1()
    out["G4_fixed_point"], out["G4_slsqp"], out["G4_dual_sum"] = g4()
    out["PM_fixed_point"], out["PM_slsqp"] = pm_irs()
    for b in range(1, 6):
        x = np.pi / 2**b
        out[f"ETA_{b}"] = (np.sin(x) / x) ** 2
    assert abs(out["G1_closed_form"] - 126.160737699588) < 1e-9
    assert abs(out["G1_alternating"] / out["G1_closed_form"] - 1) < 1e-12
    assert abs(out["G4_slsqp"] / out["G4_fixed_point"] - 1) < 1e-6, (out["G4_slsqp"], out["G4_fixed_point"])
    assert abs(out["PM_slsqp"] / out["PM_fixed_point"] - 1) < 1e-6, (out["PM_slsqp"], out["PM_fixed_point"])
    for key, val in out.items():
        print(f"{key} {val:.15g}")


if __name__ == "__main__":
    main()
