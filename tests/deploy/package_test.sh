#!/usr/bin/env bash
# The Debian package installs, runs as its system user from the installed paths, and purges without a
# trace: dpkg -i build/release/aspirasi_*.deb (made by `make package`, which `make test` runs first);
# `aspirasid --check` and a short start as the aspirasi user with /etc/aspirasi/aspirasi.toml; a ticket
# submitted with the installed CLI and read back; the database created mode 0600 and owned by aspirasi;
# a backup by root while it runs and a restore by root after a stop, after which it still starts as
# aspirasi; a stop; `dpkg --purge`; then no file, folder, user or group of the package is left.
# Needs root (dpkg); skips (77) outside CI when not root, when the package is not built, or when the
# package is already installed on this machine (it is not ours to remove).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
skip() { echo "$1"; [ "${CI:-}" = "true" ] && exit 1; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "not root: dpkg cannot install the package"
DEB=$(ls "$ROOT"/build/release/aspirasi_*.deb 2> /dev/null | head -1 || true)
[ -n "$DEB" ] || skip "no build/release/aspirasi_*.deb: run make package"
if dpkg-query -W -f='${Status}' aspirasi 2> /dev/null | grep -q "ok installed"; then
  skip "the aspirasi package is already installed here; not touching it"
fi

WORK=$(mktemp -d)
BROKER_PID=""
cleanup() {
  [ -n "$BROKER_PID" ] && kill "$BROKER_PID" 2> /dev/null || true
  dpkg --purge aspirasi > /dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -f "$WORK/aspirasid.log" ] && tail -20 "$WORK/aspirasid.log"; exit 1; }

dpkg -i "$DEB" > "$WORK/dpkg.log" 2>&1 || { cat "$WORK/dpkg.log"; fail "dpkg -i"; }
for f in /usr/bin/aspirasid /usr/bin/aspirasi-ingest /usr/bin/aspirasi-responder /usr/bin/aspirasi \
         /etc/aspirasi/aspirasi.toml /usr/share/aspirasi/calendars/2026.toml /lib/systemd/system/aspirasid.service \
         /usr/share/doc/aspirasi/copyright; do
  [ -e "$f" ] || fail "$f is not installed"
done
getent passwd aspirasi > /dev/null || fail "no aspirasi user"
[ "$(stat -c '%U:%G %a' /var/lib/aspirasi)" = "aspirasi:aspirasi 750" ] || fail "/var/lib/aspirasi: $(stat -c '%U:%G %a' /var/lib/aspirasi)"
[ "$(stat -c '%U %a' /etc/aspirasi/ingest.env)" = "root 600" ] || fail "ingest.env is not root-only"
/usr/bin/aspirasid --version | grep -q "^aspirasid 0.1.0 (aspirasi.v1)$" || fail "aspirasid --version"

# As the system user, from the installed paths.
runuser -u aspirasi -- /usr/bin/aspirasid --config /etc/aspirasi/aspirasi.toml --check > "$WORK/check.log" 2>&1 ||
  { cat "$WORK/check.log"; fail "aspirasid --check as aspirasi"; }
start_broker() {
  rm -f /var/lib/aspirasi/ready
  (cd /var/lib/aspirasi && umask 0077 && exec runuser -u aspirasi -- /usr/bin/aspirasid --config /etc/aspirasi/aspirasi.toml \
    --ready-file /var/lib/aspirasi/ready >> "$WORK/aspirasid.log" 2>&1) &
  BROKER_PID=$!
  for _ in $(seq 1 200); do [ -f /var/lib/aspirasi/ready ] && break; sleep 0.05; done
  [ -f /var/lib/aspirasi/ready ] || fail "aspirasid did not start as aspirasi"
}
stop_broker() {
  # SIGTERM to aspirasid itself (runuser would end its session with a SIGKILL): a clean stop exits 0.
  kill -TERM "$(sed -n 's/^pid=//p' /var/lib/aspirasi/ready)"
  wait "$BROKER_PID" || fail "aspirasid did not stop cleanly"
  BROKER_PID=""
}
start_broker
cat > "$WORK/draft.json" <<'JSON'
[{"idempotencyKey": "package-test:1", "draft": {"channel": "form", "account": "lapor-bupati", "opd": "PUPR",
  "text": "Lampu jalan di Jalan Melati padam sejak tiga hari", "author": {"platformId": "pkg-1", "displayName": "Uji Paket"}}}]
JSON
out=$(/usr/bin/aspirasi --config /etc/aspirasi/aspirasi.toml --lang en submit "$WORK/draft.json" 2>&1) || { echo "$out"; fail "submit"; }
echo "$out" | grep -q "NH-" || { echo "$out"; fail "submit gave no ticket number"; }
out=$(/usr/bin/aspirasi --config /etc/aspirasi/aspirasi.toml --lang en tickets 2>&1) || { echo "$out"; fail "tickets"; }
echo "$out" | grep -q "PUPR" || { echo "$out"; fail "the ticket is not listed"; }
[ "$(stat -c '%U %a' /var/lib/aspirasi/aspirasi.db)" = "aspirasi 600" ] ||
  fail "the database is $(stat -c '%U %a' /var/lib/aspirasi/aspirasi.db), not aspirasi 600"
# A backup by root while it runs (the crontab line of docs/INSTALL.md), a restore by root with it
# stopped: the restored database is still the service's, and it starts and goes on numbering.
aspirasi=(/usr/bin/aspirasi --config /etc/aspirasi/aspirasi.toml --lang en)
out=$("${aspirasi[@]}" backup --to "$WORK/backup.db" 2>&1) || { echo "$out"; fail "backup as root"; }
[ "$(stat -c '%U %a' "$WORK/backup.db")" = "root 600" ] || fail "the backup is $(stat -c '%U %a' "$WORK/backup.db")"
[ "$(stat -c '%U' /var/lib/aspirasi/aspirasi.db.lock)" = "aspirasi" ] || fail "the lock file is not aspirasi's"
stop_broker
out=$("${aspirasi[@]}" restore --from "$WORK/backup.db" 2>&1) || { echo "$out"; fail "restore as root"; }
echo "$out" | grep -q "New tickets start at NH-....-000002" || { echo "$out"; fail "restore: numbering"; }
[ "$(stat -c '%U %a' /var/lib/aspirasi/aspirasi.db)" = "aspirasi 600" ] ||
  fail "the restored database is $(stat -c '%U %a' /var/lib/aspirasi/aspirasi.db), not aspirasi 600"
ls /var/lib/aspirasi/aspirasi.db.replaced-* > /dev/null || fail "the replaced database was not kept"
start_broker
sed -i 's/package-test:1/package-test:2/' "$WORK/draft.json"
out=$("${aspirasi[@]}" submit "$WORK/draft.json" 2>&1) || { echo "$out"; fail "submit after the restore"; }
echo "$out" | grep -q "NH-....-000002" || { echo "$out"; fail "after the restore: $out"; }
stop_broker

# Installing it again (an upgrade's path: prerm upgrade, postinst configure VERSION) keeps the
# administrator's edits, and works when the administrator deleted the configuration file.
echo "# edited by the administrator" >> /etc/aspirasi/aspirasi.toml
dpkg -i "$DEB" > "$WORK/dpkg2.log" 2>&1 || { cat "$WORK/dpkg2.log"; fail "installing again"; }
grep -q "^# edited by the administrator$" /etc/aspirasi/aspirasi.toml || fail "reinstalling lost the edits"
rm /etc/aspirasi/aspirasi.toml
dpkg -i "$DEB" > "$WORK/dpkg3.log" 2>&1 || { cat "$WORK/dpkg3.log"; fail "installing again without the configuration"; }
[ -d /var/lib/aspirasi ] && getent passwd aspirasi > /dev/null || fail "reinstalling lost the user or the state"

# Purge: nothing of the package is left.
dpkg --purge aspirasi > "$WORK/purge.log" 2>&1 || { cat "$WORK/purge.log"; fail "dpkg --purge"; }
for f in /usr/bin/aspirasid /etc/aspirasi /var/lib/aspirasi /var/lib/aspirasi-ingest /usr/share/aspirasi \
         /usr/share/doc/aspirasi /lib/systemd/system/aspirasid.service; do
  [ ! -e "$f" ] || fail "$f is left after the purge"
done
! getent passwd aspirasi > /dev/null || fail "the aspirasi user is left after the purge"
! getent group aspirasi > /dev/null || fail "the aspirasi group is left after the purge"
echo "package: installed, ran as aspirasi, purged clean"
