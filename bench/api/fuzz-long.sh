#!/usr/bin/env bash
# The long form of the REST API fuzz: ApiFuzzIT with 10,000 generated requests (CI runs 1,000).
#
#   bench/api/fuzz-long.sh                 # 10,000 cases, a new seed
#   CASES=50000 SEED=42 bench/api/fuzz-long.sh
#
# Needs the distribution built (karaf-assembly/target/assembly). The seed is printed; a failure
# names it with the case number, so that the same requests can be sent again.
set -euo pipefail
cd "$(dirname "$0")/../../itests"
CASES="${CASES:-10000}"
SEED="${SEED:-$(date +%s%N)}"
echo "ApiFuzzIT: $CASES cases, seed $SEED" >&2
exec mvn -o -q verify -Dit.test='ApiFuzzIT' -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dwadi.fuzz.cases="$CASES" -Dwadi.fuzz.seed="$SEED"
