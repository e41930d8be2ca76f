# Shared by the CLI tests (tests/cli/*.cmake, run as cmake -P scripts with -DIRISAC=<the binary>);
# kept in lib/ so that the glob in tests/CMakeLists.txt does not make it a test of its own.
# run(EXPECTED_EXIT args...): runs irisac, fails on another exit code, leaves ${out} and ${err}.
function(run expect_rc)
  execute_process(COMMAND ${IRISAC} ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL ${expect_rc})
    message(FATAL_ERROR "irisac ${ARGN}: exit ${rc}, expected ${expect_rc}\nstdout: ${out}\nstderr: ${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
  set(err "${err}" PARENT_SCOPE)
endfunction()

# expect_in(TEXT WHAT): fails unless WHAT occurs in TEXT.
function(expect_in text what)
  string(FIND "${text}" "${what}" p)
  if(p LESS 0)
    message(FATAL_ERROR "expected '${what}' in:\n${text}")
  endif()
endfunction()

# mpi_test_environment(): what mpirun needs in a test: running as root (containers), more processes
# than cores, and no LeakSanitizer report of Open MPI's own allocations, which it does not free at exit.
function(mpi_test_environment)
  set(ENV{OMPI_ALLOW_RUN_AS_ROOT} 1)
  set(ENV{OMPI_ALLOW_RUN_AS_ROOT_CONFIRM} 1)
  set(ENV{OMPI_MCA_rmaps_base_oversubscribe} 1)
  set(ENV{ASAN_OPTIONS} "$ENV{ASAN_OPTIONS}:detect_leaks=0")
endfunction()
