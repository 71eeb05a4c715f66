#!/usr/bin/env bash
# The planner's fuzzing in its long form: SqlFuzzTest (bundles/sql) with 10,000 statements generated
# from Wadi's SQL dialect and mutated from the golden corpus's queries, each planned through the
# entry point of validate_query. A case fails when a throwable escapes the planner, it takes longer
# than 60 s, or an error reaches the user without its place or with Java internals in it.
# Usage: bench/fuzz/sql.sh [cases]     (default 10000; CI runs 1000 with every build)
# Env:   SEED=<long> replays the random half of an earlier run; CASE=<long> replays one case (the
#        failure report gives each failing case's seed); JAVA_HOME.
# stdout: `cases <n> failures <f> planned <p> millis <ms>`; the failing cases' seeds and queries on stderr.
# Exit status: 0 when no case failed.
set -euo pipefail
cd "$(dirname "$0")/../.."
CASES="${1:-10000}"
ARGS=(-q -B -o -f bundles/sql/pom.xml test -Dtest=SqlFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
      "-Dwadi.sql.fuzz.cases=$CASES")
[[ -n "${SEED:-}" ]] && ARGS+=("-Dwadi.sql.fuzz.seed=$SEED")
[[ -n "${CASE:-}" ]] && ARGS+=("-Dwadi.sql.fuzz.case=$CASE")
LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT
status=0
mvn "${ARGS[@]}" >"$LOG" 2>&1 || status=$?
LINE="$(grep -m1 '^sql fuzz:' "$LOG" || true)"
if [[ -z "$LINE" ]]; then
  cat "$LOG" >&2
  echo "the fuzzing did not run (see the build output above)" >&2
  exit 2
fi
# sql fuzz: <n> cases, <f> failures, <p> planned, <ms> ms (fixed seed …, random seed …)
read -r n f p ms < <(sed -E 's/^sql fuzz: ([0-9]+) cases, ([0-9]+) failures, ([0-9]+) planned, ([0-9]+) ms.*/\1 \2 \3 \4/' <<<"$LINE")
echo "cases $n failures $f planned $p millis $ms"
echo "$LINE" >&2
if [[ "$f" != 0 ]]; then
  grep -E '^case seed|^    query:' "$LOG" | sort -u >&2 || true
fi
exit "$status"
