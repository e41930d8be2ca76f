// The hot kernels (steering into a preallocated vector, cascaded-channel accumulation) must not
// allocate: this executable replaces malloc (glibc) and operator new with counting versions.
// Under AddressSanitizer (which owns malloc) the test is skipped.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>

#include "irisac/channel/cascaded.hpp"
#include "irisac/core/rng.hpp"
#include "irisac/geometry/array.hpp"
#include "irisac/geometry/frame.hpp"

namespace {
std::atomic<long> allocations{0};
}

// Sanitizers replace malloc themselves: GCC says so with __SANITIZE_ADDRESS__, clang with
// __has_feature (address, memory and thread sanitizers all intercept malloc).
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || __has_feature(thread_sanitizer)
#define IRISAC_MALLOC_INTERCEPTED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define IRISAC_MALLOC_INTERCEPTED 1
#endif

#if !defined(IRISAC_MALLOC_INTERCEPTED)
extern "C" void* __libc_malloc(std::size_t);
extern "C" void* malloc(std::size_t n) {
  ++allocations;
  return __libc_malloc(n);
}
#define IRISAC_COUNTING_MALLOC 1
#endif

using namespace irisac;

TEST(NoAllocation, SteeringAndCascadedAssembly) {
#if !defined(IRISAC_COUNTING_MALLOC)
  GTEST_SKIP() << "malloc is owned by the sanitizer";
#endif
  Rng rng(1);
  const Index n = 1024;
  const CMat g = rng.complex_normal_matrix(n, 8), hout = rng.complex_normal_matrix(4, n);
  CVec v(n), a(n);
  for (Index i = 0; i < n; ++i) v[i] = rng.unit_phasor();
  CMat h = CMat::Zero(4, 8);
  const ArrayLayout l{32, 32, 0.5, 0.5, {}};
  const Vec3 u = direction(0.2, 0.1);
  const long before = allocations.load();
  for (int rep = 0; rep < 10; ++rep) {
    ula_steering_into(0.5, 0.3, a);
    l.steering_into(u, a);
    add_surface_path(h, hout, v, g);
  }
  EXPECT_EQ(allocations.load() - before, 0);
  // Sanity: the counter works.
  const long mid = allocations.load();
  CVec b = a;
  EXPECT_GT(allocations.load() - mid, 0);
  EXPECT_EQ(b.size(), n);
}
