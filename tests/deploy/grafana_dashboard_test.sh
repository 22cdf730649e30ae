#!/usr/bin/env bash
# deploy/grafana/aspirasi-dashboard.json (or the dashboard file given as $1) is importable and shows
# metrics that exist: it is JSON; every panel has a title, every query panel the ${DS_PROMETHEUS} datasource
# of __inputs and at least one query; panel ids are unique; the Grafana variables used are defined; every
# PromQL expression parses (`promtool check rules` on them as recording rules, the variables replaced by
# `.*` and `5m`); and every aspirasi_* metric it queries (panels and variables) is registered by the C++
# sources under broker/ workers/ common/ (tests excluded), so renaming a metric breaks this test. With the
# default file it also checks that a bogus metric name and a broken expression are refused (the check can
# fail). promtool: .tools/promtool (deploy/install-deps.sh unpacks it from Debian's prometheus package),
# /usr/bin/promtool, or $ASPIRASI_PROMTOOL. Skips (exit 77) only when none is there outside CI, after the
# checks that need no promtool.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DASHBOARD=${1:-$ROOT/deploy/grafana/aspirasi-dashboard.json}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# The metric names the sources register: quoted "aspirasi_..." strings outside the tests.
grep -rhoE --include='*.cc' --include='*.h' --exclude='*_test.cc' --exclude='*_test.h' '"aspirasi_[a-z0-9_]+"' \
  "$ROOT/broker" "$ROOT/workers" "$ROOT/common" | tr -d '"' | sort -u > "$TMP/registered"

cat > "$TMP/check.py" <<'EOF'
import json, re, sys

path, registered_file, rules_file = sys.argv[1:4]
errors = []
try:
    with open(path) as f:
        dash = json.load(f)  # (a) it parses
except (OSError, ValueError) as e:
    sys.exit(f"{path}: not a JSON dashboard: {e}")
registered = set(open(registered_file).read().split())

inputs = {i.get("name") for i in dash.get("__inputs", []) if i.get("pluginId") == "prometheus"}
if not inputs:
    errors.append("no Prometheus datasource in __inputs")
for key in ("title", "uid"):
    if not dash.get(key):
        errors.append(f"the dashboard has no {key}")

def ds_ok(ds):  # a ${INPUT} of __inputs, not a uid from someone's Grafana
    uid = ds.get("uid") if isinstance(ds, dict) else ds
    return isinstance(uid, str) and re.fullmatch(r"\$\{(\w+)\}", uid) and uid[2:-1] in inputs

variables = {v.get("name") for v in dash.get("templating", {}).get("list", [])}
VAR = re.compile(r"\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)(?::\w+)?\]\]")
def used_vars(text):
    return {next(g for g in m.groups() if g) for m in VAR.finditer(text)}
def concrete(expr):  # Grafana variables -> values promtool can parse
    expr = re.sub(r"\$\{?__(rate_interval|interval|range)(?:_ms)?\}?", "5m", expr)
    return VAR.sub(".*", expr)
def metric_names(expr):
    expr = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)  # not the label values
    return set(re.findall(r"\baspirasi_[a-z0-9_]+", expr))
def check_names(where, expr):
    for name in metric_names(expr):
        base = re.sub(r"_(bucket|sum|count)$", "", name)
        if name not in registered and base not in registered:
            errors.append(f"{where}: {name} is not registered by broker/, workers/ or common/")
def check_vars(where, expr):
    for v in used_vars(expr):
        if v not in variables and not v.startswith("__"):
            errors.append(f"{where}: the variable ${v} is not defined in templating")

for v in dash.get("templating", {}).get("list", []):
    if v.get("type") == "query":
        q = v.get("query")
        q = q.get("query", "") if isinstance(q, dict) else (q or "")
        where = f"variable {v.get('name')}"
        if not ds_ok(v.get("datasource")):
            errors.append(f"{where}: datasource is not one of __inputs")
        check_names(where, q)
        check_vars(where, q)

def walk(panels):
    for p in panels:
        yield p
        yield from walk(p.get("panels", []))

ids, groups, exprs, rows = {}, [], 0, 0
for p in walk(dash.get("panels", [])):
    title = p.get("title") or ""
    where = f"panel {p.get('id')} {title!r}"
    if not title.strip():
        errors.append(f"{where}: no title")
    if p.get("id") is None:
        errors.append(f"{where}: no id")
    elif p["id"] in ids:
        errors.append(f"{where}: id already used by {ids[p['id']]!r}")
    else:
        ids[p["id"]] = title
    if p.get("type") == "row":  # a row holds panels; it queries nothing
        rows += 1
        continue
    if not ds_ok(p.get("datasource")):
        errors.append(f"{where}: no datasource from __inputs")
    targets = p.get("targets") or []
    if not targets:
        errors.append(f"{where}: no queries")
    rules = []
    for t in targets:
        expr = (t.get("expr") or "").strip()
        twhere = f"{where} query {t.get('refId')}"
        if not expr:
            errors.append(f"{twhere}: no expr")
            continue
        if "datasource" in t and not ds_ok(t["datasource"]):
            errors.append(f"{twhere}: datasource is not one of __inputs")
        check_names(twhere, expr)
        check_vars(twhere, expr)
        rules.append({"record": f"panel_{p.get('id')}:{t.get('refId') or len(rules)}", "expr": concrete(expr)})
        exprs += 1
    if rules:
        groups.append({"name": f"panel {p.get('id')}: {title}", "rules": rules})

with open(rules_file, "w") as f:  # JSON is YAML: no quoting trouble with the expressions
    json.dump({"groups": groups}, f, indent=1)
if errors:
    print(f"{path}:", *errors, sep="\n  ", file=sys.stderr)
    sys.exit(1)
print(f"{len(ids) - rows} panels in {rows} rows, {exprs} expressions")
EOF

# check FILE: everything but promtool; writes $TMP/rules.yml and prints "N panels, M expressions".
check() { python3 "$TMP/check.py" "$1" "$TMP/registered" "$TMP/rules.yml"; }

summary=$(check "$DASHBOARD")

PROMTOOL=${ASPIRASI_PROMTOOL:-}
for p in "$ROOT/.tools/promtool" /usr/bin/promtool; do
  [ -z "$PROMTOOL" ] && [ -x "$p" ] && PROMTOOL=$p
done
if [ -z "$PROMTOOL" ]; then
  echo "promtool is missing: run deploy/install-deps.sh (it unpacks it into .tools/)"
  [ "${CI:-}" = "true" ] && exit 1
  exit 77
fi
if ! "$PROMTOOL" check rules "$TMP/rules.yml" > "$TMP/out" 2>&1; then
  echo "$DASHBOARD: promtool refuses an expression:"; cat "$TMP/out"; exit 1
fi

if [ $# -eq 0 ]; then
  # The checks can fail: a metric the sources do not register, and an expression that does not parse.
  sed '0,/aspirasi_store_wal_bytes{/s//aspirasi_store_wal_size_bytes{/' "$DASHBOARD" > "$TMP/renamed.json"
  if check "$TMP/renamed.json" > "$TMP/out" 2>&1 || ! grep -q aspirasi_store_wal_size_bytes "$TMP/out"; then
    echo "a dashboard with an unregistered metric was accepted:"; cat "$TMP/out"; exit 1
  fi
  sed '0,/sum(rate(aspirasi_submits_total/s//sum(rate(rate(aspirasi_submits_total/' "$DASHBOARD" > "$TMP/broken.json"
  check "$TMP/broken.json" > /dev/null
  if "$PROMTOOL" check rules "$TMP/rules.yml" > "$TMP/out" 2>&1; then
    echo "promtool accepted a broken expression:"; cat "$TMP/out"; exit 1
  fi
fi
echo "deploy/grafana: $(basename "$DASHBOARD") OK ($summary parse with promtool, metrics registered, ids unique)"
