# Run at build time: writes version.cpp with the current commit (and "-dirty" if the tree has changes).
execute_process(COMMAND git -C "${SRC_DIR}" rev-parse --short=12 HEAD
                OUTPUT_VARIABLE IRISAC_GIT_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR IRISAC_GIT_COMMIT STREQUAL "")
  set(IRISAC_GIT_COMMIT "unknown")
else()
  execute_process(COMMAND git -C "${SRC_DIR}" status --porcelain --untracked-files=no
                  OUTPUT_VARIABLE dirty OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(NOT dirty STREQUAL "")
    set(IRISAC_GIT_COMMIT "${IRISAC_GIT_COMMIT}-dirty")
  endif()
endif()
configure_file("${IN_FILE}" "${OUT_FILE}.tmp" @ONLY)
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUT_FILE}.tmp" "${OUT_FILE}")
