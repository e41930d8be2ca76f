# %% [markdown]
# # irisac from Python: the article's Fig. 4 and an IRS-size Monte Carlo sweep
# Run as a script or cell by cell (VS Code / Jupyter `# %%` cells):
#   PYTHONPATH=build/release/python /usr/bin/python3 examples/python/fig4_and_irs_sweep.py [OUT_DIR]
# Writes fig4_python.png and irs_sweep_python.png into OUT_DIR (default: results/python).
import os
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

import irisac

out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join("results", "python")
os.makedirs(out_dir, exist_ok=True)

# %% [markdown]
# ## Fig. 4: rate vs sensing-SNR requirement, four schemes
# The built-in experiment `case-study-fig4` (the same file `irisac run` runs); the result is a
# DataFrame when pandas is installed, with the columns of results.csv.
res = irisac.run_experiment("case-study-fig4", out_dir=os.path.join(out_dir, "fig4-store"),
                            progress=True, as_frame=False)
x = res["case_study.gamma_th_db"]
labels = {"proposed": "Proposed", "wo_s": "w/o s-assistance", "wo_c": "w/o c-assistance",
          "wo_sc": "w/o s&c-assistance"}
fig, ax = plt.subplots(figsize=(6, 4))
for s in irisac.schemes():
    ax.plot(x, res["rate_%s_bps_hz_mean" % s], marker="o", ms=3, label=labels.get(s, s))
ax.set_xlabel("sensing SNR requirement [dB]")
ax.set_ylabel("achievable rate [bps/Hz]")
ax.set_title("Fig. 4 (reconstructed) through the Python bindings")
ax.grid(True, alpha=0.3)
ax.legend()
fig.tight_layout()
fig.savefig(os.path.join(out_dir, "fig4_python.png"), dpi=120)
print("proposed rate at 0 dB: %.6f bps/Hz" % res["rate_proposed_bps_hz_mean"][0])

# %% [markdown]
# ## IRS size sweep: SNR with optimal phases vs N (Monte Carlo over channel draws)
# Wu & Zhang's single-user set-up; N = 5 x cols elements; for every N, 200 channel draws
# (seeds 0..199), closed-form phases (rank-one AP-IRS link). The mean SNR grows like N^2 once
# the reflected path dominates.
base = irisac.resolve_scenario("wu-zhang-single-user")
cols = [2, 4, 8, 12, 16, 24, 32]
draws = 200
mean_db, lo_db, hi_db, n_el = [], [], [], []
for c in cols:
    sc = irisac.load_scenario(base, set=["irs.irs.cols=%d" % c])
    snr = np.array([sc.optimize(objective="snr", algorithm="closed_form", seed=s)["objective"]
                    for s in range(draws)])
    m, se = snr.mean(), snr.std(ddof=1) / np.sqrt(draws)
    n_el.append(5 * c)
    mean_db.append(10 * np.log10(m))
    lo_db.append(10 * np.log10(m - 1.96 * se))
    hi_db.append(10 * np.log10(m + 1.96 * se))
    print("N = %3d: mean SNR %.2f dB (95%% CI %.2f .. %.2f)" % (5 * c, mean_db[-1], lo_db[-1], hi_db[-1]))
n_el = np.array(n_el)
fig, ax = plt.subplots(figsize=(6, 4))
ax.fill_between(n_el, lo_db, hi_db, alpha=0.3, label="95 % interval of the mean")
ax.plot(n_el, mean_db, marker="o", label="mean SNR, optimal phases")
ref = mean_db[-1] + 20 * np.log10(n_el / n_el[-1])
ax.plot(n_el, ref, "--", label="N^2 trend")
ax.set_xscale("log")
ax.set_xlabel("IRS elements N")
ax.set_ylabel("SNR [dB]")
ax.set_title("IRS size sweep (%d draws per point)" % draws)
ax.grid(True, alpha=0.3)
ax.legend()
fig.tight_layout()
fig.savefig(os.path.join(out_dir, "irs_sweep_python.png"), dpi=120)
print("wrote", os.path.join(out_dir, "fig4_python.png"), "and", os.path.join(out_dir, "irs_sweep_python.png"))
