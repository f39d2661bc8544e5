#!/usr/bin/env bash
# Starts (or reuses) the PostgreSQL cluster of the analytics bench in $BENCH_PG_DIR (default /tmp/rpbench) on
# $BENCH_PG_PORT (default 55441), the way scripts/test.sh starts its throwaway clusters: as `postgres` when root,
# fsync off (the data is regenerated, never precious). Prints the connection string.
#   bench/start-postgres.sh          # start
#   bench/start-postgres.sh stop     # stop and delete the cluster
set -euo pipefail
DIR=${BENCH_PG_DIR:-/tmp/rpbench}
PORT=${BENCH_PG_PORT:-55441}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
AS=(); if [ "$(id -u)" = 0 ]; then AS=(runuser -u postgres --); fi
if [ "${1:-}" = stop ]; then
  "${AS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -m fast -w stop || true
  rm -rf "$DIR"
  exit 0
fi
if [ ! -d "$DIR/data" ]; then
  mkdir -p "$DIR"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$DIR"; fi
  "${AS[@]}" "$PGBIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
fi
if ! "${AS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
  "${AS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 -o "-p $PORT -k $DIR \
    -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
    -c shared_buffers=1GB -c work_mem=32MB -c maintenance_work_mem=512MB -c max_wal_size=8GB \
    -c max_connections=200" start >/dev/null
fi
echo "Host=127.0.0.1;Port=$PORT;Username=postgres;Database=returnsbench;Pooling=true;Maximum Pool Size=100"
