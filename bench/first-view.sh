#!/usr/bin/env bash
# The cost of the first dashboard view after a change (docs/performance.md, sixth run): five rounds of a plain view,
# then a rollup mark for today (what any save of a return or an order of today writes), then the view that must catch
# it up before reading. Runs the portal published by bench/measure.sh (run that first), report cache off.
#   bench/first-view.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${BENCH_DB:-"Host=127.0.0.1;Port=55441;Username=postgres;Database=returnsbench;Pooling=true;Maximum Pool Size=100"}
PSQL=(psql -h "${BENCH_PG_HOST:-/tmp/rpbench}" -p "${BENCH_PG_PORT:-55441}" -U postgres -d returnsbench -q)
PORT=${BENCH_WEB_PORT:-5097}
OUT=${BENCH_OUT:-/tmp/rpbench-web}
URL=http://127.0.0.1:$PORT
[ -f "$OUT/app/ReturnsPortal.Web.dll" ] || { echo "no published portal in $OUT/app: run bench/measure.sh first"; exit 1; }
(cd "$OUT/app" && ASPNETCORE_ENVIRONMENT=Development Database__Provider=Postgres ConnectionStrings__Returns="$DB" Demo__Seed=true \
  Analytics__CacheReports=false Storage__DataPath="$OUT/data" Serilog__MinimumLevel__Default=Warning \
  exec dotnet ReturnsPortal.Web.dll --urls "$URL") >"$OUT/first-view.log" 2>&1 &
WEB=$!
trap 'kill $WEB 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fs "$URL/account/login" >/dev/null 2>&1 && break; sleep 1; done
JAR="$OUT/first-view-cookies.txt"; rm -f "$JAR"
TOKEN=$(curl -fs -c "$JAR" "$URL/account/login" | grep -o '<input[^>]*__RequestVerificationToken[^>]*>' | head -1 | sed 's/.*value="\([^"]*\)".*/\1/')
curl -fs -b "$JAR" -c "$JAR" -o /dev/null --data-urlencode "Form.Email=manager@example.fr" \
  --data-urlencode "Form.Password=Demo!2026returns" --data-urlencode "__RequestVerificationToken=$TOKEN" "$URL/account/login"
for _ in $(seq 1 10); do curl -s -o /dev/null -b "$JAR" "$URL/manage/analytics"; done
TODAY=$(TZ=Europe/Paris date +%F)
for _ in 1 2 3 4 5; do
  curl -s -o /dev/null -w "plain view: %{time_total}s\n" -b "$JAR" "$URL/manage/analytics"
  "${PSQL[@]}" -c "INSERT INTO \"AnalyticsRollupMarks\" (\"Day\") VALUES ('$TODAY')"
  curl -s -o /dev/null -w "first view after a change of today: %{time_total}s\n" -b "$JAR" "$URL/manage/analytics"
done
