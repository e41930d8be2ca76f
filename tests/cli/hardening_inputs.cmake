# Issue 16 reproducers on the bundled scenario: each bad size, number or file is exit 2 with a
# message naming its origin (the --set argument, the [[axis]] entry, the scenario line), never a
# crash, an allocation of the claimed size or a non-finite number.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(S ${SRC}/scenarios/multiuser-one-irs.toml)

function(expect_error what expected)
  execute_process(COMMAND ${IRISAC} ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err
                  TIMEOUT 60)
  if(NOT rc EQUAL 2)
    message(FATAL_ERROR "${what}: expected exit code 2, got '${rc}'\n${out}\n${err}")
  endif()
  string(FIND "${err}" "${expected}" pos)
  if(pos EQUAL -1)
    message(FATAL_ERROR "${what}: expected the message\n  ${expected}\ngot\n  ${err}")
  endif()
endfunction()

# Sizes: overflow, limits, and how to raise them.
expect_error("rows x cols overflows"
  "--set irs.0.cols: irs[0].cols: expected rows x cols of at most 4096 elements (limits.elements), found 4611686018427387904 x 4, which overflows a 64-bit integer"
  show ${S} --set irs.0.rows=4611686018427387904 --set irs.0.cols=4)
expect_error("3000 x 3000 surface"
  "--set irs.0.cols: irs[0].cols: expected rows x cols elements of at most 4096 (limits.elements; raise it with [limits] elements = N in the file or --set limits.elements=N), found 9000000"
  show ${S} --set irs.0.rows=3000 --set irs.0.cols=3000)
expect_error("huge BS array"
  "bs[0].tx.cols: expected rows x cols elements of at most 4096"
  show ${S} --set bs.0.tx.cols=1000000)
expect_error("limits are themselves checked"
  "--set limits.elements: limits.elements: expected a value >= 1, found 0"
  show ${S} --set limits.elements=0)
# Raising the limit lets a larger (still small) surface through.
execute_process(COMMAND ${IRISAC} show ${S} --set irs.0.rows=70 --set irs.0.cols=70 --set limits.elements=4900
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err TIMEOUT 120)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "a raised limit was not honoured: rc=${rc}\n${err}")
endif()
expect_error("an index with 20 digits"
  "--set irs.99999999999999999999.rows: irs.99999999999999999999.rows: expected an index below 1 or the name of an element of 'irs', found '99999999999999999999'"
  show ${S} --set irs.99999999999999999999.rows=3)
expect_error("--threads 100000" "--threads: Value 100000 not in range 0 to 1024"
  run ci-sweep --out ${WORK}/threads --threads 100000)

# Numbers that would make show print inf or NaN are range errors.
expect_error("carrier" "--set system.carrier_hz: system.carrier_hz: expected a value >= 1000, found 1e-300"
  show ${S} --set system.carrier_hz=1e-300)
expect_error("bandwidth" "--set system.bandwidth_hz: system.bandwidth_hz: expected a value >= 1, found"
  show ${S} --set system.bandwidth_hz=1e-320)
expect_error("power +" "--set bs.0.tx_power_dbm: bs[0].tx_power_dbm: expected a value <= 200, found 1000000"
  show ${S} --set bs.0.tx_power_dbm=1e6)
expect_error("power -" "--set bs.0.tx_power_dbm: bs[0].tx_power_dbm: expected a value >= -200, found -1000000"
  show ${S} --set bs.0.tx_power_dbm=-1e6)
expect_error("k factor" "--set links.k_factor_db: links.k_factor_db: expected a value <= 300, found 1e+300"
  show ${S} --set links.k_factor_db=1e300)
expect_error("exponent" "--set links.exponent: links.exponent: expected a value <= 10, found 1e+300"
  show ${S} --set links.exponent=1e300)
expect_error("position" "--set user.0.position_m: user[0].position_m: expected components within +-1000000000, found a component 1e+308"
  show ${S} "--set" "user.0.position_m=[1e308, 0, 0]")

# Where errors point: a directory, an unknown key from an [[axis]], a channel file's scenario line.
expect_error("directory as scenario" "${SRC}/scenarios: expected a TOML file, found a directory"
  show ${SRC}/scenarios)
file(READ ${SRC}/experiments/ci-sweep.toml text)
string(REPLACE "\"../scenarios/" "\"${SRC}/scenarios/" text "${text}")
string(REPLACE "irs.irs.cols" "irs.irs.colz" text "${text}")
file(WRITE ${WORK}/axis.toml "${text}")
expect_error("unknown axis key"
  "(from [[axis]] at ${WORK}/axis.toml:15:1): irs[0].colz: expected a known key, found unknown key 'colz' (did you mean 'cols'?)"
  run ${WORK}/axis.toml --out ${WORK}/axis-out --quiet)

# A channel file beside the scenario (relative path, resolved from the scenario's directory, not
# the working directory) with a trailing separator: the error names the scenario line and the file.
file(MAKE_DIRECTORY ${WORK}/scen)
file(WRITE ${WORK}/scen/h.csv "1,2,3,4,\n")
file(READ ${S} text)
string(REPLACE "[[link]]\nbetween = [\"ap\", \"u1\"]\nmodel = \"rayleigh\"\nexponent = 3.6\n" "" text "${text}")  # the file replaces this link (one [[link]] per direction)
file(WRITE ${WORK}/scen/s.toml "${text}\n[[link]]\nbetween = [\"ap\", \"u1\"]\nmodel = \"file\"\nfile = \"h.csv\"\n")
file(READ ${WORK}/scen/s.toml written)
string(REGEX MATCHALL "\n" newlines "${written}")
list(LENGTH newlines nlines)  # the file = line is the last one
expect_error("bad channel file"
  "${WORK}/scen/s.toml:${nlines}:8: link[4].file: expected a valid channel file, found an error in it: ${WORK}/scen/h.csv:1: column 5: expected a number (no empty cell or trailing separator), found an empty cell"
  show ${WORK}/scen/s.toml)
file(WRITE ${WORK}/scen/h.csv "1,2,3,4\n")
execute_process(COMMAND ${IRISAC} show s.toml WORKING_DIRECTORY ${WORK}/scen RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
execute_process(COMMAND ${IRISAC} show scen/s.toml WORKING_DIRECTORY ${WORK} RESULT_VARIABLE rc2 OUTPUT_QUIET ERROR_VARIABLE err2)
if(NOT rc EQUAL 0 OR NOT rc2 EQUAL 0)
  message(FATAL_ERROR "a relative channel file did not resolve from the scenario's directory: ${rc} ${rc2}\n${err}\n${err2}")
endif()
file(CREATE_LINK /dev/zero ${WORK}/scen/z.csv SYMBOLIC)
file(WRITE ${WORK}/scen/z.toml "${text}\n[[link]]\nbetween = [\"ap\", \"u1\"]\nmodel = \"file\"\nfile = \"z.csv\"\n")
expect_error("a link to /dev/zero" "z.csv: expected a regular CSV file, found a directory, device or other special file"
  show ${WORK}/scen/z.toml)

# 3000 users load (validation is linear in the number of nodes; this took 12-30 s before).
file(READ ${S} text)
string(FIND "${text}" "[[user]]" cut)
string(SUBSTRING "${text}" 0 ${cut} head)
string(FIND "${text}" "[[link]]" lk)
string(SUBSTRING "${text}" ${lk} -1 links)
set(users "")
foreach(i RANGE 2999)
  math(EXPR y "${i} % 60")
  math(EXPR x "${i} / 60")
  string(APPEND users "[[user]]\nname = \"u${i}\"\nposition_m = [${x}.5, ${y}.25, 0.0]\n")
endforeach()
string(REPLACE "u1\"]" "u10\"]" links "${links}")
file(WRITE ${WORK}/many.toml "${head}${users}${links}")
execute_process(COMMAND ${IRISAC} show ${WORK}/many.toml RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
if(NOT rc EQUAL 0 OR NOT out MATCHES "u2999")
  message(FATAL_ERROR "3000 users: rc=${rc}\n${err}")
endif()
string(APPEND users "[[user]]\nname = \"dup\"\nposition_m = [0.5, 0.25, 0.0]\n")
file(WRITE ${WORK}/dup.toml "${head}${users}${links}")
expect_error("two users at one point among 3000" "dup.position_m: expected a position distinct from every other node, found the position of 'u0'"
  show ${WORK}/dup.toml)

# Every path blocked: show prints the reason, never -inf, and a note (text and JSON).
file(WRITE ${WORK}/blocked.toml "[system]\ncarrier_hz = 28e9\n[links]\nmodel = \"los\"\n[[bs]]\nname = \"bs\"\nposition_m = [0, 0, 10]\ntx = 4\n[[irs]]\nname = \"ris\"\nposition_m = [20, 5, 10]\nrows = 4\ncols = 4\n[[user]]\nname = \"ue\"\nposition_m = [25, 0, 1.5]\n[[link]]\nbetween = [\"bs\", \"ue\"]\nmodel = \"blocked\"\n[[link]]\nbetween = [\"bs\", \"ris\"]\nmodel = \"blocked\"\n")
foreach(flag "" "--json")
  execute_process(COMMAND ${IRISAC} show ${WORK}/blocked.toml ${flag} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  string(TOLOWER "${out}" lower)
  if(NOT rc EQUAL 0 OR lower MATCHES "(^|[^a-z_])(inf|nan)([^a-z_]|$)" OR NOT out MATCHES "no_path: nothing reaches it")
    message(FATAL_ERROR "all links blocked (${flag}): rc=${rc}\n${out}\n${err}")
  endif()
endforeach()

# Sensing sizes and experiment sizes.
set(C ${SRC}/scenarios/multi-irs.toml)
expect_error("snapshots 1e9"
  "--set sensing.snapshots: sensing.snapshots: expected snapshots of at most 100000 (limits.snapshots; raise it with [limits] snapshots = N in the file or --set limits.snapshots=N), found 1000000000"
  crb ${C} --set sensing.snapshots=1e9)
expect_error("grid 2e9"
  "--set sensing.grid_size: sensing.grid_size: expected grid points of at most 100000 (limits.grid_points"
  crb ${C} --set sensing.grid_size=2e9)
file(READ ${SRC}/experiments/ci-sweep.toml text)
string(REPLACE "\"../scenarios/" "\"${SRC}/scenarios/" text "${text}")
string(REPLACE "batch_size = 16" "batch_size = 1000000000" big "${text}")
file(WRITE ${WORK}/batch.toml "${big}")
expect_error("batch_size 1e9"
  "monte_carlo.batch_size: expected a batch size of at most 65536 (limits.batch_size; raise it with [limits] batch_size = N in the file), found 1000000000"
  run ${WORK}/batch.toml --out ${WORK}/batch-out --quiet)
string(REPLACE "values = [2, 4, 8, 16]" "linspace = { start = 1, stop = 8, num = 1000000 }" big "${text}")
file(WRITE ${WORK}/points.toml "${big}")
expect_error("5 x 1e6 points"
  "axis[1].key: expected sweep points (the product of the axis lengths) of at most 1000000 (limits.points"
  run ${WORK}/points.toml --out ${WORK}/points-out --quiet)
