# One vocabulary and one seed rule (docs/conventions.md, "Names" and "Randomness"): deprecated names
# still work with a warning, --set KEY= / --unset KEY remove a key, --seed is an unsigned 64-bit
# integer on every verb, and `run` takes system.seed from --set.
# Run by CTest with -DIRISAC=<irisac> -DSRC=<source dir> -DWORK=<scratch dir>.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(mu ${SRC}/scenarios/multiuser-one-irs.toml)

include(${CMAKE_CURRENT_LIST_DIR}/lib/common.cmake)  # run(), expect_in()
function(first_value csv out_var)  # first data cell after the axes (3rd column) of results.csv
  file(STRINGS ${csv} lines REGEX "^[0-9]")
  list(GET lines 0 row)
  string(REPLACE "," ";" cells "${row}")
  list(GET cells 2 v)
  set(${out_var} ${v} PARENT_SCOPE)
endfunction()

# 1. Seeds of `run`: --set system.seed=3 changes the numbers (master seed 3); --seed wins over it.
run(0 run ci-sweep -q --no-figures -o ${WORK}/default)
run(0 run ci-sweep -q --no-figures -o ${WORK}/seed3 --set system.seed=3)
file(READ ${WORK}/seed3/results.csv csv3)
expect_in("${csv3}" "# seed: 3 ")
first_value(${WORK}/default/results.csv v_default)
first_value(${WORK}/seed3/results.csv v3)
if(v_default STREQUAL v3)
  message(FATAL_ERROR "run --set system.seed=3 gave the default numbers (${v3})")
endif()
run(0 run ci-sweep -q --no-figures -o ${WORK}/seed5 --set system.seed=3 --seed 5)
file(READ ${WORK}/seed5/results.csv csv5)
expect_in("${csv5}" "# seed: 5 ")

# 2. --seed out of range or signed: exit 2 naming the option, on every verb.
foreach(bad -1 18446744073709551616 1e3 +4)
  run(2 show ${mu} --seed=${bad})
  expect_in("${err}" "--seed")
  expect_in("${err}" "[0, 18446744073709551615]")
  run(2 optimize ${mu} --seed=${bad} -o ${WORK}/p.csv)
  expect_in("${err}" "--seed")
  run(2 run ci-sweep -q --no-figures -o ${WORK}/bad --seed=${bad})
  expect_in("${err}" "--seed")
endforeach()
run(0 show ${mu} --json --seed 18446744073709551615)
string(JSON s GET "${out}" provenance seed)
if(NOT s STREQUAL "18446744073709551615")
  message(FATAL_ERROR "show --seed 2^64-1: provenance seed ${s}")
endif()

# 3. --set KEY= and --unset KEY remove a key (system.seed = 7 in the file; the default is 1).
run(0 show ${mu} --json)
string(JSON s GET "${out}" provenance seed)
if(NOT s EQUAL 7)
  message(FATAL_ERROR "show: expected the file's seed 7, got ${s}")
endif()
foreach(removal "--set;system.seed=" "--unset;system.seed")
  run(0 show ${mu} --json ${removal})
  string(JSON s GET "${out}" provenance seed)
  if(NOT s EQUAL 1)
    message(FATAL_ERROR "show ${removal}: expected the default seed 1, got ${s}")
  endif()
endforeach()
run(2 show ${mu} --unset system.sead)
expect_in("${err}" "--unset system.sead")
expect_in("${err}" "a key present in the document")

# 4. Deprecated names: an old experiment name, an old metric, logspace, export --format/--output.
run(2 run sensing_pd_vs_snr -q --no-figures -o ${WORK}/old --set sensing.nonsense=1)
expect_in("${err}" "experiment 'sensing_pd_vs_snr' is deprecated: use 'sensing-pd-vs-snr'")
file(WRITE ${WORK}/old-names.toml "[experiment]\nname = \"old-names\"\nscenario = \"${SRC}/scenarios/case-study.toml\"\n"
     "metrics = [\"rate_outer_bound_bps_hz\"]\n[[axis]]\nkey = \"case_study.gamma_th_db\"\n"
     "logspace = { start = 1, stop = 4, num = 3 }\n[monte_carlo]\ntrials = 1\n")
run(0 run ${WORK}/old-names.toml -q --no-figures -o ${WORK}/old-names)
expect_in("${err}" "metric 'rate_outer_bound_bps_hz' is deprecated: use 'outer_bound_c2_bps_hz'")
expect_in("${err}" "axis 'logspace' is deprecated: use 'geomspace'")
file(READ ${WORK}/old-names/results.csv csv)
expect_in("${csv}" "outer_bound_c2_bps_hz_mean")
expect_in("${csv}" "\n2,")  # logspace still means values from start to stop: 1, 2, 4
run(0 export ${WORK}/old-names --json -o ${WORK}/new.json)
file(READ ${WORK}/new.json j_new)
string(JSON n LENGTH "${j_new}" points)
run(0 export ${WORK}/old-names --format json --output ${WORK}/old.json)
expect_in("${err}" "option 'export --format' is deprecated: use 'export --json'")
expect_in("${err}" "option 'export --output' is deprecated: use 'export -o/--out'")
file(READ ${WORK}/old.json j_old)
string(JSON n_old LENGTH "${j_old}" points)
if(NOT n EQUAL 3 OR NOT n_old EQUAL 3)
  message(FATAL_ERROR "export --json / --format json: ${n} and ${n_old} points, expected 3")
endif()

# 5. A renamed scenario key: optimize.sinr_min_db still sets the SINR target, with a warning.
set(wz ${SRC}/scenarios/wu-zhang-single-user.toml)
run(0 optimize ${wz} --objective power_min --set optimize.min_sinr_db=10 --json -o ${WORK}/new.csv)
string(JSON p_new GET "${out}" tx_power_dbm)
run(0 optimize ${wz} --objective power_min --set optimize.sinr_min_db=10 --json -o ${WORK}/old.csv)
expect_in("${err}" "key 'optimize.sinr_min_db' is deprecated: use 'optimize.min_sinr_db'")
string(JSON p_old GET "${out}" tx_power_dbm)
if(NOT p_new STREQUAL p_old)
  message(FATAL_ERROR "optimize.sinr_min_db and optimize.min_sinr_db differ: ${p_old} vs ${p_new}")
endif()
