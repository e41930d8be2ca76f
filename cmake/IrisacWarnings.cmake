# Strict warnings for irisac's own targets only (third-party headers are included as SYSTEM).
function(irisac_set_warnings target)
  # Code generation shared by every target that reuses the library's precompiled header:
  # -fno-math-errno lets sqrt/division loops vectorise (irisac never reads errno); -fno-trapping-math
  # lets loops with floating-point compares/selects vectorise (irisac never tests FP exception flags);
  # neither changes any computed value. -fopenmp-simd honours `#pragma omp simd` (vectorised
  # reductions) without an OpenMP runtime.
  target_compile_options(${target} PRIVATE -fno-math-errno -fno-trapping-math -fopenmp-simd)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wnon-virtual-dtor
    -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wdouble-promotion
    -Wimplicit-fallthrough -Wformat -Wformat-security)
  if(IRISAC_SANITIZE AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # Sanitizer instrumentation makes GCC 12's flow analysis report false positives in std headers.
    target_compile_options(${target} PRIVATE -Wno-maybe-uninitialized)
  endif()
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    # `#pragma omp simd` is a hint: clang warns where a loop (complex arithmetic, or under the
    # sanitizers' instrumentation) cannot be vectorised, and the loop is still correct.
    target_compile_options(${target} PRIVATE -Wno-pass-failed)
  endif()
  if(IRISAC_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# Glue code (the CLI, the tests) does no heavy numerics itself: it calls the library, which keeps the
# build type's optimisation. Compiling it at a lower level roughly halves its share of the build:
# -O1 in optimised builds, -O0 under sanitizers (instrumenting CLI11/JSON/GoogleTest templates at -O1
# is what makes those files slow). The option is appended after the build type's -O flag, so it wins.
function(irisac_glue_code target)
  if(IRISAC_SANITIZE)
    target_compile_options(${target} PRIVATE -O0)
  elseif(CMAKE_BUILD_TYPE MATCHES "Release|RelWithDebInfo|MinSizeRel")
    # GCC 12 at -O1 reports false array-bounds/stringop warnings inside libstdc++'s std::string.
    target_compile_options(${target} PRIVATE -O1 -Wno-array-bounds -Wno-stringop-overflow -Wno-stringop-overread)
  endif()
endfunction()
