#!/usr/bin/env bash
# Planning time of a pipeline of about 100 lines (CREATE TABLEs, views, a windowed and an updating
# aggregate, an interval join, a top-N, five INSERTs: bundles/sql/src/test/resources/bench/
# pipeline_100_lines.sql), through the real planner and connectors, in a JVM of its own.
# Usage: bench/planning/run.sh [runs]     (default 1: one fresh JVM)
# stdout: per fresh JVM one line `planning <cold_ms> <warm_median_ms>`: cold is the first plan in
# the JVM (class loading, Calcite's initialisation and JIT included), warm the median of the next 20
# plans of the same text by the same planner. Details (lines, plan nodes, warm min/max) on stderr.
# Env: JAVA_HOME; REBUILD=1 recompiles bundles/sql's test classes first (otherwise only when absent).
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${1:-1}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
MODULE=bundles/sql
CP_FILE="$MODULE/target/planning-bench.classpath"

if [[ "${REBUILD:-0}" == 1 || ! -f "$MODULE/target/test-classes/org/wadi/sql/internal/PlanningTime.class" ]]; then
  mvn -q -B -o test-compile -pl "$MODULE" >&2
fi
if [[ ! -f "$CP_FILE" || "$MODULE/pom.xml" -nt "$CP_FILE" ]]; then
  mvn -q -B -o dependency:build-classpath -pl "$MODULE" -Dmdep.includeScope=test \
    -Dmdep.outputFile="$(pwd)/$CP_FILE" >&2
fi
CP="$MODULE/target/test-classes:$MODULE/target/classes:$(cat "$CP_FILE")"
for _ in $(seq 1 "$RUNS"); do
  "$JAVA" -cp "$CP" org.wadi.sql.internal.PlanningTime
done
