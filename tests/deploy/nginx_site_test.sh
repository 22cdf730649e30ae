#!/usr/bin/env bash
# deploy/nginx/aspirasi.conf is a valid nginx site: `nginx -t` accepts it inside a minimal nginx.conf,
# with a throw-away self-signed certificate and log paths in a temporary directory (nothing of the
# machine's nginx is read or changed). Skips (exit 77) only when nginx is not installed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "nginx is not installed (deploy/install-deps.sh installs nginx-light)"; exit 77; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=aspirasi.nusaharapan.go.id" \
  -keyout "$TMP/privkey.pem" -out "$TMP/fullchain.pem" 2> /dev/null
sed -e "s|/etc/letsencrypt/live/aspirasi.nusaharapan.go.id/|$TMP/|g" -e "s|/var/log/nginx/|$TMP/|g" \
  "$ROOT/deploy/nginx/aspirasi.conf" > "$TMP/site.conf"
# The sample must still name what an operator replaces: a certificate and log files.
grep -q "ssl_certificate $TMP/fullchain.pem;\|ssl_certificate     $TMP/fullchain.pem;" "$TMP/site.conf"
cat > "$TMP/nginx.conf" <<CONF
pid $TMP/nginx.pid;
error_log $TMP/error.log;
events {}
http {
  client_body_temp_path $TMP/body;
  proxy_temp_path $TMP/proxy;
  include $TMP/site.conf;
}
CONF
out=$("$NGINX" -t -q -p "$TMP" -e "$TMP/error.log" -c "$TMP/nginx.conf" 2>&1) || {
  echo "nginx -t refused deploy/nginx/aspirasi.conf:"; echo "$out"; cat "$TMP/error.log" 2>/dev/null; exit 1; }
# A broken site is refused (the check can fail).
echo "location {" >> "$TMP/site.conf"
if "$NGINX" -t -q -p "$TMP" -e "$TMP/error.log" -c "$TMP/nginx.conf" > /dev/null 2>&1; then
  echo "nginx -t accepted a broken site: the check proves nothing"; exit 1
fi
echo "nginx -t: deploy/nginx/aspirasi.conf ok"
