# AirComp (docs/aircomp.md): bad [aircomp] input exits 2 naming the key; the metric group runs.
# Run by CTest with -DIRISAC=<irisac> -DSRC=<source dir> -DWORK=<scratch dir>.
set(exp ${SRC}/experiments/aircomp-mse-vs-n.toml)
set(scn ${SRC}/scenarios/aircomp.toml)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

include(${CMAKE_CURRENT_LIST_DIR}/lib/common.cmake)  # run(), expect_in()


# 1. Bad values and unknown keys: exit 2, the message names the key and the expected value.
run(2 run ${exp} -q --no-figures -o ${WORK}/a --set aircomp.sensor_power_dbm=500)
expect_in("${err}" "aircomp.sensor_power_dbm")
expect_in("${err}" "<= 100")
run(2 run ${exp} -q --no-figures -o ${WORK}/c --set aircomp.max_iterations=0)
expect_in("${err}" "aircomp.max_iterations")
run(2 run ${exp} -q --no-figures -o ${WORK}/d --set aircomp.tolerance=-1)
expect_in("${err}" "aircomp.tolerance")
run(2 run ${exp} -q --no-figures -o ${WORK}/e --set aircomp.typo=1)
expect_in("${err}" "typo")

# 2. The scenario validates and the experiment runs, every trial succeeding.
run(0 show ${scn})
# (a small copy of the experiment: 2 x 2 points, 5 trials, so that the test stays well under 3 s)
file(WRITE ${WORK}/small.toml "[experiment]\nname = \"aircomp-small\"\nscenario = \"${scn}\"\n"
  "metrics = [\"aircomp_mse_db\", \"aircomp_mse_bound_db\"]\nseed = 1\n"
  "[[axis]]\nkey = \"irs.irs.cols\"\nvalues = [2, 8]\n"
  "[[axis]]\nkey = \"aircomp.sensors\"\nvalues = [1, 4]\n[monte_carlo]\ntrials = 5\n")
run(0 run ${WORK}/small.toml -q --no-figures -j 2 -o ${WORK}/ok)
file(READ ${WORK}/ok/results.csv csv)
expect_in("${csv}" "aircomp_mse_db_mean")
expect_in("${csv}" "aircomp_mse_bound_db_mean")
