#!/usr/bin/env bash
# Nexmark on Wadi's engine in one JVM (planner + worker runtime, no Karaf): the counterpart of
# ../shared/bench/flink-nexmark/run.sh. With WORKERS=2, through a Wadi server and two worker JVMs instead.
# Usage: bench/nexmark/run.sh [query|all|gen|qA,qB] [events] [parallelism]   (defaults: q0 10000000 2)
# stdout: one line per run, `query events parallelism seconds events_per_sec`, or
#   `query events parallelism unsupported`; details (`# …`, CPU seconds, events per CPU-second, peak RSS) on stderr.
# Env: JAVA_HOME, HEAP (default 4g), JAVA_OPTS (e.g. -Dnexmark.warmup=2000000 -Dnexmark.explain=true
#   -Dnexmark.watermark.delay.ms=-1 for the planner's own 1 s), REBUILD=1 to rebuild (and take
#   the Wadi jars installed in ~/.m2 since the last build).
#   CHECKPOINT_S=10: checkpoints every 10 s (default: none), state into target/checkpoints (deleted
#   after each run; JAVA_OPTS=-Dnexmark.checkpoint.keep=true keeps it); their count, duration and size on stderr.
#   WORKERS=2: run each query as a pipeline of a Wadi server (the process scheduler's worker JVMs, each
#   with parallelism/WORKERS slots, exchanging rows over TCP), timed from the job's Running to Finished
#   transition. WADI_URL=http://host:port uses a running server (started with WADI_WORKER_SLOTS =
#   parallelism / WORKERS); otherwise the distribution WADI_HOME (default karaf-assembly/target/assembly)
#   is started on WADI_HTTP_PORT (default 5415, gRPC +1) for the run and stopped after it. Its workers
#   run with WORKER_JVM_OPTIONS (default: G1, heap WORKER_HEAP = 2g each, the one-JVM run's 4g split),
#   and the controller waits up to 10 min for them to start (a loaded machine starts JVMs slowly).
# Builds against the Wadi artifacts installed in ~/.m2 (mvn install of sql, worker, connectors first);
# the jars are copied to target/lib.
set -euo pipefail
cd "$(dirname "$0")"
QUERY="${1:-q0}"
EVENTS="${2:-10000000}"
PAR="${3:-2}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

JAR=target/wadi-bench-nexmark-0.1.0-SNAPSHOT.jar
# Build if needed: no build yet, or sources newer than it. Wadi jars installed in ~/.m2 later are picked
# up with REBUILD=1 only, so that the runs of one comparison all use the same engine build.
STAMP=target/.built
if [[ "${REBUILD:-0}" == 1 || ! -f "$STAMP" || ! -f "$JAR" || ! -d target/lib \
      || -n "$(find src pom.xml -newer "$STAMP" -type f 2>/dev/null | head -1)" ]]; then
  rm -rf target/lib
  mkdir -p target
  # offline first (everything is usually in ~/.m2); the build runs BenchTest (about 15 s)
  if ! { mvn -q -B -o -f pom.xml package || mvn -q -B -f pom.xml package; } >target/build.log 2>&1; then
    cat target/build.log >&2
    exit 1
  fi
  touch "$STAMP"
fi

WORKERS="${WORKERS:-1}"
if [[ -n "${CHECKPOINT_S:-}" ]]; then
  JAVA_OPTS="${JAVA_OPTS:-} -Dnexmark.checkpoint.s=$CHECKPOINT_S"
fi

if [[ "$WORKERS" == 1 ]]; then
  exec "$JAVA" -Xms"${HEAP:-4g}" -Xmx"${HEAP:-4g}" -XX:+UseG1GC \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn ${JAVA_OPTS:-} \
    -cp "$JAR:target/lib/*" org.wadi.bench.nexmark.Bench "$QUERY" "$EVENTS" "$PAR"
fi

# Several worker processes: through a Wadi server.
if (( PAR % WORKERS != 0 )); then
  echo "run.sh: parallelism $PAR does not split evenly over WORKERS=$WORKERS worker processes" >&2
  exit 2
fi
SERVER_PID=""
stop_server() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true   # bin/wadi stops its workers on SIGTERM
    for _ in $(seq 1 300); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  fi
}
if [[ -z "${WADI_URL:-}" ]]; then
  WADI_HOME="${WADI_HOME:-$(cd ../.. && pwd)/karaf-assembly/target/assembly}"
  if [[ ! -x "$WADI_HOME/bin/wadi" ]]; then
    echo "run.sh: no Wadi distribution at $WADI_HOME (build it, or set WADI_HOME or WADI_URL)" >&2
    exit 1
  fi
  port="${WADI_HTTP_PORT:-5415}"
  WADI_URL="http://127.0.0.1:$port"
  if curl -fsS -o /dev/null --max-time 2 "$WADI_URL/api/v1/ping" 2>/dev/null; then
    echo "run.sh: something already answers on $WADI_URL; set WADI_HTTP_PORT or WADI_URL" >&2
    exit 1
  fi
  worker_heap="${WORKER_HEAP:-2g}"
  WADI_HTTP_PORT="$port" WADI_CONTROLLER_GRPC_PORT="${WADI_CONTROLLER_GRPC_PORT:-$((port + 1))}" \
    WADI_SSH_PORT="${WADI_SSH_PORT:-$((port + 2))}" WADI_RMI_REGISTRY_PORT="${WADI_RMI_REGISTRY_PORT:-$((port + 3))}" \
    WADI_RMI_SERVER_PORT="${WADI_RMI_SERVER_PORT:-$((port + 4))}" WADI_WORKER_SLOTS="$((PAR / WORKERS))" \
    WADI_CONTROLLER_SCHEDULING_TIMEOUT_MS="${WADI_CONTROLLER_SCHEDULING_TIMEOUT_MS:-600000}" \
    WADI_WORKER_JVM_OPTIONS="${WORKER_JVM_OPTIONS:--Xms$worker_heap -Xmx$worker_heap -XX:+UseG1GC -Xss512k -XX:+ExitOnOutOfMemoryError -Xshare:auto}" \
    "$WADI_HOME/bin/wadi" >target/wadi-server.log 2>&1 &
  SERVER_PID=$!
  trap stop_server EXIT
  for _ in $(seq 1 1200); do
    curl -fsS -o /dev/null --max-time 2 "$WADI_URL/api/v1/ping" 2>/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat target/wadi-server.log >&2; exit 1; }
    sleep 0.1
  done
  echo "# Wadi server $WADI_HOME on $WADI_URL: $WORKERS workers of $((PAR / WORKERS)) slots" >&2
fi
"$JAVA" -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn ${JAVA_OPTS:-} -Dwadi.url="$WADI_URL" \
  -cp "$JAR:target/lib/*" org.wadi.bench.nexmark.Distributed "$QUERY" "$EVENTS" "$PAR"
