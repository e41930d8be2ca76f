#include "irisac/core/rng.hpp"

#include <Random123/philox.h>

namespace irisac {

void Rng::refill() noexcept {
  using Philox = r123::Philox4x64;
  const Philox::key_type key = {{key_[0], key_[1]}};
  const Philox::ctr_type ctr = {{ctr_[0], ctr_[1], ctr_[2], ctr_[3]}};
  const Philox::ctr_type out = Philox()(ctr, key);
  for (int i = 0; i < 4; ++i) buf_[static_cast<std::size_t>(i)] = out[static_cast<unsigned>(i)];
  ++ctr_[2];  // block counter: 2^64 blocks of 4 words per (point, trial, stream)
  pos_ = 0;
}

CVec Rng::complex_normal_vector(Index n, double variance) {
  CVec v(n);
  for (Index i = 0; i < n; ++i) v[i] = complex_normal(variance);
  return v;
}

CMat Rng::complex_normal_matrix(Index rows, Index cols, double variance) {
  CMat m(rows, cols);
  for (Index c = 0; c < cols; ++c)
    for (Index r = 0; r < rows; ++r) m(r, c) = complex_normal(variance);
  return m;
}

}  // namespace irisac
