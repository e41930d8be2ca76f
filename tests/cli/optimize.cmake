# irisac optimize: metrics and phases file, unknown names (did-you-mean, exit 2), infeasible SINR
# targets (exit 2, "infeasible"), a scenario without users (exit 2), --json.
file(MAKE_DIRECTORY ${WORK})
set(SC ${SRC}/scenarios/wu-zhang-single-user.toml)
execute_process(COMMAND ${IRISAC} optimize ${SC} --objective snr --algorithm alternating --out ${WORK}/ph.csv
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "objective snr = " OR NOT out MATCHES "phases written to")
  message(FATAL_ERROR "optimize snr: rc=${rc} out=${out} err=${err}")
endif()
file(READ ${WORK}/ph.csv csv)
if(NOT csv MATCHES "# command: " OR NOT csv MATCHES "surface,element,phase_rad,real,imag\nirs,0,")
  message(FATAL_ERROR "phases file: ${csv}")
endif()
execute_process(COMMAND ${IRISAC} optimize ${SC} --objective power_min --algorithm manifold --json --out ${WORK}/ph2.csv
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "\"tx_power_dbm\"" OR NOT out MATCHES "\"unit_modulus\"")
  message(FATAL_ERROR "optimize --json: rc=${rc} out=${out} err=${err}")
endif()
execute_process(COMMAND ${IRISAC} optimize ${SC} --objective snr --algorithm manifld --out ${WORK}/ph3.csv
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "did you mean \"manifold\"")
  message(FATAL_ERROR "unknown algorithm: rc=${rc} err=${err}")
endif()
execute_process(COMMAND ${IRISAC} optimize ${SC} --objective multicst --out ${WORK}/ph3.csv
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "did you mean \"multicast\"")
  message(FATAL_ERROR "unknown objective: rc=${rc} err=${err}")
endif()
execute_process(COMMAND ${IRISAC} optimize ${SC} --set optimize.algorithm=sdpr --out ${WORK}/ph3.csv
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "optimize.algorithm" OR NOT err MATCHES "sdr")
  message(FATAL_ERROR "unknown algorithm in [optimize]: rc=${rc} err=${err}")
endif()
# Two single-antenna-BS users with 10 dB targets each: gamma1*gamma2 >= 1 cannot be met by any power.
file(WRITE ${WORK}/infeasible.toml "[system]\ncarrier_hz = 2.4e9\nbandwidth_hz = 1e6\nnoise_psd_dbm_hz = -140.0\n[links]\nmodel = \"rayleigh\"\npathloss = \"exponent\"\nref_gain_db = -30.0\nexponent = 2.8\n[[bs]]\nname = \"ap\"\nposition_m = [0.0, 0.0, 0.0]\ntx = { rows = 1, cols = 1 }\nrx = { rows = 1, cols = 1 }\n[[irs]]\nname = \"irs\"\nposition_m = [51.0, 0.0, 0.0]\norientation_deg = [180.0, 0.0, 0.0]\nrows = 2\ncols = 4\n[[user]]\nname = \"a\"\nposition_m = [48.0, 2.0, 0.0]\nmin_sinr_db = 10.0\n[[user]]\nname = \"b\"\nposition_m = [47.0, -2.0, 0.0]\nmin_sinr_db = 10.0\n")
execute_process(COMMAND ${IRISAC} optimize ${WORK}/infeasible.toml --objective power_min --algorithm manifold --out ${WORK}/ph4.csv
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "infeasible")
  message(FATAL_ERROR "infeasible targets: rc=${rc} out=${out} err=${err}")
endif()
file(WRITE ${WORK}/nousers.toml "[system]\ncarrier_hz = 2.4e9\n[[bs]]\nname = \"ap\"\nposition_m = [0.0, 0.0, 0.0]\n[[irs]]\nname = \"irs\"\nposition_m = [51.0, 0.0, 0.0]\norientation_deg = [180.0, 0.0, 0.0]\nrows = 2\ncols = 4\n")
execute_process(COMMAND ${IRISAC} optimize ${WORK}/nousers.toml --out ${WORK}/ph5.csv
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "no users")
  message(FATAL_ERROR "scenario without users: rc=${rc} out=${out} err=${err}")
endif()
execute_process(COMMAND ${IRISAC} list algorithms RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "manifold" OR NOT out MATCHES "arc_sweep")
  message(FATAL_ERROR "list algorithms: rc=${rc} out=${out} err=${err}")
endif()
execute_process(COMMAND ${IRISAC} list objectives RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "max_min_sinr" OR NOT out MATCHES "decorrelation")
  message(FATAL_ERROR "list objectives: rc=${rc} out=${out} err=${err}")
endif()

# ---- issue 14 (part A) -------------------------------------------------------------------------
# Nothing is written unasked: without --out no phases file appears in the working directory.
file(REMOVE_RECURSE ${WORK}/cwd)
file(MAKE_DIRECTORY ${WORK}/cwd)
execute_process(COMMAND ${IRISAC} optimize ${SC} --objective snr --algorithm alternating WORKING_DIRECTORY ${WORK}/cwd
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(GLOB left ${WORK}/cwd/*)
if(NOT rc EQUAL 0 OR left OR out MATCHES "phases written")
  message(FATAL_ERROR "optimize without --out wrote files: rc=${rc} left=${left} out=${out}")
endif()

# A certified bound is a bound (M = 4, several users): the old fixed-W "SDR upper bound" was 52.3 < 88.4.
set(MU ${SRC}/scenarios/multiuser-one-irs.toml)
foreach(obj multicast intercell)
  execute_process(COMMAND ${IRISAC} optimize ${MU} --objective ${obj} --algorithm sdr --seed 2
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0 OR NOT out MATCHES "objective ${obj} = ([0-9.e+-]+)")
    message(FATAL_ERROR "optimize ${obj} sdr: rc=${rc} out=${out} err=${err}")
  endif()
  set(value ${CMAKE_MATCH_1})
  if(NOT out MATCHES "upper bound ([0-9.e+-]+) \\(certified")
    message(FATAL_ERROR "optimize ${obj} sdr: no certified bound printed: ${out}")
  endif()
  if(CMAKE_MATCH_1 LESS value)
    message(FATAL_ERROR "optimize ${obj} sdr: bound ${CMAKE_MATCH_1} below the achieved ${value}")
  endif()
endforeach()
# No certified bound for sum_rate: "none" in text, null in JSON; never "upper bound <number>".
execute_process(COMMAND ${IRISAC} optimize ${MU} --objective sum_rate --bound --json
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "\"bound\": null")
  message(FATAL_ERROR "sum_rate --bound --json: rc=${rc} out=${out} err=${err}")
endif()
execute_process(COMMAND ${IRISAC} optimize ${MU} --objective sum_rate --bound
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "upper bound none" OR NOT out MATCHES "status converged")
  message(FATAL_ERROR "sum_rate --bound: rc=${rc} out=${out} err=${err}")
endif()

# The sum-rate design converges on every bundled scenario with users.
file(GLOB scenarios ${SRC}/scenarios/*.toml)
foreach(s IN LISTS scenarios)
  file(READ ${s} text)
  if(NOT text MATCHES "\\[\\[user\\]\\]")
    continue()
  endif()
  execute_process(COMMAND ${IRISAC} optimize ${s} --objective sum_rate --algorithm manifold
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0 OR NOT out MATCHES "status converged")
    message(FATAL_ERROR "sum_rate on ${s}: rc=${rc} out=${out} err=${err}")
  endif()
endforeach()

# Evaluating the written design reproduces optimize's objective: phases alone (MRT is the unique
# optimum for one user), phases + precoder for sum rate (WMMSE depends on its start).
execute_process(COMMAND ${IRISAC} optimize ${SC} --objective snr --algorithm manifold --out ${WORK}/e1.csv
                RESULT_VARIABLE rc OUTPUT_VARIABLE out1 ERROR_VARIABLE err)
execute_process(COMMAND ${IRISAC} optimize ${SC} --objective snr --evaluate --phases ${WORK}/e1.csv
                RESULT_VARIABLE rc2 OUTPUT_VARIABLE out2 ERROR_VARIABLE err2)
string(REGEX MATCH "objective snr = [^\n]*" o1 "${out1}")
string(REGEX MATCH "objective snr = [^\n]*" o2 "${out2}")
if(NOT rc EQUAL 0 OR NOT rc2 EQUAL 0 OR NOT o1 OR NOT o1 STREQUAL o2 OR NOT out2 MATCHES "status evaluated")
  message(FATAL_ERROR "evaluate snr: '${o1}' vs '${o2}' rc=${rc}/${rc2} ${err}${err2}")
endif()
execute_process(COMMAND ${IRISAC} optimize ${MU} --objective sum_rate --out ${WORK}/e2.csv --out-precoder ${WORK}/w2.csv
                RESULT_VARIABLE rc OUTPUT_VARIABLE out1 ERROR_VARIABLE err)
execute_process(COMMAND ${IRISAC} optimize ${MU} --objective sum_rate --evaluate --phases ${WORK}/e2.csv --precoder ${WORK}/w2.csv
                RESULT_VARIABLE rc2 OUTPUT_VARIABLE out2 ERROR_VARIABLE err2)
string(REGEX MATCH "objective sum_rate = [^\n]*" o1 "${out1}")
string(REGEX MATCH "objective sum_rate = [^\n]*" o2 "${out2}")
if(NOT rc EQUAL 0 OR NOT rc2 EQUAL 0 OR NOT o1 OR NOT o1 STREQUAL o2)
  message(FATAL_ERROR "evaluate sum_rate: '${o1}' vs '${o2}' rc=${rc}/${rc2} ${err}${err2}")
endif()
# show and crb take the same file.
execute_process(COMMAND ${IRISAC} show ${SC} --phases ${WORK}/e1.csv RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "snr_given_db")
  message(FATAL_ERROR "show --phases: rc=${rc} out=${out} err=${err}")
endif()
set(SB ${SRC}/scenarios/sensing-blind-area.toml)
file(WRITE ${WORK}/sb.csv "0.5\n1.0\n1.5\n2.0\n2.5\n3.0\n3.5\n4.0\n0.5\n1.0\n1.5\n2.0\n2.5\n3.0\n3.5\n4.0\n")
execute_process(COMMAND ${IRISAC} crb ${SB} --phases ${WORK}/sb.csv RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "phases given")
  message(FATAL_ERROR "crb --phases: rc=${rc} out=${out} err=${err}")
endif()
# Bad design files: exit 2 naming the file, the expected and the found value.
file(WRITE ${WORK}/short.csv "0.1\n0.2\n0.3\n")
execute_process(COMMAND ${IRISAC} optimize ${SC} --evaluate --phases ${WORK}/short.csv
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "short.csv" OR NOT err MATCHES "30 phases" OR NOT err MATCHES "3")
  message(FATAL_ERROR "short phases file: rc=${rc} err=${err}")
endif()
file(WRITE ${WORK}/modulus.csv "0.5+0.5j,1+0j,1+0j,1+0j,1+0j,1+0j,1+0j,1+0j,1+0j,1+0j,1+0j,1+0j,1+0j,1+0j,1+0j,1+0j,1+0j,1+0j,1+0j,1+0j,1+0j,1+0j,1+0j,1+0j,1+0j,1+0j,1+0j,1+0j,1+0j,1+0j\n")
execute_process(COMMAND ${IRISAC} show ${SC} --phases ${WORK}/modulus.csv RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "modulus.csv" OR NOT err MATCHES "unit modulus")
  message(FATAL_ERROR "non-unit-modulus phases: rc=${rc} err=${err}")
endif()
file(WRITE ${WORK}/w_bad.csv "1,0\n0,1\n")
execute_process(COMMAND ${IRISAC} optimize ${MU} --objective sum_rate --evaluate --phases ${WORK}/e2.csv --precoder ${WORK}/w_bad.csv
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "w_bad.csv" OR NOT err MATCHES "4 rows" OR NOT err MATCHES "2×2")
  message(FATAL_ERROR "bad precoder file: rc=${rc} err=${err}")
endif()
