#!/usr/bin/env bash
# The installed package, from an existing build (default build/release; no rebuild of irisac):
#   1. cmake --install into a temporary prefix;
#   2. build examples/consumer against it with find_package(irisac CONFIG) and run it;
#   3. the same consumer with pkg-config;
#   4. move the prefix (relocatable) and run the installed `irisac run` from an empty directory,
#      checking that it read its experiment from <prefix>/share/irisac, not from the source tree;
#   5. import the installed Python module (when built) from that directory.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$(cd "${1:-$root/build/release}" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
cmake -S "$root/examples/consumer" -B "$tmp/consumer" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/consumer" >/dev/null
"$tmp/consumer/irisac_consumer"
PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig" c++ -O1 -o "$tmp/consumer_pc" "$root/examples/consumer/main.cpp" \
  $(PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig" pkg-config --cflags --libs --static irisac)
"$tmp/consumer_pc" >/dev/null
mv "$tmp/prefix" "$tmp/moved"
mkdir "$tmp/elsewhere"
(cd "$tmp/elsewhere" && env -u IRISAC_DATA_DIR "$tmp/moved/bin/irisac" run -q --no-figures -o out >/dev/null)
grep -q "\"file\": \"$tmp/moved/share/irisac/experiments/case-study-fig4.toml\"" "$tmp/elsewhere/out/results.json" \
  || { echo "check_install: the installed irisac did not read its data from $tmp/moved/share/irisac" >&2; exit 1; }
if [ -d "$tmp/moved/lib/python3/site-packages/irisac" ]; then
  (cd "$tmp/elsewhere" && env -u IRISAC_DATA_DIR PYTHONPATH="$tmp/moved/lib/python3/site-packages" /usr/bin/python3 -c '
import irisac, sys
assert irisac.data_dir().endswith("moved/share/irisac"), irisac.data_dir()
assert all(r["pass"] for r in irisac.validate())
print("check_install: python module ok,", irisac.version())')
fi
echo "check_install: install, consumer (CMake and pkg-config), relocated CLI run: ok"
