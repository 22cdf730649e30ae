#!/usr/bin/env bash
# The demo: the whole system on the sample regency (Kabupaten Nusa Harapan).
#   deploy/demo.sh [--once]
# Starts aspirasid and response workers for several OPDs, submits sample citizen messages,
# shows where each ticket went and why, and what the workers received. Without --once it keeps
# running, following the event stream, until Ctrl-C.
set -euo pipefail

ONCE=0
[ "${1:-}" = "--once" ] && ONCE=1
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN="$ROOT/build/release"
DEMO="$ROOT/.demo"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'echo; echo "Stopping."; exit 0' INT TERM

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

rm -rf "$DEMO"
mkdir -p "$DEMO"
# The sample configuration, with any free ports and the database inside .demo/.
sed -e 's|tcp://127.0.0.1:77[0-9][0-9]|tcp://127.0.0.1:*|' \
    -e 's|^http_listen = .*|http_listen = "127.0.0.1:0"|' \
    -e 's|^database = .*|database = "aspirasi.db"|' \
    "$ROOT/deploy/nusa-harapan.toml" > "$DEMO/aspirasi.toml"

say "Starting the broker (aspirasid) for Kabupaten Nusa Harapan"
"$BIN/broker/aspirasid" --config "$DEMO/aspirasi.toml" --ready-file "$DEMO/ready" > "$DEMO/aspirasid.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 300); do [ -f "$DEMO/ready" ] && break; sleep 0.05; done
[ -f "$DEMO/ready" ] || { echo "aspirasid did not start:"; cat "$DEMO/aspirasid.log"; exit 1; }
# shellcheck disable=SC1090
source "$DEMO/ready"
# Pin the bound endpoints into the config, so every other process finds the broker through it.
sed -i -e "s|^ingest_endpoint = .*|ingest_endpoint = \"$ingest\"|" -e "s|^worker_endpoint = .*|worker_endpoint = \"$worker\"|" \
       -e "s|^api_endpoint = .*|api_endpoint = \"$api\"|" -e "s|^events_endpoint = .*|events_endpoint = \"$events\"|" \
       -e "s|^http_listen = .*|http_listen = \"$http\"|" "$DEMO/aspirasi.toml"
echo "ingest $ingest   worker $worker   api $api   events $events   metrics http://$http/metrics"

CLI=("$BIN/clients/cli/aspirasi" --config "$DEMO/aspirasi.toml")

say "Starting response workers"
start_responder() {
  local name=$1; shift
  local args=()
  for opd in "$@"; do args+=(--opd "$opd"); done
  "$BIN/workers/responder/aspirasi-responder" --config "$DEMO/aspirasi.toml" --name "$name" "${args[@]}" \
    > "$DEMO/responder-$name.log" 2>&1 &
  PIDS+=($!)
  echo "  $name serves $*"
}
start_responder meja-pupr PUPR DISHUB
start_responder meja-dinkes DINKES
start_responder meja-dlh DLH
start_responder meja-layanan DISDUKCAPIL DINSOS
start_responder meja-diskominfo DISKOMINFO BPBD INSPEKTORAT
sleep 0.5

say "Citizens write: 11 sample messages from Facebook, Instagram, WhatsApp, Telegram, X, YouTube and a web form"
"${CLI[@]}" submit "$ROOT/deploy/demo/messages.json"

say "The same messages again (a platform retrying its webhook): nothing is duplicated"
"${CLI[@]}" submit "$ROOT/deploy/demo/messages.json" | tail -n 3

sleep 1
say "Where each ticket went, and why"
"${CLI[@]}" tickets --limit 100

say "Tickets per OPD"
"${CLI[@]}" count --by opd

say "What the response workers received"
for f in "$DEMO"/responder-*.log; do
  grep -h -E "ticket|delivery|Delivered|received" "$f" | sed "s|^|  $(basename "$f" .log): |" | head -n 6 || true
done

say "One ticket with its history (the WhatsApp conversation: two messages, one ticket)"
number=$("${CLI[@]}" --json tickets --channel whatsapp --limit 1 | grep -o '"number": *"[^"]*"' | head -n 1 | sed 's/.*"\([^"]*\)"$/\1/')
[ -n "$number" ] && "${CLI[@]}" show "$number" --events

say "The broker's metrics (excerpt)"
curl -s "http://$http/metrics" | grep -E '^aspirasi_(submit_acks_total|delivered_total|queued_tickets|workers|last_event_seq)' || true

if [ "$ONCE" = 1 ]; then
  say "Done (ONCE=1). Files of this run are in .demo/"
  exit 0
fi
say "Running. Live events follow; press Ctrl-C to stop."
"${CLI[@]}" events --since 0 --follow &
PIDS+=($!)
wait
