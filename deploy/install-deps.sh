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
  # make package: the .deb's library dependencies (dpkg-shlibdeps, in dpkg-dev) and its check
  dpkg-dev lintian
)
# The sample nginx site's check (`nginx -t`, tests/deploy/nginx_site_test.sh) needs nginx. Debian's package
# starts a web server on port 80 where systemd runs, so it is installed only for CI (CI=true) or when asked
# (ASPIRASI_WITH_NGINX=1); elsewhere the check is skipped unless nginx is already there.
if [ "${CI:-}" = "true" ] || [ "${ASPIRASI_WITH_NGINX:-}" = "1" ]; then
  PACKAGES+=(nginx-light)
fi

# promtool (`promtool check metrics` in make test) comes from Debian's prometheus package, which would also
# install and start a Prometheus server; only its promtool is taken, unpacked into .tools/ (not installed).
ROOT=$(cd "$(dirname "$0")/.." && pwd)
install_promtool() {
  [ -x "$ROOT/.tools/promtool" ] && return 0
  local tmp
  tmp=$(mktemp -d)
  if ! (cd "$tmp" && apt-get download -qq prometheus >/dev/null 2>&1); then
    SUDO_=""
    if [ "$(id -u)" -ne 0 ]; then SUDO_="sudo"; fi
    $SUDO_ apt-get update -qq
    (cd "$tmp" && apt-get download -qq prometheus >/dev/null 2>&1) || { rm -rf "$tmp"; return 1; }
  fi
  dpkg-deb -x "$tmp"/prometheus_*.deb "$tmp/x"
  mkdir -p "$ROOT/.tools"
  install -m 0755 "$tmp/x/usr/bin/promtool" "$ROOT/.tools/promtool"
  rm -rf "$tmp"
  echo "install-deps: promtool unpacked into .tools/ from Debian's prometheus package"
}

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  install_promtool || echo "install-deps: could not fetch promtool (the metrics format test will say so)" >&2
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
install_promtool || echo "install-deps: could not fetch promtool (the metrics format test will say so)" >&2
