#include "irisac/comm/phase_methods.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "irisac/comm/split_matrix.hpp"
#include "irisac/core/constants.hpp"
#include "irisac/core/error.hpp"
#include "irisac/core/golden_section.hpp"
#include "irisac/core/simd.hpp"

namespace irisac {
namespace {

using constants::two_pi;

// The kernels below work on raw (re, im) doubles so that they vectorise (AVX2 where the CPU has it,
// see core/simd.hpp): |y| as sqrt(re² + im²) instead of std::abs (hypot, ~20× slower), no Eigen
// temporaries, and the N×T products with B split into real and imaginary planes (SplitMatrix).
const double* ri(const CVec& x) { return reinterpret_cast<const double*>(x.data()); }
double* ri(CVec& x) { return reinterpret_cast<double*>(x.data()); }

// Σ_i x_i y_i over raw arrays; Re(a^H b) = dot over the 2N interleaved doubles.
IRISAC_MULTIVERSION double dot_kernel(const double* x, const double* y, Index len) {
  // 16 independent partial sums: the loop runs at FMA throughput instead of FMA latency.
  constexpr Index w = 16;
  double acc[w] = {};
  Index i = 0;
  for (; i + w <= len; i += w)
#pragma omp simd
    for (Index j = 0; j < w; ++j) acc[j] += x[i + j] * y[i + j];
  double s = 0.0;
  for (; i < len; ++i) s += x[i] * y[i];
  for (Index j = 0; j < w; ++j) s += acc[j];
  return s;
}
double ip(const CVec& a, const CVec& b) { return dot_kernel(ri(a), ri(b), 2 * a.size()); }  // Re(a^H b)

// out = s·P_z(u) = s·(u − Re(u ⊙ z^*) ⊙ z), s = ±1   (out may alias u)
IRISAC_MULTIVERSION void proj_kernel(double* op, const double* zp, const double* up, double s, Index n) {
#pragma omp simd
  for (Index k = 0; k < n; ++k) {
    const double zr = zp[2 * k], zi = zp[2 * k + 1], ur = up[2 * k], ui = up[2 * k + 1];
    const double c = ur * zr + ui * zi;
    op[2 * k] = s * (ur - c * zr);
    op[2 * k + 1] = s * (ui - c * zi);
  }
}
void proj_into(CVec& out, const CVec& z, const CVec& u, double sign = 1.0) {
  out.resize(z.size());
  proj_kernel(ri(out), ri(z), ri(u), sign, z.size());
}

CVec proj(const CVec& z, const CVec& u) {
  CVec out;
  proj_into(out, z, u);
  return out;
}

// y = R_z(a·d) = (z + a d)/|z + a d| element-wise. |z_n| = 1 and a·d is bounded, so re² + im²
// neither overflows nor underflows. The 1e-150·z_n term makes the formula return z_n where
// z_n + a d_n = 0 exactly, without a compare or a branch; elsewhere it is below the rounding of any
// |z_n + a d_n| > 1e-134.
IRISAC_MULTIVERSION void retract_kernel(double* yp, const double* zp, double a, const double* dp, Index n) {
  constexpr double tiny = 1e-150;
#pragma omp simd
  for (Index k = 0; k < n; ++k) {
    const double zr = zp[2 * k], zi = zp[2 * k + 1];
    const double re = (zr + a * dp[2 * k]) + tiny * zr, im = (zi + a * dp[2 * k + 1]) + tiny * zi;
    const double inv = 1.0 / std::sqrt(re * re + im * im);
    yp[2 * k] = re * inv;
    yp[2 * k + 1] = im * inv;
  }
}
void retract_into(CVec& y, const CVec& z, double a, const CVec& d) {
  y.resize(z.size());
  retract_kernel(ri(y), ri(z), a, ri(d), z.size());
}

// One pass after a step to z: ng = −P_z(eg) (Riemannian gradient of h = −f), td = P_z(d) (transport
// of the direction), and the inner products the CG update needs. Because P_z is an orthogonal
// projection and ng is tangent at z, ⟨ng, P_z g⟩ = ⟨ng, g⟩ and ⟨P_z g, P_z d⟩ = ⟨g, P_z d⟩: the
// transported old gradient never has to be formed. out = {⟨ng,ng⟩, ⟨ng,g⟩, ⟨ng,td⟩, ⟨g,td⟩}.
IRISAC_MULTIVERSION void transport_kernel(double* ngp, double* tdp, const double* zp, const double* egp,
                                          const double* gp, const double* dp, Index n, double* out) {
  double nn = 0.0, ngg = 0.0, ntd = 0.0, gtd = 0.0;
#pragma omp simd reduction(+ : nn, ngg, ntd, gtd)
  for (Index k = 0; k < n; ++k) {
    const double zr = zp[2 * k], zi = zp[2 * k + 1];
    const double er = egp[2 * k], ei = egp[2 * k + 1];
    const double ce = er * zr + ei * zi;
    const double nr = ce * zr - er, ni = ce * zi - ei;  // −(e − Re(e z̄) z)
    const double dr = dp[2 * k], di = dp[2 * k + 1];
    const double cd = dr * zr + di * zi;
    const double tr = dr - cd * zr, ti = di - cd * zi;
    const double gr = gp[2 * k], gi = gp[2 * k + 1];
    ngp[2 * k] = nr;
    ngp[2 * k + 1] = ni;
    tdp[2 * k] = tr;
    tdp[2 * k + 1] = ti;
    nn += nr * nr + ni * ni;
    ngg += nr * gr + ni * gi;
    ntd += nr * tr + ni * ti;
    gtd += gr * tr + gi * ti;
  }
  out[0] = nn;
  out[1] = ngg;
  out[2] = ntd;
  out[3] = gtd;
}

// d = β·td − g and, for the next iteration, out = {⟨g, d⟩, ⟨d, d⟩}.
IRISAC_MULTIVERSION void direction_kernel(double* dp, const double* tdp, const double* gp, double beta, Index len,
                                          double* out) {
  double gd = 0.0, dd = 0.0;
#pragma omp simd reduction(+ : gd, dd)
  for (Index i = 0; i < len; ++i) {
    const double x = beta * tdp[i] - gp[i];
    dp[i] = x;
    gd += gp[i] * x;
    dd += x * x;
  }
  out[0] = gd;
  out[1] = dd;
}

// Objective evaluations for the RCG loop. A TermObjective is evaluated through its amplitudes
// z = B^H v̄ (B split once into real and imaginary planes), and the gradient at the last evaluated
// point reuses z: the same quantities as TermObjective::value/gradient, one product fewer.
class RcgEval {
 public:
  explicit RcgEval(const PhaseObjective& f) : f_(f), tf_(dynamic_cast<const TermObjective*>(&f)) {
    if (!tf_) return;
    const CMat& B = tf_->terms();
    const Index n = B.rows() - 1;
    top_ = SplitMatrix(B.topRows(n));
    last_ = B.row(n).adjoint();
    q_.resize(B.cols());
    coef_.resize(B.cols());
  }
  double value(const CVec& v) {
    if (!tf_) return f_.value(v);
    top_.adjoint_times(v, z_);  // z = B[0:N]^H v + conj(B[N])
    z_ += last_;
    q_ = z_.cwiseAbs2();
    return tf_->smooth_from_terms(q_);
  }
  // ∇f at the point of the last value() call (for a TermObjective) or at v.
  void gradient_at_last(const CVec& v, CVec& g) {
    if (!tf_) {
      g = f_.gradient(v);
      return;
    }
    if (tf_->kind() != TermObjective::Kind::sum) dq_ = tf_->term_derivative(q_);
    const RVec& dq = tf_->kind() == TermObjective::Kind::sum ? tf_->weights() : dq_;  // ∂f/∂q_t
    for (Index t = 0; t < z_.size(); ++t) coef_(t) = z_(t) * (2.0 * dq(t));
    top_.times(coef_, g);  // g = B[0:N] (z ⊙ 2∂f/∂q)
  }

 private:
  const PhaseObjective& f_;
  const TermObjective* tf_;
  SplitMatrix top_;
  CVec last_, z_, coef_;
  RVec q_, dq_;
};

}  // namespace

CVec align_phases(const CVec& a, Complex b) {
  // e^{j(arg b − arg a_n)} = (b/|b|)·(a_n^*/|a_n|): no trigonometric calls (arg b := 0 for b = 0,
  // arg a_n := 0 for a_n = 0).
  const double bm = std::abs(b);
  const Complex eb = bm > 0 ? b / bm : Complex(1.0, 0.0);
  CVec v = project_unit_modulus(a.conjugate());
  v *= eb;
  return v;
}

CVec discrete_align_phases(const CVec& a, Complex b, int bits) {
  IRISAC_REQUIRE(bits >= 1 && bits <= 8, "bits must be in [1, 8] (got ", bits, ")");
  const Index n = a.size();
  const Index levels = Index{1} << bits;
  const double step = two_pi / static_cast<double>(levels);
  // choice l_n(φ) = round((φ − arg a_n)/step) mod L; it changes when (φ − arg a_n)/step crosses l + 1/2.
  struct Event {
    double phi;
    Index n;
  };
  std::vector<Event> ev;
  ev.reserve(static_cast<std::size_t>(n * levels));
  CVec choice(n);
  std::vector<Index> lvl(static_cast<std::size_t>(n));
  auto level_at = [&](Index i, double phi) {
    double x = std::round((phi - std::arg(a(i))) / step);
    auto l = static_cast<Index>(x) % levels;
    if (l < 0) l += levels;
    return l;
  };
  Complex s = b;
  for (Index i = 0; i < n; ++i) {
    const Index l = level_at(i, 0.0);
    lvl[static_cast<std::size_t>(i)] = l;
    choice(i) = std::polar(1.0, static_cast<double>(l) * step);
    s += a(i) * choice(i);
    if (std::abs(a(i)) == 0) continue;
    for (Index l2 = 0; l2 < levels; ++l2) {
      double phi = std::arg(a(i)) + (static_cast<double>(l2) + 0.5) * step;
      phi = std::fmod(phi, two_pi);
      if (phi < 0) phi += two_pi;
      ev.push_back({phi, i});
    }
  }
  std::sort(ev.begin(), ev.end(), [](const Event& x, const Event& y) { return x.phi < y.phi; });
  double best = std::abs(s);
  CVec best_v = choice;
  for (std::size_t e = 0; e < ev.size(); ++e) {
    const Index i = ev[e].n;
    auto& l = lvl[static_cast<std::size_t>(i)];
    l = (l + 1) % levels;  // φ increases: the nearest level advances by one
    const Complex nv = std::polar(1.0, static_cast<double>(l) * step);
    s += a(i) * (nv - choice(i));
    choice(i) = nv;
    if (std::abs(s) > best) {
      best = std::abs(s);
      best_v = choice;
    }
  }
  return best_v;
}

CVec riemannian_gradient(const PhaseObjective& f, const CVec& v) { return proj(v, f.gradient(v)); }

PhaseRun riemannian_cg(const PhaseObjective& f, const CVec& v0, const RcgOptions& opt) {
  IRISAC_REQUIRE(v0.size() == f.size(), "v0 must have N = ", f.size(), " entries (got ", v0.size(), ")");
  IRISAC_REQUIRE(opt.max_iterations >= 0, "max_iterations must be ≥ 0");
  // Minimise h(v) = −f(v); Pymanopt/Manopt conventions (see header). Buffers are allocated once:
  // v, nv (point, trial), g, ng (Riemannian gradients of h), d (direction), eg (Euclidean gradient
  // of f), td (d transported to nv). gg, gd, dd carry ⟨g,g⟩, ⟨g,d⟩, ⟨d,d⟩ from the fused kernels.
  RcgEval eval(f);
  CVec v = project_unit_modulus(v0);
  const Index n = v.size();
  CVec nv(n), g(n), ng(n), d(n), eg(n), td(n);
  double fv = -eval.value(v);
  eval.gradient_at_last(v, eg);
  proj_into(g, v, eg, -1.0);  // Riemannian gradient of h = −f
  d = -g;
  double gg = ip(g, g), gd = -gg, dd = gg;
  double alpha_prev = -1;
  const double scale = std::max({std::abs(fv), std::sqrt(gg), 1e-300});
  PhaseRun run;
  run.history.push_back(-fv);
  for (int it = 0; it < opt.max_iterations; ++it) {
    const double gn = std::sqrt(gg);
    if (gn <= opt.gradient_tolerance * std::max(std::abs(fv), scale * 1e-3)) {
      run.converged = true;
      break;
    }
    double df0 = gd;
    if (df0 >= 0) {  // not a descent direction: restart with −g
      d = -g;
      df0 = -gg;
      dd = gg;
    }
    const double dn = std::sqrt(dd);
    double a = alpha_prev > 0 ? alpha_prev : 1.0 / dn;
    retract_into(nv, v, a, d);
    double nf = -eval.value(nv);
    int ce = 1;
    while (nf > fv + 0.5 * a * df0 && ce <= 10) {
      a *= 0.5;
      retract_into(nv, v, a, d);
      nf = -eval.value(nv);
      ++ce;
    }
    run.iterations = it + 1;
    if (!(nf < fv)) {  // no decrease: stop at v (never accept an increase of h)
      run.converged = true;  // no descent along d within 10 halvings: stationary to working precision
      break;
    }
    alpha_prev = ce == 2 ? a : 2 * a;
    eval.gradient_at_last(nv, eg);  // nv was the last point evaluated
    double s[4];                    // ⟨ng,ng⟩, ⟨ng,g⟩, ⟨ng,td⟩, ⟨g,td⟩
    transport_kernel(ri(ng), ri(td), ri(nv), ri(eg), ri(g), ri(d), n, s);
    const double ng_diff = s[0] - s[1];  // ⟨ng, ng − T g⟩
    double beta = 0;
    if (opt.beta == RcgOptions::Beta::hestenes_stiefel) {
      const double den = s[2] - s[3];  // ⟨ng − T g, T d⟩
      beta = std::abs(den) > 1e-300 ? std::max(0.0, ng_diff / den) : 0.0;
    } else {
      beta = gg > 1e-300 ? std::max(0.0, ng_diff / gg) : 0.0;
    }
    double nd[2];
    direction_kernel(ri(d), ri(td), ri(ng), beta, 2 * n, nd);
    gg = s[0];
    gd = nd[0];
    dd = nd[1];
    const double improvement = fv - nf;
    v.swap(nv);
    g.swap(ng);
    fv = nf;
    run.history.push_back(-fv);
    if (a * dn < opt.min_step || improvement <= 1e-15 * std::abs(fv)) {
      run.converged = true;
      break;
    }
  }
  run.v = v;
  run.value = f.exact_value(v);
  return run;
}

namespace {

// Element-wise maximisation for a TermObjective: q_i(θ) = A_i + Re(X_i e^{jθ}).
struct TermCoordinate {
  const TermObjective& f;
  CVec z;  // B^H v̄
  RVec qbuf;
  explicit TermCoordinate(const TermObjective& obj, const CVec& v) : f(obj), z(obj.amplitudes(v)), qbuf(z.size()) {}

  double eval(const RVec& A, const CVec& X, Complex e) {
    for (Index i = 0; i < A.size(); ++i) qbuf(i) = A(i) + (X(i) * e).real();
    return f.exact_from_terms(qbuf);
  }
};

}  // namespace

PhaseRun element_wise_bcd(const PhaseObjective& f, const CVec& v0, const BcdOptions& opt) {
  IRISAC_REQUIRE(v0.size() == f.size(), "v0 must have N = ", f.size(), " entries (got ", v0.size(), ")");
  IRISAC_REQUIRE(opt.bits >= 0 && opt.bits <= 8, "bits must be in [0, 8] (got ", opt.bits, ")");
  const Index n = f.size();
  CVec v = opt.bits > 0 ? quantize_phases(v0, opt.bits) : project_unit_modulus(v0);
  std::vector<Complex> levels;
  if (opt.bits > 0)
    for (Index l = 0; l < (Index{1} << opt.bits); ++l)
      levels.push_back(std::polar(1.0, two_pi * static_cast<double>(l) / static_cast<double>(Index{1} << opt.bits)));
  PhaseRun run;
  const auto* tf = dynamic_cast<const TermObjective*>(&f);
  double cur = f.exact_value(v);
  run.history.push_back(cur);
  constexpr int grid = 32;
  for (int sweep = 0; sweep < opt.max_sweeps; ++sweep) {
    const double start = cur;
    if (tf) {
      TermCoordinate tc(*tf, v);
      const CMat& B = tf->terms();
      const Index T = B.cols();
      RVec A(T);
      CVec X(T);
      for (Index e = 0; e < n; ++e) {
        // r_i = z_i − β_{e,i}^* v_e ; c_i = β_{e,i}^* ; q_i = |r_i|² + |c_i|² + 2 Re(r_i^* c_i e^{jθ})
        for (Index i = 0; i < T; ++i) {
          const Complex c = std::conj(B(e, i));
          const Complex r = tc.z(i) - c * v(e);
          A(i) = std::norm(r) + std::norm(c);
          X(i) = 2.0 * std::conj(r) * c;
        }
        Complex best_e = v(e);
        double best = cur;
        if (!levels.empty()) {
          for (const Complex& cand : levels) {
            const double val = tc.eval(A, X, cand);
            if (val > best) best = val, best_e = cand;
          }
        } else if (tf->kind() == TermObjective::Kind::sum) {
          const Complex s = X.dot(tf->weights().cast<Complex>());  // Σ conj(X_i) w_i
          // maximise Re(e^{jθ} Σ w_i X_i): θ = −arg(Σ w_i X_i) = arg(conj(Σ w_i X_i))
          // |s| as sqrt(re² + im²) (std::abs is hypot: ~20 % of a sweep), hypot only near the limits
          const double s2 = std::norm(s);
          const double sa = s2 >= 1e-300 && s2 <= 1e300 ? std::sqrt(s2) : std::abs(s);
          const Complex cand = sa > 0 ? Complex(s.real() / sa, s.imag() / sa) : v(e);
          const double val = tc.eval(A, X, cand);
          if (val > best) best = val, best_e = cand;
        } else {
          double bt = 0, bv = -std::numeric_limits<double>::infinity();
          for (int gidx = 0; gidx < grid; ++gidx) {
            const double th = two_pi * gidx / grid;
            const double val = tc.eval(A, X, std::polar(1.0, th));
            if (val > bv) bv = val, bt = th;
          }
          const auto gs = golden_section_max([&](double th) { return tc.eval(A, X, std::polar(1.0, th)); },
                                             bt - two_pi / grid, bt + two_pi / grid, 30);
          if (gs.fx > bv) bv = gs.fx, bt = gs.x;
          if (bv > best) best = bv, best_e = std::polar(1.0, bt);
        }
        if (best > cur && best_e != v(e)) {
          for (Index i = 0; i < T; ++i) tc.z(i) += std::conj(B(e, i)) * (best_e - v(e));
          v(e) = best_e;
          cur = best;
        }
      }
      cur = f.exact_value(v);  // resynchronise (rounding)
    } else {
      for (Index e = 0; e < n; ++e) {
        const Complex old = v(e);
        auto h = [&](double th) {
          v(e) = std::polar(1.0, th);
          return f.exact_value(v);
        };
        Complex best_e = old;
        double best = cur;
        if (!levels.empty()) {
          for (const Complex& cand : levels) {
            v(e) = cand;
            const double val = f.exact_value(v);
            if (val > best) best = val, best_e = cand;
          }
        } else {
          double bt = 0, bv = -std::numeric_limits<double>::infinity();
          for (int gidx = 0; gidx < 32; ++gidx) {
            const double val = h(two_pi * gidx / 32);
            if (val > bv) bv = val, bt = two_pi * gidx / 32;
          }
          const auto gs = golden_section_max(h, bt - two_pi / 32, bt + two_pi / 32, 30);
          if (gs.fx > bv) bv = gs.fx, bt = gs.x;
          if (bv > best) best = bv, best_e = std::polar(1.0, bt);
        }
        v(e) = best > cur ? best_e : old;
        if (best > cur) cur = best;
      }
    }
    run.iterations = sweep + 1;
    run.history.push_back(cur);
    if (cur - start <= opt.tolerance * std::max(std::abs(cur), 1e-300)) {
      run.converged = true;
      break;
    }
  }
  run.v = v;
  run.value = f.exact_value(v);
  return run;
}

PhaseRun codebook_selection(const PhaseObjective& f, const CMat& codebook, int bits) {
  const Index n = f.size();
  CMat cb = codebook;
  if (cb.size() == 0) {
    cb.resize(n, 2 * n);
    for (Index c = 0; c < 2 * n; ++c)
      for (Index e = 0; e < n; ++e)
        cb(e, c) = std::polar(1.0, two_pi * static_cast<double>((e * c) % (2 * n)) / static_cast<double>(2 * n));
  }
  IRISAC_REQUIRE(cb.rows() == n, "codebook needs N = ", n, " rows (got ", cb.rows(), ")");
  PhaseRun run;
  double best = -std::numeric_limits<double>::infinity();
  for (Index c = 0; c < cb.cols(); ++c) {
    const CVec cand = bits > 0 ? quantize_phases(cb.col(c), bits) : project_unit_modulus(cb.col(c));
    const double val = f.exact_value(cand);
    if (val > best) {
      best = val;
      run.v = cand;
    }
    run.history.push_back(best);
  }
  run.value = best;
  run.iterations = static_cast<int>(cb.cols());
  run.converged = true;
  return run;
}

}  // namespace irisac
