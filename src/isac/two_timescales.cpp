#include "irisac/isac/two_timescales.hpp"

#include <cmath>
#include <map>
#include <utility>

#include <Eigen/SVD>

#include "irisac/comm/problem.hpp"
#include "irisac/core/error.hpp"
#include "irisac/sensing/design.hpp"
#include "irisac/sensing/echo_model.hpp"

namespace irisac {

namespace {

Complex unit_phase(Complex z) { return std::abs(z) > 0.0 ? std::conj(z) / std::abs(z) : Complex{1.0, 0.0}; }

IsacProblem state_problem(const IsacProblem& p0, const TimescaleTrajectory& tr, Index comm_slot, Index angle_slot) {
  IsacProblem p = p0;
  p.comm.irs_to_user = tr.irs_to_user[static_cast<std::size_t>(comm_slot)];
  p.comm.bs_to_user[0] = tr.bs_to_user[static_cast<std::size_t>(comm_slot)];
  const RVec& th = tr.theta[static_cast<std::size_t>(angle_slot)];
  for (Index t = 0; t < p.num_targets(); ++t) p.targets[static_cast<std::size_t>(t)].target.theta = th(t);
  return p;
}

void check_spec(const TimescaleSpec& s) {
  IRISAC_REQUIRE(s.slots >= 1, "timescales: slots must be ≥ 1 (got ", s.slots, ")");
  IRISAC_REQUIRE(s.sensing_update_slots >= 1 && s.comm_update_slots >= 1,
                 "timescales: update periods must be ≥ 1 slot (got ", s.sensing_update_slots, ", ", s.comm_update_slots, ")");
  IRISAC_REQUIRE(s.comm_coherence_slots > 0.0, "timescales: comm coherence must be > 0 slots (got ", s.comm_coherence_slots, ")");
  IRISAC_REQUIRE(std::isfinite(s.target_rate_rad_per_slot), "timescales: the target's angular rate must be finite");
}

}  // namespace

TimescaleTrajectory timescale_trajectory(const IsacProblem& p0, const TimescaleSpec& s, Rng& rng) {
  check_spec(s);
  IRISAC_REQUIRE(p0.comm.base_stations() == 1, "timescales: one BS (got ", p0.comm.base_stations(), ")");
  const std::size_t T = static_cast<std::size_t>(s.slots);
  TimescaleTrajectory tr;
  tr.irs_to_user.reserve(T);
  tr.bs_to_user.reserve(T);
  tr.theta.reserve(T);
  RVec th0(p0.num_targets());
  for (Index t = 0; t < p0.num_targets(); ++t) th0(t) = p0.targets[static_cast<std::size_t>(t)].target.theta;
  const bool fading = std::isfinite(s.comm_coherence_slots);
  const double rho = fading ? std::exp(-1.0 / s.comm_coherence_slots) : 1.0;
  const double innov = std::sqrt(std::max(0.0, 1.0 - rho * rho));
  const CMat& hr0 = p0.comm.irs_to_user;
  const CMat& hd0 = p0.comm.bs_to_user[0];
  const Index K = p0.users();
  RVec var_r(K), var_d(K);
  for (Index k = 0; k < K; ++k) {
    var_r(k) = hr0.rows() ? hr0.col(k).squaredNorm() / static_cast<double>(hr0.rows()) : 0.0;
    var_d(k) = hd0.rows() ? hd0.col(k).squaredNorm() / static_cast<double>(hd0.rows()) : 0.0;
  }
  tr.irs_to_user.push_back(hr0);
  tr.bs_to_user.push_back(hd0);
  tr.theta.push_back(th0);
  for (std::size_t t = 1; t < T; ++t) {
    CMat hr = tr.irs_to_user.back(), hd = tr.bs_to_user.back();
    if (fading) {
      for (Index k = 0; k < K; ++k) {
        hr.col(k) = rho * hr.col(k) + innov * rng.complex_normal_vector(hr.rows(), var_r(k));
        if (var_d(k) > 0.0) hd.col(k) = rho * hd.col(k) + innov * rng.complex_normal_vector(hd.rows(), var_d(k));
      }
    }
    tr.irs_to_user.push_back(std::move(hr));
    tr.bs_to_user.push_back(std::move(hd));
    tr.theta.push_back(th0.array() + s.target_rate_rad_per_slot * static_cast<double>(t));
  }
  return tr;
}

std::vector<CVec> state_starts(const IsacProblem& p, SensingMetric metric) {
  const Index N = p.elements();
  std::vector<CVec> sensing, comm;
  // Per target: aligned at its transmit leg t(θ) = C (v ⊙ a(θ)), C = G_tᵀ (Nt × N_s), then the
  // sensing-only design from there (as the end point of isac_end_points).
  for (Index t = 0; t < p.num_targets(); ++t) {
    const SensingProblem& sp = p.targets[static_cast<std::size_t>(t)];
    const EchoLeg& leg = sp.model.transmit;
    if (leg.kind != EchoLeg::Kind::irs) continue;
    Eigen::JacobiSVD<CMat> svd(leg.channel, Eigen::ComputeThinU);
    const CVec r = leg.channel.adjoint() * svd.matrixU().col(0);  // (uᴴC)ᴴ
    const CVec a = leg_steering(leg, sp.target.theta, false);
    CVec seg(a.size());
    for (Index n = 0; n < a.size(); ++n) seg(n) = unit_phase(std::conj(r(n)) * a(n));
    DesignOptions so;
    so.outer_iterations = 3;
    so.circle.max_iterations = 200;
    const EchoModel m0 = with_reflection(sp.model, seg);
    const Index nt = p.antennas();
    const CMat iso = sp.power_w / static_cast<double>(nt) * CMat::Identity(nt, nt);
    const SensingDesign sd = metric == SensingMetric::crb
                                 ? design_min_crb(m0, sp.target, sp.power_w, p.snapshots, seg, so)
                                 : design_echo_power(m0, sp.target.theta, iso, seg, so);
    CVec v = CVec::Ones(N);
    v.segment(p.sensing_offset, seg.size()) = sd.v;
    sensing.push_back(std::move(v));
  }
  // Per user: uᴴc_k = uᴴh_d + Σ_n conj(g_n) h_n v_n* with g = G u (u: top right singular vector of
  // G), every term in phase with uᴴh_d.
  const CMat& G = p.comm.bs_to_irs[0];
  Eigen::JacobiSVD<CMat> svd(G, Eigen::ComputeThinV);
  const CVec g = G * svd.matrixV().col(0);
  for (Index k = 0; k < p.users(); ++k) {
    const Complex d = svd.matrixV().col(0).dot(p.comm.bs_to_user[0].col(k));  // uᴴh_d
    const double phi = std::abs(d) > 0.0 ? std::arg(d) : 0.0;
    CVec v(N);
    for (Index n = 0; n < N; ++n) {
      const Complex z = std::conj(g(n)) * p.comm.irs_to_user(n, k);
      v(n) = std::abs(z) > 0.0 ? std::polar(1.0, -(phi - std::arg(z))) : Complex{1.0, 0.0};
    }
    comm.push_back(std::move(v));
  }
  std::vector<CVec> starts = sensing;
  for (const CVec& c : comm) {
    starts.push_back(c);
    if (!sensing.empty()) starts.push_back(project_unit_modulus(0.5 * (c + sensing.front())));
  }
  return starts;
}

std::vector<TimescaleResult> two_timescale_losses(const IsacProblem& p0, const RVec& req, const TimescaleSpec& s,
                                                 const std::vector<std::pair<Index, Index>>& periods,
                                                 const IsacOptions& opts, Rng& rng) {
  for (const auto& [ks, kc] : periods)
    IRISAC_REQUIRE(ks >= 1 && kc >= 1, "timescales: update periods must be ≥ 1 slot (got ", ks, ", ", kc, ")");
  const TimescaleTrajectory tr = timescale_trajectory(p0, s, rng);
  std::map<std::pair<Index, Index>, IsacDesign> cache;
  auto design_at = [&](Index c, Index a) -> const IsacDesign& {
    const auto key = std::make_pair(c, a);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
    const IsacProblem p = state_problem(p0, tr, c, a);
    IsacDesign d = design_max_rate(p, req, state_starts(p, opts.metric), opts);
    if (!d.feasible)
      throw NumericalError("timescales: the sensing requirement is infeasible at the state of slots (comm " +
                           std::to_string(c) + ", sensing " + std::to_string(a) + ")");
    return cache.emplace(key, std::move(d)).first->second;
  };
  std::vector<TimescaleResult> out(periods.size());
  const double T = static_cast<double>(s.slots);
  for (Index t = 0; t < s.slots; ++t) {
    const IsacProblem truth = state_problem(p0, tr, t, t);
    const IsacDesign& ref = design_at(t, t);
    const IsacMetrics mr = isac_metrics(truth, ref.v, ref.W, ref.R_s);
    const double sr = sensing_level(mr, opts.metric);
    for (std::size_t i = 0; i < periods.size(); ++i) {
      const auto [ks, kc] = periods[i];
      const IsacDesign& held = design_at(t / kc * kc, t / ks * ks);
      const IsacMetrics mh = isac_metrics(truth, held.v, held.W, held.R_s);
      const double sh = sensing_level(mh, opts.metric);
      if (!(sh > 0.0) || !(sr > 0.0) || !std::isfinite(sh) || !std::isfinite(sr))
        throw NumericalError("timescales: a design leaves the target unsensed (zero echo or no angle information) at slot " +
                             std::to_string(t));
      TimescaleResult& o = out[i];
      o.reference_rate_bps_hz += mr.min_rate_bps_hz / T;
      o.held_rate_bps_hz += mh.min_rate_bps_hz / T;
      o.rate_loss_bps_hz += (mr.min_rate_bps_hz - mh.min_rate_bps_hz) / T;
      o.sensing_loss_db += 10.0 * std::log10(sr / sh) / T;
    }
  }
  for (TimescaleResult& o : out) o.designs = static_cast<Index>(cache.size());
  return out;
}

TimescaleResult two_timescale_loss(const IsacProblem& p0, const RVec& req, const TimescaleSpec& s,
                                   const IsacOptions& opts, Rng& rng) {
  check_spec(s);
  return two_timescale_losses(p0, req, s, {{s.sensing_update_slots, s.comm_update_slots}}, opts, rng).front();
}

}  // namespace irisac
