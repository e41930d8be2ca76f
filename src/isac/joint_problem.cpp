#include "irisac/isac/joint_problem.hpp"

#include <cmath>
#include <limits>

#include <Eigen/QR>
#include <Eigen/SVD>

#include "irisac/comm/scene_problem.hpp"
#include "irisac/core/error.hpp"
#include "irisac/sensing/crb.hpp"

namespace irisac {

Index IsacProblem::sensing_elements() const {
  return targets.empty() ? 0 : targets.front().num_elements;
}

IsacProblem isac_problem(const Scene& scene, const ChannelSet& ch, Index sensing_surface, Index snapshots,
                         const SensingSelection& how) {
  IRISAC_REQUIRE(!scene.users.empty(), "the scene has no users ([[user]]): a joint design needs at least one");
  IRISAC_REQUIRE(!scene.targets.empty(), "the scene has no target ([[target]]): a joint design needs at least one");
  const Index nb = static_cast<Index>(scene.base_stations.size());
  IRISAC_REQUIRE(how.bs >= 0 && how.bs < nb, "transmitting BS index ", how.bs, " out of range (", nb, " BSs)");
  const bool bistatic = is_bistatic(how);
  IRISAC_REQUIRE(!bistatic || how.receiver < nb, "receiving BS index ", how.receiver, " out of range (", nb, " BSs)");
  IRISAC_REQUIRE(nb == (bistatic ? 2 : 1), "the joint designs use one BS that transmits and ",
                 bistatic ? "one other that receives the echoes" : "receives the echoes (or a second one as bistatic receiver)",
                 "; the scene has ", nb);
  IRISAC_REQUIRE(!bistatic || how.mode == SensingMode::monostatic, "a bistatic receiver needs the monostatic echo model");
  IRISAC_REQUIRE(how.mode != SensingMode::target_mounted,
                 "mode target_mounted: the joint designs take monostatic, bistatic or semi-passive reception");
  IRISAC_REQUIRE(sensing_surface >= 0 && sensing_surface < static_cast<Index>(scene.surfaces.size()),
                 "sensing surface index ", sensing_surface, " out of range (", scene.surfaces.size(), " surfaces)");
  IRISAC_REQUIRE(snapshots >= 1, "snapshots must be ≥ 1 (got ", snapshots, ")");
  IsacProblem p;
  if (nb == 1) {
    p.comm = comm_problem(scene, ch, {});
  } else {
    // The receiving BS transmits nothing: the users see the transmitting BS alone.
    const auto b = static_cast<std::size_t>(how.bs);
    Scene tx_only = scene;
    tx_only.base_stations = {scene.base_stations[b]};
    ChannelSet ch_tx = ch;
    ch_tx.bs_user = {ch.bs_user[b]};
    ch_tx.bs_surface = {ch.bs_surface[b]};
    ch_tx.bs_eve = ch.bs_eve.size() > b ? std::vector<std::vector<CMat>>{ch.bs_eve[b]} : ch.bs_eve;
    ch_tx.bs_target = {ch.bs_target[b]};
    p.comm = comm_problem(tx_only, ch_tx, {});
  }
  p.comm.sinr_min = RVec();  // targets are the design's business
  p.sensing_surface = sensing_surface;
  p.snapshots = snapshots;
  p.receiver = how;
  for (Index i = 0; i < sensing_surface; ++i) p.sensing_offset += scene.surfaces[static_cast<std::size_t>(i)].size();
  const Index n = scene.surfaces[static_cast<std::size_t>(sensing_surface)].size();
  for (Index t = 0; t < static_cast<Index>(scene.targets.size()); ++t) {
    SensingSelection sel = how;
    sel.surface = sensing_surface;
    sel.target = t;
    p.targets.push_back(make_sensing_problem(scene, ch, sel, CVec::Ones(n)));
  }
  return p;
}

CVec sensing_segment(const IsacProblem& p, const CVec& v) {
  IRISAC_REQUIRE(v.size() == p.elements(), "v has ", v.size(), " entries, the problem ", p.elements());
  return v.segment(p.sensing_offset, p.sensing_elements());
}

TargetForms target_forms(const IsacProblem& p, Index target, const CVec& v) {
  IRISAC_REQUIRE(target >= 0 && target < p.num_targets(), "target index ", target, " out of range");
  const SensingProblem& sp = p.targets[static_cast<std::size_t>(target)];
  const EchoModel m = with_reflection(sp.model, sensing_segment(p, v));
  const CMat Wh = whitening_matrix(m);
  const CMat B = Wh * echo_response(m, sp.target.theta);
  const CMat Bd = Wh * echo_response_derivative(m, sp.target.theta);
  const double a2 = std::norm(sp.target.alpha);
  const double T = static_cast<double>(p.snapshots);
  const double kappa = 2.0 * T * a2;
  TargetForms f;
  const CMat BB = B.adjoint() * B;
  f.A = a2 * T * BB;
  f.D1 = kappa * Bd.adjoint() * Bd;
  f.E2 = kappa * Bd.adjoint() * B;
  f.D3 = kappa * BB;
  return f;
}

IsacMetrics isac_metrics(const IsacProblem& p, const CVec& v, const CMat& W, const CMat& R_s) {
  const Index M = p.antennas(), K = p.users();
  IRISAC_REQUIRE(W.rows() == M && W.cols() == K, "W must be ", M, "×", K, " (got ", W.rows(), "×", W.cols(), ")");
  IRISAC_REQUIRE(R_s.rows() == M && R_s.cols() == M, "R_s must be ", M, "×", M);
  IsacMetrics out;
  const CMat C = effective_channels(p.comm, v, 0);  // M × K
  out.sinr.resize(K);
  for (Index k = 0; k < K; ++k) {
    const CVec ck = C.col(k);
    double interf = p.comm.noise_w(k) + std::max(0.0, (ck.adjoint() * R_s * ck)(0, 0).real());
    for (Index j = 0; j < K; ++j)
      if (j != k) interf += std::norm(ck.dot(W.col(j)));
    out.sinr(k) = std::norm(ck.dot(W.col(k))) / interf;
  }
  out.rate_bps_hz = out.sinr.unaryExpr([](double s) { return std::log2(1.0 + s); });
  out.sum_rate_bps_hz = out.rate_bps_hz.sum();
  out.min_rate_bps_hz = out.rate_bps_hz.minCoeff();
  const CMat Rx = W * W.adjoint() + R_s;
  out.power_w = Rx.trace().real();
  const Index T = p.num_targets();
  out.echo_snr.resize(T);
  out.crb_rad2.resize(T);
  for (Index t = 0; t < T; ++t) {
    const TargetForms f = target_forms(p, t, v);
    out.echo_snr(t) = (f.A * Rx).trace().real();
    const double f1 = (f.D1 * Rx).trace().real(), f3 = (f.D3 * Rx).trace().real();
    const Complex f2 = (f.E2 * Rx).trace();
    const double info = f3 > 0 ? f1 - std::norm(f2) / f3 : 0.0;
    out.crb_rad2(t) = info > 0 ? 1.0 / info : std::numeric_limits<double>::infinity();
  }
  return out;
}

namespace {
CMat joint_orthonormal_basis(const CMat& X) {
  // Columns spanning range(X), rank by singular values above 1e-10·σ_max.
  Eigen::JacobiSVD<CMat> svd(X, Eigen::ComputeThinU);
  const RVec s = svd.singularValues();
  Index r = 0;
  while (r < s.size() && s(r) > 1e-10 * s(0)) ++r;
  return svd.matrixU().leftCols(r);
}
}  // namespace

SubspaceCoupling subspace_coupling(const IsacProblem& p, const CVec& v) {
  const CMat C = effective_channels(p.comm, v, 0);
  CMat S(p.antennas(), p.num_targets());
  for (Index t = 0; t < p.num_targets(); ++t) {
    const SensingProblem& sp = p.targets[static_cast<std::size_t>(t)];
    const EchoModel m = with_reflection(sp.model, sensing_segment(p, v));
    S.col(t) = leg_response(m.transmit, sp.target.theta).conjugate();
  }
  IRISAC_REQUIRE(C.norm() > 0 && S.norm() > 0, "subspace coupling: a user channel or target direction is zero");
  const CMat Qu = joint_orthonormal_basis(C), Qs = joint_orthonormal_basis(S);
  Eigen::JacobiSVD<CMat> svd(Qu.adjoint() * Qs);
  SubspaceCoupling out;
  out.cosines = svd.singularValues().cwiseMin(1.0);
  out.max_cos2 = out.cosines.size() ? out.cosines(0) * out.cosines(0) : 0.0;
  out.mean_cos2 = out.cosines.size() ? out.cosines.squaredNorm() / static_cast<double>(out.cosines.size()) : 0.0;
  return out;
}

}  // namespace irisac
