# The case study on a physical scene (docs/case-study.md): `irisac run` of the split-region experiment
# on scenarios/case-study-physical.toml (exit 0, the all-reflect bound's infeasible tail reported as
# infeasible, the energy split above the time split), and bad input with exit 2 naming the key.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
execute_process(COMMAND ${IRISAC} run ${SRC}/experiments/case-study-split.toml -q --no-figures -o ${WORK}/split --fresh
                WORKING_DIRECTORY ${WORK} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "irisac run case-study-split failed (${rc}):\n${out}\n${err}")
endif()
file(READ ${WORK}/split/results.csv csv)
string(REGEX MATCH "\n0\\.3,[^\n]*infeasible" inf "${csv}")
if(NOT inf)
  message(FATAL_ERROR "a 0.3 deg requirement (below the all-reflect bound, 0.37 deg) is not infeasible:\n${csv}")
endif()
# 0.55 deg: energy split 4.848, time split 3.403 bps/Hz (docs/case-study.md)
string(REGEX MATCH "\n0\\.55,4\\.848[0-9]*,[^\n]*" row "${csv}")
if(NOT row)
  message(FATAL_ERROR "energy-split rate at 0.55 deg is not 4.848...:\n${csv}")
endif()
# Bad input names the key and exits 2.
execute_process(COMMAND ${IRISAC} run ${SRC}/experiments/case-study-physical.toml --set case_study.scene.slot_s=-1
                        -q --no-figures -o ${WORK}/bad --fresh
                WORKING_DIRECTORY ${WORK} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "case_study.scene.slot_s: expected a value > 0, found -1")
  message(FATAL_ERROR "bad slot_s: rc=${rc} err=${err}")
endif()
execute_process(COMMAND ${IRISAC} run ${SRC}/experiments/case-study-physical.toml --set irs.0.mounted_on=\"passenger\"
                        -q --no-figures -o ${WORK}/bad2 --fresh
                WORKING_DIRECTORY ${WORK} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "case_study.model: expected a scene with a vehicle")
  message(FATAL_ERROR "no vehicle: rc=${rc} err=${err}")
endif()
