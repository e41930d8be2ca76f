"""Writes the channel-exchange fixtures of tests/data/exchange/ from the documented layouts
(docs/channel-exchange.md; shared/reference/breadth-models.md §10), and the expected irisac
matrices (rows = receiver) as complex128 .npy next to them. All dimensions are distinct, so a
transposition or an axis mix-up changes the numbers.

Run: /usr/bin/python3 tests/reference/make_channel_fixtures.py   (needs numpy, scipy, h5py)
"""
import os

import h5py
import numpy as np
import scipy.io

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "exchange")
os.makedirs(out, exist_ok=True)

# ---------------------------------------------------------------- SimRIS (.mat, H G D)
# H: N x Nt x Nsym (Tx -> RIS), G: Nr x N x Nsym (RIS -> Rx), D: Nr x Nt x Nsym (Tx -> Rx).
N, Nt, Nr, Ns = 6, 2, 3, 2
n, t, r, s = np.arange(N), np.arange(Nt), np.arange(Nr), np.arange(Ns)
H = (n[:, None, None] + 1) + 10j * (t[None, :, None] + 1) + 100 * s[None, None, :]
G = 0.5 * (r[:, None, None] + 1) - 1j * (n[None, :, None] + 1) + 1000 * s[None, None, :]
D = 1j * (r[:, None, None] + 1) * (t[None, :, None] + 2) - s[None, None, :]
scipy.io.savemat(os.path.join(out, "simris_v5.mat"), {"H": H, "G": G, "D": D}, do_compression=False)
# v7 (zlib-compressed MAT-5 elements), Nsym = 1 and Nt = 1: MATLAB keeps 2-D N x 1 arrays.
scipy.io.savemat(os.path.join(out, "simris_v7.mat"),
                 {"H": H[:, :1, 0], "G": G[:, :, 0], "D": D[:, :1, 0]}, do_compression=True)
np.save(os.path.join(out, "expected_simris_H1.npy"), np.ascontiguousarray(H[:, :, 1]))
np.save(os.path.join(out, "expected_simris_G0.npy"), np.ascontiguousarray(G[:, :, 0]))
# Cascade y = (G diag(v) H + D) x for realisation 1 and a chirp v (conjugation check).
v = np.exp(1j * 0.3 * n ** 2)
casc = G[:, :, 1] @ np.diag(v) @ H[:, :, 1] + D[:, :, 1]
np.save(os.path.join(out, "expected_simris_cascade1.npy"), np.ascontiguousarray(casc))
np.save(os.path.join(out, "simris_chirp_v.npy"), v)

# ---------------------------------------------------------------- quadriga-lib HDF5 (layout v2)
# Two channels: channel_1 with NumSnap = 2 (Snap_0, Snap_1 groups), channel_2 with NumSnap = 1
# (datasets directly in the group). coeff_re/coeff_im float32 of HDF5 dims [n_path, n_tx, n_rx].
ntx, nrx, npath = 2, 3, 4
expected = {}
with h5py.File(os.path.join(out, "quadriga.h5"), "w") as f:
    f.create_dataset("ChannelDims", data=np.array([2, 1, 1, 1], dtype=np.uint32))
    f.create_dataset("Order", data=np.array([1, 2], dtype=np.uint32))
    f.create_dataset("Version", data=np.array([2], dtype=np.uint32))
    for cid, nsnap in ((1, 2), (2, 1)):
        g = f.create_group("channel_%d" % cid)
        g.attrs["NumSnap"] = np.uint32(nsnap)
        g.attrs["NumTx"] = np.uint32(ntx)
        g.attrs["NumRx"] = np.uint32(nrx)
        g.attrs["CenterFrequency"] = np.float32(28e9)
        for snap in range(nsnap):
            p = np.arange(npath)[:, None, None]
            tt = np.arange(ntx)[None, :, None]
            rr = np.arange(nrx)[None, None, :]
            re = (0.25 * (p + 1) + 0.1 * (tt + 1) + 0.01 * (rr + 1) + snap + 10 * cid).astype(np.float32)
            im = (-0.5 * (p + 1) + rr - 0.2 * tt).astype(np.float32) * np.ones_like(re)
            sg = g if nsnap == 1 else g.create_group("Snap_%d" % snap)
            sg.attrs["NumPath"] = np.uint32(npath)
            sg.create_dataset("coeff_re", data=re)
            sg.create_dataset("coeff_im", data=im)
            sg.create_dataset("delay", data=np.arange(npath, dtype=np.float32).reshape(npath, 1, 1) * 1e-8)
            # H(rx, tx) = sum_p coeff[p, tx, rx] (narrowband at the centre frequency)
            expected[(cid, snap)] = (re.astype(np.float64) + 1j * im.astype(np.float64)).sum(axis=0).T
np.save(os.path.join(out, "expected_quadriga_c1_s1.npy"), np.ascontiguousarray(expected[(1, 1)]))
np.save(os.path.join(out, "expected_quadriga_c2_s0.npy"), np.ascontiguousarray(expected[(2, 0)]))

# ---------------------------------------------------------------- Sionna RT CIR (.npy)
# a: [num_rx, num_rx_ant, num_tx, num_tx_ant, num_paths, num_time_steps]
shape = (2, 3, 1, 4, 5, 2)
idx = np.indices(shape)
a_re = (idx[0] + 0.1 * idx[1] + 0.01 * idx[3] + 0.5 * idx[4] + 3 * idx[5]).astype(np.float32)
a_im = (idx[1] - idx[3] + 0.25 * idx[4] - idx[0]).astype(np.float32)
np.save(os.path.join(out, "sionna_a_c64.npy"), (a_re + 1j * a_im).astype(np.complex64))
np.save(os.path.join(out, "sionna_a_f32.npy"), np.stack([a_re, a_im], axis=-1))
a = a_re.astype(np.float64) + 1j * a_im.astype(np.float64)
np.save(os.path.join(out, "expected_sionna_rx1_t1.npy"), np.ascontiguousarray(a[1, :, 0, :, :, 1].sum(axis=-1)))
print("wrote fixtures to", os.path.normpath(out))
