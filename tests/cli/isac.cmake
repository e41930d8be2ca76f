# irisac isac: the comm end point equals `irisac optimize`, bad input exits 2 naming the key, and an
# unreachable sensing requirement is reported as infeasible (exit 2), never as a NaN or zero rate.
# Run by CTest with -DIRISAC=<irisac> -DSRC=<source dir> -DWORK=<scratch dir>.
set(scn ${SRC}/scenarios/isac-one-irs.toml)
file(MAKE_DIRECTORY ${WORK})

include(${CMAKE_CURRENT_LIST_DIR}/lib/common.cmake)  # run(), expect_in()

# 1. rho = 1: the comm end point, bit for bit the design of `irisac optimize` (same seed and algorithm).
run(0 optimize ${scn} --json --out ${WORK}/phases.csv)
string(JSON opt_min GET "${out}" min_rate_bps_hz)
string(JSON opt_sum GET "${out}" sum_rate_bps_hz)
run(0 isac ${scn} --json --design weighted --set isac.rho=1.0)
string(JSON isac_min GET "${out}" result min_rate_bps_hz)
string(JSON isac_sum GET "${out}" result sum_rate_bps_hz)
if(NOT opt_min STREQUAL isac_min OR NOT opt_sum STREQUAL isac_sum)
  message(FATAL_ERROR "rho = 1 is not optimize's design: ${isac_min}/${isac_sum} vs ${opt_min}/${opt_sum}")
endif()

# 2. A reachable CRB requirement: feasible, with a certified bound and a rate.
run(0 isac ${scn} --design max_rate --set isac.crb_rmse_max_deg=20.0 --set isac.outer_iterations=1)
expect_in("${out}" "certified bound")

# 3. Bad input: no target, no user, a malformed or out-of-range requirement, an unknown design.
run(2 isac ${SRC}/scenarios/multiuser-one-irs.toml)
expect_in("${err}" "target")
run(2 isac ${SRC}/scenarios/sensing-blind-area.toml)
expect_in("${err}" "user")
run(2 isac ${scn} --set isac.crb_rmse_max_deg=-1.0)
expect_in("${err}" "crb_rmse_max_deg")
run(2 isac ${scn} --set isac.crb_rmse_max_deg=\"small\")
expect_in("${err}" "crb_rmse_max_deg")
run(2 isac ${scn} --design pareto)
expect_in("${err}" "design")
run(2 isac ${scn} --design max_rate --set isac.rho=2.0)
expect_in("${err}" "rho")

# 4. An unreachable requirement (0.01 deg RMSE): infeasible, exit 2, no NaN.
run(2 isac ${scn} --design max_rate --set isac.crb_rmse_max_deg=0.01 --set isac.outer_iterations=1)
expect_in("${err}" "infeasible")
string(FIND "${out}${err}" "nan" p)
if(NOT p LESS 0)
  message(FATAL_ERROR "NaN in the output of an infeasible design\n${out}${err}")
endif()

# 5. The weakly coupled scene (docs/isac.md, "The IRS rotates a weakly coupled pair into coupling"):
#    the joint design raises the coupling from 0.0857 at all-ones phases to 0.9340.
run(0 isac ${SRC}/scenarios/isac-coupling-rotation.toml)
expect_in("${out}" "0.0857 before, 0.9340 after")

# 6. [timescales] (docs/isac.md, "Two timescales"): bad values exit 2 naming the key.
set(ts ${SRC}/experiments/isac-two-timescales.toml)
run(2 run ${ts} -o ${WORK}/ts-bad -q --fresh --set timescales.slots=0)
expect_in("${err}" "timescales.slots")
run(2 run ${ts} -o ${WORK}/ts-bad -q --fresh --set timescales.comm_coherence_slots=0)
expect_in("${err}" "timescales.comm_coherence_slots")
run(2 run ${ts} -o ${WORK}/ts-bad -q --fresh --set timescales.target_rate_deg_per_slot=\"fast\")
expect_in("${err}" "timescales.target_rate_deg_per_slot")
run(2 run ${ts} -o ${WORK}/ts-bad -q --fresh --set timescales.comm_update_slots=0)
expect_in("${err}" "timescales.comm_update_slots")
run(2 run ${ts} -o ${WORK}/ts-bad -q --fresh --set timescales.bogus=1)
expect_in("${err}" "bogus")

# 7. Sensing receivers (docs/isac.md, "Sensing receivers"): a bistatic BS and semi-passive sensors
# are reported; bad receiver keys exit 2 naming the key.
set(bis ${SRC}/scenarios/isac-bistatic.toml)
run(0 isac ${bis} --design max_rate --set isac.crb_rmse_max_deg=1.0 --set isac.outer_iterations=1)
expect_in("${out}" "echo receiver: bistatic at rx (path tx_irs)")
expect_in("${out}" "certified bound")
run(0 isac ${scn} --design max_rate --set isac.crb_rmse_max_deg=1.0 --set isac.outer_iterations=1
    --set isac.mode=\"semi_passive\" --set isac.num_sensors=8)
expect_in("${out}" "echo receiver: semi-passive: 8 sensors of wall")
run(2 isac ${bis} --set isac.receiver=\"nowhere\")
expect_in("${err}" "isac.receiver")
run(2 isac ${bis} --set isac.receiver=\"bs\")
expect_in("${err}" "isac.bistatic_path")
run(2 isac ${scn} --set isac.num_sensors=4)
expect_in("${err}" "isac.num_sensors")
run(2 isac ${scn} --set isac.mode=\"semi\")
expect_in("${err}" "isac.mode")
