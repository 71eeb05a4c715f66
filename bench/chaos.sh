#!/usr/bin/env bash
# Fault injection, long form: the Nexmark pipeline of chaos/ (hopping-window counts into an exactly-once
# filesystem sink, q8's window join into an exactly-once Kafka sink; parallelism 2 on two worker processes,
# the machine's PostgreSQL, checkpoints in an in-JVM S3-compatible store) runs once without failures and
# once while faults are injected in random order: 20 worker SIGKILLs, 3 server SIGKILLs, the checkpoint
# storage down for 30 s, a PostgreSQL restart (pg_ctlcluster: every client of the machine's PostgreSQL
# sees it; needs root) and 3 cuts of the TCP connections between the workers (ss -K; needs root).
# stdout: per fault the time it was injected, the seconds until the job was Running again in a new run
# ("-": the fault did not restart it) and until a new checkpoint completed; then per sink the rows
# expected, lost and doubled (both must be 0).
# Usage: bench/chaos.sh [extra -D options for chaos/ChaosIT]
#   e.g. bench/chaos.sh -Dchaos.worker.kills=5 -Dchaos.seed=42 -Dchaos.events=600000
# Options (system properties): chaos.worker.kills (20), chaos.server.kills (3), chaos.storage.outages (1),
#   chaos.storage.outage.seconds (30), chaos.postgres.restarts (1), chaos.tcp.cuts (3), chaos.events
#   (300000), chaos.event.rate (1000 events/s: the run lasts about events / rate seconds plus the
#   recoveries), chaos.seed. Needs the built distribution (karaf-assembly/target/assembly).
# The full log is chaos/target/chaos-long.log; the report also chaos/target/chaos/report.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -x karaf-assembly/target/assembly/bin/wadi ]]; then
  echo "chaos.sh: no distribution at karaf-assembly/target/assembly: build it first" >&2
  exit 1
fi
mkdir -p chaos/target
rm -f chaos/target/chaos/report.txt
status=0
mvn -B -o -f chaos/pom.xml verify -Dit.test=ChaosIT -Dchaos.form=long "$@" >chaos/target/chaos-long.log 2>&1 \
  || status=$?
if [[ -f chaos/target/chaos/report.txt ]]; then
  cat chaos/target/chaos/report.txt
else
  grep -E "ERROR|AssertionError|timed out" chaos/target/chaos-long.log | head -40 >&2
fi
if [[ $status -ne 0 ]]; then
  echo "chaos.sh: the run failed (exit $status); see chaos/target/chaos-long.log" >&2
fi
exit $status
