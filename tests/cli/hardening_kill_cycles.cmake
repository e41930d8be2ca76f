# Issue 16 acceptance: several kill -9 / resume cycles (with the directory lock and the per-point
# checksums in place) end bitwise identical to an uninterrupted run. The issue's 20 cycles by hand
# found no difference; this keeps 4 cycles, each killed 0.3-0.6 s into a run of a few seconds.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
file(READ ${SRC}/experiments/ci-sweep.toml text)
string(REPLACE "trials = 64" "trials = 6000" text "${text}")  # about 2.5 s of CPU in Release
string(REPLACE "\"../scenarios/" "\"${SRC}/scenarios/" text "${text}")
file(WRITE ${WORK}/cycles.toml "${text}")

set(script [=[
set -u
interrupted=0
for cycle in 1 2 3 4; do
  "$IRISAC" run "$WORK/cycles.toml" --out "$WORK/killed" --threads 2 --quiet --no-figures >/dev/null 2>"$WORK/cycle$cycle.err" &
  pid=$!
  sleep "0.$((2 + cycle))"
  if kill -9 $pid 2>/dev/null; then interrupted=$((interrupted + 1)); fi
  wait $pid 2>/dev/null
done
echo "interrupted=$interrupted"
]=])
set(ENV{IRISAC} ${IRISAC})
set(ENV{WORK} ${WORK})
execute_process(COMMAND bash -c "${script}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 300)
string(REGEX MATCH "interrupted=([0-9]+)" m "${out}")
if(NOT m OR CMAKE_MATCH_1 LESS 2)
  message(FATAL_ERROR "fewer than 2 of the 4 runs were killed while running:\n${out}\n${err}")
endif()
message(STATUS "${CMAKE_MATCH_1} of 4 runs killed with kill -9")
foreach(d killed straight)
  execute_process(COMMAND ${IRISAC} run ${WORK}/cycles.toml --out ${WORK}/${d} --threads 2 --quiet --no-figures
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 300)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${d} run failed (exit ${rc}):\n${out}\n${err}")
  endif()
endforeach()
foreach(d killed straight)
  file(STRINGS ${WORK}/${d}/results.csv lines)
  set(data_${d} "")
  foreach(l IN LISTS lines)
    if(NOT l MATCHES "^# ")
      string(APPEND data_${d} "${l}\n")
    endif()
  endforeach()
endforeach()
if(NOT data_killed STREQUAL data_straight)
  message(FATAL_ERROR "killed+resumed and uninterrupted runs differ:\n${data_killed}\n---\n${data_straight}")
endif()
