# Strict warnings for irisac's own targets only (third-party headers are included as SYSTEM).
function(irisac_set_warnings target)
  # Code generation shared by every target that reuses the library's precompiled header:
  # -fno-math-errno lets sqrt/division loops vectorise (irisac never reads errno);
  # -fopenmp-simd honours `#pragma omp simd` (vectorised reductions) without an OpenMP runtime.
  target_compile_options(${target} PRIVATE -fno-math-errno -fopenmp-simd)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wnon-virtual-dtor
    -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wdouble-promotion
    -Wimplicit-fallthrough -Wformat -Wformat-security)
  if(IRISAC_SANITIZE)
    # Sanitizer instrumentation makes GCC 12's flow analysis report false positives in std headers.
    target_compile_options(${target} PRIVATE -Wno-maybe-uninitialized)
  endif()
  if(IRISAC_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
