#include "irisac/comm/phase_objective.hpp"

#include <cmath>
#include <limits>

#include "irisac/core/error.hpp"

namespace irisac {

CVec term_column(const CVec& a, Complex b) {
  CVec beta(a.size() + 1);
  beta.head(a.size()) = a.conjugate();
  beta(a.size()) = std::conj(b);
  return beta;
}

TermObjective TermObjective::sum(CMat B, RVec weights, double constant) {
  IRISAC_REQUIRE(B.rows() >= 2, "terms need N+1 ≥ 2 rows (got ", B.rows(), ")");
  IRISAC_REQUIRE(weights.size() == B.cols(), "one weight per term (got ", weights.size(), " for ", B.cols(), ")");
  TermObjective t;
  t.kind_ = Kind::sum;
  t.B_ = std::move(B);
  t.w_ = std::move(weights);
  t.c_ = constant;
  return t;
}

TermObjective TermObjective::ratios(Kind kind, CMat B, std::vector<Group> groups, const CVec& v0, double smoothing) {
  IRISAC_REQUIRE(kind != Kind::sum, "use TermObjective::sum for weighted sums");
  IRISAC_REQUIRE(B.rows() >= 2, "terms need N+1 ≥ 2 rows (got ", B.rows(), ")");
  IRISAC_REQUIRE(!groups.empty(), "at least one group");
  IRISAC_REQUIRE(smoothing > 0, "smoothing must be > 0 (got ", smoothing, ")");
  for (const auto& g : groups) {
    IRISAC_REQUIRE(g.signal >= 0 && g.signal < B.cols(), "signal term out of range (got ", g.signal, ")");
    IRISAC_REQUIRE(g.noise > 0 && g.scale > 0, "group noise and scale must be > 0");
    for (Index i : g.interference) IRISAC_REQUIRE(i >= 0 && i < B.cols(), "interference term out of range");
  }
  TermObjective t;
  t.kind_ = kind;
  t.B_ = std::move(B);
  t.groups_ = std::move(groups);
  const double m = t.exact_value(v0);
  t.tau_ = smoothing / std::max(m, 1e-300);
  return t;
}

CVec TermObjective::amplitudes(const CVec& v) const {
  IRISAC_REQUIRE(v.size() == size(), "v must have N = ", size(), " entries (got ", v.size(), ")");
  const Index n = size();
  // z = B^H v̄ = B[0:N]^H v + conj(B[N])
  CVec z = B_.topRows(n).adjoint() * v;
  z += B_.row(n).adjoint();
  return z;
}

double TermObjective::exact_from_terms(const RVec& q) const {
  switch (kind_) {
    case Kind::sum:
      return w_.dot(q) + c_;
    case Kind::min_ratio: {
      double m = std::numeric_limits<double>::infinity();
      for (const auto& g : groups_) {
        double d = g.noise;
        for (Index i : g.interference) d += q(i);
        m = std::min(m, g.scale * q(g.signal) / d);
      }
      return m;
    }
    case Kind::sum_log_ratio: {
      double s = 0;
      for (const auto& g : groups_) {
        double d = g.noise;
        for (Index i : g.interference) d += q(i);
        s += std::log2(1.0 + g.scale * q(g.signal) / d);
      }
      return s;
    }
  }
  return 0.0;
}

double TermObjective::smooth_from_terms(const RVec& q) const {
  if (kind_ != Kind::min_ratio) return exact_from_terms(q);
  // soft-min, shifted for stability: m − (1/τ) log Σ exp(−τ(r_g − m))
  std::vector<double> r;
  double m = std::numeric_limits<double>::infinity();
  for (const auto& g : groups_) {
    double d = g.noise;
    for (Index i : g.interference) d += q(i);
    r.push_back(g.scale * q(g.signal) / d);
    m = std::min(m, r.back());
  }
  double s = 0;
  for (double x : r) s += std::exp(-tau_ * (x - m));
  return m - std::log(s) / tau_;
}

RVec TermObjective::term_derivative(const RVec& q) const {
  RVec d = RVec::Zero(q.size());
  if (kind_ == Kind::sum) return w_;
  std::vector<double> r, den;
  double m = std::numeric_limits<double>::infinity();
  for (const auto& g : groups_) {
    double dd = g.noise;
    for (Index i : g.interference) dd += q(i);
    den.push_back(dd);
    r.push_back(g.scale * q(g.signal) / dd);
    m = std::min(m, r.back());
  }
  std::vector<double> coef(groups_.size());
  if (kind_ == Kind::min_ratio) {
    double s = 0;
    for (std::size_t g = 0; g < r.size(); ++g) s += (coef[g] = std::exp(-tau_ * (r[g] - m)));
    for (auto& c : coef) c /= s;  // ∂softmin/∂r_g
  } else {
    for (std::size_t g = 0; g < r.size(); ++g) coef[g] = 1.0 / ((1.0 + r[g]) * std::log(2.0));
  }
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    const auto& gr = groups_[g];
    d(gr.signal) += coef[g] * gr.scale / den[g];
    for (Index i : gr.interference) d(i) -= coef[g] * r[g] / den[g];
  }
  return d;
}

double TermObjective::value(const CVec& v) const { return smooth_from_terms(amplitudes(v).cwiseAbs2()); }
double TermObjective::exact_value(const CVec& v) const { return exact_from_terms(amplitudes(v).cwiseAbs2()); }

CVec TermObjective::gradient(const CVec& v) const {
  const CVec z = amplitudes(v);
  const RVec dq = term_derivative(z.cwiseAbs2());
  const CVec coef = z.cwiseProduct((2.0 * dq).cast<Complex>());
  return B_.topRows(size()) * coef;
}

CMat TermObjective::quadratic_form() const {
  IRISAC_REQUIRE(kind_ == Kind::sum, "quadratic_form() needs a sum objective");
  return B_ * w_.asDiagonal() * B_.adjoint();
}

bool TermObjective::is_quadratic() const {
  if (kind_ == Kind::sum) return true;
  if (kind_ != Kind::min_ratio) return false;
  for (const auto& g : groups_)
    if (!g.interference.empty()) return false;
  return true;
}

std::vector<CMat> TermObjective::group_quadratic_forms() const {
  IRISAC_REQUIRE(is_quadratic(), "group_quadratic_forms() needs a max–min of quadratic forms");
  if (kind_ == Kind::sum) {
    CMat R = quadratic_form();
    // a constant c is folded in through the homogenising entry: |v̄_N| = 1 ⇒ c = c·|t|²
    R(size(), size()) += c_;
    return {R};
  }
  std::vector<CMat> out;
  for (const auto& g : groups_) {
    const CVec b = B_.col(g.signal);
    out.push_back((g.scale / g.noise) * b * b.adjoint());
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
DecorrelationObjective::DecorrelationObjective(const CommProblem& p)
    : G_(p.bs_to_irs.at(0)), Hr_(p.irs_to_user), Hd_(p.bs_to_user.at(0)) {
  IRISAC_REQUIRE(p.users() >= 2, "decorrelation needs at least two users (got K = ", p.users(), ")");
}

double DecorrelationObjective::value(const CVec& v) const {
  IRISAC_REQUIRE(v.size() == size(), "v must have N entries (got ", v.size(), ")");
  const CMat C = G_.adjoint() * (v.conjugate().asDiagonal() * Hr_) + Hd_;
  const CMat gram = C.adjoint() * C;
  double f = 0;
  for (Index k = 0; k < C.cols(); ++k)
    for (Index l = k + 1; l < C.cols(); ++l)
      f -= std::norm(gram(k, l)) / (gram(k, k).real() * gram(l, l).real());
  return f;
}

CVec DecorrelationObjective::gradient(const CVec& v) const {
  IRISAC_REQUIRE(v.size() == size(), "v must have N entries (got ", v.size(), ")");
  const CMat C = G_.adjoint() * (v.conjugate().asDiagonal() * Hr_) + Hd_;
  const CMat gram = C.adjoint() * C;
  const Index K = C.cols();
  CMat g = CMat::Zero(C.rows(), K);
  for (Index k = 0; k < K; ++k) {
    const double dk = gram(k, k).real();
    for (Index l = 0; l < K; ++l) {
      if (l == k) continue;
      const double dl = gram(l, l).real();
      g.col(k) -= C.col(l) * (gram(l, k) / (dk * dl)) - C.col(k) * (std::norm(gram(k, l)) / (dk * dk * dl));
    }
  }
  const CMat Gg = G_ * g;  // N×K
  return 2.0 * Hr_.cwiseProduct(Gg.conjugate()).rowwise().sum();
}

}  // namespace irisac
