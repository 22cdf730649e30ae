#!/usr/bin/env bash
# The demo: the whole system on the sample regency (Kabupaten Nusa Harapan).
#   deploy/demo.sh [--once]
# Starts aspirasid, a local stand-in for the platforms' APIs and response workers for several
# OPDs, submits sample citizen messages, shows where each ticket went and why, the automatic
# acknowledgements and an admin's answer arriving at the (fake) platforms. Without --once it keeps
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
    -e "s|^holidays_dir = .*|holidays_dir = \"$ROOT/deploy/calendars\"|" \
    -e 's|^audit_head_interval_s = .*|audit_head_interval_s = 1|' \
    "$ROOT/deploy/nusa-harapan.toml" > "$DEMO/aspirasi.toml"

say "Keys: nothing reaches the broker without a key it knows (docs/SECURITY.md)"
# One key pair per process, made here; the [[key]] entries say who each one is.
KEYS="$DEMO/keys"
keygen() { "$BIN/clients/cli/aspirasi" --lang en keygen --out "$KEYS" "$1" > /dev/null; }
for name in broker ingest console meja-pupr meja-dinkes meja-dlh meja-layanan meja-diskominfo meja-sla tamu; do
  keygen "$name"
done
responder_key() {  # responder_key NAME OPD...
  local name=$1; shift
  local opds
  opds=$(printf '"%s", ' "$@")
  printf '\n[[key]]\nidentity = "%s"\nrole = "responder"\nopds = [%s]\npublic_file = "%s/%s.key"\n' \
    "$name" "${opds%, }" "$KEYS" "$name"
}
{
  printf '\n[security]\nserver_secret_file = "%s/broker.key_secret"\n' "$KEYS"
  printf '\n[[key]]\nidentity = "ingest-main"\nrole = "ingest"\npublic_file = "%s/ingest.key"\n' "$KEYS"
  printf '\n[[key]]\nidentity = "demo-console"\nrole = "console"\npublic_file = "%s/console.key"\n' "$KEYS"
  responder_key meja-pupr PUPR DISHUB
  responder_key meja-dinkes DINKES
  responder_key meja-dlh DLH
  responder_key meja-layanan DISDUKCAPIL DINSOS
  responder_key meja-diskominfo DISKOMINFO BPBD INSPEKTORAT
  responder_key meja-sla BPBD PUPR DISDUKCAPIL DISKOMINFO
} >> "$DEMO/aspirasi.toml"
ls "$KEYS" | sed 's/^/  /' | paste -sd' '
echo "  (the CLI here is a console key acting for the admin named by --as; by default for the Sekda)"
export ASPIRASI_ADMIN=sekda

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
       -e "0,/^http_listen = /s|^http_listen = .*|http_listen = \"$http\"|" "$DEMO/aspirasi.toml"
echo "ingest $ingest   worker $worker   api $api   events $events   metrics http://$http/metrics"

CLI=("$BIN/clients/cli/aspirasi" --config "$DEMO/aspirasi.toml" --key-file "$KEYS/console.key_secret")
INGEST_CLI=("$BIN/clients/cli/aspirasi" --config "$DEMO/aspirasi.toml" --key-file "$KEYS/ingest.key_secret")

say "A key the broker does not know is refused (and the refusal is logged); the others go on"
"$BIN/clients/cli/aspirasi" --config "$DEMO/aspirasi.toml" --key-file "$KEYS/tamu.key_secret" --timeout 1500 ping \
  2>&1 | sed 's/^/  /' || true
grep -o 'refused a connection .*' "$DEMO/aspirasid.log" | head -n 1 | sed 's/^/  aspirasid: /'
"${CLI[@]}" ping | sed 's/^/  /'

say "Starting a local stand-in for the platforms' APIs (the demo never calls the real Facebook, WhatsApp, ...)"
"$BIN/tools/fake_platform/aspirasi-fake-platform" --listen 127.0.0.1:0 --port-file "$DEMO/fake-port" \
  > "$DEMO/fake-platform.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 300); do [ -s "$DEMO/fake-port" ] && break; sleep 0.05; done
[ -s "$DEMO/fake-port" ] || { echo "aspirasi-fake-platform did not start:"; cat "$DEMO/fake-platform.log"; exit 1; }
FAKE="http://127.0.0.1:$(cat "$DEMO/fake-port")"
fake_urls="{ facebook = \"$FAKE/graph\", instagram = \"$FAKE/graph\", whatsapp = \"$FAKE/graph\", telegram = \"$FAKE/telegram\", x = \"$FAKE/x\", youtube = \"$FAKE/youtube\", form = \"$FAKE/generic/form\", sms = \"$FAKE/generic/sms\" }"
sed -i "s|^base_urls = .*|base_urls = $fake_urls|" "$DEMO/aspirasi.toml"
echo "platform APIs at $FAKE (every request is recorded: $FAKE/_fake/requests)"
# Demo-only access tokens; in production they come from an EnvironmentFile or token files.
for v in FACEBOOK_PAGE_TOKEN INSTAGRAM_TOKEN INSTAGRAM_DINKES_TOKEN WHATSAPP_TOKEN TELEGRAM_BOT_TOKEN X_USER_TOKEN \
         YOUTUBE_OAUTH_TOKEN FORM_REPLY_TOKEN SMS_GATEWAY_TOKEN; do
  export "ASPIRASI_$v=demo-token-$v"
done

say "Starting response workers (they post replies to the platforms)"
start_responder() {
  local name=$1; shift
  local args=()
  for opd in "$@"; do args+=(--opd "$opd"); done
  "$BIN/workers/responder/aspirasi-responder" --config "$DEMO/aspirasi.toml" --name "$name" "${args[@]}" \
    --key-file "$KEYS/$name.key_secret" > "$DEMO/responder-$name.log" 2>&1 &
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
"${INGEST_CLI[@]}" submit "$ROOT/deploy/demo/messages.json"

say "The same messages again (a platform retrying its webhook): nothing is duplicated"
"${INGEST_CLI[@]}" submit "$ROOT/deploy/demo/messages.json" | tail -n 3

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

say "Automatic acknowledgements posted to the platforms (one per ticket, with its number)"
sleep 1
curl -s "$FAKE/_fake/requests" | /usr/bin/python3 -c 'import json,sys
for r in json.load(sys.stdin)[:6]:
    print("  %s %-58s %s" % (r["method"], r["path"][:58], r["body"][:90].replace("\n", " ")))'

say "An OPD admin's day: Budi (PUPR) opens his queue"
"${CLI[@]}" --as budi.pupr queue
pupr=$("${CLI[@]}" --as budi.pupr --json queue --opd PUPR | grep -o '"number": *"[^"]*"' | head -n 1 | sed 's/.*"\([^"]*\)"$/\1/')
say "Budi claims $pupr; Sari tries too; Dewi (DLH) may not even look"
"${CLI[@]}" --as budi.pupr claim "$pupr"
"${CLI[@]}" --as sari.pupr claim "$pupr" || true
"${CLI[@]}" --as dewi.dlh show "$pupr" || true
say "Budi answers with a saved reply; the responder posts it on the citizen's platform"
"${CLI[@]}" templates --opd PUPR
"${CLI[@]}" --as budi.pupr reply "$pupr" --template survei-lokasi
for _ in $(seq 1 50); do
  "${CLI[@]}" show "$pupr" | grep -q "balasan oleh .*terkirim" && break
  sleep 0.1
done
"${CLI[@]}" show "$pupr" --events
echo "  what the platform received:"
curl -s "$FAKE/_fake/requests" | /usr/bin/python3 -c 'import json,sys
for r in json.load(sys.stdin):
    if "survei" in r["body"]:
        print("  %s %s\n    Authorization: %s\n    %s" % (r["method"], r["path"], r["headers"].get("Authorization", "-"), r["body"]))'
say "Triage: Tika (Diskominfo) moves a ticket no rule matched to the OPD it concerns, with the reason"
triage=$("${CLI[@]}" --as tika.diskominfo --json queue --opd DISKOMINFO | grep -o '"number": *"[^"]*"' | head -n 1 | sed 's/.*"\([^"]*\)"$/\1/')
if [ -n "$triage" ]; then
  "${CLI[@]}" --as tika.diskominfo transfer "$triage" --to DISDUKCAPIL --reason "bukan wewenang Diskominfo: layanan di MPP"
  "${CLI[@]}" --as nina.disdukcapil queue
fi

say "The broker's metrics (excerpt)"
curl -s "http://$http/metrics" | grep -E '^aspirasi_(submit_acks_total|delivered_total|queued_tickets|workers|last_event_seq|desk_commands_total|replies_total)' || true

say "Webhooks: the regency's complaint form and SMS gateway post to aspirasi-ingest, signed"
# Fixture-only secrets (workers/ingest/channels/generic/testdata/expected.json). In production they come
# from an EnvironmentFile or secret files, never from the TOML.
export ASPIRASI_FORM_SECRET=form-fixture-secret-4f9c2a ASPIRASI_SMS_SECRET=sms-fixture-secret-b81e07
for v in FACEBOOK_APP_SECRET INSTAGRAM_APP_SECRET WHATSAPP_APP_SECRET TELEGRAM_SECRET_TOKEN X_CONSUMER_SECRET \
         YOUTUBE_API_KEY; do
  export "ASPIRASI_$v=demo-secret-not-used"
done
# The demo stays offline: the YouTube poller gets a local address where nothing answers (it backs off).
sed -i 's|https://www.googleapis.com/youtube/v3|http://127.0.0.1:9/youtube/v3|' "$DEMO/aspirasi.toml"
"$BIN/workers/ingest/aspirasi-ingest" --config "$DEMO/aspirasi.toml" --ready-file "$DEMO/ingest-ready" \
  --key-file "$KEYS/ingest.key_secret" > "$DEMO/aspirasi-ingest.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 300); do [ -f "$DEMO/ingest-ready" ] && break; sleep 0.05; done
[ -f "$DEMO/ingest-ready" ] || { echo "aspirasi-ingest did not start:"; cat "$DEMO/aspirasi-ingest.log"; exit 1; }
webhooks=$(sed -n 's/^http=//p' "$DEMO/ingest-ready")
echo "aspirasi-ingest on http://$webhooks  (POST /webhooks/<channel>/<account>)"
sign() {  # sign SECRET ENCODING FILE: HMAC-SHA256 of the file's bytes, hex or base64
  /usr/bin/python3 -c 'import base64,hashlib,hmac,sys
d = hmac.new(sys.argv[1].encode(), open(sys.argv[3], "rb").read(), hashlib.sha256)
print(d.hexdigest() if sys.argv[2] == "hex" else base64.b64encode(d.digest()).decode())' "$@"
}
post() {  # post PATH HEADER VALUE FILE
  curl -s -o "$DEMO/reply" -w '%{http_code}' -X POST -H "Content-Type: application/json" -H "$2: $3" \
    --data-binary "@$4" "http://$webhooks$1"
}
FIXTURES="$ROOT/workers/ingest/channels/generic/testdata"
for f in "$FIXTURES"/form/*.json; do
  code=$(post /webhooks/form/lapor-bupati X-Form-Signature "sha256=$(sign "$ASPIRASI_FORM_SECRET" hex "$f")" "$f")
  printf '  form/%-36s %s %s\n' "$(basename "$f")" "$code" "$(cat "$DEMO/reply")"
done
for f in "$FIXTURES"/sms/*.json; do
  code=$(post /webhooks/sms/6280000010000 X-Gateway-Signature "$(sign "$ASPIRASI_SMS_SECRET" base64 "$f")" "$f")
  printf '  sms/%-37s %s %s\n' "$(basename "$f")" "$code" "$(cat "$DEMO/reply")"
done
f="$FIXTURES/form/01-aduan-jalan-berlubang.json"
echo "  a forged request (wrong secret): $(post /webhooks/form/lapor-bupati X-Form-Signature "sha256=$(sign wrong hex "$f")" "$f") $(cat "$DEMO/reply")"

say "Tickets per OPD, now with the webhook tickets"
"${CLI[@]}" count --by opd
"${CLI[@]}" tickets --channel form,sms --limit 20

say "SLA on a compressed clock: a second broker where 1 hour of ticket time passes in 1 second"
# Its clock starts on Monday 23 November 2026, 08:00 WIB, a working day (the calendar knows the 2025/2026
# holidays and cuti bersama in deploy/calendars/). SANGAT_SEGERA: 1 hour around the clock, then
# escalation levels 2 and 3 an hour apart; SEGERA: 4 working hours (the lunch break does not count).
mkdir -p "$DEMO/sla"
sed -e 's|^database = .*|database = "sla.db"|' -e 's|tcp://127.0.0.1:[0-9]*"|tcp://127.0.0.1:*"|' \
    -e 's|^http_listen = .*|http_listen = "127.0.0.1:0"|' "$DEMO/aspirasi.toml" > "$DEMO/sla/aspirasi.toml"
# Compressed time is epoch + (real - epoch) x 3600; choose the epoch that makes "now" Monday 08:00 WIB.
monday_8=1795395600000
now_ms=$(date +%s%3N)
epoch=$(( (now_ms * 3600 - monday_8) / 3599 ))
"$BIN/broker/aspirasid" --config "$DEMO/sla/aspirasi.toml" --ready-file "$DEMO/sla/ready" \
  --clock-scale 3600 --clock-epoch-ms "$epoch" > "$DEMO/sla/aspirasid.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 300); do [ -f "$DEMO/sla/ready" ] && break; sleep 0.05; done
[ -f "$DEMO/sla/ready" ] || { echo "the SLA demo broker did not start:"; cat "$DEMO/sla/aspirasid.log"; exit 1; }
# shellcheck disable=SC1090
( source "$DEMO/sla/ready"
  sed -i -e "s|^ingest_endpoint = .*|ingest_endpoint = \"$ingest\"|" -e "s|^worker_endpoint = .*|worker_endpoint = \"$worker\"|" \
         -e "s|^api_endpoint = .*|api_endpoint = \"$api\"|" -e "s|^events_endpoint = .*|events_endpoint = \"$events\"|" \
         "$DEMO/sla/aspirasi.toml" )
SLA_CLI=("$BIN/clients/cli/aspirasi" --config "$DEMO/sla/aspirasi.toml" --key-file "$KEYS/console.key_secret")
"$BIN/workers/responder/aspirasi-responder" --config "$DEMO/sla/aspirasi.toml" --name meja-sla \
  --key-file "$KEYS/meja-sla.key_secret" --opd BPBD --opd PUPR --opd DISDUKCAPIL --opd DISKOMINFO \
  > "$DEMO/sla/responder.log" 2>&1 &
PIDS+=($!)
"${SLA_CLI[@]}" watch --all > "$DEMO/sla/watch.txt" 2>&1 &
PIDS+=($!)
cat > "$DEMO/sla/tickets.json" <<'JSON'
[{"idempotency_key": "sla-demo:x:1", "draft": {"channel": "x", "account": "1587203349912207361", "source_id": "sla-1", "public_item": true, "urgency": "SANGAT_SEGERA", "text": "Banjir di Desa Tanjung Sari, warga terjebak di atap rumah!"}},
 {"idempotency_key": "sla-demo:fb:2", "draft": {"channel": "facebook", "account": "104582736190254", "source_id": "sla-2", "public_item": true, "urgency": "SEGERA", "text": "Jembatan gantung Desa Sukamaju putus, anak sekolah tidak bisa lewat."}},
 {"idempotency_key": "sla-demo:wa:3", "draft": {"channel": "whatsapp", "account": "412093385561207", "source_id": "sla-3", "conversation_key": "whatsapp:6280000099999", "author": {"platformId": "6280000099999", "displayName": "Pak Darmo"}, "text": "Mohon info syarat pindah domisili."}}]
JSON
"$BIN/clients/cli/aspirasi" --config "$DEMO/sla/aspirasi.toml" --key-file "$KEYS/ingest.key_secret" \
  submit "$DEMO/sla/tickets.json"
wa=$("${SLA_CLI[@]}" --json tickets --channel whatsapp --limit 1 | grep -o '"number": *"[^"]*"' | head -n 1 | sed 's/.*"\([^"]*\)"$/\1/')

say "A question that never reaches the citizen pauses nothing"
# Its acknowledgement went out; now WhatsApp refuses the next message (131026: undeliverable).
for _ in $(seq 1 50); do "${SLA_CLI[@]}" show "$wa" | grep -q "terkirim" && break; sleep 0.1; done
curl -s -X POST "$FAKE/_fake/fail" -H 'Content-Type: application/json' -d '{"path_contains": "412093385561207/messages", "status": 400, "times": 1,
  "body": "{\"error\":{\"message\":\"(#131026) Message undeliverable\",\"type\":\"OAuthException\",\"code\":131026}}"}' > /dev/null
"${SLA_CLI[@]}" --as nina.disdukcapil ask "$wa" "Mohon sebutkan kecamatan asal dan tujuan pindah."
for _ in $(seq 1 50); do "${SLA_CLI[@]}" show "$wa" | grep -q "gagal" && break; sleep 0.1; done
echo "  WhatsApp refused it; the ticket is not waiting for the citizen, its clocks run on, and the desk is told:"
"${SLA_CLI[@]}" show "$wa" | grep -E "^(status|respons pertama|perhatian) |pertanyaan oleh" | sed 's/^/  /'
"${SLA_CLI[@]}" --as nina.disdukcapil queue | sed 's/^/  /'

echo "  ... 8 seconds = 8 hours of ticket time; aspirasi watch prints each alert with its number:"
sleep 8
sed 's/^/  /' "$DEMO/sla/watch.txt"
say "Open alerts; an escalation is acknowledged by its recipient, and only by them"
"${SLA_CLI[@]}" alerts
level2=$("${SLA_CLI[@]}" --json alerts --opd BPBD --level 2 | /usr/bin/python3 -c 'import json,sys
alerts = [a for a in json.load(sys.stdin).get("alerts", []) if a.get("level") == 2]
print(alerts[0]["id"] if alerts else "")')
if [ -n "$level2" ]; then
  echo "  Agus (BPBD's admin) tries to acknowledge #$level2, Diskominfo's escalation:"
  "${SLA_CLI[@]}" --as agus.bpbd alerts ack "$level2" 2>&1 | sed 's/^/  /' || true
  "${SLA_CLI[@]}" --as kominfo.supervisor alerts ack "$level2" --note "Tim BPBD sudah dikerahkan" | sed 's/^/  /'
fi

say "The record cannot be edited unnoticed: every event is hash-chained (docs/AUDIT.md)"
"${CLI[@]}" audit verify | sed 's/^/  /'
echo "  The broker publishes its chain head (log and /metrics; here every second), a copy kept elsewhere:"
grep -o 'audit chain head .*' "$DEMO/aspirasid.log" | tail -n 1 | sed 's/^/  /'
head=$(grep -o 'audit chain head [0-9]*:[0-9a-f]*' "$DEMO/aspirasid.log" | tail -n 1 | cut -d' ' -f4)
echo "  An inspector checks the live record against that copy:"
"${CLI[@]}" audit verify --expect "$head" | sed 's/^/  /'
sqlite3 "$DEMO/aspirasi.db" ".backup '$DEMO/salinan.db'"
echo "  Someone moves event 3 to another OPD in a copy of the database (sqlite3: UPDATE events SET opd='DLH' WHERE seq=3):"
sqlite3 "$DEMO/salinan.db" "UPDATE events SET opd='DLH' WHERE seq=3"
"${CLI[@]}" audit verify --db "$DEMO/salinan.db" | sed 's/^/  /' || true

if [ "$ONCE" = 1 ]; then
  say "Done (ONCE=1). Files of this run are in .demo/"
  exit 0
fi
say "Running. Live events follow; press Ctrl-C to stop."
"${CLI[@]}" events --since 0 --follow &
PIDS+=($!)
wait
