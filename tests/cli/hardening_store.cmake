# Issue 16, output directory and store: the directory lock (a second run and --fresh refused with
# the holder's PID), Ctrl-C with a huge batch, CSV escaping, read-only export without -wal/-shm,
# per-point checksums, a damaged store, and channel files in the experiment hash.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(PY /usr/bin/python3)

function(expect_rc what want)
  execute_process(COMMAND ${IRISAC} ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
  if(NOT rc EQUAL want)
    message(FATAL_ERROR "${what}: expected exit code ${want}, got '${rc}'\n${out}\n${err}")
  endif()
  set(last_err "${err}" PARENT_SCOPE)
  set(last_out "${out}" PARENT_SCOPE)
endfunction()
function(expect_in what text needle)
  string(FIND "${text}" "${needle}" pos)
  if(pos EQUAL -1)
    message(FATAL_ERROR "${what}: expected\n  ${needle}\nin\n  ${text}")
  endif()
endfunction()

# A finished run whose description has a newline and a comma.
file(READ ${SRC}/experiments/ci-sweep.toml text)
string(REPLACE "\"../scenarios/" "\"${SRC}/scenarios/" text "${text}")
string(REPLACE "trials = 64" "trials = 8" text "${text}")
string(REGEX REPLACE "description = \"[^\"]*\"" "description = \"two\\\\nlines, and \\\\\"quotes\\\\\"\"" text "${text}")
file(WRITE ${WORK}/quick.toml "${text}")
expect_rc("quick run" 0 run ${WORK}/quick.toml --out ${WORK}/done --threads 2 --quiet --no-figures)
file(STRINGS ${WORK}/done/results.csv lines)
set(data 0)
foreach(l IN LISTS lines)
  if(NOT l MATCHES "^#")
    math(EXPR data "${data} + 1")
  endif()
endforeach()
if(NOT data EQUAL 21)
  message(FATAL_ERROR "results.csv: expected a header and 20 rows, found ${data} non-comment lines:\n${lines}")
endif()
expect_in("escaped description" "${lines}" "# irisac results: ci-sweep - two\\nlines, and \"quotes\"")

# Export of a finished directory opens the store immutable: no -wal or -shm appears (so it works on
# a read-only directory or for another user). We run as root in CI, and root ignores permission
# bits, so `chmod -R a-w` alone proves nothing: the absence of the two files is what is asserted.
file(REMOVE ${WORK}/done/results.sqlite-wal ${WORK}/done/results.sqlite-shm)
execute_process(COMMAND chmod -R a-w ${WORK}/done)
expect_rc("read-only export" 0 export ${WORK}/done --format json)
expect_in("export" "${last_out}" "\"points_done\": 20")
if(EXISTS ${WORK}/done/results.sqlite-wal OR EXISTS ${WORK}/done/results.sqlite-shm)
  message(FATAL_ERROR "export of a finished directory created -wal/-shm files")
endif()
execute_process(COMMAND chmod -R u+w ${WORK}/done)

# A changed stored double (what a flipped byte does) is caught by the point's checksum, on export
# and on resume; --fresh recovers.
execute_process(COMMAND ${PY} -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('UPDATE metrics SET mean = mean + 1e-9 WHERE point = 3 AND idx = 1'); c.commit()"
                        ${WORK}/done/results.sqlite RESULT_VARIABLE rc)
expect_rc("tampered export" 2 export ${WORK}/done)
expect_in("tampered export" "${last_err}" "results.sqlite: point 3: expected stored values matching their checksum")
expect_in("tampered export" "${last_err}" "run again with --fresh")
expect_rc("tampered resume" 2 run ${WORK}/quick.toml --out ${WORK}/done --quiet --no-figures)
expect_in("tampered resume" "${last_err}" "point 3: expected stored values matching their checksum")

# A truncated store: a clear error that says how to recover, then --fresh recomputes.
execute_process(COMMAND ${PY} -c "import sys; d=open(sys.argv[1],'rb').read(); open(sys.argv[1],'wb').write(d[:3000])"
                        ${WORK}/done/results.sqlite)
file(REMOVE ${WORK}/done/results.sqlite-wal ${WORK}/done/results.sqlite-shm)
expect_rc("truncated export" 2 export ${WORK}/done)
expect_in("truncated export" "${last_err}" "expected an intact results store, found a damaged file")
expect_in("truncated export" "${last_err}" "--fresh")
if(last_err MATCHES "SELECT|INSERT|CREATE TABLE")
  message(FATAL_ERROR "a store error printed SQL: ${last_err}")
endif()
expect_rc("fresh after truncation" 0 run ${WORK}/quick.toml --out ${WORK}/done --fresh --quiet --no-figures)

# The lock: a long run with a batch far larger than a trial; a second run and --fresh are refused
# with the holder's PID; Ctrl-C then ends the first within a trial's time, exit 130, resumable.
string(REPLACE "trials = 8" "trials = 2000000" slow "${text}")
string(REPLACE "batch_size = 16" "batch_size = 60000" slow "${slow}")
string(APPEND slow "\n[limits]\ntrials = 2000000\n")
file(WRITE ${WORK}/slow.toml "${slow}")
set(script [=[
set -u
"$IRISAC" run "$WORK/slow.toml" --out "$WORK/live" --threads 2 --quiet --no-figures >"$WORK/first.out" 2>"$WORK/first.err" &
pid=$!
for i in $(seq 1 600); do [ -s "$WORK/live/results.lock" ] && break; sleep 0.05; done
"$IRISAC" run "$WORK/slow.toml" --out "$WORK/live" --quiet --no-figures >/dev/null 2>"$WORK/second.err"; echo "second=$?"
"$IRISAC" run "$WORK/slow.toml" --out "$WORK/live" --fresh --quiet --no-figures >/dev/null 2>"$WORK/fresh.err"; echo "fresh=$?"
echo "holder=$pid"
sleep 0.5
kill -INT $pid
t0=$(date +%s%N)
wait $pid; echo "first=$?"
t1=$(date +%s%N)
echo "stop_ms=$(( (t1 - t0) / 1000000 ))"
]=])
set(ENV{IRISAC} ${IRISAC})
set(ENV{WORK} ${WORK})
execute_process(COMMAND bash -c "${script}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 300)
string(REGEX MATCH "holder=([0-9]+)" m "${out}")
set(holder ${CMAKE_MATCH_1})
file(READ ${WORK}/second.err second)
file(READ ${WORK}/fresh.err fresh)
file(READ ${WORK}/first.err first)
if(NOT out MATCHES "second=2" OR NOT out MATCHES "fresh=2")
  message(FATAL_ERROR "a second run on a locked directory was not refused:\n${out}\n${second}\n${fresh}")
endif()
expect_in("second run" "${second}" "expected an output directory no other run is using, found the lock ${WORK}/live/results.lock held by process ${holder}")
expect_in("--fresh on a live directory" "${fresh}" "held by process ${holder}")
if(NOT out MATCHES "first=130")
  message(FATAL_ERROR "Ctrl-C did not end the run with exit 130:\n${out}\n${first}")
endif()
expect_in("interrupted" "${first}" "irisac: interrupted:")
string(REGEX MATCH "stop_ms=[0-9]+" stop "${out}")
message(STATUS "Ctrl-C with batch_size 60000: ${stop}")
expect_rc("export after Ctrl-C" 0 export ${WORK}/live)

# Channel files are part of the experiment hash: a changed .npy/.csv is refused on resume.
file(MAKE_DIRECTORY ${WORK}/scen)
file(WRITE ${WORK}/scen/h.csv "1,2,3,4\n")
file(READ ${SRC}/scenarios/multiuser-one-irs.toml scen)
string(REPLACE "[[link]]\nbetween = [\"ap\", \"u1\"]\nmodel = \"rayleigh\"\nexponent = 3.6\n" "" scen "${scen}")  # the file replaces this link (one [[link]] per direction)
file(WRITE ${WORK}/scen/s.toml "${scen}\n[[link]]\nbetween = [\"ap\", \"u1\"]\nmodel = \"file\"\nfile = \"h.csv\"\n")
file(WRITE ${WORK}/chan.toml "[experiment]\nname = \"chan\"\nscenario = \"scen/s.toml\"\nmetrics = [\"snr_aligned_db\"]\n[[axis]]\nkey = \"bs.ap.tx_power_dbm\"\nvalues = [0, 10]\n[monte_carlo]\ntrials = 4\n")
expect_rc("channel run" 0 run ${WORK}/chan.toml --out ${WORK}/chan-out --quiet --no-figures)
expect_rc("channel resume, same file" 0 run ${WORK}/chan.toml --out ${WORK}/chan-out --quiet --no-figures)
file(WRITE ${WORK}/scen/h.csv "1,2,3,5\n")
expect_rc("channel resume, changed file" 2 run ${WORK}/chan.toml --out ${WORK}/chan-out --quiet --no-figures)
expect_in("changed channel file" "${last_err}" "experiment hash: expected results of the same experiment")
expect_rc("changed channel file with --fresh" 0 run ${WORK}/chan.toml --out ${WORK}/chan-out --fresh --quiet --no-figures)

# A point whose every trial fails keeps the first failure's reason, and export shows it.
file(WRITE ${WORK}/blocked.toml "[experiment]\nname = \"blocked\"\nmetrics = [\"snr_aligned_db\"]\n[scenario.system]\ncarrier_hz = 28e9\n[scenario.links]\nmodel = \"los\"\n[[scenario.bs]]\nname = \"bs\"\nposition_m = [0, 0, 10]\n[[scenario.irs]]\nname = \"ris\"\nposition_m = [20, 5, 10]\nrows = 2\ncols = 2\n[[scenario.user]]\nname = \"ue\"\nposition_m = [25, 0, 1.5]\n[[scenario.link]]\nbetween = [\"bs\", \"ue\"]\nmodel = \"blocked\"\n[[scenario.link]]\nbetween = [\"bs\", \"ris\"]\nmodel = \"blocked\"\n[monte_carlo]\ntrials = 3\n")
expect_rc("all trials fail" 0 run ${WORK}/blocked.toml --out ${WORK}/blocked-out --quiet --no-figures)
expect_rc("export of failed point" 0 export ${WORK}/blocked-out)
expect_in("failed reason in CSV" "${last_out}" ",3,3,failed (trial 0: link budget: zero received power (every path blocked?))")
expect_rc("export json of failed point" 0 export ${WORK}/blocked-out --format json)
expect_in("failed reason in JSON" "${last_out}" "\"note\": \"trial 0: link budget: zero received power (every path blocked?)\"")

# A damaged layout in the store's meta table: exit 2 suggesting --fresh, not a JSON exception.
execute_process(COMMAND ${PY} -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"UPDATE meta SET value = '{\\\"seed\\\": ' WHERE key = 'layout'\"); c.commit()"
                        ${WORK}/blocked-out/results.sqlite RESULT_VARIABLE rc)
expect_rc("damaged layout" 2 export ${WORK}/blocked-out)
expect_in("damaged layout" "${last_err}" "layout: expected an intact results store, found a damaged layout")
