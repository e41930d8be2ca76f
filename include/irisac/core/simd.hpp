#pragma once
/// \file Helpers for hand-written numerical kernels (internal).
///
/// IRISAC_MULTIVERSION marks a hot loop function to be compiled twice, for x86-64-v3 (AVX2, FMA)
/// and for the baseline, with the version picked once at load time from the CPU (GCC/Clang
/// function multiversioning). The build stays portable: no -march flag is needed, and on other
/// targets or compilers the macro is empty. Use it on small leaf functions over raw arrays, together
/// with `#pragma omp simd` (the library compiles with -fopenmp-simd, which needs no OpenMP runtime)
/// so that reductions vectorise without -ffast-math.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__has_attribute)
#if __has_attribute(target_clones)
#define IRISAC_MULTIVERSION __attribute__((target_clones("arch=x86-64-v3", "default")))
#endif
#endif
#ifndef IRISAC_MULTIVERSION
#define IRISAC_MULTIVERSION
#endif
