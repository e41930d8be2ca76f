# `irisac validate`: every reference check passes on this build (exit 0, table and JSON); a wrong
# reference injected with --reference-override makes it exit 1 naming exactly that row; an unknown
# check name is bad input (exit 2, did-you-mean).
execute_process(COMMAND ${IRISAC} validate RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "comm.g1_closed_form_snr" OR NOT out MATCHES "case_study.fig4_rate_proposed_0db_bps_hz"
   OR out MATCHES " NO\n")
  message(FATAL_ERROR "validate: rc=${rc}\n${out}\n${err}")
endif()
if(NOT out MATCHES "check +value +reference +error +tolerance +pass")
  message(FATAL_ERROR "validate: table header missing:\n${out}")
endif()
execute_process(COMMAND ${IRISAC} validate --json RESULT_VARIABLE rc OUTPUT_VARIABLE out)
string(JSON failed GET "${out}" failed)
string(JSON n LENGTH "${out}" checks)
if(NOT rc EQUAL 0 OR NOT failed EQUAL 0 OR n LESS 20)
  message(FATAL_ERROR "validate --json: rc=${rc} failed=${failed} checks=${n}\n${out}")
endif()
execute_process(COMMAND ${IRISAC} validate --reference-override comm.g1_closed_form_snr=126.2
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 1 OR NOT err MATCHES "1 check\\(s\\) failed" OR NOT err MATCHES "comm.g1_closed_form_snr: value 126.16"
   OR NOT out MATCHES "comm.g1_closed_form_snr[^\n]* NO\n")
  message(FATAL_ERROR "validate with a wrong reference: expected exit 1 and the row, rc=${rc}\n${out}\n${err}")
endif()
execute_process(COMMAND ${IRISAC} validate --reference-override comm.g1_closed_form_snrr=1
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "did you mean \"comm.g1_closed_form_snr\"")
  message(FATAL_ERROR "validate with an unknown check: expected exit 2, rc=${rc}\n${err}")
endif()
execute_process(COMMAND ${IRISAC} validate --reference-override case_study.prior_rate_bps_hz=abc
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "expected a finite number")
  message(FATAL_ERROR "validate with a bad value: expected exit 2, rc=${rc}\n${err}")
endif()
