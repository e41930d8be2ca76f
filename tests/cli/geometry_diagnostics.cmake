# No silent zeros (docs/scenario-format.md, "Directions" and "Minimum distance"): show, crb and
# optimize say which path is zero and why; crb and show report the same echo SNR for a target; a
# target behind a reflect-mode surface has no echo in either; a user 1 um from a surface is an error.
# Run by CTest with -DIRISAC=<irisac> -DSRC=<source dir> -DWORK=<scratch dir>.
file(MAKE_DIRECTORY ${WORK})
set(sb ${SRC}/scenarios/sensing-blind-area.toml)
set(mu ${SRC}/scenarios/multiuser-one-irs.toml)

include(${CMAKE_CURRENT_LIST_DIR}/lib/common.cmake)  # run(), expect_in()

# 1. crb and show: the same per-sample echo SNR for the same target (same code path).
run(0 show ${sb} --json)
string(JSON snr_show GET "${out}" targets 0 echo_snr_aligned_db)
run(0 crb ${sb} --json)
string(JSON snr_crb GET "${out}" echo_snr_aligned_db)
if(NOT snr_show STREQUAL snr_crb)
  message(FATAL_ERROR "show echo_snr_aligned_db ${snr_show} != crb ${snr_crb}")
endif()
# and the blocked direct path is named
run(0 show ${sb})
expect_in("${out}" "note: path 'bs' -> 'car' is zero: blocked by the [[link]] at")

# 2. A target behind the reflect-mode surface: show says why its echo is -inf, crb agrees (no CRB).
set(behind --set "target.car.position_m=[11.0, 9.0, 10.0]")
run(0 show ${sb} ${behind})
expect_in("${out}" "note: path 'bs' -> 'wall' -> 'car' is zero: 'car' is behind reflect-mode surface 'wall' as seen from 'bs', and the surface does not refract")
run(0 show ${sb} ${behind} --json)
string(JSON e TYPE "${out}" targets 0 echo_snr_aligned_db)
if(NOT e STREQUAL "NULL")
  message(FATAL_ERROR "show: a target behind a reflect-mode surface has echo SNR of type ${e}, expected null (-inf)")
endif()
run(2 crb ${sb} ${behind})
expect_in("${err}" "the target is behind surface 'wall' as seen from the BS, and the surface does not refract")

# 3. A user behind the surface: -inf SNR, with the reason, in show and optimize (text and JSON).
set(u_behind --set "user.u1.position_m=[55.0, 2.0, 0.0]")
set(why "path 'ap' -> 'irs' -> 'u1' is zero: 'u1' is behind reflect-mode surface 'irs' as seen from 'ap', and the surface does not refract")
run(0 show ${mu} ${u_behind})
expect_in("${out}" "note: ${why}")
run(0 show ${mu} ${u_behind} --json)
string(JSON n GET "${out}" notes 0)
expect_in("${n}" "${why}")
run(0 optimize ${mu} ${u_behind} -o ${WORK}/p.csv)
expect_in("${out}" "note: ${why}")
run(0 optimize ${mu} ${u_behind} -o ${WORK}/p.csv --json)
string(JSON n GET "${out}" notes 0)
expect_in("${n}" "${why}")

# 4. A user 1 um from the surface: an error, not a path gain above 1.
run(2 show ${mu} --set "user.u1.position_m=[50.999999, 0.0, 2.0]")
expect_in("${err}" "link 'irs' -> 'u1' is")
expect_in("${err}" "below the minimum distance")
