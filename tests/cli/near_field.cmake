# Near-field experiments from the command line: the CRB-vs-distance sweep runs and meets the
# far-field limit, and bad [near_field] input exits 2 naming the key.
# Run by CTest with -DIRISAC=<irisac> -DSRC=<source dir> -DWORK=<scratch dir>.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(exp ${SRC}/experiments/near-field-crb-vs-distance.toml)

include(${CMAKE_CURRENT_LIST_DIR}/lib/common.cmake)  # run(), expect_in()

# 1. The sweep: 10 points, all ok; at 1024 m (about 3 Rayleigh distances) the exact-model angle CRB
#    equals the far-field CRB to 4 significant digits (the JSON holds the means).
run(0 run ${exp} --out ${WORK}/crb --no-figures)
file(READ ${WORK}/crb/results.json js)
string(JSON npts LENGTH "${js}" points)
if(NOT npts EQUAL 10)
  message(FATAL_ERROR "expected 10 points, got ${npts}")
endif()
math(EXPR last "${npts} - 1")
string(JSON nf GET "${js}" points ${last} metrics nf_angle_crb_rad2 mean)
string(JSON ff GET "${js}" points ${last} metrics ff_angle_crb_rad2 mean)
string(SUBSTRING "${nf}" 0 6 nf4)
string(SUBSTRING "${ff}" 0 6 ff4)
if(NOT nf4 STREQUAL ff4)
  message(FATAL_ERROR "far-field limit: nf ${nf} vs ff ${ff}")
endif()

# 2. Bad input names the key and exits 2.
run(2 run ${exp} --out ${WORK}/bad1 --no-figures --set near_field.array=\"nowhere\")
string(FIND "${err}" "near_field.array" p)
if(p LESS 0)
  message(FATAL_ERROR "unknown array: key not named\n${err}")
endif()
run(2 run ${exp} --out ${WORK}/bad2 --no-figures --set bs.0.rx.rows=4)
string(FIND "${err}" "linear array" p)
if(p LESS 0)
  message(FATAL_ERROR "planar array: no explanation\n${err}")
endif()
