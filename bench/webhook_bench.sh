#!/usr/bin/env bash
# Webhook benchmark: aspirasid + aspirasi-ingest (release build), driven by wrk with pre-signed bodies of
# the generic "form" channel against one endpoint. Prints requests/s and latency of the webhook (wrk),
# and the end-to-end rate from webhook to acked ticket (a 200 is sent only after the broker's durable
# ack, so every "new" outcome counted by the ingest is a committed ticket).
#
#   bench/webhook_bench.sh [--duration S=20] [--connections C=64] [--wrk-threads T=2] [--bodies N=300000]
#                          [--ingest-threads N=80] [--build DIR=build/release] [--json]
#
# Bodies are distinct items (each a new ticket) until the run has sent N of them; beyond that items
# repeat and are answered "duplicates" (still 200, still a broker round trip). Needs wrk (Debian package
# wrk, in deploy/install-deps.sh) and /usr/bin/python3 (to sign the bodies).
set -euo pipefail

DURATION=20 CONNECTIONS=64 WRK_THREADS=2 BODIES=300000 INGEST_THREADS=80 JSON=0
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD="$ROOT/build/release"
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --wrk-threads) WRK_THREADS=$2; shift 2 ;;
    --bodies) BODIES=$2; shift 2 ;;
    --ingest-threads) INGEST_THREADS=$2; shift 2 ;;
    --build) BUILD=$(cd "$2" && pwd); shift 2 ;;
    --json) JSON=1; shift ;;
    *) echo "usage: $0 [--duration S] [--connections C] [--wrk-threads T] [--bodies N] [--ingest-threads N] [--build DIR] [--json]" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "webhook_bench: wrk is missing (apt-get install wrk)" >&2; exit 2; }
for bin in broker/aspirasid workers/ingest/aspirasi-ingest; do
  [ -x "$BUILD/$bin" ] || { echo "webhook_bench: $BUILD/$bin not built (cmake --preset release && cmake --build --preset release)" >&2; exit 2; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/aspirasi-webhook-bench.XXXXXX")
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
log() { [ "$JSON" = 1 ] || echo "$@"; }

# The sample regency, with any free ports, files in $WORK, and enough HTTP threads for the connections.
sed -e 's|tcp://127.0.0.1:77[0-9][0-9]|tcp://127.0.0.1:*|' \
    -e 's|^http_listen = .*|http_listen = "127.0.0.1:0"|' \
    -e 's|^database = .*|database = "aspirasi.db"|' \
    -e 's|^spool = .*|spool = "ingest-spool.db"|' \
    -e "s|^threads = .*|threads = $INGEST_THREADS|" \
    -e 's|^level = .*|level = "warn"|' \
    -e "s|^holidays_dir = .*|holidays_dir = \"$ROOT/deploy/calendars\"|" \
    -e 's|https://www.googleapis.com/youtube/v3|http://127.0.0.1:9/youtube/v3|' \
    "$ROOT/deploy/nusa-harapan.toml" > "$WORK/aspirasi.toml"
"$BUILD/broker/aspirasid" --config "$WORK/aspirasi.toml" --ready-file "$WORK/ready" > "$WORK/aspirasid.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 600); do [ -f "$WORK/ready" ] && break; sleep 0.05; done
[ -f "$WORK/ready" ] || { echo "aspirasid did not start" >&2; cat "$WORK/aspirasid.log" >&2; exit 1; }
ingest_ep=$(sed -n 's/^ingest=//p' "$WORK/ready")
sed -i "s|^ingest_endpoint = .*|ingest_endpoint = \"$ingest_ep\"|" "$WORK/aspirasi.toml"

export ASPIRASI_FORM_SECRET=bench-form-secret ASPIRASI_SMS_SECRET=bench-sms-secret
for v in FACEBOOK_APP_SECRET INSTAGRAM_APP_SECRET WHATSAPP_APP_SECRET TELEGRAM_SECRET_TOKEN X_CONSUMER_SECRET \
         YOUTUBE_API_KEY; do
  export "ASPIRASI_$v=bench-unused-secret"
done
"$BUILD/workers/ingest/aspirasi-ingest" --config "$WORK/aspirasi.toml" --ready-file "$WORK/ingest-ready" \
  > "$WORK/ingest.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 600); do [ -f "$WORK/ingest-ready" ] && break; sleep 0.05; done
[ -f "$WORK/ingest-ready" ] || { echo "aspirasi-ingest did not start" >&2; cat "$WORK/ingest.log" >&2; exit 1; }
http=$(sed -n 's/^http=//p' "$WORK/ingest-ready")

log "signing $BODIES form bodies ..."
/usr/bin/python3 - "$BODIES" "$ASPIRASI_FORM_SECRET" > "$WORK/bodies.tsv" <<'PY'
import hashlib, hmac, json, sys
n, secret = int(sys.argv[1]), sys.argv[2].encode()
texts = ["Jalan berlubang di depan sekolah, mohon segera ditambal.", "Lampu PJU di gang kami mati sejak seminggu.",
         "Sampah di TPS belum diangkut, baunya sampai ke rumah warga.", "Antrean di puskesmas sangat panjang pagi ini."]
out = sys.stdout
for i in range(n):
    body = json.dumps({"event": "submitted", "form": "lapor-bupati",
                       "submission": {"id": f"bench-{i}", "revision": 1, "submitted_at": 1767600000 + i,
                                      "reporter": {"id": f"warga-{i % 5000}", "name": "Warga Bench"},
                                      "kategori": "umum", "isi": texts[i % len(texts)] + f" (laporan {i})"}},
                      separators=(",", ":"))
    sig = "sha256=" + hmac.new(secret, body.encode(), hashlib.sha256).hexdigest()
    out.write(sig + "\t" + body + "\n")
PY

metric() { curl -s "http://$http/metrics" | awk -v m="$1" '$1 == m {print $2}' | tail -1; }
new_before=$(metric 'aspirasi_ingest_items_total{channel="form",outcome="new"}'); new_before=${new_before:-0}

log "wrk: $CONNECTIONS connections, $WRK_THREADS threads, ${DURATION}s against POST /webhooks/form/lapor-bupati"
WEBHOOK_BODIES="$WORK/bodies.tsv" WEBHOOK_PATH=/webhooks/form/lapor-bupati WEBHOOK_HEADER=X-Form-Signature \
  wrk -t "$WRK_THREADS" -c "$CONNECTIONS" -d "${DURATION}s" --timeout 30s -s "$ROOT/bench/webhook_bench.lua" \
  "http://$http" > "$WORK/wrk.out" 2>&1 || { cat "$WORK/wrk.out" >&2; exit 1; }
[ "$JSON" = 1 ] || grep -v '^WRK_JSON' "$WORK/wrk.out"
wrk_json=$(sed -n 's/^WRK_JSON //p' "$WORK/wrk.out")

new_after=$(metric 'aspirasi_ingest_items_total{channel="form",outcome="new"}'); new_after=${new_after:-0}
dups=$(metric 'aspirasi_ingest_items_total{channel="form",outcome="duplicates"}'); dups=${dups:-0}
spooled=$(metric 'aspirasi_ingest_spooled_total'); spooled=${spooled:-0}
/usr/bin/python3 - "$wrk_json" "$new_before" "$new_after" "$dups" "$spooled" "$CONNECTIONS" "$JSON" <<'PY'
import json, sys
w = json.loads(sys.argv[1])
new = int(float(sys.argv[3])) - int(float(sys.argv[2]))
result = {"connections": int(sys.argv[6]), "requests": w["requests"], "duration_s": w["duration_s"],
          "requests_per_s": w["requests_per_s"], "latency_ms": w["latency_ms"], "non_2xx": w["non_2xx"],
          "socket_errors": w["socket_errors"], "tickets_created": new,
          "tickets_per_s": round(new / w["duration_s"], 1), "duplicates": int(float(sys.argv[4])),
          "spooled": int(float(sys.argv[5]))}
if sys.argv[7] == "1":
    print(json.dumps(result))
else:
    l = w["latency_ms"]
    print(f"webhook: {w['requests_per_s']:.0f} requests/s, latency p50 {l['p50']:.2f} ms, p99 {l['p99']:.2f} ms, "
          f"max {l['max']:.2f} ms; non-2xx {w['non_2xx']}, socket errors {w['socket_errors']}")
    print(f"end to end (webhook -> durable ticket, acked before the 200): {new} tickets created, "
          f"{result['tickets_per_s']:.0f} tickets/s; duplicates {result['duplicates']}, spooled {result['spooled']}")
PY
