#!/usr/bin/env bash
# Installs every Debian package irisac needs. Idempotent and quick when all are present:
# apt is only touched when `dpkg-query` reports a package missing.
set -euo pipefail
packages=(
  build-essential cmake ninja-build git pkg-config
  libeigen3-dev libcli11-dev libtomlplusplus-dev nlohmann-json3-dev libfmt-dev
  librandom123-dev libsqlite3-dev libopenmpi-dev openmpi-bin
  libgtest-dev libgmock-dev libbenchmark-dev libdsdp-dev
  python3-numpy python3-scipy python3-matplotlib
  pybind11-dev python3-dev python3-pytest python3-pandas libmatio-dev libhdf5-dev python3-h5py
  clang-14 libclang-rt-14-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all ${#packages[@]} packages present" >&2
fi
