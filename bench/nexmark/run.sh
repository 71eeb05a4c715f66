#!/usr/bin/env bash
# Nexmark on Wadi's engine in one JVM (planner + worker runtime, no Karaf): the counterpart of
# ../shared/bench/flink-nexmark/run.sh.
# Usage: bench/nexmark/run.sh [query|all|gen|qA,qB] [events] [parallelism]   (defaults: q0 10000000 2)
# stdout: one line per run, `query events parallelism seconds events_per_sec`, or
#   `query events parallelism unsupported`; details (`# …`, CPU seconds, events per CPU-second, peak RSS) on stderr.
# Env: JAVA_HOME, HEAP (default 4g), JAVA_OPTS (e.g. -Dnexmark.warmup=2000000 -Dnexmark.explain=true
#   -Dnexmark.watermark.delay.ms=-1 for the planner's own 1 s), REBUILD=1 to rebuild (and take
#   the Wadi jars installed in ~/.m2 since the last build).
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

exec "$JAVA" -Xms"${HEAP:-4g}" -Xmx"${HEAP:-4g}" -XX:+UseG1GC \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn ${JAVA_OPTS:-} \
  -cp "$JAR:target/lib/*" org.wadi.bench.nexmark.Bench "$QUERY" "$EVENTS" "$PAR"
