# irisac crb / irisac estimate: output, JSON, the rank-one diagnostic and bad-input exit codes.
# Run by CTest with -DIRISAC=<irisac> -DSRC=<source dir> -DWORK=<scratch dir>.
set(scn ${SRC}/scenarios/sensing-blind-area.toml)
file(MAKE_DIRECTORY ${WORK})

include(${CMAKE_CURRENT_LIST_DIR}/lib/common.cmake)  # run(), expect_in()

# 1. CRB on the Rician (high-rank) BS-IRS link: identifiable, closed form and FIM printed.
run(0 crb ${scn})
string(FIND "${out}" "CRB(azimuth)" p)
if(p LESS 0)
  message(FATAL_ERROR "crb: no CRB line\n${out}")
endif()
string(FIND "${out}" "rank 3 of 3" p)
if(p LESS 0)
  message(FATAL_ERROR "crb: expected an identifiable FIM (rank 3 of 3)\n${out}")
endif()

# 2. JSON output parses as an object with the CRB.
run(0 crb ${scn} --json)
string(JSON ident GET "${out}" identifiable)
string(JSON crb GET "${out}" angle_crb_rad2)
if(NOT ident STREQUAL "ON" AND NOT ident STREQUAL "true")
  message(FATAL_ERROR "crb --json: identifiable = ${ident}\n${out}")
endif()

# 3. Rank-one (LoS) BS-IRS and IRS-BS links: not identifiable, with the rank diagnostic, exit 0.
run(0 crb ${scn} --set link.0.model=\"los\")
string(FIND "${out}" "not identifiable" p)
string(FIND "${out}" "rank 2 of 3" q)
if(p LESS 0 OR q LESS 0)
  message(FATAL_ERROR "crb with a LoS BS-IRS link: expected 'not identifiable' and 'rank 2 of 3'\n${out}")
endif()

# 4. Semi-passive sensors restore identifiability on the same LoS link.
run(0 crb ${scn} --set link.0.model=\"los\" --set sensing.mode=\"semi_passive\")
string(FIND "${out}" "rank 3 of 3" p)
if(p LESS 0)
  message(FATAL_ERROR "crb semi-passive: expected rank 3 of 3\n${out}")
endif()

# 5. Estimation: ML MSE next to the CRB.
run(0 estimate ${scn} --estimator ml --trials 20 --json)
string(JSON ratio GET "${out}" mse_over_crb)
if(ratio LESS 0.3 OR ratio GREATER 10)
  message(FATAL_ERROR "estimate: implausible MSE/CRB ${ratio}\n${out}")
endif()

# 6. Bad input: unknown estimator, zero power, no path, no target.
run(2 estimate ${scn} --estimator capon --trials 5)
string(FIND "${err}" "unknown estimator" p)
if(p LESS 0)
  message(FATAL_ERROR "unknown estimator: message missing\n${err}")
endif()
run(2 crb ${scn} --set bs.0.tx_power_dbm=-1e9)
run(2 crb ${scn} --set link.0.model=\"blocked\")
string(FIND "${err}" "no echo path" p)
if(p LESS 0)
  message(FATAL_ERROR "blocked link: expected 'no echo path'\n${err}")
endif()
file(READ ${scn} text)
string(REGEX REPLACE "\\[\\[target\\]\\][^[]*" "" text "${text}")
string(REPLACE "target = \"car\"" "" text "${text}")
file(WRITE ${WORK}/no_target.toml "${text}")
run(2 crb ${WORK}/no_target.toml)
string(FIND "${err}" "target" p)
if(p LESS 0)
  message(FATAL_ERROR "no target: message should name the target\n${err}")
endif()

# 7. The library's other models from [sensing] (docs/sensing.md §6).
# Bistatic receiver: crb names it; the tx_irs path's CRB is identifiable on the Rician links.
set(bis ${SRC}/scenarios/sensing-bistatic.toml)
run(0 crb ${bis})
expect_in("${out}" "bistatic receiver        BS 'rx', path tx_irs")
run(0 crb ${bis} --json --set sensing.bistatic_path=\"irs_rx\" --set link.1.model=\"los\")
string(JSON m GET "${out}" setup mode)
string(JSON rx GET "${out}" bistatic receiver)
string(JSON path GET "${out}" bistatic path)
string(JSON ident GET "${out}" identifiable)
if(NOT m STREQUAL "bistatic" OR NOT rx STREQUAL "rx" OR NOT path STREQUAL "irs_rx" OR NOT ident)
  message(FATAL_ERROR "crb bistatic irs_rx: mode ${m}, receiver ${rx}, path ${path}, identifiable ${ident}\n${out}")
endif()
# Several targets: the max-min design's minimum gain is not below the aligned phases' (same draw).
set(mt ${SRC}/scenarios/multi-target.toml)
run(0 crb ${mt} --json --set link.0.model=\"rician\")
string(JSON g_aligned GET "${out}" targets min_target_gain_db)
run(0 crb ${mt} --json --set link.0.model=\"rician\" --set sensing.phases=\"max_min\")
string(JSON g_mm GET "${out}" targets min_target_gain_db)
string(JSON rank GET "${out}" targets target_channel_rank_count)
if(g_mm LESS g_aligned OR NOT rank EQUAL 4)
  message(FATAL_ERROR "max_min min gain ${g_mm} dB < aligned ${g_aligned} dB, or rank ${rank} != 4")
endif()
# Extended target on a 4-element surface: tx_cov = "crb" is the closed-form optimum, never above isotropic.
run(0 crb ${scn} --json --set irs.0.cols=4 --set irs.0.sensors=2 --set sensing.target_model=\"extended\"
    --set sensing.tx_cov=\"crb\")
string(JSON c GET "${out}" extended crb_extended_db)
string(JSON c_opt GET "${out}" extended crb_extended_optimal_db)
string(JSON c_iso GET "${out}" extended crb_extended_isotropic_db)
if(NOT c EQUAL c_opt OR c_opt GREATER c_iso)
  message(FATAL_ERROR "extended CRB: with tx_cov crb ${c} dB, optimal ${c_opt} dB, isotropic ${c_iso} dB")
endif()

# 8. Bad input for those keys: exit 2, the key named.
run(2 crb ${scn} --set sensing.phases=\"max_min\")
expect_in("${err}" "phases")
expect_in("${err}" "at least 2 [[target]]s")
run(2 crb ${bis} --set sensing.receiver=\"nobody\")
expect_in("${err}" "receiver")
run(2 crb ${scn} --set sensing.bistatic_path=\"tx_irs\")
expect_in("${err}" "bistatic_path")
run(2 crb ${bis} --set sensing.bistatic_path=\"irs_rx\")   # the BS-target link is blocked
expect_in("${err}" "[sensing] receiver")
run(2 crb ${scn} --set sensing.target_model=\"extended\")   # N = 16 > Nt = 4
expect_in("${err}" "target_model")
expect_in("${err}" "N = 16")
run(2 crb ${bis} --set sensing.target_model=\"extended\" --set irs.0.cols=4)
expect_in("${err}" "target_model")
# estimate: ML works on the bistatic tx_irs model, MUSIC has no receive manifold to scan there.
run(0 estimate ${bis} --estimator ml --trials 4 --json)
run(2 estimate ${bis} --estimator music --trials 4)
expect_in("${err}" "receiver")
run(2 estimate ${scn} --estimator ml --trials 4 --set irs.0.cols=4 --set irs.0.sensors=2
    --set sensing.target_model=\"extended\")
expect_in("${err}" "target_model")
