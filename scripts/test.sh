#!/usr/bin/env bash
# The single test command of ReturnsPortal: installs what is missing (Chromium, Liberation fonts, poppler-utils, zbar-tools, Node.js,
# PostgreSQL server binaries, nginx), starts one throwaway PostgreSQL cluster, builds the solution and
# runs the three test projects. The last line of output is always "N passed, N failed" once the
# tests ran; just before it, the two-instance test's figures (TestResults/two-instances.txt) when it ran.
#
#   scripts/test.sh                                   # everything
#   scripts/test.sh --filter "FullyQualifiedName~Rma"  # extra args go to every `dotnet test`
#
# Environment:
#   RETURNSPORTAL_TEST_POSTGRES   use this server instead of starting a throwaway cluster
#   RP_PG_LEFTOVER_MINUTES        age after which an ownerless /tmp/rp-pg.* cluster is a leftover (60)
#
# Throwaway clusters live in /tmp/rp-pg.XXXX (the C# fixtures use the same prefix). A cluster whose
# directory holds an owner.pid naming a live process is in use and never touched; with a dead owner
# it is stopped; without owner.pid it is stopped once its postmaster.pid is older than
# RP_PG_LEFTOVER_MINUTES, so a concurrent test run on the same machine keeps its cluster.
set -euo pipefail

TEST_PROJECTS=(
  tests/ReturnsPortal.Domain.Tests/ReturnsPortal.Domain.Tests.csproj
  tests/ReturnsPortal.Web.Tests/ReturnsPortal.Web.Tests.csproj
  tests/ReturnsPortal.BrowserTests/ReturnsPortal.BrowserTests.csproj
)
RESULTS_DIR=TestResults
PG_PREFIX=/tmp/rp-pg.
PGBIN=""
PG_DIR=""

log() { printf '==> %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }

# Runs a command as root: directly when root, else through sudo.
as_root() {
  if is_root; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "root or sudo is needed to run: $*"
  fi
}

# Runs a PostgreSQL server command: initdb and postgres refuse root, so as `postgres` when root.
as_pg() {
  if is_root; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

ensure_system_packages() {
  local pkgs=()
  if [ ! -x /usr/bin/chromium ]; then pkgs+=(chromium); fi
  if [ ! -d /usr/share/fonts/truetype/liberation2 ]; then pkgs+=(fonts-liberation2); fi
  if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then pkgs+=(postgresql); fi
  # The label tests render PDFs to PNG and read their barcode and QR code back.
  if [ ! -x /usr/bin/pdftoppm ]; then pkgs+=(poppler-utils); fi
  if [ ! -x /usr/bin/zbarimg ]; then pkgs+=(zbar-tools); fi
  # The OpenAPI test runs `npx @redocly/cli lint` (npx fetches the package itself).
  if ! command -v npx >/dev/null 2>&1; then pkgs+=(nodejs npm); fi
  # The two-instance test (Web.Tests, Hosting/Cluster) runs nginx in front of two portal processes.
  if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then pkgs+=(nginx-light); fi
  if [ "${#pkgs[@]}" -eq 0 ]; then
    return 0
  fi
  command -v apt-get >/dev/null 2>&1 || die "missing ${pkgs[*]} and no apt-get to install them"
  log "Installing ${pkgs[*]} (apt-get)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${pkgs[@]}"
  [ -x /usr/bin/chromium ] || die "/usr/bin/chromium is still missing after apt-get install"
  [ -x /usr/bin/pdftoppm ] || die "/usr/bin/pdftoppm (poppler-utils) is still missing after apt-get install"
  [ -x /usr/bin/zbarimg ] || die "/usr/bin/zbarimg (zbar-tools) is still missing after apt-get install"
  command -v npx >/dev/null 2>&1 || die "npx (nodejs, npm) is still missing after apt-get install"
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || die "nginx (nginx-light) is still missing after apt-get install"
}

find_pgbin() {
  local initdb
  initdb=$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)
  [ -x "$initdb" ] || die "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin"
  PGBIN=$(dirname "$initdb")
}

# Stops the throwaway clusters that killed runs left behind (see the header for the rules).
stop_leftover_clusters() {
  local d pidfile owner pid ver ctl max_age
  max_age=${RP_PG_LEFTOVER_MINUTES:-60}
  for d in "$PG_PREFIX"*; do
    [ -d "$d" ] || continue
    pidfile=$d/data/postmaster.pid
    [ -f "$pidfile" ] || continue
    if [ -f "$d/owner.pid" ]; then
      owner=$(head -n 1 "$d/owner.pid" 2>/dev/null || true)
      if [[ "$owner" =~ ^[0-9]+$ ]] && [ -d "/proc/$owner" ]; then
        continue # in use by a live run
      fi
    elif [ -z "$(find "$pidfile" -mmin +"$max_age" 2>/dev/null)" ]; then
      log "Leaving $d alone: no owner.pid and younger than $max_age min (maybe a concurrent run)"
      continue
    fi
    pid=$(head -n 1 "$pidfile" 2>/dev/null || true)
    if [[ "$pid" =~ ^[0-9]+$ ]] && [ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" = postgres ]; then
      log "Stopping leftover PostgreSQL cluster $d (pid $pid)"
      ver=$(cat "$d/data/PG_VERSION" 2>/dev/null || true)
      ctl=/usr/lib/postgresql/$ver/bin/pg_ctl
      if [ -z "$ver" ] || [ ! -x "$ctl" ]; then ctl=$PGBIN/pg_ctl; fi
      as_pg "$ctl" -D "$d/data" -m immediate -w -t 30 stop >/dev/null 2>&1 \
        || as_root kill -QUIT "$pid" >/dev/null 2>&1 || true
    else
      log "Removing stale cluster directory $d"
    fi
    rm -rf "$d" 2>/dev/null || log "warning: could not remove $d"
  done
}

free_port() {
  local p _
  if command -v python3 >/dev/null 2>&1 \
    && python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])' 2>/dev/null; then
    return 0
  fi
  # No python3: a random high port nobody answers on (the start is retried if it was taken).
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  die "no free TCP port found"
}

# EXIT trap: stops the throwaway cluster silently (the last output line stays the summary).
cleanup() {
  if [ -n "$PG_DIR" ]; then
    as_pg "$PGBIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 30 stop >/dev/null 2>&1 \
      || as_pg "$PGBIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR" >/dev/null 2>&1 || true
    PG_DIR=""
  fi
}

start_cluster() {
  local attempt port
  if is_root && ! id -u postgres >/dev/null 2>&1; then
    die "running as root, but there is no 'postgres' user to run the PostgreSQL server as"
  fi
  PG_DIR=$(mktemp -d "${PG_PREFIX}XXXX") # short path: the socket path limit is 107 bytes
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  echo "$$" >"$PG_DIR/owner.pid"
  if is_root; then chown postgres:postgres "$PG_DIR"; fi
  if ! as_pg "$PGBIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
    >"$PG_DIR/initdb.log" 2>&1; then
    {
      echo "ERROR: initdb failed for the throwaway PostgreSQL cluster in $PG_DIR:"
      tail -n 30 "$PG_DIR/initdb.log"
    } >&2
    exit 1
  fi
  for attempt in 1 2 3; do
    port=$(free_port)
    if as_pg "$PGBIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 30 \
      -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null 2>&1; then
      export RETURNSPORTAL_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
      log "Throwaway PostgreSQL ($("$PGBIN/postgres" --version | awk '{print $3}')) on 127.0.0.1:$port, data in $PG_DIR"
      return 0
    fi
    log "PostgreSQL did not start on port $port (attempt $attempt of 3)"
    as_pg "$PGBIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  done
  {
    echo "ERROR: the throwaway PostgreSQL cluster did not start (3 attempts). Server log tail ($PG_DIR/server.log):"
    tail -n 30 "$PG_DIR/server.log" 2>/dev/null || echo "(no server log)"
  } >&2
  exit 1
}

# Prints the value of one attribute of the <Counters …> element of a TRX file (empty if absent).
trx_counter() {
  local counters
  counters=$(tr '\n' ' ' <"$1" | grep -o '<Counters [^>]*>' || true)
  printf '%s' "$counters" | sed -n "s/.*[[:space:]]$2=\"\([0-9]*\)\".*/\1/p"
}

# Same, 0 when absent.
trx_num() {
  local v
  v=$(trx_counter "$1" "$2")
  echo "${v:-0}"
}

# Prints the figures some tests write beside their TRX files (e.g. database-restart.txt), just before the summary line.
print_figures() {
  local f
  for f in "$RESULTS_DIR"/*.txt; do
    [ -f "$f" ] || continue
    echo
    cat "$f"
  done
}

# Prints per-project counts and, as the last line, "N passed, N failed". Returns 1 if anything
# failed: a failed test, a non-zero `dotnet test`, a missing TRX file or no test executed at all.
# Arguments: pairs of "<project name> <dotnet test exit code>".
summarize() {
  local name rc trx total executed passed failed skipped
  local sum_passed=0 sum_failed=0 sum_executed=0
  local problems=()
  echo
  echo "Test results ($RESULTS_DIR):"
  while [ "$#" -ge 2 ]; do
    name=$1 rc=$2
    shift 2
    trx=$RESULTS_DIR/$name.trx
    if [ ! -f "$trx" ] || [ -z "$(trx_counter "$trx" total)" ]; then
      printf '  %-32s no TRX results (dotnet test exit code %s)\n' "$name" "$rc"
      problems+=("$name: TRX file $trx missing or without counters")
      if [ "$rc" -ne 0 ]; then problems+=("$name: dotnet test exited with $rc"); fi
      continue
    fi
    total=$(trx_num "$trx" total)
    executed=$(trx_num "$trx" executed)
    passed=$(trx_num "$trx" passed)
    # Errors, timeouts and aborted tests count as failures too.
    failed=$(($(trx_num "$trx" failed) + $(trx_num "$trx" error) + $(trx_num "$trx" timeout) + $(trx_num "$trx" aborted)))
    skipped=$((total - executed))
    printf '  %-32s %4d passed, %4d failed, %4d not run (of %d; dotnet test exit code %s)\n' \
      "$name" "$passed" "$failed" "$skipped" "$total" "$rc"
    sum_passed=$((sum_passed + passed))
    sum_failed=$((sum_failed + failed))
    sum_executed=$((sum_executed + executed))
    if [ "$failed" -gt 0 ]; then problems+=("$name: $failed test(s) failed"); fi
    if [ "$rc" -ne 0 ]; then problems+=("$name: dotnet test exited with $rc"); fi
  done
  if [ "$sum_executed" -eq 0 ]; then problems+=("no test was executed"); fi
  if [ "${#problems[@]}" -gt 0 ]; then
    echo
    printf 'FAILED: %s\n' "${problems[@]}"
  fi
  print_figures
  printf '%d passed, %d failed\n' "$sum_passed" "$sum_failed"
  [ "${#problems[@]}" -eq 0 ]
}

# Each test web host watches its configuration files: 128 inotify instances (Debian's default) run out when two
# test runs share the machine, and hosts then fail to start. Raised when we may; otherwise left as it is.
raise_inotify_limit() {
  local current
  current=$(cat /proc/sys/fs/inotify/max_user_instances 2>/dev/null || echo 0)
  if [ "$current" -lt 1024 ] && is_root; then
    sysctl -q -w fs.inotify.max_user_instances=1024 2>/dev/null || log "could not raise fs.inotify.max_user_instances ($current)"
  fi
}

main() {
  cd "$(dirname "${BASH_SOURCE[0]}")/.."
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
  # No MSBuild nodes outliving the script (they would hold CI's output pipe open).
  export MSBUILDDISABLENODEREUSE=1

  ensure_system_packages
  raise_inotify_limit
  find_pgbin
  stop_leftover_clusters
  if [ -n "${RETURNSPORTAL_TEST_POSTGRES:-}" ]; then
    log "Using RETURNSPORTAL_TEST_POSTGRES from the environment"
  else
    start_cluster
  fi

  log "dotnet tool restore"
  dotnet tool restore
  log "dotnet build ReturnsPortal.sln -c Release"
  dotnet build ReturnsPortal.sln -c Release || die "the build failed"

  rm -rf "$RESULTS_DIR"
  local proj name rc results=()
  for proj in "${TEST_PROJECTS[@]}"; do
    name=$(basename "$proj" .csproj)
    log "dotnet test $name"
    rc=0
    dotnet test "$proj" -c Release --no-build --logger "trx;LogFileName=$name.trx" \
      --results-directory "$RESULTS_DIR" "$@" || rc=$?
    results+=("$name" "$rc")
  done

  summarize "${results[@]}"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  main "$@"
fi
