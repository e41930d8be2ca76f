# The article's sensing architectures from the command line (docs/architectures.md).
# Run by CTest with -DIRISAC=<irisac> -DSRC=<source dir> -DWORK=<scratch dir>.
file(MAKE_DIRECTORY ${WORK})

include(${CMAKE_CURRENT_LIST_DIR}/lib/common.cmake)  # run(), expect_in()


# 1. Vehicle-mounted IRS: the target carries the surface; identifiable, finite CRB at the RSU.
set(veh ${SRC}/scenarios/vehicle-irs.toml)
run(0 crb ${veh})
expect_in("${out}" "target_mounted")
expect_in("${out}" "rank 3 of 3")
run(0 crb ${veh} --json)
string(JSON ident GET "${out}" identifiable)
string(JSON crb GET "${out}" angle_crb_rad2)
if(NOT ident STREQUAL "ON" AND NOT ident STREQUAL "true")
  message(FATAL_ERROR "vehicle crb --json: identifiable = ${ident}\n${out}")
endif()
if(NOT crb GREATER 0 OR crb GREATER 1e-3)
  message(FATAL_ERROR "vehicle crb: implausible CRB ${crb}\n${out}")
endif()
run(2 crb ${veh} --set sensing.mode=\"semi_passive\")
expect_in("${err}" "sensing.mode")
run(2 crb ${veh} --set sensing.phases=\"crb_design\")
expect_in("${err}" "sensing.phases")
run(2 crb ${SRC}/scenarios/sensing-blind-area.toml --set sensing.mode=\"target_mounted\")
expect_in("${err}" "sensing.mode")

# 2. IRS anchor: a codebook larger than the surface allows is an input error naming the key.
run(2 run ${SRC}/experiments/arch-anchor-vs-snr.toml --set anchor.codebook_size=64 --out ${WORK}/anchor -q)
expect_in("${err}" "anchor.codebook_size")

# 3. `irisac list metrics` names the architectures' metrics.
run(0 list metrics)
expect_in("${out}" "mt_min_illumination_dbm")
expect_in("${out}" "anchor_se_rad2")
