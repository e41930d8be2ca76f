#!/usr/bin/python3
"""Golden values for tests/unit/sensing/*_test.cpp (run with /usr/bin/python3; numpy + scipy).

    /usr/bin/python3 tests/reference/sensing_reference.py > tests/data/sensing_golden.txt

Every value is computed independently of the C++ code:
  - G2 (models-and-algorithms.md §10): Song-type point-target CRB, closed form AND the inverse of a
    finite-difference (Richardson) Fisher information of the mean vec(B(θ)X) with X from R_x.
  - G3' (§10): extended-target CRB at the closed-form optimal R_x and at R_x = I/6.
  - Marcum Q_M(a, b) = scipy.stats.ncx2.sf(b², 2M, a²); energy-detector thresholds from
    scipy.stats.gamma.isf; the P_d table of §5.
  - ULA DoA CRB values of §3.2 (closed form 6/(T·SNR·π²cos²θ·M(M²−1))).
Output: one "name value" pair per line (17 significant digits).
"""
import numpy as np
from scipy import stats

out = []


def put(name, value):
    out.append(f"{name} {value:.17g}")


def ula(n, theta, d=0.5):
    return np.exp(1j * 2 * np.pi * d * np.arange(n) * np.sin(theta))


# ---------------------------------------------------------------- G2
N, Nt, Nr, T, s2 = 8, 4, 4, 256, 1.0
alpha = 0.1 * np.exp(0.3j)
theta = np.deg2rad(20.0)
n = np.arange(N)[:, None]
m = np.arange(Nt)[None, :]
Gt = np.exp(1j * np.pi * n * m / 7 + 1j * 0.1 * n**2) * (1 + 0.1 * m)          # N x Nt
r = np.arange(Nr)[:, None]
Gr = np.exp(-1j * np.pi * np.arange(N)[None, :] * r / 5)                         # Nr x N
v = np.exp(1j * np.pi * np.arange(N) ** 2 / 8)
R = np.eye(Nt) / 4


def B(th):
    a = ula(N, th)
    return Gr @ np.diag(v) @ np.outer(a, a) @ np.diag(v) @ Gt


def Bdot(th):
    a = ula(N, th)
    ad = 1j * np.pi * np.arange(N) * np.cos(th) * a
    return Gr @ np.diag(v) @ (np.outer(ad, a) + np.outer(a, ad)) @ np.diag(v) @ Gt


b, bd = B(theta), Bdot(theta)
tr = lambda X, Y: np.trace(X @ R @ Y.conj().T)
bracket = tr(bd, bd).real - abs(tr(b, bd)) ** 2 / tr(b, b).real
crb_closed = s2 / (2 * T * abs(alpha) ** 2 * bracket)
put("g2_crb_theta", crb_closed)

# numeric FIM: mean vec(alpha B(θ) X), X with XX^H/T = R, Richardson central differences in θ
X = np.sqrt(T) * np.linalg.cholesky(R) @ (np.exp(-2j * np.pi * np.outer(np.arange(Nt), np.arange(T)) / T) / np.sqrt(T))
mu = lambda th, al: (al * B(th) @ X).reshape(-1)
def dtheta(h):
    return (mu(theta + h, alpha) - mu(theta - h, alpha)) / (2 * h)
h = 1e-4
d_th = (4 * dtheta(h / 2) - dtheta(h)) / 3
J = np.column_stack([d_th, mu(theta, 1.0), mu(theta, 1j)])
F = 2 / s2 * np.real(J.conj().T @ J)
put("g2_crb_theta_numeric_fim", np.linalg.inv(F)[0, 0])
put("g2_echo_snr", abs(alpha) ** 2 * T * tr(b, b).real / s2)

# rank-one variant of G2: G_t and G_r replaced by rank-one LoS links -> singular FIM
Gt1 = np.outer(ula(N, -0.4), ula(Nt, 0.2).conj())
Gr1 = np.outer(ula(Nr, 0.2), ula(N, -0.4).conj())
a = ula(N, theta); ad = 1j * np.pi * np.arange(N) * np.cos(theta) * a
b1 = Gr1 @ np.diag(v) @ np.outer(a, a) @ np.diag(v) @ Gt1
bd1 = Gr1 @ np.diag(v) @ (np.outer(ad, a) + np.outer(a, ad)) @ np.diag(v) @ Gt1
J1 = np.column_stack([(alpha * bd1 @ X).reshape(-1), (b1 @ X).reshape(-1), (1j * b1 @ X).reshape(-1)])
F1 = 2 / s2 * np.real(J1.conj().T @ J1)
Dm = np.diag(1 / np.sqrt(np.diag(F1)))
ev = np.linalg.eigvalsh(Dm @ F1 @ Dm)
put("g2_rank_one_min_normalised_eigenvalue", ev[0] / ev[-1])

# ---------------------------------------------------------------- G3'
N, Nt, Nr, T, s2, P = 4, 6, 5, 256, 1.0, 1.0
n = np.arange(N)[:, None]
m = np.arange(Nt)[None, :]
Gt = np.exp(-2j * np.pi * n * m / 6) * (1 + 0.3 * n)                             # N x Nt
r = np.arange(Nr)[:, None]
Gr = np.exp(-2j * np.pi * np.arange(N)[None, :] * r / 5) * (1 + 0.2 * np.arange(N)[None, :])   # Nr x N
lam, U = np.linalg.eigh(Gt.conj().T @ Gt)
lam, U = lam[-N:], U[:, -N:]
p = P * lam ** -0.5 / np.sum(lam ** -0.5)
Ropt = (U * p) @ U.conj().T
trGr = np.trace(np.linalg.inv(Gr.conj().T @ Gr)).real
crb = lambda Rx: s2 / T * np.trace(np.linalg.inv(Gt @ Rx @ Gt.conj().T)).real * trGr
put("g3_crb_optimal", crb(Ropt))
put("g3_crb_closed_form_optimum", np.sum(lam ** -0.5) ** 2 / P * s2 / T * trGr)
put("g3_crb_isotropic", crb(np.eye(Nt) / 6))

# ---------------------------------------------------------------- Marcum Q and detection
cases = [(1, 0.0, 1.0), (1, 1.0, 0.5), (1, 2.0, 3.0), (1, 5.0, 5.0), (1, 10.0, 12.0), (1, 30.0, 25.0),
         (1, 0.1, 8.0), (1, 40.0, 50.0), (1, 3.0, 0.2), (2, 2.0, 3.0), (4, 1.5, 4.0), (8, 6.0, 5.0),
         (16, 3.0, 9.0)]
for i, (M, a_, b_) in enumerate(cases):
    put(f"marcum_{i}_order", M); put(f"marcum_{i}_a", a_); put(f"marcum_{i}_b", b_)
    put(f"marcum_{i}_q", stats.ncx2.sf(b_ ** 2, 2 * M, a_ ** 2))
for pfa in (1e-2, 1e-4, 1e-6):
    eta = -np.log(pfa)
    for snr_db in (0, 5, 10, 13, 15, 20):
        snr = 10 ** (snr_db / 10)
        put(f"pd_glrt_pfa{-int(round(np.log10(pfa)))}_snr{snr_db}", stats.ncx2.sf(2 * eta, 2, 2 * snr))
for nn in (4, 16):
    eta = stats.gamma.isf(1e-3, nn)
    put(f"energy_threshold_n{nn}", eta)
    put(f"energy_pd_n{nn}_snr10db", stats.ncx2.sf(2 * eta, 2 * nn, 2 * 10.0))

# ---------------------------------------------------------------- ULA DoA CRB (§3.2)
for M in (4, 8, 16, 32):
    put(f"ula_crb_m{M}", 6 / (100 * 1.0 * np.pi ** 2 * np.cos(np.deg2rad(30)) ** 2 * M * (M * M - 1)))

print("\n".join(out))
