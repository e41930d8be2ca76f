#!/usr/bin/python3
"""Draws the [[figure]]s of an irisac results.json as PNG and SVG.

Usage: /usr/bin/python3 python/irisac_plot.py RESULTS_JSON OUT_DIR

Called by `irisac run` and `irisac plot`. For each figure: x = an axis key, one line per metric in y
and per value of `curve` (or per combination of the other axes), the 95% CI as error bars when
there is more than one trial, horizontal reference lines (`hlines`) with labels, optional log axes.
Infeasible or failed points have no mean (null) and leave a gap in the line. Each file records the
irisac version, git commit, command and seed (PNG text chunks / SVG metadata, and a footnote).
Prints "wrote PATH" per file. Exit code 3 when matplotlib is missing.
"""
import json
import math
import os
import sys


def fmt(v):
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def short(label):
    # "IRS columns" stays; a dotted key keeps its last part; units in brackets are dropped.
    label = label.split(".")[-1] if " " not in label else label
    return label.split(" [")[0]


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed for " + sys.executable)
        return 3
    with open(argv[1]) as f:
        res = json.load(f)
    out_dir = argv[2]
    axis_keys = [a["key"] for a in res["axes"]]
    axis_label = {a["key"]: a["label"] for a in res["axes"]}
    units = {m["name"]: m["unit"] for m in res["metrics"]}
    stamp = "irisac %s (%s), seed %s" % (res["irisac_version"], res["git_commit"], res["seed"])
    meta_png = {"Software": stamp, "Description": "command: %s; experiment hash %s; seed %s"
                % (res["command"], res["experiment"]["hash"], res["seed"])}
    meta_svg = {"Creator": stamp, "Description": meta_png["Description"]}
    for fig in res["figures"]:
        x = fig["x"]
        others = [k for k in axis_keys if k != x]
        group_keys = [fig["curve"]] if fig["curve"] else others
        fixed = [k for k in others if k not in group_keys]
        fig_, ax = plt.subplots(figsize=(6.4, 4.4))
        # Group points by (metric, values of the group keys); other axes must then be constant.
        for metric in fig["y"]:
            groups = {}
            for p in res["points"]:
                key = tuple(p["axes"].get(k) for k in group_keys)
                if fixed:  # keep the first value of axes that are neither x nor curve
                    key = key + tuple(p["axes"].get(k) for k in fixed)
                groups.setdefault(key, []).append(p)
            for key, pts in groups.items():
                pts.sort(key=lambda p: p["axes"][x] if not isinstance(p["axes"][x], str) else 0)
                xs, ys, lo, hi = [], [], [], []
                for p in pts:
                    m = p["metrics"][metric]
                    xs.append(p["axes"][x])
                    y = m["mean"]
                    ys.append(float("nan") if y is None else y)
                    lo.append(float("nan") if m["ci_low"] is None else y - m["ci_low"])
                    hi.append(float("nan") if m["ci_high"] is None else m["ci_high"] - y)
                parts = []
                if len(fig["y"]) > 1:
                    parts.append(metric)
                names = group_keys + fixed
                parts += ["%s = %s" % (short(axis_label.get(k, k)), fmt(v)) for k, v in zip(names, key)]
                label = ", ".join(parts) if parts else None
                has_ci = any(not math.isnan(v) for v in lo)
                if has_ci:
                    ax.errorbar(xs, ys, yerr=[lo, hi], marker="o", ms=3, capsize=2, label=label)
                else:
                    ax.plot(xs, ys, marker="o", ms=3, label=label)
        for h in fig["hlines"]:
            ax.axhline(h["y"], color="k", ls="--", lw=1, label=h["label"] or None)
        if fig["log_x"]:
            ax.set_xscale("log")
        if fig["log_y"]:
            ax.set_yscale("log")
        ax.set_xlabel(fig["xlabel"] or x)
        ylabel = fig["ylabel"]
        if not ylabel and len(fig["y"]) == 1:
            u = units.get(fig["y"][0], "")
            ylabel = fig["y"][0] + (" [%s]" % u if u else "")
        ax.set_ylabel(ylabel)
        if fig["title"]:
            ax.set_title(fig["title"])
        ax.grid(True, alpha=0.3)
        handles, labels = ax.get_legend_handles_labels()
        if labels:
            ax.legend(fontsize=8)
        fig_.text(0.99, 0.005, stamp, ha="right", va="bottom", fontsize=6, color="0.5")
        fig_.tight_layout()
        for ext, meta in (("png", meta_png), ("svg", meta_svg)):
            path = os.path.join(out_dir, fig["name"] + "." + ext)
            fig_.savefig(path, dpi=150, metadata=meta)
            print("wrote " + path)
        plt.close(fig_)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
