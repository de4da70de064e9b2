#!/usr/bin/env bash
# Makes sure PostgreSQL (127.0.0.1:5432, user postgres, database `test`), MariaDB (127.0.0.1:3306,
# root with an empty password, database `test`) and Redis (127.0.0.1:6379) answer, and that
# redis-server and redis-cli are there for the Redis Cluster tests (which start their own
# servers), so the store suites run with nothing skipped. Starts the servers when they are
# stopped, installs them from Debian's packages when they are absent. Idempotent.
set -euo pipefail

log() { echo "services: $*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

wait_for() { # name, command…
  local name=$1; shift
  for _ in $(seq 1 60); do
    if "$@" >/dev/null 2>&1; then log "$name is up"; return 0; fi
    sleep 0.5
  done
  log "$name did not come up"; return 1
}

pg_up() { pg_isready -h 127.0.0.1 -p 5432 -U postgres -q; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = PONG ]; }
mariadb_up() { mariadb -h127.0.0.1 -P3306 -uroot -e 'SELECT 1'; }

missing=()
command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
[ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

if ! pg_up; then
  log "starting PostgreSQL"
  version=$(ls /etc/postgresql | sort -V | tail -n1)
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
fi
wait_for PostgreSQL pg_up

if ! redis_up; then
  log "starting Redis"
  as_root mkdir -p /var/lib/redis /var/log/redis
  as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi
wait_for Redis redis_up

if ! mariadb_up >/dev/null 2>&1; then
  log "starting MariaDB"
  as_root install -d -o mysql -g mysql /run/mysqld
  as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  # Up on its socket first; TCP root login may still need the empty password set below.
  wait_for 'MariaDB (socket)' as_root mariadb -uroot -e 'SELECT 1'
fi
# The tests connect as root with an empty password over TCP, as on the project's machines. A fresh
# Debian install lets root in only through the Unix socket: allow the empty password too.
if ! mariadb_up >/dev/null 2>&1; then
  log "allowing root with an empty password on 127.0.0.1"
  as_root mariadb -uroot -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('');
    CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';
    GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION; FLUSH PRIVILEGES;"
fi
wait_for MariaDB mariadb_up
mariadb -h127.0.0.1 -P3306 -uroot -e 'CREATE DATABASE IF NOT EXISTS test CHARACTER SET utf8mb4'

# The test URLs (postgres://postgres@127.0.0.1:5432/test) assume trust auth on loopback, as on
# the project's machines. A fresh Debian install asks for a password there: allow loopback.
psql_admin() { psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -tAq "$@"; }
if ! psql_admin -c 'SELECT 1' >/dev/null 2>&1; then
  version=$(ls /etc/postgresql | sort -V | tail -n1)
  hba=/etc/postgresql/$version/main/pg_hba.conf
  log "allowing trust auth on loopback in $hba"
  as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main reload
  wait_for 'PostgreSQL (trust)' psql_admin -c 'SELECT 1'
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'test'")" != 1 ]; then
  log "creating database test"
  psql_admin -c 'CREATE DATABASE test'
fi
log "PostgreSQL postgres://postgres@127.0.0.1:5432/test, MariaDB mysql://root@127.0.0.1:3306/test and Redis redis://127.0.0.1:6379 ready"
