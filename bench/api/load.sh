#!/usr/bin/env bash
# The request rate the REST API holds, with its latency: wrk against
#   GET  /api/v1/pipelines                  (a page of 50 pipelines from PostgreSQL)
#   POST /api/v1/pipelines/validate_query   (a three-statement query planned by the SQL planner)
# Each runs WARMUP seconds unmeasured, then DURATION seconds measured with CONNECTIONS connections
# on THREADS wrk threads; it prints requests/s and the p50/p99 latency, and the machine's load.
#
# usage: bench/api/load.sh
#   WADI_URL=http://127.0.0.1:5115  use a running server (else a copy of
#                                   karaf-assembly/target/assembly is started, on WADI_BENCH_PORT
#                                   (default 5315) and the four ports after it, and stopped after)
#   DURATION=30 WARMUP=10 CONNECTIONS=16 THREADS=2
# wrk comes from the system's packages (apt-get install -y wrk is tried when it is missing).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DURATION="${DURATION:-30}"
WARMUP="${WARMUP:-10}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
PORT="${WADI_BENCH_PORT:-5315}"
WORK="$(mktemp -d /tmp/wadi-api-load.XXXXXX)"
SERVER_PID=""

cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID"
        for _ in $(seq 1 120); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
        kill -0 "$SERVER_PID" 2>/dev/null && kill -KILL "$SERVER_PID"
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing wrk …" >&2
        apt-get install -y wrk >"$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log" >&2; exit 1; }
    else
        echo "wrk is needed: install it (e.g. apt-get install wrk) and run again" >&2
        exit 1
    fi
fi

if [ -n "${WADI_URL:-}" ]; then
    BASE="${WADI_URL%/}"
else
    DIST="$ROOT/karaf-assembly/target/assembly"
    [ -x "$DIST/bin/wadi" ] || { echo "no distribution at $DIST: build it first (mvn -q install -DskipTests)" >&2; exit 1; }
    cp -r "$DIST" "$WORK/wadi"
    rm -rf "$WORK/wadi/data"
    mkdir -p "$WORK/files"
    export WADI_HTTP_PORT="$PORT" WADI_SSH_PORT=$((PORT + 1)) WADI_RMI_REGISTRY_PORT=$((PORT + 2)) \
        WADI_RMI_SERVER_PORT=$((PORT + 3)) WADI_CONTROLLER_GRPC_PORT=$((PORT + 4)) WADI_FILE_ROOTS="$WORK/files" \
        WADI_SCHEDULER=embedded
    "$WORK/wadi/bin/wadi" >"$WORK/wadi.out" 2>&1 &
    SERVER_PID=$!
    BASE="http://127.0.0.1:$PORT"
    echo "starting a server at $BASE …" >&2
    for _ in $(seq 1 1800); do
        # ping registers after every other resource of the API: then the whole API answers
        curl -fsS -o /dev/null "$BASE/api/v1/ping" 2>/dev/null && curl -fsS -o /dev/null "$BASE/api/v1/pipelines" 2>/dev/null && break
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/wadi.out" >&2; exit 1; }
        sleep 0.1
    done
    curl -fsS -o /dev/null "$BASE/api/v1/pipelines" || { echo "the server did not answer" >&2; exit 1; }
fi
API="$BASE/api/v1"

QUERY="CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '100', message_count = '1'); CREATE TABLE sink (counter BIGINT UNSIGNED, doubled BIGINT UNSIGNED) WITH (connector = 'blackhole'); INSERT INTO sink SELECT counter, counter * 2 FROM impulse WHERE counter % 2 = 0;"

# a page to list: pipelines that run one row and end
have=$(curl -fsS "$API/pipelines?limit=50" | { grep -o '"id":"pl_' || true; } | wc -l)
for i in $(seq "$((have + 1))" 50); do
    curl -fsS -o /dev/null "$API/pipelines" -H 'Content-Type: application/json' \
        -d "{\"name\": \"load-$i\", \"parallelism\": 1, \"query\": \"$QUERY\"}" \
        || { echo "creating pipeline load-$i failed" >&2; exit 1; }
done

cat >"$WORK/validate.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[{"query": "$QUERY"}]]
LUA
# one request first: the endpoint must answer 200 with a graph, or the figure means nothing
curl -fsS "$API/pipelines/validate_query" -H 'Content-Type: application/json' -d "{\"query\": \"$QUERY\"}" \
    | grep -q '"errors":\[\]' || { echo "validate_query does not accept the query" >&2; exit 1; }

# wrk's latency distribution gives p50 and p99; a line per endpoint
run() {
    local name="$1" url="$2"; shift 2
    local out="$WORK/$(printf '%s' "$name" | tr -c 'A-Za-z0-9' '_').txt"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "$@" "$url" >/dev/null
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" "$url" >"$out"
    local rps p50 p99 errors
    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
    p50=$(awk '$1 == "50%" { print $2 }' "$out")
    p99=$(awk '$1 == "99%" { print $2 }' "$out")
    errors=$(awk '/Non-2xx or 3xx responses:|Socket errors:/ { $1 = $1; print }' "$out" | paste -sd ';' -)
    printf '%-40s %10s req/s   p50 %8s   p99 %8s%s\n' "$name" "$rps" "$p50" "$p99" "${errors:+   ($errors)}"
    if grep -q 'Non-2xx or 3xx responses' "$out"; then
        echo "$name: some answers were not 200, so this figure does not count: see above" >&2
        FAILED=1
    fi
}

echo "machine before: $(uptime)"
echo "wrk: $THREADS threads, $CONNECTIONS connections, ${DURATION}s measured after ${WARMUP}s of warm-up; $(nproc) cores"
run "GET /api/v1/pipelines" "$API/pipelines"
run "POST /api/v1/pipelines/validate_query" "$API/pipelines/validate_query" -s "$WORK/validate.lua"
echo "machine after: $(uptime)"
exit "${FAILED:-0}"
