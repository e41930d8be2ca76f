# Acceptance: a run killed with kill -9 half-way and then resumed gives results identical to an
# uninterrupted run; `irisac export` works while the run writes (it is what the test polls with).
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
# ci-sweep with more trials, so that the run takes several seconds on one thread in Release (an
# unloaded machine finished 300 trials per point before the first export returned).
file(READ ${SRC}/experiments/ci-sweep.toml text)
string(REPLACE "trials = 64" "trials = 10000" text "${text}")
string(REPLACE "\"../scenarios/" "\"${SRC}/scenarios/" text "${text}")
file(WRITE ${WORK}/slow.toml "${text}")

set(script [=[
set -u
"$IRISAC" run "$WORK/slow.toml" --out "$WORK/killed" --threads 1 --quiet --no-figures >/dev/null 2>&1 &
pid=$!
rows=0
for i in $(seq 1 1200); do
  if out=$("$IRISAC" export "$WORK/killed" 2>/dev/null); then
    rows=$(printf '%s\n' "$out" | grep -v '^#' | tail -n +2 | grep -c . || true)
    [ "$rows" -ge 2 ] && break
  fi
  kill -0 $pid 2>/dev/null || break
  sleep 0.05
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
echo "rows_at_kill=$rows"
]=])
set(ENV{IRISAC} ${IRISAC})
set(ENV{WORK} ${WORK})
execute_process(COMMAND bash -c "${script}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(REGEX MATCH "rows_at_kill=([0-9]+)" m "${out}")
set(at_kill ${CMAKE_MATCH_1})
if(NOT m OR at_kill LESS 2 OR at_kill GREATER_EQUAL 20)
  message(FATAL_ERROR "the run was not killed half-way (rows at kill: '${at_kill}'):\n${out}\n${err}")
endif()
message(STATUS "killed with ${at_kill} of 20 points stored")

execute_process(COMMAND ${IRISAC} run ${WORK}/slow.toml --out ${WORK}/killed --threads 2 --no-figures
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "resume failed (exit ${rc}):\n${out}\n${err}")
endif()
string(REGEX MATCH "\\(([0-9]+) resumed, ([0-9]+) run\\)" m "${out}")
if(NOT m OR CMAKE_MATCH_1 LESS at_kill OR NOT CMAKE_MATCH_2 GREATER 0)
  message(FATAL_ERROR "the second run did not resume (expected >= ${at_kill} resumed):\n${out}")
endif()
execute_process(COMMAND ${IRISAC} run ${WORK}/slow.toml --out ${WORK}/straight --threads 2 --quiet --no-figures
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "reference run failed (exit ${rc}):\n${out}\n${err}")
endif()

function(data_lines dir out_var)
  file(STRINGS ${dir}/results.csv lines)
  set(data "")
  foreach(l IN LISTS lines)
    if(NOT l MATCHES "^# ")
      string(APPEND data "${l}\n")
    endif()
  endforeach()
  set(${out_var} "${data}" PARENT_SCOPE)
endfunction()
data_lines(${WORK}/killed a)
data_lines(${WORK}/straight b)
if(NOT a STREQUAL b)
  message(FATAL_ERROR "killed+resumed and uninterrupted runs differ:\n${a}\n---\n${b}")
endif()

# The same command with a changed experiment is refused (exit 2) unless --fresh.
execute_process(COMMAND ${IRISAC} run ${WORK}/slow.toml --out ${WORK}/killed --seed 5 --quiet --no-figures
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(FIND "${err}" "--fresh" at)
if(NOT rc EQUAL 2 OR at EQUAL -1)
  message(FATAL_ERROR "a changed experiment was not refused (exit ${rc}):\n${out}\n${err}")
endif()
