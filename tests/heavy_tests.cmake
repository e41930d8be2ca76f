# The tests labelled `heavy`: they run in the Release suite, and the sanitizer run of scripts/dev.sh
# excludes them (`ctest -LE heavy`). At -O1 with ASan+UBSan each takes from 15 s to over 15 min, while
# the code paths they exercise are covered there by lighter tests of the same module. A test belongs
# here when it takes more than ~15 s under the sanitizers (measured 2026-12-03, idle 2-core machine);
# the comment says what it needs the time for. Read at configure time (CLI tests) and by CTest after
# the GoogleTest discovery files (unit tests; tests/CMakeLists.txt).
set(IRISAC_HEAVY_TESTS
  Cooperation.TriangulationReachesPebAtHighSnr     # 2000 centralised-ML trials; > 900 s under ASan (4.8 s Release)
  CommSumRate.ConvergesAndIsNeverBelowItsProjection  # 50 + 100 joint ascents to convergence; 56 s
  HybridIrs.MlFusionReachesTheFusedCrbAtHighSnr    # Monte Carlo ML fusion vs fused CRB; 47 s
  Estimators.MusicAndBeamScanAtSensors             # Monte Carlo MUSIC / beam scan; 17 s
  cli.engine_resume                                # kill/resume cycles of whole runs; 56 s
  cli.hardening_kill_cycles                        # kill -9 / resume cycles, bitwise comparison; 41 s
  cli.hardening_mpi_interrupt                      # mpirun runs interrupted and resumed; 38 s
)
