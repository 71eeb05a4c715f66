#!/usr/bin/env bash
# Foundation figures of Wadi, measured on this machine:
#   1. clean build time (a copy of the working tree, `mvn -q -DskipTests package`,
#      so neither the working tree's target/ folders nor ~/.m2 are touched)
#   2. server start (bin/wadi) to /api/v1/ping and /api/v1/pipelines answering
#   3. POST /api/v1/pipelines to the job Running, with the process scheduler
#   4. idle RSS of the server, and of the one worker process of a running job
#
# usage: bench/foundation.sh [--no-build]
#   --no-build  skip 1 and use karaf-assembly/target/assembly as built
# Ports: WADI_BENCH_PORT (default 5215) and the four after it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD=1
[ "${1:-}" = "--no-build" ] && BUILD=0
PORT="${WADI_BENCH_PORT:-5215}"
WORK="$(mktemp -d /tmp/wadi-bench.XXXXXX)"
SERVER_PID=""

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID"
        for _ in $(seq 1 120); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# 1. clean build
if [ "$BUILD" = 1 ]; then
    echo "building a clean copy of $ROOT (no tests) …" >&2
    mkdir -p "$WORK/src"
    (cd "$ROOT" && tar --exclude='./.git' --exclude='*/target' --exclude='./target' -cf - .) | (cd "$WORK/src" && tar -xf -)
    t0=$(now)
    (cd "$WORK/src" && mvn -q -B -DskipTests package) >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log" >&2; exit 1; }
    t1=$(now)
    echo "clean build (mvn -q -DskipTests package, ${ROOT##*/} copy): $(secs "$t0" "$t1") s"
    DIST="$WORK/src/karaf-assembly/target/assembly"
else
    DIST="$ROOT/karaf-assembly/target/assembly"
fi
[ -x "$DIST/bin/wadi" ] || { echo "no distribution at $DIST" >&2; exit 1; }

# 2. start to ping
cp -r "$DIST" "$WORK/wadi"
rm -rf "$WORK/wadi/data"
mkdir -p "$WORK/files"
export WADI_HTTP_PORT="$PORT" WADI_SSH_PORT=$((PORT + 1)) WADI_RMI_REGISTRY_PORT=$((PORT + 2)) \
    WADI_RMI_SERVER_PORT=$((PORT + 3)) WADI_CONTROLLER_GRPC_PORT=$((PORT + 4)) WADI_FILE_ROOTS="$WORK/files"
unset WADI_SCHEDULER SCHEDULER
t0=$(now)
"$WORK/wadi/bin/wadi" >"$WORK/wadi.out" 2>&1 &
SERVER_PID=$!
api="http://127.0.0.1:$PORT/api/v1"
until curl -fsS -o /dev/null "$api/ping" 2>/dev/null; do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/wadi.out" >&2; exit 1; }
    sleep 0.1
done
t1=$(now)
until curl -fsS -o /dev/null "$api/pipelines" 2>/dev/null; do sleep 0.1; done
t2=$(now)
echo "server start to /api/v1/ping answering (first start of a fresh copy): $(secs "$t0" "$t1") s"
echo "server start to /api/v1/pipelines answering (store and planner up): $(secs "$t0" "$t2") s"

# 4a. idle server
sleep 10 # let start-up work settle before reading the idle footprint
echo "idle RSS of the server: $(rss_mb "$SERVER_PID") MB"

# 3. POST to Running, process scheduler (the first job of a fresh server also pays
#    for the planner's and the controller's first use)
query="CREATE TABLE impulse WITH (connector='impulse', event_rate='10'); CREATE TABLE sink (counter BIGINT UNSIGNED) WITH (connector='blackhole'); INSERT INTO sink SELECT counter FROM impulse;"
for which in first second; do
    body="{\"name\": \"bench-$which\", \"parallelism\": 1, \"query\": \"$query\"}"
    t0=$(now)
    id=$(curl -fsS "$api/pipelines" -H 'Content-Type: application/json' -d "$body" | sed -n 's/^{"id":"\([^"]*\)".*/\1/p')
    [ -n "$id" ] || { echo "POST /pipelines failed" >&2; exit 1; }
    state=""
    for _ in $(seq 1 600); do
        state=$(curl -fsS "$api/pipelines/$id/jobs" | sed -n 's/.*"state":"\([A-Za-z]*\)".*/\1/p')
        [ "$state" = "Running" ] && break
        case "$state" in Failed|Stopped|Finished) break ;; esac
        sleep 0.05
    done
    t1=$(now)
    [ "$state" = "Running" ] || { echo "the job ended $state" >&2; tail -20 "$WORK/wadi/data/log/karaf.log" >&2; exit 1; }
    echo "POST /api/v1/pipelines to job Running (process scheduler, $which job): $(secs "$t0" "$t1") s"
done

# 4b. one worker, running a light job
sleep 10
worker=$(ps -eo pid,args | grep "[o]rg.wadi.launcher.WorkerMain" | grep -F "$WORK/wadi/lib/worker" | awk '{print $1}' | head -n 1 || true)
if [ -n "$worker" ]; then
    echo "RSS of one worker process (impulse 10/s to blackhole, after 10 s): $(rss_mb "$worker") MB"
else
    echo "no worker process found" >&2
fi
