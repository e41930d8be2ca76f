#!/usr/bin/python3
"""Golden CRB for a scene whose IRS->BS channel is not the transpose of the BS->IRS one (G_r != G_t^T).

    /usr/bin/python3 tests/reference/per_direction_reference.py

Writes the imported matrices of tests/data/per_direction/scenario.toml (G_t: BS tx (2) -> IRS (4),
G_r: IRS (4) -> BS rx (3), h: IRS -> target, h = c a(theta)) and tests/data/per_direction_golden.txt.
The CRB is computed here from those matrices and the scenario's numbers alone (docs/sensing.md §2):
  B(th) = beta^2 G_r diag(v) a(th) a(th)^T diag(v) G_t,  beta = a^H h / |a|^2 = c,  v = 1 (phases = "ones"),
  CRB = s2 / (2 T |alpha|^2 (tr(B' R B'^H) - |tr(B R B'^H)|^2 / tr(B R B^H))),  R = P/Nt I,
  alpha = sqrt(4 pi rcs / lambda^2) (phase "fixed"), s2 = N0 B F.
"""
import pathlib
import numpy as np

here = pathlib.Path(__file__).resolve().parent.parent / "data"
rng = np.random.default_rng(14)
N, Nt, Nr, T = 4, 2, 3, 32
Gt = 1e-2 * (rng.standard_normal((N, Nt)) + 1j * rng.standard_normal((N, Nt)))
Gr = 1e-2 * (rng.standard_normal((Nr, N)) + 1j * rng.standard_normal((Nr, N)))
theta = np.arctan2(3.0, 8.0)  # target at (8, 3, 0) seen from the surface at the origin, boresight +x
a = np.exp(1j * 2 * np.pi * 0.5 * np.arange(N) * np.sin(theta))
c = 3e-3 * np.exp(0.4j)
h = (c * a)[None, :]  # 1 x N: surface -> target


def write(name, m):
    with open(here / "per_direction" / name, "w") as f:
        f.write("# written by tests/reference/per_direction_reference.py\n")
        for row in m:
            f.write(",".join(f"{z.real:.17g}{z.imag:+.17g}j" for z in row) + "\n")


write("gt.csv", Gt)
write("gr.csv", Gr)
write("h.csv", h)

lam = 299792458.0 / 3.5e9
alpha = np.sqrt(4 * np.pi * 1.0 / lam**2)
s2 = 10 ** ((-174.0 - 30.0) / 10) * 1e6  # N0 B, F = 0 dB
P = 1.0  # 30 dBm
R = P / Nt * np.eye(Nt)
ad = 1j * 2 * np.pi * 0.5 * np.arange(N) * np.cos(theta) * a
Bm = c**2 * Gr @ np.outer(a, a) @ Gt
Bd = c**2 * Gr @ (np.outer(ad, a) + np.outer(a, ad)) @ Gt
tr = lambda X, Y: np.trace(X @ R @ Y.conj().T)
crb = s2 / (2 * T * abs(alpha) ** 2 * (tr(Bd, Bd).real - abs(tr(Bm, Bd)) ** 2 / tr(Bm, Bm).real))
with open(here / "per_direction_golden.txt", "w") as f:
    f.write(f"crb_angle_rad2 {crb:.17g}\n")
    f.write(f"echo_snr_integrated {abs(alpha) ** 2 * T * tr(Bm, Bm).real / s2:.17g}\n")
print(open(here / "per_direction_golden.txt").read(), end="")
