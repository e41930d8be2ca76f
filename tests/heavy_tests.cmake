# Run by CTest after the GoogleTest discovery files (TEST_INCLUDE_FILES, see CMakeLists.txt): adds the
# label `heavy` to the Monte Carlo tests listed here. They run in the Release suite; the sanitizer run
# of scripts/dev.sh excludes them (`-LE heavy`) because, at -O1 with ASan+UBSan, each takes minutes
# while the code paths they exercise are covered there by the lighter tests of the same module.
# A test belongs here when it takes more than ~1.5 s in a Release build; say which statistic it needs.
set(_irisac_heavy
  Cooperation.TriangulationReachesPebAtHighSnr       # 2000 centralised-ML trials: MSE within 10 % of PEB²
)
foreach(_module IN LISTS IRISAC_TEST_MODULES)
  foreach(_t IN LISTS _irisac_heavy)
    list(FIND irisac_test_${_module}_TESTS "${_t}" _at)  # (no IN_LIST: CTest scripts run with old policies)
    if(NOT _at EQUAL -1)
      set_tests_properties(${_t} PROPERTIES LABELS "${_module};heavy")
    endif()
  endforeach()
endforeach()
