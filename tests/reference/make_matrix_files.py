#!/usr/bin/env python3
"""Writes the channel matrices that tests/unit/io/io_test.cpp imports, with NumPy's own writers.

Entry (r, c) of the 4 x 3 test matrix is (r + 1) + 1j * (c - 0.5) / 3, exactly representable in
neither binary nor decimal for c = 0, 1 (so the round trip tests 17-digit CSV and raw .npy).
Run with Debian's interpreter:  /usr/bin/python3 tests/reference/make_matrix_files.py
"""
import pathlib
import numpy as np

out = pathlib.Path(__file__).resolve().parent.parent / "data"
r, c = np.meshgrid(np.arange(4), np.arange(3), indexing="ij")
m = (r + 1) + 1j * (c - 0.5) / 3
np.save(out / "channel_4x3_c16.npy", m.astype(np.complex128))
np.save(out / "channel_4x3_f8_fortran.npy", np.asfortranarray(m.real.astype(np.float64)))
with open(out / "channel_4x3.csv", "w") as f:
    f.write("# 4 x 3 test matrix written by tests/reference/make_matrix_files.py\n")
    for row in m:
        f.write(",".join(f"{z.real:.17g}{z.imag:+.17g}j" for z in row) + "\n")
print("wrote", sorted(p.name for p in out.glob("channel_4x3*")))
