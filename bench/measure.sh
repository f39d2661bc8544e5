#!/usr/bin/env bash
# Measures the analytics dashboard's latency against the bench database (docs/performance.md).
#   bench/measure.sh [seconds] [connections]
#   BENCH_CACHE=off bench/measure.sh ...   every request computes its report (first views; Analytics:CacheReports)
# Publishes the portal in Release, starts it on the bench database (Development, demo identities only: the shop
# already has orders, so no demo shop is added), logs in as the demo manager, warms up, then runs `hey` on the
# dashboard (default period: the last 30 days) and on a 365-day period, and prints the latency distributions.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-30}
CONNECTIONS=${2:-4}
DB=${BENCH_DB:-"Host=127.0.0.1;Port=55441;Username=postgres;Database=returnsbench;Pooling=true;Maximum Pool Size=100"}
PORT=${BENCH_WEB_PORT:-5099}
OUT=${BENCH_OUT:-/tmp/rpbench-web}
URL=http://127.0.0.1:$PORT
mkdir -p "$OUT"
dotnet publish src/ReturnsPortal.Web -c Release -o "$OUT/app" >/dev/null
# From the app folder: the content root (wwwroot, views) is the working directory.
(cd "$OUT/app" && ASPNETCORE_ENVIRONMENT=Development Database__Provider=Postgres ConnectionStrings__Returns="$DB" Demo__Seed=true \
  Analytics__CacheReports="$([ "${BENCH_CACHE:-on}" = off ] && echo false || echo true)" \
  Storage__DataPath="$OUT/data" Serilog__MinimumLevel__Default=Warning \
  exec dotnet ReturnsPortal.Web.dll --urls "$URL") >"$OUT/web.log" 2>&1 &
WEB=$!
trap 'kill $WEB 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fs "$URL/account/login" >/dev/null 2>&1 && break; sleep 1; done

# Log in with the login form (anti-forgery token and cookie), keep the auth cookie.
JAR="$OUT/cookies.txt"; rm -f "$JAR"
TOKEN=$(curl -fs -c "$JAR" "$URL/account/login" | grep -o '<input[^>]*__RequestVerificationToken[^>]*>' | head -1 | sed 's/.*value="\([^"]*\)".*/\1/')
curl -fs -b "$JAR" -c "$JAR" -o /dev/null \
  --data-urlencode "Form.Email=manager@example.fr" --data-urlencode "Form.Password=Demo!2026returns" \
  --data-urlencode "__RequestVerificationToken=$TOKEN" "$URL/account/login"
COOKIE=$(awk '!/^#/ && NF>=7 {printf "%s=%s; ", $6, $7} /^#HttpOnly_/ {printf "%s=%s; ", $6, $7}' "$JAR")
STATUS=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$URL/manage/analytics")
[ "$STATUS" = 200 ] || { echo "dashboard answered $STATUS: login failed?"; exit 1; }

TODAY=$(TZ=Europe/Paris date +%F)
TOMORROW=$(TZ=Europe/Paris date -d tomorrow +%F)
YEAR_AGO=$(TZ=Europe/Paris date -d '364 days ago' +%F)
for _ in $(seq 1 20); do curl -s -o /dev/null -H "Cookie: $COOKIE" "$URL/manage/analytics"; done
echo "== /manage/analytics (last 30 days), ${SECONDS_RUN}s, $CONNECTIONS connections"
hey -z "${SECONDS_RUN}s" -c "$CONNECTIONS" -H "Cookie: $COOKIE" "$URL/manage/analytics" | sed -n '/Summary/,/Status code/p'
echo "== /manage/analytics?from=$YEAR_AGO&to=$TOMORROW (365 days)"
hey -z "${SECONDS_RUN}s" -c "$CONNECTIONS" -H "Cookie: $COOKIE" "$URL/manage/analytics?from=$YEAR_AGO&to=$TOMORROW" | sed -n '/Summary/,/Status code/p'
echo "today (Paris): $TODAY; report cache: ${BENCH_CACHE:-on}"
