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
