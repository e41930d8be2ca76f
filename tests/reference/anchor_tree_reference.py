"""NumPy model of the IRS-anchor codebooks of src/sensing/anchor.cpp (docs/architectures.md §2).

Prints P(correct sector) of the binary tree of phase-only chirp beams and of the exhaustive DFT scan
at several full-aperture SNRs (N = 32, f uniform), the numbers quoted in
tests/unit/sensing/anchor_test.cpp.   Run: /usr/bin/python3 tests/reference/anchor_tree_reference.py
"""
import numpy as np

N = 32
n = np.arange(N)


def tree_codeword(level, centre):
    s = 2 ** level
    k = N // s
    return np.exp(-2j * np.pi * n * centre) * np.exp(1j * np.pi * (n // s) ** 2 / k)


def echo(c, beta, f, rng):
    return beta * (c @ np.exp(2j * np.pi * n * f)) + (rng.normal() + 1j * rng.normal()) / np.sqrt(2)


def tree(f, beta, rng):
    sector = 0
    for level in range(1, int(np.log2(N)) + 1):
        width = 1 / 2 ** level
        p = [abs(echo(tree_codeword(level, -0.5 + (2 * sector + ch + 0.5) * width), beta, f, rng)) ** 2
             for ch in range(2)]
        sector = 2 * sector + (1 if p[1] > p[0] else 0)
    return -0.5 + (sector + 0.5) / N


def dft(f, beta, rng):
    centres = -0.5 + (np.arange(N) + 0.5) / N
    y = [abs(echo(np.exp(-2j * np.pi * n * c), beta, f, rng)) for c in centres]
    return centres[int(np.argmax(y))]


def correct(est, f):
    return abs(((est - f + 0.5) % 1) - 0.5) <= 0.5 / N


rng = np.random.default_rng(1)
for snr_db in (10, 40, 50, 60):
    beta = np.sqrt(10 ** (snr_db / 10)) / N
    fs = rng.uniform(-0.5, 0.5, 1000)
    pt = np.mean([correct(tree(f, beta, rng), f) for f in fs])
    pd = np.mean([correct(dft(f, beta, rng), f) for f in fs])
    print(f"snr_db {snr_db}: P(correct) tree {pt:.3f}, exhaustive {pd:.3f}")
