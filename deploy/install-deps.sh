#!/usr/bin/env bash
# Installs exactly the Debian 12 packages that Aspirasi's build, tests and demo need.
# Idempotent: packages already installed are skipped, and apt is not touched when none is missing.
set -euo pipefail

PACKAGES=(
  # build
  build-essential cmake make pkg-config git
  # libraries
  libzmq3-dev cppzmq-dev libprotobuf-dev protobuf-compiler libsqlite3-dev libspdlog-dev libfmt-dev
  libtomlplusplus-dev libcpp-httplib-dev nlohmann-json3-dev libcli11-dev libssl-dev libjemalloc-dev
  # tests: GoogleTest, libFuzzer (clang + its runtime), the sqlite3 shell, curl for HTTP checks
  libgtest-dev libgmock-dev clang libclang-rt-14-dev sqlite3 curl
  # the Python integrator example
  python3 python3-zmq python3-protobuf
  # the webhook benchmark (bench/webhook_bench.sh)
  wrk
)
# The sample nginx site's check (`nginx -t`, tests/deploy/nginx_site_test.sh) needs nginx. Debian's package
# starts a web server on port 80 where systemd runs, so it is installed only for CI (CI=true) or when asked
# (ASPIRASI_WITH_NGINX=1); elsewhere the check is skipped unless nginx is already there.
if [ "${CI:-}" = "true" ] || [ "${ASPIRASI_WITH_NGINX:-}" = "1" ]; then
  PACKAGES+=(nginx-light)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
