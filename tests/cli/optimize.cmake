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
