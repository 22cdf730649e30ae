#!/usr/bin/env bash
# Backup benchmark: what an online backup (`aspirasi backup`) costs a serving broker. Fills a broker's
# database with N tickets (aspirasi-bench, as fast as it goes), then runs the same steady load twice
# (aspirasi-bench --rate R for S seconds against the running broker): once alone, once with `aspirasi
# backup` started a quarter of the way in (the sample regency without automatic acknowledgements: the
# benchmark's worker takes tickets only). Prints the database size, how long the copy took, and the
# ack and end-to-end latency percentiles of both runs (release build).
#
#   bench/backup_bench.sh [--tickets N=1000000] [--rate R=2000] [--seconds S=40] [--max-mb-s M=0]
#                         [--build DIR=build/release] [--json]
#
# --max-mb-s is passed to `aspirasi backup` (0: as fast as the disk allows).
set -euo pipefail

TICKETS=1000000 RATE=2000 SECONDS_=40 MAX_MB_S=0 JSON=0
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD="$ROOT/build/release"
while [ $# -gt 0 ]; do
  case "$1" in
    --tickets) TICKETS=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --seconds) SECONDS_=$2; shift 2 ;;
    --max-mb-s) MAX_MB_S=$2; shift 2 ;;
    --build) BUILD=$(cd "$2" && pwd); shift 2 ;;
    --json) JSON=1; shift ;;
    *) echo "usage: $0 [--tickets N] [--rate R] [--seconds S] [--max-mb-s M] [--build DIR] [--json]" >&2; exit 2 ;;
  esac
done
for bin in broker/aspirasid clients/cli/aspirasi bench/aspirasi-bench; do
  [ -x "$BUILD/$bin" ] || { echo "backup_bench: $BUILD/$bin not built (cmake --preset release && cmake --build --preset release)" >&2; exit 2; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/aspirasi-backup-bench.XXXXXX")
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
log() { [ "$JSON" = 1 ] || echo "$@"; }

sed -e 's|tcp://127.0.0.1:77[0-9][0-9]|tcp://127.0.0.1:*|' \
    -e 's|^http_listen = .*|http_listen = "127.0.0.1:0"|' \
    -e 's|^database = .*|database = "aspirasi.db"|' \
    -e 's|^level = .*|level = "warn"|' \
    -e "s|^holidays_dir = .*|holidays_dir = \"$ROOT/deploy/calendars\"|" \
    -e "s|^auto_ack = true|auto_ack = false|" \
    "$ROOT/deploy/nusa-harapan.toml" > "$WORK/aspirasi.toml"
"$BUILD/broker/aspirasid" --config "$WORK/aspirasi.toml" --ready-file "$WORK/ready" > "$WORK/aspirasid.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 600); do [ -f "$WORK/ready" ] && break; sleep 0.05; done
[ -f "$WORK/ready" ] || { echo "aspirasid did not start" >&2; cat "$WORK/aspirasid.log" >&2; exit 1; }
ingest_ep=$(sed -n 's/^ingest=//p' "$WORK/ready")
worker_ep=$(sed -n 's/^worker=//p' "$WORK/ready")
bench=("$BUILD/bench/aspirasi-bench" --endpoint-ingest "$ingest_ep" --endpoint-worker "$worker_ep" --quiet --json)

log "filling the database with $TICKETS tickets ..."
"${bench[@]}" --tickets "$TICKETS" > "$WORK/fill.json" || { echo "filling failed" >&2; tail -1 "$WORK/fill.json" >&2; exit 1; }
db_mb=$(( $(stat -c %s "$WORK/aspirasi.db") / 1048576 ))
steady=$(( RATE * SECONDS_ ))

log "steady load alone: $RATE tickets/s for $SECONDS_ s ..."
"${bench[@]}" --rate "$RATE" --tickets "$steady" > "$WORK/alone.json" || { echo "the steady run failed" >&2; exit 1; }

log "the same load with a backup started after $(( SECONDS_ / 4 )) s ..."
"${bench[@]}" --rate "$RATE" --tickets "$steady" > "$WORK/during.json" &
load=$!
sleep $(( SECONDS_ / 4 ))
start=$(date +%s.%N)
"$BUILD/clients/cli/aspirasi" --config "$WORK/aspirasi.toml" --json backup --to "$WORK/backup.db" --max-mb-s "$MAX_MB_S" > "$WORK/backup.json" ||
  { echo "the backup failed" >&2; cat "$WORK/backup.json" >&2; exit 1; }
end=$(date +%s.%N)
wait "$load" || { echo "the steady run with a backup failed" >&2; exit 1; }

/usr/bin/python3 - "$WORK" "$TICKETS" "$RATE" "$SECONDS_" "$db_mb" "$start" "$end" "$JSON" "$MAX_MB_S" <<'PY'
import json, sys
work, tickets, rate, seconds, db_mb, start, end, as_json, max_mb_s = sys.argv[1:]
last = lambda f: json.loads(open(f"{work}/{f}").read().strip().splitlines()[-1])
alone, during, backup = last("alone.json"), last("during.json"), last("backup.json")
out = {"tickets": int(tickets), "rate": float(rate), "seconds": int(seconds), "database_mb": int(db_mb),
       "max_mb_s": int(max_mb_s), "backup_s": round(float(end) - float(start), 2), "backup_copy_ms": backup["copy_ms"],
       "backup_mb": backup["bytes"] // 1048576,
       "alone": {"ack_ms": alone["ack_latency_ms"], "latency_ms": alone["latency_ms"], "lost": alone["lost"]},
       "during_backup": {"ack_ms": during["ack_latency_ms"], "latency_ms": during["latency_ms"],
                         "lost": during["lost"]}}
if as_json == "1":
    print(json.dumps(out))
else:
    limit = f"at most {max_mb_s} MB/s" if int(max_mb_s) else "unlimited"
    print(f"database     {out['database_mb']} MB, {tickets} tickets; backup {out['backup_mb']} MB in {out['backup_s']} s "
          f"(copy {out['backup_copy_ms']} ms, {limit})")
    for name in ("alone", "during_backup"):
        r = out[name]
        print(f"{name:<14}ack p50 {r['ack_ms']['p50']:.1f} p99 {r['ack_ms']['p99']:.1f} max {r['ack_ms']['max']:.1f} ms; "
              f"end-to-end p50 {r['latency_ms']['p50']:.1f} p99 {r['latency_ms']['p99']:.1f} ms; lost {r['lost']}")
PY
