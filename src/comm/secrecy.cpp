// Secrecy capacity (generalised eigenvalue), IRS phase design for it, and artificial noise that
// doubles as the sensing signal. Equations: include/irisac/comm/secrecy.hpp, docs/secure-isac.md.
#include "irisac/comm/secrecy.hpp"

#include <Eigen/Eigenvalues>
#include <cmath>
#include <string>

#include "irisac/core/error.hpp"
#include "irisac/core/golden_section.hpp"

namespace irisac {

namespace {

bool sec_finite(const CMat& m) { return m.allFinite(); }

// B = I + P·H_e Σ_e⁻¹ H_eᴴ for an eavesdropper noise covariance Σ_e (E × E, Hermitian PD).
CMat sec_eve_matrix(const CMat& he, const CMat& eve_cov, double p) {
  const Index m = he.rows();
  const CMat x = eve_cov.llt().solve(he.adjoint());  // Σ_e⁻¹ H_eᴴ
  CMat b = CMat::Identity(m, m) + p * he * x;
  return 0.5 * (b + b.adjoint());
}

SecrecySolution sec_solve(const CVec& hb, double sb, const CMat& he, const CMat& eve_cov, double p) {
  const Index m = hb.size();
  SecrecySolution s;
  if (!(p > 0.0)) {
    s.beam = CVec::Zero(m);
    return s;
  }
  CMat a = CMat::Identity(m, m) + (p / sb) * hb * hb.adjoint();
  a = 0.5 * (a + a.adjoint());
  const CMat b = sec_eve_matrix(he, eve_cov, p);
  Eigen::GeneralizedSelfAdjointEigenSolver<CMat> es(a, b);
  if (es.info() != Eigen::Success) throw NumericalError("secrecy_capacity(): generalised eigenproblem failed");
  const double lambda = es.eigenvalues()(m - 1);
  CVec u = es.eigenvectors().col(m - 1);
  u /= u.norm();
  if (lambda > 1.0) {
    s.capacity_bps_hz = std::log2(lambda);
    s.beam = std::sqrt(p) * u;
  } else {
    s.beam = CVec::Zero(m);
  }
  s.bob_rate_bps_hz = std::log2(1.0 + std::norm(hb.dot(s.beam)) / sb);
  const CVec y = he.adjoint() * s.beam;
  s.eve_rate_bps_hz = std::log2(1.0 + std::real(y.dot(eve_cov.llt().solve(y))));
  return s;
}

CMat sec_diag_cov(const RVec& noise) { return noise.asDiagonal().toDenseMatrix().cast<Complex>(); }

}  // namespace

void validate(const WiretapChannel& ch) {
  const Index m = ch.bob.size();
  if (m < 1) throw InvalidArgument("WiretapChannel: bob must have at least one antenna entry (got 0)");
  if (ch.eve.rows() != m || ch.eve.cols() < 1)
    throw InvalidArgument("WiretapChannel: eve must be " + std::to_string(m) + " x E with E >= 1 (got " +
                          std::to_string(ch.eve.rows()) + " x " + std::to_string(ch.eve.cols()) + ")");
  if (ch.eve_noise_w.size() != ch.eve.cols())
    throw InvalidArgument("WiretapChannel: eve_noise_w must have one entry per eavesdropper (got " +
                          std::to_string(ch.eve_noise_w.size()) + ")");
  if (!(ch.bob_noise_w > 0.0) || !std::isfinite(ch.bob_noise_w) || !(ch.eve_noise_w.array() > 0.0).all() ||
      !ch.eve_noise_w.allFinite())
    throw InvalidArgument("WiretapChannel: noise powers must be finite and > 0");
  if (!(ch.power_w > 0.0) || !std::isfinite(ch.power_w))
    throw InvalidArgument("WiretapChannel: power_w must be finite and > 0 (got " + std::to_string(ch.power_w) + ")");
  if (!sec_finite(ch.bob) || !sec_finite(ch.eve)) throw InvalidArgument("WiretapChannel: channels must be finite");
}

SecrecySolution secrecy_capacity(const WiretapChannel& ch) {
  validate(ch);
  return sec_solve(ch.bob, ch.bob_noise_w, ch.eve, sec_diag_cov(ch.eve_noise_w), ch.power_w);
}

double secrecy_rate(const WiretapChannel& ch, const CVec& w) {
  validate(ch);
  if (w.size() != ch.bob.size())
    throw InvalidArgument("secrecy_rate(): beam has " + std::to_string(w.size()) + " entries, expected " +
                          std::to_string(ch.bob.size()));
  const double rb = std::log2(1.0 + std::norm(ch.bob.dot(w)) / ch.bob_noise_w);
  const CVec y = ch.eve.adjoint() * w;
  const double re = std::log2(1.0 + (y.array().abs2() / ch.eve_noise_w.array()).sum());
  return std::max(0.0, rb - re);
}

CVec Cascade::at(const CVec& v) const {
  if (v.size() != irs_to_rx.size() || bs_to_irs.rows() != v.size())
    throw InvalidArgument("Cascade::at(): phases have " + std::to_string(v.size()) + " entries, expected " +
                          std::to_string(irs_to_rx.size()));
  CVec c = bs_to_irs.adjoint() * (v.conjugate().cwiseProduct(irs_to_rx));
  if (direct.size() == c.size()) c += direct;
  return c;
}

namespace {

struct SecEval {
  double lambda = 0.0;
  CVec u;  // principal generalised eigenvector with uᴴBu = 1
};

SecEval sec_eval(const Cascade& bob, double sb, const std::vector<Cascade>& eves, const RVec& se, double p,
                 const CVec& v) {
  const CVec hb = bob.at(v);
  const Index m = hb.size();
  CMat he(m, static_cast<Index>(eves.size()));
  for (std::size_t e = 0; e < eves.size(); ++e) he.col(static_cast<Index>(e)) = eves[e].at(v);
  CMat a = CMat::Identity(m, m) + (p / sb) * hb * hb.adjoint();
  a = 0.5 * (a + a.adjoint());
  const CMat b = sec_eve_matrix(he, sec_diag_cov(se), p);
  Eigen::GeneralizedSelfAdjointEigenSolver<CMat> es(a, b);
  if (es.info() != Eigen::Success) throw NumericalError("design_secrecy_phases(): generalised eigenproblem failed");
  SecEval out{es.eigenvalues()(m - 1), es.eigenvectors().col(m - 1)};
  out.u /= std::sqrt(std::real(out.u.dot(b * out.u)));
  return out;
}

// Euclidean gradient 2·∂λ/∂v* (the ascent direction) at the eigenvector u.
CVec sec_gradient(const Cascade& bob, double sb, const std::vector<Cascade>& eves, const RVec& se, double p,
                  const CVec& v, const SecEval& ev) {
  auto term = [&](const Cascade& c) {
    const CVec gu = c.bs_to_irs * ev.u;
    const CVec q = c.irs_to_rx.conjugate().cwiseProduct(gu);
    Complex s = q.transpose() * v;
    if (c.direct.size() == ev.u.size()) s += c.direct.dot(ev.u);
    return CVec(s * q.conjugate());
  };
  CVec g = (p / sb) * term(bob);
  for (std::size_t e = 0; e < eves.size(); ++e) g -= ev.lambda * (p / se[static_cast<Index>(e)]) * term(eves[e]);
  return 2.0 * g;
}

CVec sec_project(const CVec& x) {
  CVec v = x;
  for (auto& e : v) e = std::abs(e) > 0.0 ? e / std::abs(e) : Complex{1.0, 0.0};
  return v;
}

}  // namespace

SecrecyDesign design_secrecy_phases(const Cascade& bob, double bob_noise_w, const std::vector<Cascade>& eves,
                                    const RVec& eve_noise_w, double power_w, const CVec& v0,
                                    const SecrecyDesignOptions& opt) {
  if (eves.empty()) throw InvalidArgument("design_secrecy_phases(): at least one eavesdropper is needed (got 0)");
  if (eve_noise_w.size() != static_cast<Index>(eves.size()))
    throw InvalidArgument("design_secrecy_phases(): one noise power per eavesdropper");
  if (!(power_w > 0.0) || !(bob_noise_w > 0.0) || !(eve_noise_w.array() > 0.0).all())
    throw InvalidArgument("design_secrecy_phases(): powers and noise powers must be > 0");
  if (opt.max_iterations < 0) throw InvalidArgument("design_secrecy_phases(): max_iterations must be >= 0");
  CVec v = sec_project(v0);
  SecEval cur = sec_eval(bob, bob_noise_w, eves, eve_noise_w, power_w, v);
  SecrecyDesign d;
  double step = 1.0;
  for (d.iterations = 0; d.iterations < opt.max_iterations; ++d.iterations) {
    const CVec g = sec_gradient(bob, bob_noise_w, eves, eve_noise_w, power_w, v, cur);
    // Riemannian gradient on the torus: remove the radial part of each entry.
    CVec rg = g;
    for (Index n = 0; n < v.size(); ++n) rg[n] = g[n] - std::real(g[n] * std::conj(v[n])) * v[n];
    const double gn2 = rg.squaredNorm();
    if (!(gn2 > 0.0)) {
      d.converged = true;
      break;
    }
    // Armijo backtracking from a step that grows after each success.
    bool moved = false;
    SecEval next;
    CVec vn;
    for (int bt = 0; bt < 40; ++bt) {
      vn = sec_project(v + (step / std::sqrt(gn2)) * rg);
      next = sec_eval(bob, bob_noise_w, eves, eve_noise_w, power_w, vn);
      if (next.lambda > cur.lambda) {
        moved = true;
        break;
      }
      step *= 0.5;
    }
    if (!moved) {
      d.converged = true;
      break;
    }
    const double rise = (next.lambda - cur.lambda) / cur.lambda;
    v = vn;
    cur = next;
    step = std::min(2.0 * step, 4.0);
    if (rise < opt.tolerance) {
      d.converged = true;
      ++d.iterations;
      break;
    }
  }
  d.v = v;
  WiretapChannel ch;
  ch.bob = bob.at(v);
  ch.bob_noise_w = bob_noise_w;
  ch.eve.resize(ch.bob.size(), static_cast<Index>(eves.size()));
  for (std::size_t e = 0; e < eves.size(); ++e) ch.eve.col(static_cast<Index>(e)) = eves[e].at(v);
  ch.eve_noise_w = eve_noise_w;
  ch.power_w = power_w;
  d.solution = secrecy_capacity(ch);
  return d;
}

SecrecyWithSensing secrecy_with_sensing(const WiretapChannel& ch, const CVec& target_channel, double min_sensing_gain,
                                        int grid) {
  validate(ch);
  const Index m = ch.bob.size();
  if (target_channel.size() != m)
    throw InvalidArgument("secrecy_with_sensing(): target channel has " + std::to_string(target_channel.size()) +
                          " entries, expected " + std::to_string(m));
  if (!(min_sensing_gain >= 0.0) || !std::isfinite(min_sensing_gain))
    throw InvalidArgument("secrecy_with_sensing(): min_sensing_gain must be finite and >= 0");
  if (grid < 2) throw InvalidArgument("secrecy_with_sensing(): grid must be >= 2");
  // AN direction: the target channel projected off the user's channel (zero if M = 1 or a ∥ c_b).
  CVec z = target_channel;
  const double nb = ch.bob.squaredNorm();
  if (nb > 0.0) z -= ch.bob * (ch.bob.dot(target_channel) / nb);
  const double zn = z.norm();
  const bool have_an = zn > 1e-12 * target_channel.norm() && m > 1;
  if (have_an) z /= zn;
  const CMat sigma = sec_diag_cov(ch.eve_noise_w);
  const CVec hez = ch.eve.adjoint() * z;
  auto solve = [&](double p) {
    SecrecyWithSensing r;
    const double an = have_an ? ch.power_w - p : 0.0;
    const double pi = have_an ? p : ch.power_w;
    const CMat cov = sigma + an * hez * hez.adjoint();
    r.solution = sec_solve(ch.bob, ch.bob_noise_w, ch.eve, 0.5 * (cov + cov.adjoint()), pi);
    // With zero capacity the BS still radiates the information beam for sensing (the principal
    // eigenvector); silence would waste the sensing power. Use the pencil's beam direction anyway.
    CVec w = r.solution.beam;
    if (w.norm() == 0.0 && pi > 0.0) {
      CMat a = CMat::Identity(m, m) + (pi / ch.bob_noise_w) * ch.bob * ch.bob.adjoint();
      Eigen::GeneralizedSelfAdjointEigenSolver<CMat> es(0.5 * (a + a.adjoint()), sec_eve_matrix(ch.eve, cov, pi));
      CVec u = es.eigenvectors().col(m - 1);
      w = std::sqrt(pi) * u / u.norm();
    }
    r.info_power_w = pi;
    r.an_power_w = an;
    r.sensing_gain = std::norm(target_channel.dot(w)) + (have_an ? an * std::norm(target_channel.dot(z)) : 0.0);
    return r;
  };
  if (!have_an) {
    SecrecyWithSensing r = solve(ch.power_w);
    if (r.sensing_gain < min_sensing_gain)
      throw Infeasible("secrecy_with_sensing(): the sensing gain " + std::to_string(r.sensing_gain) +
                       " is below the required " + std::to_string(min_sensing_gain) +
                       " and no artificial-noise direction exists (one antenna, or the target along the user)");
    return r;
  }
  // Grid over p, then golden-section refinement around the best feasible grid point.
  int best = -1;
  double best_c = -1.0;
  for (int i = 0; i <= grid; ++i) {
    const SecrecyWithSensing r = solve(ch.power_w * i / grid);
    if (r.sensing_gain >= min_sensing_gain && r.solution.capacity_bps_hz > best_c) {
      best_c = r.solution.capacity_bps_hz;
      best = i;
    }
  }
  if (best < 0)
    throw Infeasible("secrecy_with_sensing(): no split of the power between information and artificial noise "
                     "reaches the sensing gain " + std::to_string(min_sensing_gain));
  const double lo = ch.power_w * std::max(0, best - 1) / grid, hi = ch.power_w * std::min(grid, best + 1) / grid;
  const auto g = golden_section_max(
      [&](double p) {
        const SecrecyWithSensing r = solve(p);
        return r.sensing_gain >= min_sensing_gain ? r.solution.capacity_bps_hz : -1.0;
      },
      lo, hi, 60);
  SecrecyWithSensing r = solve(g.fx > best_c ? g.x : ch.power_w * best / grid);
  return r;
}

}  // namespace irisac
