# Cooperating IRSs from the command line (docs/architectures.md §4).
# Run by CTest with -DIRISAC=<irisac> -DSRC=<source dir> -DWORK=<scratch dir>.
file(MAKE_DIRECTORY ${WORK})

include(${CMAKE_CURRENT_LIST_DIR}/lib/common.cmake)  # run(), expect_in()

set(coop ${SRC}/scenarios/cooperating-irs.toml)
# crb on a [cooperation] scenario: per-surface angle CRBs and the fused position bounds.
run(0 crb ${coop})
expect_in("${out}" "PEB centralised")
expect_in("${out}" "loss 0 dB")
run(0 crb ${coop} --json)
string(JSON peb GET "${out}" cooperation peb_centralised_m)
string(JSON loss GET "${out}" cooperation fusion_loss_db)
if(NOT peb GREATER 0.05 OR peb GREATER 1.0)
  message(FATAL_ERROR "cooperation crb: implausible PEB ${peb}\n${out}")
endif()
if(loss GREATER 1e-9 OR loss LESS -1e-9)
  message(FATAL_ERROR "cooperation crb: efficient unquantised reports lose ${loss} dB\n${out}")
endif()
# Quantised reports with equal weights lose accuracy: a positive loss.
run(0 crb ${coop} --set cooperation.report_bits=6 --set cooperation.fusion=\"equal_weight\" --json)
string(JSON loss GET "${out}" cooperation fusion_loss_db)
if(NOT loss GREATER 0.1)
  message(FATAL_ERROR "cooperation crb: 6-bit equal-weight fusion shows no loss (${loss} dB)\n${out}")
endif()
# Bad input: exit 2 naming the key.
run(2 crb ${coop} --set cooperation.count=1)
expect_in("${err}" "cooperation.count")
run(2 crb ${coop} --set irs.south.sensors= --set irs.south.kind=\"passive\")
expect_in("${err}" "cooperation.surfaces")
run(2 run ${SRC}/experiments/arch-cooperation-split.toml --set cooperation.los_distance_m=-1 --out ${WORK}/coop -q)
expect_in("${err}" "cooperation.los_distance_m")
# Listed.
run(0 list experiments)
expect_in("${out}" "arch-cooperation-split")
run(0 list metrics)
expect_in("${out}" "coop_peb_centralised_m")
# estimate on a [cooperation] scenario: position RMSE of both fusions next to the bound.
run(0 estimate ${coop} --trials 20)
expect_in("${out}" "centralised ML (raw data)")
expect_in("${out}" "distributed WLS (reports)")
