"""pytest suite of the Python bindings (run by ctest as python.pytest). Numbers are compared with
the CLI (same code paths: 1e-12), closed forms computed here with NumPy, and the golden values of
tests/reference/*.py."""
import csv
import json
import math
import os

import numpy as np
import pytest

import irisac
from conftest import SRC, scenario

BIG_ARRAY_SCENARIO = """
[meta]
name = "big"
[system]
carrier_hz = 28e9
seed = 3
[links]
model = "rayleigh"
[[bs]]
name = "bs"
position_m = [0.0, 0.0, 10.0]
tx = { rows = 1, cols = 64 }
rx = { rows = 1, cols = 64 }
[[irs]]
name = "ris"
position_m = [50.0, 0.0, 10.0]
orientation_deg = [180.0, 0.0, 0.0]
rows = 64
cols = 64
[[user]]
name = "ue"
position_m = [45.0, 5.0, 1.5]
"""


def test_names_come_from_the_registry():
    reg = irisac.registry()
    objectives = [i["name"] for i in reg["items"] if i["kind"] == "objective"]
    assert irisac.names("objective") == objectives
    assert "snr" in objectives and "manifold" in irisac.names("algorithm")
    assert "rate_proposed_bps_hz" in irisac.names("metric")
    assert set(irisac.schemes()) == {"proposed", "wo_s", "wo_c", "wo_sc"}
    assert {"simris", "quadriga", "sionna"} <= set(irisac.names("channel_format"))
    assert "comm.g1_closed_form_snr" in irisac.names("check")


def test_unknown_names_raise_with_did_you_mean():
    sc = irisac.load_scenario(scenario("wu-zhang-single-user.toml"))
    with pytest.raises(irisac.InvalidArgument, match='did you mean "manifold"'):
        sc.optimize(algorithm="manifol")
    p = sc.comm_problem()
    with pytest.raises(irisac.InvalidArgument, match='did you mean "bits"'):
        irisac.optimize(p, "snr", "manifold", bitz=2)


def test_scenario_errors_carry_the_cli_message(cli, tmp_path):
    path = scenario("wu-zhang-single-user.toml")
    rc, out, err = cli("show", path, "--set", "irs.0.rows=0")
    assert rc == 2
    with pytest.raises(irisac.InputError) as e:
        irisac.load_scenario(path, set=["irs.0.rows=0"])
    assert err.strip() == "irisac: error: " + str(e.value)
    assert "irs[0].rows" in str(e.value)
    # A syntax error in a TOML string names the string and the line.
    with pytest.raises(irisac.InputError, match=r"^<mine>:2:"):
        irisac.scenario_from_string("[system]\ncarrier_hz = = 3\n", source="<mine>")


def test_nodes_and_links():
    sc = irisac.load_scenario(scenario("wu-zhang-single-user.toml"), set=["irs.irs.cols=4"])
    nodes = {n["name"]: n for n in sc.nodes()}
    assert nodes["ap"]["kind"] == "bs" and nodes["ap"]["elements"] == 4
    assert nodes["irs"]["elements"] == 20 and nodes["irs"]["position_m"] == (51.0, 0.0, 0.0)
    links = {l["key"]: l for l in sc.links()}
    assert links["ap->irs"]["model"] == "los" and links["ap->irs"]["shape"] == (20, 4)
    assert links["ap->u"]["model"] == "rayleigh" and links["irs->u"]["kind"] == "surface_user"
    ch = sc.draw_channels()
    assert set(ch.keys()) == set(links)
    assert ch["ap->irs"].shape == (20, 4)          # rows = receiver
    assert ch["irs->u"].shape == (1, 20)
    d = ch.as_dict()
    assert all(d[k].dtype == np.complex128 for k in d)
    # Same seed, same draw; another seed, another draw.
    assert np.array_equal(sc.draw_channels(seed=5)["ap->u"], sc.draw_channels(seed=5)["ap->u"])
    assert not np.array_equal(sc.draw_channels(seed=5)["ap->u"], sc.draw_channels(seed=6)["ap->u"])


def test_a_4096_by_64_channel_is_not_copied():
    sc = irisac.scenario_from_string(BIG_ARRAY_SCENARIO)
    ch = sc.draw_channels()
    h = ch["bs->ris"]
    assert h.shape == (4096, 64)
    assert h.__array_interface__["data"][0] == ch.address("bs->ris")
    assert np.shares_memory(h, ch.as_dict()["bs->ris"])
    assert h.flags.f_contiguous
    # Problem fields are views too: writing into one edits the C++ problem.
    p = sc.comm_problem()
    hr = p.irs_to_user
    assert hr.shape == (4096, 1) and np.shares_memory(hr, p.irs_to_user)
    hr[:] = 0
    assert np.all(p.irs_to_user == 0)


def _closed_form_snr(p):
    """Wu & Zhang single user, rank-one G = a b^H: max_v |G^H diag(v*) h_r + h_d|^2
    = (S |b| + |b^H h_d|/|b|)^2 + |h_d|^2 - |b^H h_d|^2/|b|^2, S = sum_n |a_n h_r,n| (docs/comm.md)."""
    G, hr, hd = p.bs_to_irs[0], p.irs_to_user[:, 0], p.bs_to_user[0][:, 0]
    u, s, vh = np.linalg.svd(G)
    a, b = u[:, 0] * s[0], vh[0].conj()          # G = a b^H
    nb = np.linalg.norm(b)
    S = np.sum(np.abs(a.conj() * hr))
    proj = abs(np.vdot(b, hd)) / nb
    gain = (S * nb + proj) ** 2 + np.linalg.norm(hd) ** 2 - proj ** 2
    return p.power_w * gain / p.noise_w[0]


def test_closed_form_instance_equals_cli_and_numpy(cli, tmp_path):
    path = scenario("wu-zhang-single-user.toml")
    rc, out, err = cli("optimize", path, "--objective", "snr", "--algorithm", "closed_form", "--json",
                       "--out", str(tmp_path / "phases.csv"))
    assert rc == 0, err
    j = json.loads(out)
    sc = irisac.load_scenario(path)
    r = sc.optimize(objective="snr", algorithm="closed_form")
    assert abs(r["objective"] - j["value"]) <= 1e-12 * abs(j["value"])
    assert abs(r["sum_rate_bps_hz"] - j["sum_rate_bps_hz"]) <= 1e-12
    p = sc.comm_problem()
    # Conventions: H_r columns are the conjugated rows of the surface -> user channel.
    assert np.allclose(p.irs_to_user[:, 0], sc.draw_channels()["irs->u"][0].conj(), rtol=0, atol=0)
    assert abs(r["objective"] / _closed_form_snr(p) - 1) < 1e-9
    # The same problem from user arrays gives the same design value.
    q = irisac.CommProblem(p.bs_to_irs[0], p.irs_to_user, p.bs_to_user[0], p.noise_w, p.power_w)
    r2 = irisac.optimize(q, "snr", "closed_form")
    assert abs(r2["objective"] / r["objective"] - 1) < 1e-12
    assert np.allclose(np.abs(r2["v"]), 1.0, atol=1e-12)


def test_g1_golden_from_arrays():
    """G1 of tests/reference/comm_reference.py built in NumPy: 126.160737699588."""
    M, N = 4, 8
    aM = np.exp(1j * np.pi * np.arange(M) * np.sin(0.3))
    aN = np.exp(1j * np.pi * np.arange(N) * np.sin(-0.7))
    G = np.outer(aN, aM.conj())
    x = np.arange(1, N + 1)
    hr = ((np.cos(x) + 1j * np.sin(2 * x)) / np.sqrt(2)).reshape(N, 1)
    m = np.arange(M)
    hd = (0.5 * (np.cos(0.5 * m + 0.2) + 1j * np.sin(1.1 * m))).reshape(M, 1)
    p = irisac.CommProblem(G, hr, hd, 1.0, 1.0)
    for alg in ("closed_form", "alternating", "manifold"):
        assert abs(irisac.optimize(p, "snr", alg)["objective"] / 126.160737699588 - 1) < 1e-9
    ones = np.ones(N, complex)
    assert abs(np.linalg.norm(irisac.effective_channels(p, ones)) ** 2 / 38.6984057572538 - 1) < 1e-12


def _read_csv(path):
    with open(path) as f:
        rows = [r for r in csv.reader(line for line in f if not line.startswith("#"))]
    head, body = rows[0], rows[1:]
    return {h: [r[i] for r in body] for i, h in enumerate(head)}


FIG4_SUBSET = """
# experiments/case-study-fig4.toml at four requirements (the full sweep takes 41 points)
[experiment]
name = "fig4-subset"
scenario = "%s"
metrics = ["rate_proposed_bps_hz", "rate_wo_s_bps_hz", "rate_wo_c_bps_hz", "rate_wo_sc_bps_hz"]
seed = 1
[[axis]]
key = "case_study.gamma_th_db"
values = [0.0, 14.0, 18.0, 19.5]
[monte_carlo]
trials = 1
"""


def test_fig4_equals_cli_and_golden(cli, tmp_path):
    exp = tmp_path / "fig4-subset.toml"
    exp.write_text(FIG4_SUBSET % scenario("case-study.toml"))
    rc, out, err = cli("run", str(exp), "-q", "--no-figures", "-o", str(tmp_path / "cli"), "--fresh")
    assert rc == 0, err
    ref = _read_csv(tmp_path / "cli" / "results.csv")
    seen = []
    res = irisac.run_experiment(str(exp), out_dir=tmp_path / "py", as_frame=False,
                                progress=lambda p: seen.append(p["points_total"]))
    assert seen and seen[-1] == 4
    x = res["case_study.gamma_th_db"]
    assert np.array_equal(x, np.array([float(v) for v in ref["case_study.gamma_th_db"]]))
    for s in irisac.schemes():
        col = "rate_%s_bps_hz_mean" % s
        for a, b, st in zip(res[col], ref[col], res["status"]):
            if st == "ok":
                assert abs(a - float(b)) <= 1e-12 * max(1.0, abs(a))
            else:
                assert math.isnan(a) and b == ""
    # Golden rates of tests/reference/case_study_reference.py (Fig. 4) at 0, 14 and 18 dB.
    golden = {"proposed": (6.322939355, 6.185339314, 1.902378910), "wo_s": (5.535021061, 5.403981778, 1.619441019),
              "wo_c": (5.584470740, 4.329737520, 1.331665237), "wo_sc": (5.465263376, 3.782787245, 1.133608713)}
    for s, g in golden.items():
        assert np.allclose(res["rate_%s_bps_hz_mean" % s][:3], g, rtol=0, atol=1e-4), s
    assert res["status"][3] == "infeasible"   # 19.5 dB > rho'T = 18.995 dB


def test_experiment_from_dict_gives_a_dataframe(tmp_path):
    pd = pytest.importorskip("pandas")
    exp = {
        "experiment": {"name": "gain-vs-m", "scenario": scenario("case-study.toml"),
                       "metrics": ["rate_proposed_bps_hz"], "seed": 1},
        "axis": [{"key": "case_study.irs_elements", "values": [16, 32, 64]}],
        "monte_carlo": {"trials": 1},
    }
    df = irisac.run_experiment(exp, out_dir=tmp_path / "d")
    assert isinstance(df, pd.DataFrame)
    assert list(df["case_study.irs_elements"]) == [16, 32, 64]
    # Each point equals the case-study functions called directly with that M (same code path).
    cs0, gamma_th = irisac.load_scenario(scenario("case-study.toml")).case_study()
    for m_el, rate in zip(df["case_study.irs_elements"], df["rate_proposed_bps_hz_mean"]):
        prm = cs0.params
        prm.irs_elements = int(m_el)
        direct = irisac.optimal_time_allocation(irisac.CaseStudy(prm), "proposed", gamma_th)["rate_bps_hz"]
        assert abs(rate - direct) <= 1e-12 * rate
    assert abs(df["rate_proposed_bps_hz_mean"].iloc[2] - 6.322939355) < 1e-4  # M = 64: the Fig. 4 default
    assert df.attrs["meta"]["complete"]
    with pytest.raises(irisac.InputError, match="metrics"):
        irisac.run_experiment({"experiment": {"name": "x", "scenario": scenario("case-study.toml"),
                                              "metrics": ["no_such_metric"]}}, out_dir=tmp_path / "e")


def test_case_study_and_detection_closed_forms():
    cs = irisac.CaseStudy()
    assert abs(cs.prior_rate() - 5.53502106053) < 1e-10
    a = irisac.optimal_time_allocation(cs, "proposed", 10 ** 1.4)
    assert abs(a["rate_bps_hz"] - 6.185339314) < 1e-4 and a["tau_s"] + a["tau_c"] <= 1 + 1e-12
    with pytest.raises(irisac.Infeasible):
        irisac.optimal_time_allocation(cs, "proposed", 10 ** 2.0)
    for M in (1, 8, 64):
        assert irisac.array_gain(M, 2.0, 0.0) == pytest.approx(M * M, rel=1e-14)
    g, th, n = 50.0, 0.4, 16
    assert irisac.angle_crb(g, th, n) == pytest.approx(6 / (g * np.pi ** 2 * np.cos(th) ** 2 * (n * n - 1)), rel=1e-14)
    assert irisac.marcum_q1(0.0, 1.0) == pytest.approx(math.exp(-0.5), rel=1e-12)
    assert irisac.glrt_pd_swerling1(10.0, 1e-3) == pytest.approx(1e-3 ** (1 / 11), rel=1e-12)


def test_sensing_through_the_scenario():
    sc = irisac.load_scenario(scenario("sensing-blind-area.toml"))
    sp = sc.sensing_problem()
    model, target, R, T = sp["model"], sp["target"], sp["tx_cov"], sp["snapshots"]
    crb = irisac.crb_angle(model, target, R, T)
    assert crb > 0
    X = irisac.waveform_from_covariance(R, T)
    assert np.allclose(X @ X.conj().T / T, R, atol=1e-12 * np.abs(R).max())
    # ML over 40 draws: MSE within a factor of the CRB (high-SNR regime of this scenario).
    errs = []
    for k in range(40):
        Y = irisac.simulate_echo(model, [target], X, seed=k)
        errs.append(irisac.estimate_angle("ml", model, Y, X) - target.theta)
    mse = np.mean(np.square(errs))
    assert 0.3 * crb < mse < 3.0 * crb
    with pytest.raises(irisac.InvalidArgument, match="did you mean"):
        irisac.estimate_angle("musik", model, Y, X)


def test_validate_passes_and_detects_a_wrong_reference():
    rows = irisac.validate()
    assert rows and all(r["pass"] for r in rows)
    bad = irisac.validate(["comm.g1_closed_form_snr=126.2"])
    failed = [r["check"] for r in bad if not r["pass"]]
    assert failed == ["comm.g1_closed_form_snr"]
    with pytest.raises(irisac.InputError, match="did you mean"):
        irisac.validate(["comm.g1_closed_form_snrr=1"])


def test_channel_export_round_trip_and_importers(cli, tmp_path):
    path = scenario("wu-zhang-single-user.toml")
    sc = irisac.load_scenario(path)
    ch = sc.draw_channels(seed=9)
    for fmt in ("npy", "mat", "h5"):
        irisac.export_channels(sc, str(tmp_path / fmt), format=fmt, seed=9)
        back = irisac.read_exported_channels(str(tmp_path / fmt))
        assert set(back) == set(ch.keys())
        for k in back:
            assert np.array_equal(back[k], ch[k]), (fmt, k)
    # The CLI writes the same files for the same seed.
    rc, out, err = cli("export", path, "--channels", "--seed", "9", "--format", "npy", "--out", str(tmp_path / "cli"))
    assert rc == 0, err
    assert np.array_equal(np.load(tmp_path / "cli" / "ap--irs.npy"), ch["ap->irs"])
    data = os.path.join(SRC, "tests", "data", "exchange")
    h = irisac.read_channel_file(os.path.join(data, "sionna_a_c64.npy"), format="sionna", rx=1, time_step=1)
    assert np.allclose(h, np.load(os.path.join(data, "expected_sionna_rx1_t1.npy")), rtol=0, atol=1e-12)
    g = irisac.read_channel_file(os.path.join(data, "simris_v5.mat"), format="simris", variable="G")
    assert np.array_equal(g, np.load(os.path.join(data, "expected_simris_G0.npy")))


def test_isac_equals_cli_and_arrays_route(cli):
    """Scenario.isac is `irisac isac` (1e-12 on the design's numbers); an IsacProblem built from the
    scenario's own arrays through isac_design gives the same covariance step as the library."""
    path = scenario("isac-one-irs.toml")
    sets = ["isac.crb_rmse_max_deg=20.0", "isac.outer_iterations=1"]
    s = irisac.load_scenario(path, sets)
    res = s.isac(design="max_rate")
    args = ["isac", path, "--design", "max_rate", "--json"]
    for kv in sets:
        args += ["--set", kv]
    rc, out, err = cli(*args)
    assert rc == 0, err
    j = json.loads(out)
    assert res["design"] == j["design"] == "max_rate"
    for key in ("min_rate_bps_hz", "sum_rate_bps_hz", "objective"):
        assert res["result"][key] == pytest.approx(j["result"][key], rel=1e-12, abs=1e-12)
        assert res["comm_end"][key] == pytest.approx(j["comm_end"][key], rel=1e-12, abs=1e-12)
    assert res["result"]["feasible"] is True
    # The CRB requirement holds: (20 deg)^2.
    assert np.max(res["result"]["crb_rad2"]) <= math.radians(20.0) ** 2 * (1 + 1e-6)
    # Bring-your-own route: the same problem object from the scenario, a design at fixed phases.
    p = s.isac_problem()
    assert (p.users, p.targets) == (len(res["result"]["sinr"]), len(res["result"]["crb_rad2"]))
    d = irisac.isac_design(p, "max_sensing", np.array([1.0]), "crb", res["result"]["v"])
    assert d["feasible"] is True
    assert np.min(d["sinr"]) >= 1.0 * (1 - 1e-3)
    with pytest.raises(Exception, match="max_rate or max_sensing"):
        irisac.isac_design(p, "front", np.array([1.0]))
