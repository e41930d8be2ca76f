#include "irisac/comm/phase_methods.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include "irisac/core/constants.hpp"
#include "irisac/core/error.hpp"

namespace irisac {
namespace {

constexpr double two_pi = 2.0 * constants::pi;

double ip(const CVec& a, const CVec& b) { return a.dot(b).real(); }  // Re(a^H b)

CVec proj(const CVec& z, const CVec& u) {
  // P_z(u) = u − Re(u ⊙ z^*) ⊙ z
  return u - (u.array() * z.array().conjugate()).real().cast<Complex>().matrix().cwiseProduct(z);
}

CVec retract(const CVec& z, const CVec& u) {
  CVec y = z + u;
  for (Index n = 0; n < y.size(); ++n) {
    const double a = std::abs(y(n));
    y(n) = a > 0 ? y(n) / a : z(n);
  }
  return y;
}

}  // namespace

CVec align_phases(const CVec& a, Complex b) {
  const double ref = std::abs(b) > 0 ? std::arg(b) : 0.0;
  CVec v(a.size());
  for (Index n = 0; n < a.size(); ++n) v(n) = std::polar(1.0, ref - (std::abs(a(n)) > 0 ? std::arg(a(n)) : 0.0));
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
  // Minimise h(v) = −f(v); Pymanopt/Manopt conventions (see header).
  CVec v = project_unit_modulus(v0);
  double fv = -f.value(v);
  CVec g = proj(v, -f.gradient(v));
  CVec d = -g;
  double alpha_prev = -1;
  const double scale = std::max({std::abs(fv), std::sqrt(ip(g, g)), 1e-300});
  PhaseRun run;
  run.history.push_back(-fv);
  for (int it = 0; it < opt.max_iterations; ++it) {
    const double gn = std::sqrt(ip(g, g));
    if (gn <= opt.gradient_tolerance * std::max(std::abs(fv), scale * 1e-3)) {
      run.converged = true;
      break;
    }
    double df0 = ip(g, d);
    if (df0 >= 0) {
      d = -g;
      df0 = -ip(g, g);
    }
    const double dn = std::sqrt(ip(d, d));
    double a = alpha_prev > 0 ? alpha_prev : 1.0 / dn;
    CVec nv = retract(v, a * d);
    double nf = -f.value(nv);
    int ce = 1;
    while (nf > fv + 0.5 * a * df0 && ce <= 10) {
      a *= 0.5;
      nv = retract(v, a * d);
      nf = -f.value(nv);
      ++ce;
    }
    run.iterations = it + 1;
    if (!(nf < fv)) {  // no decrease: stop at v (never accept an increase of h)
      run.converged = true;  // no descent along d within 10 halvings: stationary to working precision
      break;
    }
    alpha_prev = ce == 2 ? a : 2 * a;
    const CVec ng = proj(nv, -f.gradient(nv));
    const CVec tg = proj(nv, g);
    const CVec td = proj(nv, d);
    const CVec diff = ng - tg;
    double beta = 0;
    if (opt.beta == RcgOptions::Beta::hestenes_stiefel) {
      const double den = ip(diff, td);
      beta = std::abs(den) > 1e-300 ? std::max(0.0, ip(ng, diff) / den) : 0.0;
    } else {
      const double den = ip(g, g);
      beta = den > 1e-300 ? std::max(0.0, ip(ng, diff) / den) : 0.0;
    }
    d = -ng + beta * td;
    const double improvement = fv - nf;
    v = nv;
    g = ng;
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

double golden_max(const std::function<double(double)>& h, double lo, double hi, int iters, double* arg) {
  const double r = 0.5 * (std::sqrt(5.0) - 1.0);
  double x1 = hi - r * (hi - lo), x2 = lo + r * (hi - lo);
  double f1 = h(x1), f2 = h(x2);
  for (int i = 0; i < iters; ++i) {
    if (f1 < f2) {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + r * (hi - lo);
      f2 = h(x2);
    } else {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - r * (hi - lo);
      f1 = h(x1);
    }
  }
  if (f1 > f2) {
    *arg = x1;
    return f1;
  }
  *arg = x2;
  return f2;
}

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
          const Complex cand = std::abs(s) > 0 ? s / std::abs(s) : v(e);
          const double val = tc.eval(A, X, cand);
          if (val > best) best = val, best_e = cand;
        } else {
          double bt = 0, bv = -std::numeric_limits<double>::infinity();
          for (int gidx = 0; gidx < grid; ++gidx) {
            const double th = two_pi * gidx / grid;
            const double val = tc.eval(A, X, std::polar(1.0, th));
            if (val > bv) bv = val, bt = th;
          }
          double arg = bt;
          const double gv = golden_max([&](double th) { return tc.eval(A, X, std::polar(1.0, th)); },
                                       bt - two_pi / grid, bt + two_pi / grid, 30, &arg);
          if (gv > bv) bv = gv, bt = arg;
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
          double arg = bt;
          const double gv = golden_max(h, bt - two_pi / 32, bt + two_pi / 32, 30, &arg);
          if (gv > bv) bv = gv, bt = arg;
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
