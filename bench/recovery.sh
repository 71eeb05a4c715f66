#!/usr/bin/env bash
# Recovery time: SIGKILL of a worker process until the job is Running again from its last checkpoint
# (the goal: under 3 s).
# Usage: bench/recovery.sh [runs] [event_rate] [parallelism]      (defaults: 5 10000 2)
# Each run starts a pipeline on a Wadi server — the paced nexmark source at event_rate events/s, a
# count per auction over 1 s tumbling windows, a blackhole sink, checkpoints every CHECKPOINT_MS
# (default 1000, the API's least) — waits until it runs and has completed a checkpoint, SIGKILLs one
# of its worker JVMs and polls the job's transitions until it is Running again; then deletes it.
# stdout: per run the seconds from the kill to Running and where they went (the controller noticing,
# its cleanup wait and restart backoff, compiling, the scheduler assigning the new workers to worker
# processes — pooled ones: the survivors and the standby — the new workers registering, the plan
# reaching the tasks and their restore until Running), the checkpoint restored and the last one
# completed before the kill; then the median. A job's worker processes are found through
# GET …/jobs/{job}/workers.
# Env: WADI_URL=http://host:port to use a running server (the process scheduler; WADI_HOME too, to
#   split the phases with its logs); otherwise the distribution WADI_HOME (default
#   karaf-assembly/target/assembly) is started on WADI_HTTP_PORT (default 5515, gRPC +1) with
#   WADI_WORKER_SLOTS (default 1: one worker process per subtask index) and stopped at the end.
#   NICE=-10 starts that server (and so the workers it launches) at that scheduling priority: on a
#   machine shared with other work it shields the measured processes from it (negative needs root).
#   JAVA_HOME, REBUILD=1 (rebuild bench/nexmark, whose jar holds the driver).
set -euo pipefail
cd "$(dirname "$0")"
RUNS="${1:-5}"
RATE="${2:-10000}"
PAR="${3:-2}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

JAR=nexmark/target/wadi-bench-nexmark-0.1.0-SNAPSHOT.jar
if [[ "${REBUILD:-0}" == 1 || ! -f "$JAR" || ! -d nexmark/target/lib \
      || -n "$(find nexmark/src nexmark/pom.xml -newer "$JAR" -type f 2>/dev/null | head -1)" ]]; then
  mkdir -p nexmark/target
  if ! { mvn -q -B -o -f nexmark/pom.xml package -DskipTests || mvn -q -B -f nexmark/pom.xml package -DskipTests; } \
      >nexmark/target/build.log 2>&1; then
    cat nexmark/target/build.log >&2
    exit 1
  fi
fi

SERVER_PID=""
stop_server() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true   # bin/wadi stops its workers on SIGTERM
    for _ in $(seq 1 300); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  fi
}
if [[ -z "${WADI_URL:-}" ]]; then
  WADI_HOME="${WADI_HOME:-$(cd .. && pwd)/karaf-assembly/target/assembly}"
  if [[ ! -x "$WADI_HOME/bin/wadi" ]]; then
    echo "recovery.sh: no Wadi distribution at $WADI_HOME (build it, or set WADI_HOME or WADI_URL)" >&2
    exit 1
  fi
  port="${WADI_HTTP_PORT:-5515}"
  WADI_URL="http://127.0.0.1:$port"
  if curl -fsS -o /dev/null --max-time 2 "$WADI_URL/api/v1/ping" 2>/dev/null; then
    echo "recovery.sh: something already answers on $WADI_URL; set WADI_HTTP_PORT or WADI_URL" >&2
    exit 1
  fi
  WADI_HTTP_PORT="$port" WADI_CONTROLLER_GRPC_PORT="${WADI_CONTROLLER_GRPC_PORT:-$((port + 1))}" \
    WADI_SSH_PORT="${WADI_SSH_PORT:-$((port + 2))}" WADI_RMI_REGISTRY_PORT="${WADI_RMI_REGISTRY_PORT:-$((port + 3))}" \
    WADI_RMI_SERVER_PORT="${WADI_RMI_SERVER_PORT:-$((port + 4))}" WADI_WORKER_SLOTS="${WADI_WORKER_SLOTS:-1}" \
    ${NICE:+nice -n "$NICE"} "$WADI_HOME/bin/wadi" >nexmark/target/recovery-server.log 2>&1 &
  SERVER_PID=$!
  trap stop_server EXIT
  for _ in $(seq 1 1200); do
    curl -fsS -o /dev/null --max-time 2 "$WADI_URL/api/v1/ping" 2>/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat nexmark/target/recovery-server.log >&2; exit 1; }
    sleep 0.1
  done
  echo "# Wadi server $WADI_HOME on $WADI_URL" >&2
fi
echo "# $(uptime)" >&2
"$JAVA" -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn ${JAVA_OPTS:-} -Dwadi.url="$WADI_URL" \
  -Dwadi.home="${WADI_HOME:-}" -Dcheckpoint.ms="${CHECKPOINT_MS:-1000}" \
  -cp "$JAR:nexmark/target/lib/*" org.wadi.bench.nexmark.Recovery "$RUNS" "$RATE" "$PAR"
echo "# $(uptime)" >&2
