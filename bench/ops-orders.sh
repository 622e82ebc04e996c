#!/usr/bin/env bash
# The operations list on a million orders (not part of mvn verify): loads the orders in bulk into a
# fresh database, starts the packaged hub on it (as bench/run.sh does), and measures over HTTP with
# HTTP Basic the first page of every documented filter of GET /ops/api/orders, later pages, the review
# queue and one order's story: --requests requests each, one at a time, after --warmup rounds over all
# of them. Prints p50/p95/p99 per filter and writes target/bench/ops-orders-<db>.json.
#
#   bench/ops-orders.sh [--db h2|postgresql] [--orders 1000000] [--requests 200] [--warmup 20]
#                       [--reuse] [--rebuild] [--hub-jvm "-Xmx1g ..."]
#
# --reuse measures again on the database a previous run loaded (loading a million orders into H2 takes
# some ten minutes on 2 shared cores, PostgreSQL under a minute).
#
# h2: a file database under target/bench/ops-db, deleted first. postgresql: the database ops_bench_db
# (LOKET_BENCH_OPS_DB names another) of the server at 127.0.0.1:5432 (LOKET_BENCH_PG_SERVER, a JDBC
# URL without database, e.g. jdbc:postgresql://127.0.0.1:5432), dropped and created first with
# dropdb/createdb as user postgres.
#
# The benchmark's operator "bench" (role viewer) has a bcrypt hash of cost 4, so the figures are the
# list's and not bcrypt's; the demo operator ops (cost 10) is measured on one filter beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

DB=h2
ORDERS=1000000
REQUESTS=200
WARMUP=20
REBUILD=0
REUSE=0
HUB_JVM=""
while [ $# -gt 0 ]; do
  case "$1" in
    --db) DB=${2:?}; shift 2 ;;
    --orders) ORDERS=${2:?}; shift 2 ;;
    --requests) REQUESTS=${2:?}; shift 2 ;;
    --warmup) WARMUP=${2:?}; shift 2 ;;
    --rebuild) REBUILD=1; shift ;;
    --reuse) REUSE=1; shift ;;
    --hub-jvm) HUB_JVM=${2:-}; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
case "$DB" in h2|postgresql) ;; *) echo "--db is h2 or postgresql, not '$DB'" >&2; exit 2 ;; esac

OUT="$ROOT/target/bench"
JAR="$ROOT/target/loket-0.1.0-SNAPSHOT.jar"
HUB_LOG="$OUT/ops-orders-hub-$DB.log"
mkdir -p "$OUT"

if [ "$REBUILD" = 1 ] || [ ! -f "$JAR" ]; then
  echo "Building the hub: mvn -q -B -DskipTests package"
  mvn -q -B -DskipTests package
fi
# The load process runs on the test classes and the hub's own libraries (extracted from the jar), with
# the hub's migrations from target/classes, so it migrates exactly as the hub would.
LIBS="$OUT/ops-hub"
if [ ! -d "$LIBS/lib" ] || [ "$JAR" -nt "$LIBS/lib" ]; then
  rm -rf "$LIBS"
  java -Djarmode=tools -jar "$JAR" extract --destination "$LIBS" > /dev/null
fi
if [ ! -f "$ROOT/target/test-classes/id/loket/bench/OpsOrdersBench.class" ] \
   || [ -n "$(find src/test/java/id/loket/bench -newer "$ROOT/target/test-classes/id/loket/bench/OpsOrdersBench.class" -name '*.java' 2>/dev/null)" ]; then
  echo "Compiling the load process: mvn -q -B test-compile"
  mvn -q -B test-compile
fi
CP="$ROOT/target/test-classes:$ROOT/target/classes:$LIBS/lib/*"

case "$DB" in
  h2)
    DATASOURCE="jdbc:h2:file:$OUT/ops-db/loket"
    [ "$REUSE" = 1 ] && [ -f "$OUT/ops-db/loket.mv.db" ] || { REUSE=0; rm -rf "$OUT/ops-db"; }
    ;;
  postgresql)
    SERVER=${LOKET_BENCH_PG_SERVER:-jdbc:postgresql://127.0.0.1:5432}
    NAME=${LOKET_BENCH_OPS_DB:-ops_bench_db}
    HOSTPORT=${SERVER#jdbc:postgresql://}
    DATASOURCE="$SERVER/$NAME?user=postgres"
    if [ "$REUSE" != 1 ]; then
      dropdb -h "${HOSTPORT%%:*}" -p "${HOSTPORT##*:}" -U postgres --if-exists "$NAME"
      createdb -h "${HOSTPORT%%:*}" -p "${HOSTPORT##*:}" -U postgres "$NAME"
    fi
    ;;
esac

if [ "$REUSE" = 1 ]; then
  echo "Measuring again on $DATASOURCE (loaded by an earlier run)"
else
  echo "Loading $ORDERS orders into $DATASOURCE"
  java -Xmx1g -cp "$CP" id.loket.bench.OpsOrdersBench prepare --jdbc "$DATASOURCE" --orders "$ORDERS" \
    | tee "$OUT/ops-orders-load-$DB.txt"
fi

BENCH_PASSWORD="bench-$RANDOM$RANDOM"
# The hash (the last line: commons-logging may say something on stdout first)
BENCH_HASH=$(java -cp "$CP" id.loket.bench.OpsOrdersBench hash "$BENCH_PASSWORD" | tail -n 1)

PORT=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 40000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then PORT=$candidate; break; fi
done
[ -n "$PORT" ] || { echo "no free port found" >&2; exit 1; }

# shellcheck disable=SC2086 # --hub-jvm is a list of JVM options
java $HUB_JVM -jar "$JAR" \
  --server.port="$PORT" \
  --spring.datasource.url="$DATASOURCE" \
  --hub.operators.bench.password="$BENCH_HASH" \
  --hub.operators.bench.roles=viewer \
  --logging.level.root=WARN \
  > "$HUB_LOG" 2>&1 &
HUB_PID=$!
stop_hub() {
  if kill -0 "$HUB_PID" 2>/dev/null; then
    kill -TERM "$HUB_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$HUB_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$HUB_PID" 2>/dev/null || true
    wait "$HUB_PID" 2>/dev/null || true
  fi
}
trap stop_hub EXIT
trap 'exit 130' INT TERM

echo "Hub: pid $HUB_PID on http://127.0.0.1:$PORT, log $HUB_LOG"
READY=0
for _ in $(seq 1 240); do
  kill -0 "$HUB_PID" 2>/dev/null || { echo "the hub exited while starting:" >&2; tail -n 30 "$HUB_LOG" >&2; exit 1; }
  if curl -s --max-time 2 "http://127.0.0.1:$PORT/actuator/health/readiness" | grep -q '"UP"'; then READY=1; break; fi
  sleep 0.5
done
[ "$READY" = 1 ] || { echo "the hub was not ready within 120 s; see $HUB_LOG" >&2; exit 1; }

java -Xmx512m -cp "$CP" id.loket.bench.OpsOrdersBench measure --base "http://127.0.0.1:$PORT" \
  --user bench --password "$BENCH_PASSWORD" --slow-user ops --slow-password ops-secret \
  --requests "$REQUESTS" --warmup "$WARMUP" --db "$DB" --out "$OUT/ops-orders-$DB.json"
echo "Result: $OUT/ops-orders-$DB.json"
