#!/usr/bin/env bash
# deploy/prometheus/ is usable as shipped: promtool accepts the alert rules and the sample scrape
# configuration (its rule_files pointed at the repository's copy), and the alerts fire as
# tests/deploy/prometheus_rules_test.yml expects (`promtool test rules`). A rules file with a broken
# expression is refused (the check can fail). promtool: .tools/promtool (deploy/install-deps.sh unpacks it
# from Debian's prometheus package), /usr/bin/promtool, or $ASPIRASI_PROMTOOL. Skips (exit 77) only when
# none is there outside CI.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PROMTOOL=${ASPIRASI_PROMTOOL:-}
for p in "$ROOT/.tools/promtool" /usr/bin/promtool; do
  [ -z "$PROMTOOL" ] && [ -x "$p" ] && PROMTOOL=$p
done
if [ -z "$PROMTOOL" ]; then
  echo "promtool is missing: run deploy/install-deps.sh (it unpacks it into .tools/)"
  [ "${CI:-}" = "true" ] && exit 1
  exit 77
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

"$PROMTOOL" check rules "$ROOT/deploy/prometheus/aspirasi-rules.yml"
sed "s|/etc/prometheus/aspirasi-rules.yml|$ROOT/deploy/prometheus/aspirasi-rules.yml|" \
  "$ROOT/deploy/prometheus/prometheus.yml" > "$TMP/prometheus.yml"
"$PROMTOOL" check config "$TMP/prometheus.yml"
"$PROMTOOL" test rules "$ROOT/tests/deploy/prometheus_rules_test.yml"

sed 's|expr: up{job="aspirasid"} == 0|expr: up{job="aspirasid"} == == 0|' \
  "$ROOT/deploy/prometheus/aspirasi-rules.yml" > "$TMP/broken.yml"
if "$PROMTOOL" check rules "$TMP/broken.yml" > "$TMP/out" 2>&1; then
  echo "promtool accepted a broken rules file:"; cat "$TMP/out"; exit 1
fi
echo "deploy/prometheus: rules, configuration and alert cases OK"
