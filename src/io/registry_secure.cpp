// Secure ISAC metrics ([secure] table): secrecy capacity of a user against the scene's
// eavesdroppers (closed form, IRS design, AN doubling as sensing) and sensing security (echo
// nulling at an unauthorised receiver). docs/secure-isac.md.
#include <cmath>
#include <string>

#include "irisac/comm/scene_problem.hpp"
#include "irisac/comm/secrecy.hpp"
#include "irisac/core/error.hpp"
#include "irisac/core/units.hpp"
#include "irisac/io/registry.hpp"
#include "irisac/io/scene_io.hpp"
#include "irisac/scene/link_budget.hpp"
#include "irisac/sensing/sensing_security.hpp"

namespace irisac::io {

namespace {

struct SecureSetup {
  Scene scene;
  Index user = 0, target = -1, bs = 0, surface = 0, eve = 0;
  double min_target_power_w = 0.0;
  int design_iterations = 300;
};

SecureSetup read_secure(const Document& doc, bool need_users) {
  SecureSetup s{load_scene(doc)};
  Reader top(doc);
  const Scene& sc = s.scene;
  if (sc.eavesdroppers.empty()) top.fail("eavesdropper", "at least one [[eavesdropper]]", "none");
  if (sc.base_stations.empty()) top.fail("bs", "at least one [[bs]]", "none");
  if (sc.surfaces.empty()) top.fail("irs", "at least one [[irs]]", "none");
  if (need_users && sc.users.empty()) top.fail("user", "at least one [[user]] to keep the secret for", "none");
  for (const auto& e : sc.eavesdroppers)
    if (e.array.size() != 1)
      top.fail("eavesdropper", "single-antenna eavesdroppers (antennas = 1)",
               "\"" + e.name + "\" with " + std::to_string(e.array.size()) + " antennas");
  std::optional<Reader> t = top.optional_table("secure");
  auto pick = [&](const char* key, NodeKind kind, const char* what, Index fallback) -> Index {
    if (!t || !t->has(key)) return fallback;
    const std::string name = t->string(key);
    const auto n = sc.find(name);
    if (!n || n->kind != kind) t->fail(key, std::string("the name of a ") + what + " of the scene", "\"" + name + "\"");
    return n->index;
  };
  s.user = pick("user", NodeKind::user, "user", 0);
  s.bs = pick("bs", NodeKind::bs, "base station", 0);
  s.surface = pick("surface", NodeKind::surface, "surface", 0);
  s.eve = pick("eavesdropper", NodeKind::eavesdropper, "eavesdropper", 0);
  s.target = pick("target", NodeKind::target, "target", sc.targets.empty() ? -1 : 0);
  if (t) {
    const double p_dbm = t->number("min_target_power_dbm", -1e300);
    if (p_dbm != -1e300) {
      if (!std::isfinite(p_dbm) || std::abs(p_dbm) > 300.0)
        t->fail("min_target_power_dbm", "a finite power in dBm within [-300, 300]", std::to_string(p_dbm));
      s.min_target_power_w = dbm_to_watt(p_dbm);
    }
    s.design_iterations = static_cast<int>(t->integer("design_iterations", 300, 0, 100'000));
    t->finish();
  }
  return s;
}

// The scene seen from other receivers: eavesdroppers (or targets) in the users' place, so that
// comm_problem() builds their cascades with the same conventions (no re-derivation).
Scene sec_as_users(const Scene& sc, const std::vector<Vec3>& positions, const std::vector<std::string>& names) {
  Scene s = sc;
  s.users.clear();
  for (std::size_t k = 0; k < positions.size(); ++k) {
    User u;
    u.name = names[k];
    u.pose.position_m = positions[k];
    s.users.push_back(u);
  }
  return s;
}

struct SecureRealisation {
  Cascade bob;
  double bob_noise = 1.0;
  std::vector<Cascade> eves;
  RVec eve_noise;
  double power = 1.0;
  CVec v_aligned;
  Cascade target;  // empty bs_to_irs when the scene has no target
};

Cascade sec_cascade(const CommProblem& p, Index k, Index b) {
  return {p.bs_to_irs[static_cast<std::size_t>(b)], p.irs_to_user.col(k), p.bs_to_user[static_cast<std::size_t>(b)].col(k)};
}

SecureRealisation sec_draw(const SecureSetup& s, Rng& rng) {
  const Scene& sc = s.scene;
  const ChannelSet ch = draw_channels(sc, rng);
  SecureRealisation r;
  std::vector<Index> serving(sc.users.size(), s.bs);
  const CommProblem pu = comm_problem(sc, ch, serving);
  r.bob = sec_cascade(pu, s.user, s.bs);
  r.bob_noise = pu.noise_w[s.user];
  r.power = pu.power_w;
  // Eavesdroppers: their drawn channels in the users' slots.
  {
    std::vector<Vec3> pos;
    std::vector<std::string> names;
    for (const auto& e : sc.eavesdroppers) {
      pos.push_back(e.pose.position_m);
      names.push_back(e.name);
    }
    const Scene se = sec_as_users(sc, pos, names);
    ChannelSet ce = ch;
    ce.bs_user = ch.bs_eve;
    ce.surface_user = ch.surface_eve;
    const CommProblem pe = comm_problem(se, ce, std::vector<Index>(pos.size(), s.bs));
    for (Index e = 0; e < pe.users(); ++e) r.eves.push_back(sec_cascade(pe, e, s.bs));
    r.eve_noise = pe.noise_w;
  }
  // Target (sensing constraint): the BS → target channel through the surfaces, same conventions.
  if (s.target >= 0) {
    const Scene st = sec_as_users(sc, {sc.targets[static_cast<std::size_t>(s.target)].pose.position_m},
                                  {sc.targets[static_cast<std::size_t>(s.target)].name});
    ChannelSet ct = ch;
    ct.bs_user.assign(ch.bs_target.size(), {});
    for (std::size_t b = 0; b < ch.bs_target.size(); ++b) ct.bs_user[b] = {ch.bs_target[b][static_cast<std::size_t>(s.target)]};
    ct.surface_user.assign(ch.surface_target.size(), {});
    for (std::size_t i = 0; i < ch.surface_target.size(); ++i)
      ct.surface_user[i] = {ch.surface_target[i][static_cast<std::size_t>(s.target)]};
    const CommProblem pt = comm_problem(st, ct, {s.bs});
    r.target = sec_cascade(pt, 0, s.bs);
  }
  // Start: every surface aligned to the user (the communication-only choice).
  const SurfacePhases al = aligned_phases_for_user(sc, ch, s.bs, s.user);
  r.v_aligned.resize(r.bob.irs_to_rx.size());
  Index off = 0;
  for (const CVec& vi : al) {
    for (Index k = 0; k < vi.size(); ++k)
      r.v_aligned[off + k] = std::abs(vi[k]) > 0.0 ? vi[k] / std::abs(vi[k]) : Complex{1.0, 0.0};
    off += vi.size();
  }
  return r;
}

WiretapChannel sec_wiretap(const SecureRealisation& r, const CVec& v) {
  WiretapChannel w;
  w.bob = r.bob.at(v);
  w.bob_noise_w = r.bob_noise;
  w.eve.resize(w.bob.size(), static_cast<Index>(r.eves.size()));
  for (std::size_t e = 0; e < r.eves.size(); ++e) w.eve.col(static_cast<Index>(e)) = r.eves[e].at(v);
  w.eve_noise_w = r.eve_noise;
  w.power_w = r.power;
  return w;
}

}  // namespace

void register_secure(Registry& r) {
  r.parameter_tables.push_back("secure");
  r.metric_groups.push_back(MetricGroup{
      "secure.secrecy",
      "one channel draw per trial: secrecy capacity of a user against the scene's (colluding) eavesdroppers",
      {{"secrecy_capacity_aligned_bps_hz", "bps/Hz", "closed-form MISO(ME) secrecy capacity, surfaces aligned to the user"},
       {"secrecy_capacity_designed_bps_hz", "bps/Hz", "secrecy capacity after the IRS phase design"},
       {"secrecy_bob_rate_bps_hz", "bps/Hz", "the user's rate with the designed phases and beam"},
       {"secrecy_eve_rate_bps_hz", "bps/Hz", "the eavesdroppers' rate with the designed phases and beam"}},
      [](const Document& doc) -> TrialFn {
        const SecureSetup s = read_secure(doc, true);
        return [s](Rng& rng, std::span<double> out) {
          const SecureRealisation re = sec_draw(s, rng);
          out[0] = secrecy_capacity(sec_wiretap(re, re.v_aligned)).capacity_bps_hz;
          SecrecyDesignOptions opt;
          opt.max_iterations = s.design_iterations;
          const SecrecyDesign d = design_secrecy_phases(re.bob, re.bob_noise, re.eves, re.eve_noise, re.power,
                                                        re.v_aligned, opt);
          out[1] = d.solution.capacity_bps_hz;
          out[2] = d.solution.bob_rate_bps_hz;
          out[3] = d.solution.eve_rate_bps_hz;
        };
      }});
  r.metric_groups.push_back(MetricGroup{
      "secure.sensing",
      "secrecy with artificial noise that doubles as the sensing signal, s.t. a power at the target",
      {{"secrecy_capacity_sensing_bps_hz", "bps/Hz", "secrecy capacity s.t. target power >= min_target_power_dbm (designed phases)"},
       {"secrecy_an_fraction_ratio", "", "share of the power on artificial noise (dimensionless)"},
       {"secrecy_target_power_dbm", "dBm", "power incident at the target, a^H R_x a"}},
      [](const Document& doc) -> TrialFn {
        const SecureSetup s = read_secure(doc, true);
        if (s.target < 0) Reader(doc).fail("target", "a [[target]] for the sensing constraint", "none");
        return [s](Rng& rng, std::span<double> out) {
          const SecureRealisation re = sec_draw(s, rng);
          SecrecyDesignOptions opt;
          opt.max_iterations = s.design_iterations;
          const SecrecyDesign d = design_secrecy_phases(re.bob, re.bob_noise, re.eves, re.eve_noise, re.power,
                                                        re.v_aligned, opt);
          SecrecyWithSensing ws;
          try {
            ws = secrecy_with_sensing(sec_wiretap(re, d.v), re.target.at(d.v), s.min_target_power_w);
          } catch (const Infeasible& e) {
            throw NumericalError(std::string("infeasible: ") + e.what());
          }
          out[0] = ws.solution.capacity_bps_hz;
          out[1] = ws.an_power_w / re.power;
          if (!(ws.sensing_gain > 0.0)) throw NumericalError("no power reaches the target (zero channel)");
          out[2] = watt_to_dbm(ws.sensing_gain);
        };
      }});
  r.metric_groups.push_back(MetricGroup{
      "secure.sensing_security",
      "echo of the surface (on the target) nulled at an eavesdropper, kept at the legitimate BS receiver",
      {{"urs_suppression_db", "dB", "echo power at the unauthorised receiver, unsecured / secured (floor: 300 dB)"},
       {"lrs_echo_loss_db", "dB", "echo power lost at the legitimate receiver by the null"},
       {"lrs_echo_power_dbm", "dBm", "echo power at the legitimate BS receive array (sum over antennas)"}},
      [](const Document& doc) -> TrialFn {
        const SecureSetup s = read_secure(doc, false);
        return [s](Rng& rng, std::span<double> out) {
          const Scene& sc = s.scene;
          const ChannelSet ch = draw_channels(sc, rng);
          const auto bi = static_cast<std::size_t>(s.bs), si = static_cast<std::size_t>(s.surface);
          const CMat& g = ch.bs_surface[bi][si];  // N × N_tx
          // The BS beam towards the surface: its strongest right singular vector, full power.
          Eigen::JacobiSVD<CMat> svd(g, Eigen::ComputeThinV);
          const double p = sc.base_stations[bi].tx_power_w;
          const CVec illum = g * (std::sqrt(p) * svd.matrixV().col(0));
          const CMat cl = ch.surface_bs[si][bi] * illum.asDiagonal();
          const CMat cu = ch.surface_eve[si][static_cast<std::size_t>(s.eve)] * illum.asDiagonal();
          if (!(cl.squaredNorm() > 0.0)) throw NumericalError("no echo path from the surface to the legitimate BS");
          if (!(cu.squaredNorm() > 0.0)) throw NumericalError("no echo path from the surface to the eavesdropper");
          const EchoNullDesign d = design_echo_null(cl, cu);
          out[0] = std::min(300.0, lin_to_db(d.urs_power_unsecured / std::max(d.urs_power, 1e-300 * d.urs_power_unsecured)));
          out[1] = lin_to_db(d.lrs_power_unsecured / d.lrs_power);
          out[2] = watt_to_dbm(d.lrs_power);
        };
      }});
}

}  // namespace irisac::io
