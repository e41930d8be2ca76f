#include "irisac/sensing/design.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <Eigen/Eigenvalues>
#include <Eigen/LU>

#include "irisac/core/constants.hpp"
#include "irisac/core/error.hpp"
#include "irisac/core/golden_section.hpp"
#include "irisac/geometry/array.hpp"
#include "irisac/sensing/crb.hpp"

namespace irisac {

// ------------------------------------------------------------------ Riemannian CG on the circle
namespace {
CVec proj(const CVec& z, const CVec& u) {
  // u − Re(u ⊙ z*) ⊙ z
  return u - (u.array() * z.array().conjugate()).real().cast<Complex>().matrix().cwiseProduct(z);
}
CVec retract(const CVec& z, const CVec& u) {
  CVec w = z + u;
  for (Index i = 0; i < w.size(); ++i) {
    const double a = std::abs(w[i]);
    w[i] = a > 0.0 ? w[i] / a : z[i];
  }
  return w;
}
double ip(const CVec& a, const CVec& b) { return a.dot(b).real(); }  // Re(aᴴb)
}  // namespace

CircleResult minimize_on_circle(const CircleObjective& f, const CVec& v0, const CircleOptions& opts) {
  IRISAC_REQUIRE(v0.size() >= 1, "v0 must be non-empty");
  IRISAC_REQUIRE(f.value && f.egrad, "objective needs value and egrad");
  IRISAC_REQUIRE(opts.max_iterations >= 0, "max_iterations must be >= 0 (got ", opts.max_iterations, ")");
  CircleResult res;
  CVec v = v0;
  for (Index i = 0; i < v.size(); ++i) {
    const double a = std::abs(v[i]);
    v[i] = a > 0.0 ? v[i] / a : Complex{1.0, 0.0};
  }
  double fv = f.value(v);
  if (!std::isfinite(fv)) throw NumericalError("minimize_on_circle(): objective is not finite at v0");
  CVec g = proj(v, f.egrad(v));
  CVec d = -g;
  // Adaptive backtracking (Manopt linesearch_adaptive): the accepted step LENGTH ‖a·d‖ is carried
  // over (doubled unless the first halving was needed), capped at π rad per element scale.
  double len_old = -1.0;
  int small_steps = 0;
  Index it = 0;
  for (; it < opts.max_iterations; ++it) {
    const double gn = std::sqrt(ip(g, g));
    res.gradient_norm = gn;
    if (gn <= opts.gradient_tolerance * std::max(1.0, std::abs(fv))) {
      res.converged = true;
      break;
    }
    double df0 = ip(g, d);
    if (df0 >= 0.0) {
      d = -g;
      df0 = -ip(g, g);
    }
    double nf = fv, a = 0.0;
    CVec nv;
    int ce = 0;
    for (int attempt = 0; attempt < 2; ++attempt) {
      const double dn = std::sqrt(ip(d, d));
      a = (len_old > 0.0 ? std::min(len_old, constants::pi) : 1.0) / dn;
      nv = retract(v, a * d);
      nf = f.value(nv);
      ce = 1;
      while (!(nf <= fv + 0.5 * a * df0) && ce <= 20) {
        a *= 0.5;
        nv = retract(v, a * d);
        nf = f.value(nv);
        ++ce;
      }
      if (nf <= fv) break;
      if (attempt == 0) {  // conjugate direction failed: retry once along −g
        d = -g;
        df0 = -ip(g, g);
        len_old = -1.0;
      }
    }
    if (!(nf <= fv)) break;  // no decrease along −g either: stationary to working precision
    // stop after 5 consecutive iterations that improve f by less than 1e-14 relative
    small_steps = (fv - nf <= 1e-14 * std::abs(fv)) ? small_steps + 1 : 0;
    len_old = (ce == 2 ? a : 2.0 * a) * std::sqrt(ip(d, d));
    const CVec ng = proj(nv, f.egrad(nv));
    const CVec diff = ng - proj(nv, g);
    const CVec dd = proj(nv, d);
    const double den = ip(diff, dd);
    const double beta = std::abs(den) > 1e-300 ? std::max(0.0, ip(ng, diff) / den) : 0.0;  // Hestenes–Stiefel
    d = -ng + beta * dd;
    v = nv;
    g = ng;
    fv = nf;
    if (opts.record_history) res.history.push_back(fv);
    if (small_steps >= 5) {
      ++it;
      break;
    }
  }
  res.v = v;
  res.value = fv;
  res.iterations = it;
  return res;
}

CVec numeric_egrad(const std::function<double(const CVec&)>& f, const CVec& v, double step) {
  IRISAC_REQUIRE(step > 0.0, "step must be > 0 (got ", step, ")");
  CVec g(v.size());
  CVec w = v;
  for (Index i = 0; i < v.size(); ++i) {
    const Complex orig = w[i];
    w[i] = orig + step;
    const double fr1 = f(w);
    w[i] = orig - step;
    const double fr0 = f(w);
    w[i] = orig + Complex{0.0, step};
    const double fi1 = f(w);
    w[i] = orig - Complex{0.0, step};
    const double fi0 = f(w);
    w[i] = orig;
    g[i] = Complex{(fr1 - fr0) / (2.0 * step), (fi1 - fi0) / (2.0 * step)};  // ∂f/∂Re + j∂f/∂Im = 2∂f/∂v*
  }
  return g;
}

// ------------------------------------------------------------------ forms linear in v
namespace {
/// x(v) = c + L v.
struct Affine {
  CVec c;
  CMat l;
  [[nodiscard]] CVec at(const CVec& v) const { return c + l * v; }
};

/// s = yᴴ W x, with ∂s/∂v* and conj(∂s/∂v) (both as vectors in ℂᴺ).
struct Form {
  Complex s{0.0, 0.0};
  CVec d_conj;  ///< ∂s/∂v*
  CVec conj_d;  ///< conj(∂s/∂v) = ∂s*/∂v*
};

Form pair_form(const Affine& y, const Affine& x, const CMat* w, const CVec& v) {
  const CVec xv = x.at(v), yv = y.at(v);
  const CVec wx = w ? CVec(*w * xv) : xv;
  const CVec why = w ? CVec(w->adjoint() * yv) : yv;
  Form f;
  f.s = yv.dot(wx);  // yᴴ(Wx)
  f.d_conj = y.l.adjoint() * wx;
  f.conj_d = x.l.adjoint() * why;
  return f;
}

Form product(const Form& a, const Form& b) {
  Form f;
  f.s = a.s * b.s;
  f.d_conj = a.d_conj * b.s + a.s * b.d_conj;
  f.conj_d = a.conj_d * std::conj(b.s) + std::conj(a.s) * b.conj_d;
  return f;
}

Form add(const Form& a, const Form& b) {
  return {a.s + b.s, a.d_conj + b.d_conj, a.conj_d + b.conj_d};
}

Index model_irs_size(const EchoModel& model) {
  for (const EchoLeg* leg : {&model.receive, &model.transmit})
    if (leg->kind == EchoLeg::Kind::irs) return leg->reflection.size();
  throw InvalidArgument("irs_size(): the echo model has no IRS leg, so there is nothing to design");
}

Affine leg_affine(const EchoLeg& leg, double theta, bool derivative, Index n, const CMat* whiten) {
  Affine a;
  const Index out = leg.size();
  switch (leg.kind) {
    case EchoLeg::Kind::irs:
      a.c = CVec::Zero(out);
      a.l = leg.gain * (leg.channel * leg_steering(leg, theta, derivative).asDiagonal());
      break;
    case EchoLeg::Kind::array:
      a.c = leg.gain * leg_steering(leg, theta, derivative);
      a.l = CMat::Zero(out, n);
      break;
    case EchoLeg::Kind::fixed:
      a.c = derivative ? CVec(CVec::Zero(out)) : leg.response;
      a.l = CMat::Zero(out, n);
      break;
  }
  if (!derivative && leg.offset.size() == out) a.c += leg.offset;
  if (whiten) {
    a.c = *whiten * a.c;
    a.l = *whiten * a.l;
  }
  return a;
}

struct TargetLegs {
  Affine r, rd, t, td;
};
TargetLegs target_legs(const EchoModel& model, double theta, Index n, const CMat* whiten) {
  return {leg_affine(model.receive, theta, false, n, whiten), leg_affine(model.receive, theta, true, n, whiten),
          leg_affine(model.transmit, theta, false, n, nullptr), leg_affine(model.transmit, theta, true, n, nullptr)};
}

/// tr(X1 R X2ᴴ) with X1 = x1 x2ᵀ, X2 = y1 y2ᵀ:  (y1ᴴx1)·(y2ᴴ Rᵀ x2).
Form trace_term(const Affine& x1, const Affine& x2, const Affine& y1, const Affine& y2, const CMat& rt,
                const CVec& v) {
  return product(pair_form(y1, x1, nullptr, v), pair_form(y2, x2, &rt, v));
}

struct CrbForms {
  Form f1, f2, f3;
};
CrbForms crb_forms(const TargetLegs& l, const CMat& rt, const CVec& v) {
  CrbForms c;
  c.f3 = trace_term(l.r, l.t, l.r, l.t, rt, v);
  c.f2 = add(trace_term(l.r, l.t, l.rd, l.t, rt, v), trace_term(l.r, l.t, l.r, l.td, rt, v));
  c.f1 = add(add(trace_term(l.rd, l.t, l.rd, l.t, rt, v), trace_term(l.rd, l.t, l.r, l.td, rt, v)),
             add(trace_term(l.r, l.td, l.rd, l.t, rt, v), trace_term(l.r, l.td, l.r, l.td, rt, v)));
  return c;
}

/// J and ∂J/∂v*.
std::pair<double, CVec> crb_information(const CrbForms& c) {
  const double f1 = c.f1.s.real(), f3 = c.f3.s.real();
  const Complex f2 = c.f2.s;
  const double n2 = std::norm(f2);
  const double j = f1 - n2 / f3;
  const CVec dn2 = std::conj(f2) * c.f2.d_conj + f2 * c.f2.conj_d;
  const CVec dj = c.f1.d_conj - (dn2 * f3 - n2 * c.f3.d_conj) / (f3 * f3);
  return {j, dj};
}

void check_design_inputs(const EchoModel& model, const CMat& tx_cov) {
  IRISAC_REQUIRE(tx_cov.rows() == model.num_tx() && tx_cov.cols() == model.num_tx(), "tx_cov must be ",
                 model.num_tx(), "x", model.num_tx(), " (got ", tx_cov.rows(), "x", tx_cov.cols(), ")");
  IRISAC_REQUIRE(tx_cov.trace().real() > 0.0, "transmit power tr(R_x) must be > 0 (got ", tx_cov.trace().real(),
                 ")");
}

/// Γ_kj = tr(B_kᴴ B_j R) as forms.
std::vector<std::vector<Form>> gram_forms(const std::vector<TargetLegs>& legs, const CMat& rt, const CVec& v) {
  const std::size_t k = legs.size();
  std::vector<std::vector<Form>> g(k, std::vector<Form>(k));
  for (std::size_t a = 0; a < k; ++a)
    for (std::size_t b = 0; b < k; ++b)
      g[a][b] = trace_term(legs[b].r, legs[b].t, legs[a].r, legs[a].t, rt, v);
  return g;
}
}  // namespace

Index irs_size(const EchoModel& model) { return model_irs_size(model); }

// ------------------------------------------------------------------ objectives
CircleObjective echo_power_objective(const EchoModel& model, double theta, const CMat& tx_cov, double scale) {
  check_design_inputs(model, tx_cov);
  IRISAC_REQUIRE(scale > 0.0, "scale must be > 0 (got ", scale, ")");
  const Index n = model_irs_size(model);
  const TargetLegs l = target_legs(model, theta, n, nullptr);
  const CMat rt = tx_cov.transpose();
  CircleObjective o;
  o.value = [l, rt, scale](const CVec& v) { return -trace_term(l.r, l.t, l.r, l.t, rt, v).s.real() / scale; };
  o.egrad = [l, rt, scale](const CVec& v) { return CVec(-2.0 / scale * trace_term(l.r, l.t, l.r, l.t, rt, v).d_conj); };
  return o;
}

CircleObjective beampattern_objective(const EchoModel& model, double theta, const CMat& tx_cov, double scale) {
  check_design_inputs(model, tx_cov);
  IRISAC_REQUIRE(scale > 0.0, "scale must be > 0 (got ", scale, ")");
  const Index n = model_irs_size(model);
  const Affine t = leg_affine(model.transmit, theta, false, n, nullptr);
  const CMat rt = tx_cov.transpose();
  CircleObjective o;
  o.value = [t, rt, scale](const CVec& v) { return -pair_form(t, t, &rt, v).s.real() / scale; };
  o.egrad = [t, rt, scale](const CVec& v) { return CVec(-2.0 / scale * pair_form(t, t, &rt, v).d_conj); };
  return o;
}

CircleObjective crb_objective(const EchoModel& model, double theta, const CMat& tx_cov, double scale) {
  check_design_inputs(model, tx_cov);
  IRISAC_REQUIRE(model.nuisance_paths.empty(), "the CRB design supports clutter but not nuisance echo paths");
  IRISAC_REQUIRE(scale > 0.0, "scale must be > 0 (got ", scale, ")");
  const Index n = model_irs_size(model);
  const CMat w = whitening_matrix(model);
  const TargetLegs l = target_legs(model, theta, n, &w);
  const CMat rt = tx_cov.transpose();
  CircleObjective o;
  o.value = [l, rt, scale](const CVec& v) {
    const double j = crb_information(crb_forms(l, rt, v)).first;
    return j > 0.0 ? scale / j : std::numeric_limits<double>::infinity();
  };
  o.egrad = [l, rt, scale](const CVec& v) {
    const auto [j, dj] = crb_information(crb_forms(l, rt, v));
    return CVec(-2.0 * scale / (j * j) * dj);
  };
  return o;
}

CircleObjective decorrelation_objective(const EchoModel& model, const std::vector<double>& thetas,
                                        const CMat& tx_cov) {
  check_design_inputs(model, tx_cov);
  IRISAC_REQUIRE(thetas.size() >= 2, "need at least two targets (got ", thetas.size(), ")");
  const Index n = model_irs_size(model);
  std::vector<TargetLegs> legs;
  for (double th : thetas) legs.push_back(target_legs(model, th, n, nullptr));
  const CMat rt = tx_cov.transpose();
  auto eval = [legs, rt](const CVec& v, bool want_grad) {
    const auto g = gram_forms(legs, rt, v);
    double f = 0.0;
    CVec grad = CVec::Zero(v.size());
    for (std::size_t a = 0; a < legs.size(); ++a)
      for (std::size_t b = a + 1; b < legs.size(); ++b) {
        const Form& s = g[a][b];
        const double num = std::norm(s.s);
        const double pa = g[a][a].s.real(), pb = g[b][b].s.real();
        const double den = pa * pb;
        if (!(den > 0.0)) continue;
        f += num / den;
        if (want_grad) {
          const CVec dnum = std::conj(s.s) * s.d_conj + s.s * s.conj_d;
          const CVec dden = g[a][a].d_conj * pb + pa * g[b][b].d_conj;
          grad += (dnum * den - num * dden) / (den * den);
        }
      }
    return std::pair<double, CVec>{f, CVec(2.0 * grad)};
  };
  CircleObjective o;
  o.value = [eval](const CVec& v) { return eval(v, false).first; };
  o.egrad = [eval](const CVec& v) { return eval(v, true).second; };
  return o;
}

CircleObjective rank_objective(const EchoModel& model, const std::vector<double>& thetas, const CMat& tx_cov) {
  check_design_inputs(model, tx_cov);
  IRISAC_REQUIRE(!thetas.empty(), "need at least one target");
  const Index n = model_irs_size(model);
  std::vector<TargetLegs> legs;
  for (double th : thetas) legs.push_back(target_legs(model, th, n, nullptr));
  const CMat rt = tx_cov.transpose();
  const auto k = static_cast<Index>(legs.size());
  // δ fixed from a reference (unit) reflection so that the objective is one smooth function.
  double tr0 = 0.0;
  {
    const auto g = gram_forms(legs, rt, CVec::Ones(n));
    for (std::size_t a = 0; a < legs.size(); ++a) tr0 += g[a][a].s.real();
  }
  const double delta = 1e-12 * std::max(tr0, 1e-300) / static_cast<double>(k);
  auto eval = [legs, rt, k, delta](const CVec& v, bool want_grad) {
    const auto g = gram_forms(legs, rt, v);
    CMat gm(k, k);
    for (Index a = 0; a < k; ++a)
      for (Index b = 0; b < k; ++b) gm(a, b) = g[static_cast<std::size_t>(a)][static_cast<std::size_t>(b)].s;
    gm = (gm + gm.adjoint()) / 2.0;
    gm += delta * CMat::Identity(k, k);
    Eigen::SelfAdjointEigenSolver<CMat> es(gm);
    const RVec ev = es.eigenvalues().cwiseMax(1e-300);
    const double f = -ev.array().log().sum();
    CVec grad = CVec::Zero(v.size());
    if (want_grad) {
      const CMat inv = es.eigenvectors() * ev.cwiseInverse().cast<Complex>().asDiagonal() * es.eigenvectors().adjoint();
      for (Index a = 0; a < k; ++a)
        for (Index b = 0; b < k; ++b)
          grad -= inv(b, a) * g[static_cast<std::size_t>(a)][static_cast<std::size_t>(b)].d_conj;
    }
    return std::pair<double, CVec>{f, CVec(2.0 * grad)};
  };
  CircleObjective o;
  o.value = [eval](const CVec& v) { return eval(v, false).first; };
  o.egrad = [eval](const CVec& v) { return eval(v, true).second; };
  return o;
}

namespace {
CMat gram_matrix(const EchoModel& model, const std::vector<double>& thetas, const CMat& tx_cov) {
  const auto k = static_cast<Index>(thetas.size());
  CMat g(k, k);
  std::vector<CMat> b;
  for (double th : thetas) b.push_back(echo_response(model, th));
  for (Index a = 0; a < k; ++a)
    for (Index c = 0; c < k; ++c)
      g(a, c) = (b[static_cast<std::size_t>(a)].conjugate().cwiseProduct(b[static_cast<std::size_t>(c)] * tx_cov)).sum();
  return g;
}
}  // namespace

RMat echo_correlation(const EchoModel& model, const std::vector<double>& thetas, const CMat& tx_cov) {
  check_design_inputs(model, tx_cov);
  const CMat g = gram_matrix(model, thetas, tx_cov);
  const Index k = g.rows();
  RMat c(k, k);
  for (Index a = 0; a < k; ++a)
    for (Index b = 0; b < k; ++b) {
      const double den = std::sqrt(g(a, a).real() * g(b, b).real());
      c(a, b) = den > 0.0 ? std::abs(g(a, b)) / den : 0.0;
    }
  return c;
}

Index sensing_channel_rank(const EchoModel& model, const std::vector<double>& thetas, const CMat& tx_cov) {
  check_design_inputs(model, tx_cov);
  const CMat g = gram_matrix(model, thetas, tx_cov);
  Eigen::SelfAdjointEigenSolver<CMat> es((g + g.adjoint()) / 2.0, Eigen::EigenvaluesOnly);
  const RVec& ev = es.eigenvalues();
  Index r = 0;
  for (Index i = 0; i < ev.size(); ++i)
    if (ev[i] > 1e-9 * ev[ev.size() - 1]) ++r;
  return r;
}

// ------------------------------------------------------------------ designs
SensingDesign design_echo_power(const EchoModel& model, double theta, const CMat& tx_cov, const CVec& v0,
                                const DesignOptions& opts) {
  check_design_inputs(model, tx_cov);
  const Index n = model_irs_size(model);
  IRISAC_REQUIRE(v0.size() == n, "v0 has ", v0.size(), " entries, the IRS has ", n);
  const double power = tx_cov.trace().real();
  SensingDesign d;
  d.v = v0;
  d.tx_cov = tx_cov;
  const Index rounds = opts.optimize_tx_cov ? std::max<Index>(1, opts.outer_iterations) : 1;
  for (Index k = 0; k < rounds; ++k) {
    const double p0 = -echo_power_objective(model, theta, d.tx_cov).value(d.v);
    const auto res = minimize_on_circle(echo_power_objective(model, theta, d.tx_cov, p0 > 0.0 ? p0 : 1.0), d.v,
                                        opts.circle);
    d.v = res.v;
    d.iterations += res.iterations;
    if (opts.optimize_tx_cov) {
      const CVec t = leg_response(with_reflection(model, d.v).transmit, theta);
      if (t.squaredNorm() > 0.0) d.tx_cov = power * t.conjugate() * t.transpose() / t.squaredNorm();
    }
  }
  d.objective = -echo_power_objective(model, theta, d.tx_cov).value(d.v);
  return d;
}

SensingDesign design_max_min(const EchoModel& model, const std::vector<double>& thetas, const CMat& tx_cov,
                             const CVec& v0, bool illumination_only, const CircleOptions& opts) {
  check_design_inputs(model, tx_cov);
  IRISAC_REQUIRE(!thetas.empty(), "need at least one target");
  const Index n = model_irs_size(model);
  IRISAC_REQUIRE(v0.size() == n, "v0 has ", v0.size(), " entries, the IRS has ", n);
  std::vector<CircleObjective> each;
  for (double th : thetas)
    each.push_back(illumination_only ? beampattern_objective(model, th, tx_cov) : echo_power_objective(model, th, tx_cov));
  auto min_power = [&](const CVec& v) {
    double m = std::numeric_limits<double>::infinity();
    for (const auto& o : each) m = std::min(m, -o.value(v));
    return m;
  };
  double scale = 0.0;
  for (const auto& o : each) scale += -o.value(v0);
  scale = scale > 0.0 ? scale / static_cast<double>(each.size()) : 1.0;
  SensingDesign d;
  d.v = v0;
  d.tx_cov = tx_cov;
  double best = min_power(v0);
  CVec best_v = v0;
  for (double mu : {5.0, 20.0, 100.0, 500.0}) {
    CircleObjective soft;
    soft.value = [&, mu, scale](const CVec& v) {
      RVec p(static_cast<Index>(each.size()));
      for (std::size_t k = 0; k < each.size(); ++k) p[static_cast<Index>(k)] = -each[k].value(v) / scale;
      const double m = p.minCoeff();
      return -m + std::log((-mu * (p.array() - m)).exp().sum()) / mu;  // −softmin
    };
    soft.egrad = [&, mu, scale](const CVec& v) {
      RVec p(static_cast<Index>(each.size()));
      for (std::size_t k = 0; k < each.size(); ++k) p[static_cast<Index>(k)] = -each[k].value(v) / scale;
      const double m = p.minCoeff();
      RVec w = (-mu * (p.array() - m)).exp();
      w /= w.sum();
      CVec g = CVec::Zero(v.size());
      for (std::size_t k = 0; k < each.size(); ++k) g += w[static_cast<Index>(k)] * each[k].egrad(v) / scale;
      return g;
    };
    const auto res = minimize_on_circle(soft, d.v, opts);
    d.v = res.v;
    d.iterations += res.iterations;
    const double m = min_power(d.v);
    if (m > best) {
      best = m;
      best_v = d.v;
    }
  }
  d.v = best_v;
  d.objective = best;
  return d;
}

CMat crb_optimal_tx_cov(const EchoModel& model, double theta, double power, const CMat& tx_cov0, Index iterations) {
  IRISAC_REQUIRE(power > 0.0, "power must be > 0 (got ", power, ")");
  IRISAC_REQUIRE(model.nuisance_paths.empty(), "the CRB design supports clutter but not nuisance echo paths");
  const Index nt = model.num_tx();
  const CMat w = whitening_matrix(model);
  const CMat b = w * echo_response(model, theta);
  const CMat bd = w * echo_response_derivative(model, theta);
  const CMat a1 = bd.adjoint() * bd, a3 = b.adjoint() * b, m = bd.adjoint() * b;
  struct F {
    double f1, f3;
    Complex f2;
  };
  auto forms = [&](const CMat& r) {
    return F{(a1 * r).trace().real(), (a3 * r).trace().real(), (m * r).trace()};
  };
  auto jval = [](const F& f) { return f.f3 > 0.0 ? f.f1 - std::norm(f.f2) / f.f3 : -1.0; };
  CMat r = tx_cov0.rows() == nt && tx_cov0.cols() == nt ? tx_cov0 : CMat(CMat::Identity(nt, nt));
  r *= power / r.trace().real();
  if (!(forms(r).f3 > 0.0)) r = power / static_cast<double>(nt) * CMat::Identity(nt, nt);
  if (!(forms(r).f3 > 0.0))
    throw NumericalError("crb_optimal_tx_cov(): the echo of the target is zero for every transmit covariance");
  for (Index it = 0; it < iterations; ++it) {
    const F fr = forms(r);
    const double jr = jval(fr);
    CMat h = a1 - (std::conj(fr.f2) * m + fr.f2 * m.adjoint()) / fr.f3 + std::norm(fr.f2) / (fr.f3 * fr.f3) * a3;
    h = (h + h.adjoint()) / 2.0;
    Eigen::SelfAdjointEigenSolver<CMat> es(h);
    const CVec e = es.eigenvectors().col(nt - 1);
    const CMat s = power * e * e.adjoint();
    const double gap = (h * (s - r)).trace().real();
    if (gap <= 1e-12 * std::max(std::abs(jr), 1e-300)) break;
    const F fs = forms(s);
    auto jg = [&](double g) {
      return jval(F{(1 - g) * fr.f1 + g * fs.f1, (1 - g) * fr.f3 + g * fs.f3, (1 - g) * fr.f2 + g * fs.f2});
    };
    double g = golden_section_max(jg, 0.0, 1.0, 60).midpoint;  // the concave J on [0, 1]
    if (jg(1.0) > jg(g)) g = 1.0;
    if (!(jg(g) > jr)) break;
    r = (1 - g) * r + g * s;
  }
  return (r + r.adjoint()) / 2.0;
}

SensingDesign design_min_crb(const EchoModel& model, const PointTarget& target, double power, Index num_snapshots,
                             const CVec& v0, const DesignOptions& opts) {
  IRISAC_REQUIRE(power > 0.0, "power must be > 0 (got ", power, ")");
  IRISAC_REQUIRE(num_snapshots >= 1, "num_snapshots must be >= 1 (got ", num_snapshots, ")");
  IRISAC_REQUIRE(std::abs(target.alpha) > 0.0, "target reflection coefficient must be non-zero");
  const Index nt = model.num_tx();
  const CMat iso = power / static_cast<double>(nt) * CMat::Identity(nt, nt);
  const SensingDesign echo = design_echo_power(model, target.theta, iso, v0, opts);
  auto crb_of = [&](const CVec& v, const CMat& r) {
    try {
      return crb_angle(with_reflection(model, v), target, r, num_snapshots);
    } catch (const NumericalError&) {
      return std::numeric_limits<double>::infinity();
    }
  };
  SensingDesign d = echo;
  d.objective = crb_of(d.v, d.tx_cov);
  for (Index k = 0; k < std::max<Index>(1, opts.outer_iterations); ++k) {
    if (opts.optimize_tx_cov) {
      const CMat r = crb_optimal_tx_cov(with_reflection(model, d.v), target.theta, power, d.tx_cov,
                                        opts.frank_wolfe_iterations);
      const double c = crb_of(d.v, r);
      if (c <= d.objective) {
        d.tx_cov = r;
        d.objective = c;
      }
    }
    if (!std::isfinite(d.objective)) d.tx_cov = iso;
    const CircleObjective f0 = crb_objective(model, target.theta, d.tx_cov, 1.0);
    const double j0 = 1.0 / f0.value(d.v);
    const auto res = minimize_on_circle(crb_objective(model, target.theta, d.tx_cov, std::isfinite(j0) && j0 > 0 ? j0 : 1.0),
                                        d.v, opts.circle);
    d.iterations += res.iterations;
    const double c = crb_of(res.v, d.tx_cov);
    if (c <= d.objective || !std::isfinite(d.objective)) {
      d.v = res.v;
      d.objective = c;
    }
  }
  const double echo_crb = crb_of(echo.v, echo.tx_cov);
  if (!(d.objective <= echo_crb) && std::isfinite(echo_crb)) {
    d = echo;
    d.objective = echo_crb;
  }
  if (!std::isfinite(d.objective))
    throw NumericalError("design_min_crb(): the angle is not identifiable for any design tried (rank-one BS-IRS "
                         "and IRS-BS channels?)");
  return d;
}

SensingDesign design_decorrelation(const EchoModel& model, const std::vector<double>& thetas, const CMat& tx_cov,
                                   const CVec& v0, const CircleOptions& opts) {
  const CircleObjective f = decorrelation_objective(model, thetas, tx_cov);
  IRISAC_REQUIRE(v0.size() == model_irs_size(model), "v0 has ", v0.size(), " entries, the IRS has ",
                 model_irs_size(model));
  const auto res = minimize_on_circle(f, v0, opts);
  return {res.v, tx_cov, res.value, res.iterations};
}

SensingDesign design_rank(const EchoModel& model, const std::vector<double>& thetas, const CMat& tx_cov,
                          const CVec& v0, const CircleOptions& opts) {
  const CircleObjective f = rank_objective(model, thetas, tx_cov);
  IRISAC_REQUIRE(v0.size() == model_irs_size(model), "v0 has ", v0.size(), " entries, the IRS has ",
                 model_irs_size(model));
  const auto res = minimize_on_circle(f, v0, opts);
  return {res.v, tx_cov, -res.value, res.iterations};
}

}  // namespace irisac
