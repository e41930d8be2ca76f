# Issue 16, signals under MPI: SIGINT sent to the ranks of a running `mpirun -n 2 irisac run` (as
# `kill -INT` to the rank processes; Open MPI puts each rank in its own process group, so a
# terminal's Ctrl-C reaches only mpirun, which forwards SIGTERM and exits 1 itself: see
# docs/experiments.md). Each point is one batch of 6000 trials, so the ranks must stop inside a
# batch. Asserted, over two interrupted runs on one directory: exit 130 of each rank and of
# mpirun (it returns the ranks' code), rank 0's "interrupted" message (once: the other rank
# prints nothing), a store that resumes each time, and after a last resume to the end,
# `irisac export` equal to that of an uninterrupted run.
# Skipped when mpirun is absent or irisac was built without MPI.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
include(${CMAKE_CURRENT_LIST_DIR}/lib/common.cmake)

find_program(MPIEXEC NAMES mpirun mpiexec)
if(NOT MPIEXEC)
  message(STATUS "no mpirun: skipped")
  return()
endif()
find_program(PS NAMES ps)
if(NOT PS)
  message(STATUS "no ps (to find the ranks): skipped")
  return()
endif()
mpi_test_environment()

file(READ ${SRC}/experiments/ci-sweep.toml text)
string(REPLACE "\"../scenarios/" "\"${SRC}/scenarios/" text "${text}")
string(REPLACE "trials = 64" "trials = 6000" text "${text}")  # about 2.5 s of CPU in Release
string(REPLACE "batch_size = 16" "batch_size = 6000" text "${text}")
file(WRITE ${WORK}/sigint.toml "${text}")

# Two interrupted runs on one directory, then a resume to the end. The first runs each rank
# through a small wrapper that records the rank's exit code (mpirun reports one code only), with
# orte_abort_on_non_zero_status=0: otherwise the first rank to exit 130 makes mpirun kill the other
# wrapper before it writes its file (and mpirun then exits 0, so its code is not checked there).
# The second, plain `mpirun -n 2 irisac run`, checks mpirun's own exit code.
file(WRITE ${WORK}/rank.sh [=[
"$IRISAC" "$@"
rc=$?
echo $rc > "$WORK/exit.${OMPI_COMM_WORLD_RANK:-${PMI_RANK:-unknown}}"
exit $rc
]=])
set(script [=[
set -u
interrupt() {  # $1: the tag of the output files; the rest: what mpirun runs
  tag=$1; shift
  rm -f "$WORK/int/results.lock"
  "$MPIEXEC" -n 2 "$@" run "$WORK/sigint.toml" --out "$WORK/int" --threads 1 --no-figures >"$WORK/$tag.out" 2>"$WORK/$tag.err" &
  mp=$!
  # rank 0 writes its PID into the lock once run_experiment runs (the handlers are set by then)
  for i in $(seq 1 600); do [ -s "$WORK/int/results.lock" ] && break; sleep 0.05; done
  sleep 0.3
  # the ranks: irisac processes that are children of mpirun or of its children (the wrappers)
  kids=$(ps -e -o pid=,ppid= | awk -v p=$mp '$2 == p { print $1 }')
  ranks=$(for k in $kids; do ps -o pid=,comm= -p $k --ppid $k | awk '$2 == "irisac" { print $1 }'; done | sort -u)
  echo "$tag ranks=" $ranks
  kill -INT $ranks
  wait $mp; echo "$tag rc=$?"
}
OMPI_MCA_orte_abort_on_non_zero_status=0 interrupt first bash "$WORK/rank.sh"
interrupt second "$IRISAC"
]=])
set(ENV{IRISAC} ${IRISAC})
set(ENV{WORK} ${WORK})
set(ENV{MPIEXEC} ${MPIEXEC})
execute_process(COMMAND bash -c "${script}" RESULT_VARIABLE brc OUTPUT_VARIABLE sout ERROR_VARIABLE serr TIMEOUT 300)
foreach(tag first second)
  file(READ ${WORK}/${tag}.out ${tag}_out)
  file(READ ${WORK}/${tag}.err ${tag}_err)
endforeach()
set(all "${sout}\n${serr}\nfirst:\n${first_out}\n${first_err}\nsecond:\n${second_out}\n${second_err}")
if(EXISTS ${WORK}/int/results.csv)
  file(READ ${WORK}/int/results.csv icsv)
  if(NOT icsv MATCHES "processes: 2")
    message(STATUS "irisac was built without MPI (results.csv: not 2 processes): skipped")
    return()
  endif()
endif()
foreach(tag first second)
  if(NOT sout MATCHES "${tag} ranks= [0-9]+ [0-9]+\n")
    message(FATAL_ERROR "${tag} run: did not find the 2 ranks of mpirun:\n${all}")
  endif()
endforeach()
foreach(r 0 1)
  if(NOT EXISTS ${WORK}/exit.${r})
    message(FATAL_ERROR "rank ${r} recorded no exit code:\n${all}")
  endif()
  file(STRINGS ${WORK}/exit.${r} code)
  if(NOT code STREQUAL "130")
    message(FATAL_ERROR "rank ${r}: expected exit 130 after SIGINT, got ${code}:\n${all}")
  endif()
endforeach()
if(NOT sout MATCHES "second rc=130")
  message(FATAL_ERROR "SIGINT to the ranks: expected mpirun to exit 130:\n${all}")
endif()
set(resumed_before 0)
foreach(tag first second)
  expect_in("${${tag}_err}" "irisac: interrupted: ")
  expect_in("${${tag}_err}" "run the same command again to resume")
  string(REGEX MATCHALL "irisac: interrupted: " said "${${tag}_err}")
  list(LENGTH said nsaid)
  if(NOT nsaid EQUAL 1)
    message(FATAL_ERROR "${tag} run: expected the message once (rank 0), found it ${nsaid} times:\n${all}")
  endif()
  string(REGEX MATCH "([0-9]+) of 20 points \\(([0-9]+) resumed, ([0-9]+) run\\)" m "${${tag}_out}")
  if(NOT m OR CMAKE_MATCH_1 EQUAL 20 OR NOT CMAKE_MATCH_2 EQUAL resumed_before)
    message(FATAL_ERROR "${tag} run: expected an interrupted run, fewer than 20 points stored, "
                        "${resumed_before} resumed:\n${all}")
  endif()
  set(resumed_before ${CMAKE_MATCH_1})
endforeach()
set(stored ${resumed_before})
message(STATUS "interrupted twice, ${stored} of 20 points stored")

# The resume (2 processes again) completes from the stored points; the reference runs uninterrupted.
execute_process(COMMAND ${MPIEXEC} -n 2 ${IRISAC} run ${WORK}/sigint.toml --out ${WORK}/int --threads 1
                        --no-figures RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 300)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "resume failed (exit ${rc}):\n${out}\n${err}")
endif()
expect_in("${out}" "20 of 20 points (${stored} resumed, ")
run(0 run ${WORK}/sigint.toml --out ${WORK}/straight --threads 2 --quiet --no-figures)
run(0 export ${WORK}/int)
set(resumed "${out}")
run(0 export ${WORK}/straight)
set(straight "${out}")
foreach(v resumed straight)
  string(REGEX REPLACE "(^|\n)#[^\n]*" "" ${v} "${${v}}")  # provenance lines differ (commands, times)
endforeach()
if(NOT resumed STREQUAL straight)
  message(FATAL_ERROR "interrupted+resumed and uninterrupted exports differ:\n${resumed}\n---\n${straight}")
endif()
