#!/usr/bin/env bash
# CTest harness of the Python integrator example: starts aspirasid (sample config, random ports,
# a temporary folder), generates the Python protobuf modules with protoc, runs submit_tickets.py
# twice (the second run must create nothing), and checks with the aspirasi CLI that every report
# is a ticket exactly once.
#   run_example_test.sh ASPIRASID ASPIRASI_CLI SOURCE_DIR
# Exit 77 (skipped) when Debian's python3-zmq or python3-protobuf is missing.
set -euo pipefail
BROKER=$1 CLI=$2 SRC=$3
PY=/usr/bin/python3   # Debian's python3-zmq and python3-protobuf live here, not in a pyenv
HERE="$SRC/clients/examples/python"

if ! "$PY" -c 'import zmq, google.protobuf' 2>/dev/null; then
  echo "SKIP: $PY lacks zmq or protobuf (apt-get install python3-zmq python3-protobuf)"
  exit 77
fi
command -v protoc >/dev/null || { echo "SKIP: protoc missing (apt-get install protobuf-compiler)"; exit 77; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/aspirasi-pyexample.XXXXXX")
BROKER_PID=
cleanup() {
  [ -n "$BROKER_PID" ] && kill "$BROKER_PID" 2>/dev/null && wait "$BROKER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

sed -e 's|tcp://127.0.0.1:77[0-9][0-9]|tcp://127.0.0.1:*|' \
    -e 's|^http_listen = .*|http_listen = "127.0.0.1:0"|' \
    -e 's|^database = .*|database = "aspirasi.db"|' \
    -e "s|^holidays_dir = .*|holidays_dir = \"$SRC/deploy/calendars\"|" \
    "$SRC/deploy/nusa-harapan.toml" > "$WORK/aspirasi.toml"
# The broker takes tickets only from sources it knows: the example's system is a configured channel
# with its account (docs/INTEGRATING.md, "Submitting over the protocol").
cat >> "$WORK/aspirasi.toml" <<'TOML'

[[channel]]
name = "portal"
type = "generic"
item_id = "/id"
text = "/text"

[[account]]
channel = "portal"
id = "pengaduan-online"
name = "Portal pengaduan online (impor)"
TOML
"$BROKER" --config "$WORK/aspirasi.toml" --ready-file "$WORK/ready" > "$WORK/aspirasid.log" 2>&1 &
BROKER_PID=$!
for _ in $(seq 1 600); do [ -f "$WORK/ready" ] && break; sleep 0.05; done
[ -f "$WORK/ready" ] || { echo "aspirasid did not start:"; cat "$WORK/aspirasid.log"; exit 1; }
ingest=$(sed -n 's/^ingest=//p' "$WORK/ready")
api=$(sed -n 's/^api=//p' "$WORK/ready")

mkdir -p "$WORK/gen"
protoc -I "$SRC/proto" --python_out="$WORK/gen" "$SRC"/proto/aspirasi/v1/*.proto

echo "== first import"
"$PY" "$HERE/submit_tickets.py" --ingest "$ingest" --api "$api" --gen "$WORK/gen" "$HERE/reports.json" | tee "$WORK/first"
echo "== the same import again (a retry): nothing new"
"$PY" "$HERE/submit_tickets.py" --ingest "$ingest" --gen "$WORK/gen" "$HERE/reports.json" | tee "$WORK/second"

want=$("$PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$HERE/reports.json")
created=$(grep -c "OUTCOME_CREATED" "$WORK/first" || true)
dups=$(grep -c "OUTCOME_DUPLICATE" "$WORK/second" || true)
readback=$(grep -c "(read back: NH-" "$WORK/first" || true)
tickets=$("$CLI" --api "$api" --json tickets --channel portal --limit 1000 |
  "$PY" -c 'import json,sys; print(len(json.load(sys.stdin)["tickets"]))')
echo "reports $want, created $created, duplicates on retry $dups, read back $readback, tickets in the broker $tickets"
[ "$created" = "$want" ] && [ "$dups" = "$want" ] && [ "$readback" = "$want" ] && [ "$tickets" = "$want" ]
echo "OK"
