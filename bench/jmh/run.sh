#!/usr/bin/env bash
# JMH micro-benchmarks of the worker's hot paths: state row serialisation, key hashing, window
# aggregation, compiled calc expressions. Prints JMH's results table (ns per row, lower is better).
# Usage: bench/jmh/run.sh [JMH options and benchmark regexps]
#   default: every benchmark, 1 fork, 3 warm-up and 5 measured iterations of 1 s each (about 2 minutes);
#   e.g. bench/jmh/run.sh KeyHash -f 2 -i 10, or -h for JMH's options.
# Env: JAVA_HOME, HEAP (default 2g), REBUILD=1 to rebuild (and take the Wadi jars installed in ~/.m2
#   since the last build).
# Builds against the Wadi artifacts installed in ~/.m2 (mvn install of spi and worker first); the jars are
# copied to target/lib.
set -euo pipefail
cd "$(dirname "$0")"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

JAR=target/wadi-bench-jmh-0.1.0-SNAPSHOT.jar
STAMP=target/.built
if [[ "${REBUILD:-0}" == 1 || ! -f "$STAMP" || ! -f "$JAR" || ! -d target/lib \
      || -n "$(find src pom.xml -newer "$STAMP" -type f 2>/dev/null | head -1)" ]]; then
  rm -rf target/lib
  mkdir -p target
  # offline first (everything is usually in ~/.m2), then online for JMH itself on a first build
  if ! { mvn -q -B -o -f pom.xml package || mvn -q -B -f pom.xml package; } >target/build.log 2>&1; then
    cat target/build.log >&2
    exit 1
  fi
  touch "$STAMP"
fi

if [[ $# -eq 0 ]]; then
  set -- -f 1 -wi 3 -w 1s -i 5 -r 1s
fi
exec "$JAVA" -Xms"${HEAP:-2g}" -Xmx"${HEAP:-2g}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$JAR:target/lib/*" org.openjdk.jmh.Main -jvmArgs "-Xms${HEAP:-2g} -Xmx${HEAP:-2g}" "$@"
