#pragma once
/// \file A complex matrix stored as separate real and imaginary planes, for the tall-and-thin
/// products inside the phase-design loops (N×T with N up to thousands, T a few terms or antennas):
/// out = A^H x and out = A w. The planes let the products vectorise as real FMA streams (AVX2 where
/// the CPU has it, see core/simd.hpp), about 2–3× faster than std::complex products without -march.
#include "irisac/core/types.hpp"

namespace irisac {

class SplitMatrix {
 public:
  SplitMatrix() = default;
  explicit SplitMatrix(const CMat& a) : re_(a.real()), im_(a.imag()) {}
  [[nodiscard]] Index rows() const noexcept { return re_.rows(); }
  [[nodiscard]] Index cols() const noexcept { return re_.cols(); }
  /// out = A^H x (out_t = Σ_n conj(A_nt) x_n); x has rows() entries. Resizes out.
  void adjoint_times(const CVec& x, CVec& out) const;
  /// out = A w; w has cols() entries. Resizes out.
  void times(const CVec& w, CVec& out) const;

 private:
  RMat re_, im_;
};

}  // namespace irisac
