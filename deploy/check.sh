#!/usr/bin/env bash
# Syntax checks of the example configuration in deploy/, run by CI (.ci/run) and
# usable before a deployment: systemd units (systemd-analyze verify), nginx (nginx -t,
# with Debian's binary unpacked into a temporary directory when nginx is not
# installed), the backup script (bash -n), gunicorn.conf.py (gunicorn's own setting validators).
# The files name /srv/coactions, /etc/letsencrypt, ...: they are checked in a copy where
# those paths point into a temporary directory.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
mkdir -p "$root/srv/coactions/app/.venv/bin" "$root/srv/coactions/var" "$root/etc/coactions"
for tool in gunicorn python; do
  printf '#!/bin/sh\n' > "$root/srv/coactions/app/.venv/bin/$tool"
  chmod +x "$root/srv/coactions/app/.venv/bin/$tool"
done
cp -r deploy "$root/srv/coactions/app/deploy"
touch "$root/etc/coactions/env"
relocate() { sed -e "s#/srv/coactions#$root/srv/coactions#g" -e "s#/etc/coactions#$root/etc/coactions#g" "$@"; }

echo "systemd units"
if ! command -v systemd-analyze >/dev/null; then
  echo "systemd-analyze is not installed: the units are not checked" >&2
  exit 1
fi
mkdir -p "$tmp/units"
for unit in deploy/systemd/*.service deploy/systemd/*.timer; do
  relocate "$unit" > "$tmp/units/$(basename "$unit")"
done
# User=coactions need not exist on the checking machine; anything else is an error.
output=$(cd "$tmp/units" && SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --man=no ./*.service ./*.timer 2>&1 || true)
problems=$(grep -v -e "coactions: No such user\|Failed to resolve user\|not-found\|^$" <<<"$output" || true)
if [[ -n "$problems" ]]; then
  echo "$output"
  exit 1
fi

echo "nginx"
nginx=$(command -v nginx || true)
if [[ -z "$nginx" ]]; then
  (cd "$tmp" && { apt-get download -qq nginx 2>/dev/null || { apt-get update -qq && apt-get download -qq nginx 2>/dev/null; }; } && dpkg-deb -x nginx_*.deb "$tmp/nginx-pkg")
  nginx=$tmp/nginx-pkg/usr/sbin/nginx
fi
mkdir -p "$tmp/certs" "$tmp/nginx/logs"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=coactions.example.org \
  -keyout "$tmp/certs/privkey.pem" -out "$tmp/certs/fullchain.pem" 2>/dev/null
relocate deploy/nginx/coactions.conf \
  | sed "s#/etc/letsencrypt/live/coactions.example.org#$tmp/certs#g" > "$tmp/nginx/site.conf"
cat > "$tmp/nginx/nginx.conf" <<CONF
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/logs/error.log;
events {}
http {
    access_log off;
    client_body_temp_path $tmp/nginx/body;
    proxy_temp_path $tmp/nginx/proxy;
    fastcgi_temp_path $tmp/nginx/fastcgi;
    uwsgi_temp_path $tmp/nginx/uwsgi;
    scgi_temp_path $tmp/nginx/scgi;
    include $tmp/nginx/site.conf;
}
CONF
"$nginx" -t -q -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf"

echo "backup script"
bash -n deploy/backup/backup.sh

echo "gunicorn.conf.py"
# Every name must be a gunicorn setting (gunicorn ignores unknown ones) with a valid value.
"${PYTHON:-.venv/bin/python}" - <<'PY'
import runpy

from gunicorn.config import Config

config = Config()
for name, value in runpy.run_path("gunicorn.conf.py").items():
    if name.startswith("__"):
        continue
    if name not in config.settings:
        raise SystemExit(f"gunicorn.conf.py: {name} is not a gunicorn setting")
    config.set(name, value)
PY
echo "deploy/: configuration checks passed"
