#!/usr/bin/python3
"""Golden values for tests/unit/sim/running_stats_test.cpp: Student-t and normal quantiles (scipy)."""
from scipy import stats

for p in (0.975, 0.995, 0.9, 0.6):
    print(f"normal p={p}: {stats.norm.ppf(p)!r}")
for df in (1, 2, 3, 4, 5, 9, 29, 99, 1000):
    print(f"t df={df} p=0.975: {stats.t.ppf(0.975, df)!r}")
print(f"t df=3 p=0.995: {stats.t.ppf(0.995, 3)!r}")
print(f"t df=7 p=0.1: {stats.t.ppf(0.1, 7)!r}")
print(f"t cdf t=1.5 df=6: {stats.t.cdf(1.5, 6)!r}")
# Note: scipy 1.10 stats.t.ppf is accurate to only ~1e-9 relative (e.g. df=5: stats.t.cdf of its
# 0.975 quantile is 0.97500000003), so the C++ test compares quantiles to 1e-8 and checks the
# round trip through the CDF, which matches stats.t.cdf to ~1e-15, tightly.
