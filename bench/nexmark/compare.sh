#!/usr/bin/env bash
# Nexmark side by side: for each query, Wadi (bench/nexmark/run.sh) and then Flink
# (../shared/bench/flink-nexmark/run.sh, from the repository root) with the same arguments, and a table.
# Usage: bench/nexmark/compare.sh [queries] [events] [parallelism]   (defaults: all 10000000 2)
#   queries: all (the baseline's q0 q1 q2 q3 q4 q5 q7 q8), a comma list, or partial variants
#   (q5-count, q7-max: run on Flink by flink/FlinkVariants.java through the baseline's own Bench);
#   gen (Wadi's source into the sink) has no Flink column.
# Env: RUNS (runs per side and query; the best events/s and the best events per CPU-second are shown; default 1), FLINK_ALL=1 (also run Flink for
#   queries Wadi cannot plan; default: skipped), HEAP (Wadi's, default 4g), FLINK_HEAP (Flink's,
#   default 12g as its run.sh), JAVA_OPTS (passed to both sides),
#   FLINK_DIR (default ../shared/bench/flink-nexmark), OUT (log folder; default bench/nexmark/target/compare-<time>).
# Every run's stdout and stderr are kept in the log folder; `uptime` is logged before each run.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"
QUERIES="${1:-all}"
EVENTS="${2:-10000000}"
PAR="${3:-2}"
RUNS="${RUNS:-1}"
FLINK_DIR="${FLINK_DIR:-../shared/bench/flink-nexmark}"
OUT="${OUT:-$HERE/target/compare-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
[[ "$QUERIES" == all ]] && QUERIES="q0,q1,q2,q3,q4,q5,q7,q8"
IFS=, read -r -a QS <<<"$QUERIES"

# The Flink baseline builds in a writable copy when its folder is read-only (see its run.sh).
flink_build() {
  if [[ -w "$FLINK_DIR" ]]; then echo "$(cd "$FLINK_DIR" && pwd)"; else echo "${TMPDIR:-/tmp}/flink-nexmark-build"; fi
}

# Runs a variant on Flink: the baseline's Bench with the variants' SQL added, same JVM flags as its run.sh.
flink_variant() {
  local q="$1" build jar classes
  build="$(flink_build)"
  jar="$build/target/flink-nexmark-0.1.jar"
  if [[ ! -f "$jar" || ! -d "$build/target/lib" ]]; then
    "$FLINK_DIR/run.sh" q0 0 1 >/dev/null 2>&1 || true   # builds the baseline
  fi
  classes="$HERE/target/flink-variants"
  if [[ ! -f "$classes/nexmark/FlinkVariants.class" || "$HERE/flink/FlinkVariants.java" -nt "$classes/nexmark/FlinkVariants.class" ]]; then
    mkdir -p "$classes"
    javac -d "$classes" -cp "$jar:$build/target/lib/*" "$HERE/flink/FlinkVariants.java"
  fi
  local opens=(
    --add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
    --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
    --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
    --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
    --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED
    --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
    --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
    --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED
  )
  # the same heap and collector as the baseline's run.sh (FLINK_HEAP, else its default 12g)
  "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xms"${FLINK_HEAP:-12g}" -Xmx"${FLINK_HEAP:-12g}" -XX:+UseG1GC \
    "${opens[@]}" ${JAVA_OPTS:-} -cp "$classes:$jar:$build/target/lib/*" nexmark.FlinkVariants "$q" "$EVENTS" "$PAR"
}

# field NAME FILE: the value of NAME=… on the last "# " line of FILE
field() { { grep -o '# .*' "$2" | grep -v warm-up | tail -1 | tr ' ' '\n' | sed -n "s/^$1=//p"; } || true; }

# best A B: the larger of two whole numbers, either possibly empty
best() { if [[ -z "$1" ]]; then echo "$2"; elif [[ -z "$2" ]] || (( $1 >= $2 )); then echo "$1"; else echo "$2"; fi; }

LOAD0="$(uptime | sed 's/.*load average: //')"
declare -A W_EPS W_CPU W_OTHER W_RSS F_EPS F_CPU F_OTHER
for q in "${QS[@]}"; do
  for ((r = 1; r <= RUNS; r++)); do
    echo "== $q wadi run $r: $(uptime)" | tee -a "$OUT/uptime.log" >&2
    "$HERE/run.sh" "$q" "$EVENTS" "$PAR" >"$OUT/$q.wadi.$r.out" 2>"$OUT/$q.wadi.$r.err" || true
    line="$(tail -1 "$OUT/$q.wadi.$r.out")"
    echo "   $line" >&2
    if [[ "$line" == *unsupported ]]; then
      W_EPS[$q]=unsupported
      break
    fi
    eps="$(awk '{print $5}' <<<"$line")"
    if [[ -z "$eps" ]]; then
      echo "   wadi $q failed, see $OUT/$q.wadi.$r.err" >&2
      W_EPS[$q]="${W_EPS[$q]:-failed}"
      continue
    fi
    if [[ -z "${W_EPS[$q]:-}" || "${W_EPS[$q]}" == failed ]] || (( eps > W_EPS[$q] )); then
      W_EPS[$q]=$eps
      W_OTHER[$q]="$(field other_procs_cpu_s "$OUT/$q.wadi.$r.err")"
      W_RSS[$q]="$(field peak_rss_mb "$OUT/$q.wadi.$r.err")"
    fi
    W_CPU[$q]="$(best "${W_CPU[$q]:-}" "$(field events_per_cpu_s "$OUT/$q.wadi.$r.err")")"
  done
  if [[ "${W_EPS[$q]}" == unsupported && "${FLINK_ALL:-0}" != 1 ]]; then
    continue
  fi
  if [[ "$q" == gen ]]; then
    F_EPS[$q]=n/a   # Flink's counterpart is its GenOnly, the generator without Flink: not the same measure
    continue
  fi
  for ((r = 1; r <= RUNS; r++)); do
    echo "== $q flink run $r: $(uptime)" | tee -a "$OUT/uptime.log" >&2
    case "$q" in
      *-*) HEAP="${FLINK_HEAP:-12g}" flink_variant "$q" >"$OUT/$q.flink.$r.out" 2>"$OUT/$q.flink.$r.err" || true ;;
      *) HEAP="${FLINK_HEAP:-12g}" "$FLINK_DIR/run.sh" "$q" "$EVENTS" "$PAR" >"$OUT/$q.flink.$r.out" 2>"$OUT/$q.flink.$r.err" || true ;;
    esac
    line="$(grep -E "^$q " "$OUT/$q.flink.$r.out" | tail -1 || true)"
    echo "   $line" >&2
    eps="$(awk '{print $5}' <<<"$line")"
    if [[ -z "$eps" ]]; then
      echo "   flink $q failed, see $OUT/$q.flink.$r.err" >&2
      F_EPS[$q]="${F_EPS[$q]:-failed}"
      continue
    fi
    if [[ -z "${F_EPS[$q]:-}" || "${F_EPS[$q]}" == failed ]] || (( eps > F_EPS[$q] )); then
      F_EPS[$q]=$eps
      F_OTHER[$q]="$(field other_procs_cpu_s "$OUT/$q.flink.$r.err")"
    fi
    F_CPU[$q]="$(best "${F_CPU[$q]:-}" "$(field events_per_cpu_s "$OUT/$q.flink.$r.err")")"
  done
done

{
  echo "# Nexmark, $EVENTS events, parallelism $PAR, best of $RUNS (each column on its own); $(nproc) cores; logs in $OUT"
  echo "# load average at the start: $LOAD0; at the end: $(uptime | sed 's/.*load average: //')"
  printf '%-9s %12s %12s %8s %14s %14s %8s %12s %12s\n' query wadi_ev/s flink_ev/s ratio wadi_ev/cpu_s \
    flink_ev/cpu_s ratio_cpu wadi_rss_mb other_cpu_s
  for q in "${QS[@]}"; do
    w="${W_EPS[$q]:-}" f="${F_EPS[$q]:--}" wc="${W_CPU[$q]:--}" fc="${F_CPU[$q]:--}"
    ratio=- ratio_cpu=-
    [[ "$w" =~ ^[0-9]+$ && "$f" =~ ^[0-9]+$ ]] && ratio="$(awk -v a="$w" -v b="$f" 'BEGIN { printf "%.2f", a / b }')"
    [[ "$wc" =~ ^[0-9]+$ && "$fc" =~ ^[0-9]+$ ]] && ratio_cpu="$(awk -v a="$wc" -v b="$fc" 'BEGIN { printf "%.2f", a / b }')"
    printf '%-9s %12s %12s %8s %14s %14s %8s %12s %12s\n' "$q" "$w" "$f" "$ratio" "$wc" "$fc" "$ratio_cpu" \
      "${W_RSS[$q]:--}" "${W_OTHER[$q]:--}/${F_OTHER[$q]:--}"
  done
  echo "# ratio = Wadi / Flink; other_cpu_s = CPU seconds other processes used during the fastest Wadi/Flink run (noise)"
} | tee "$OUT/table.txt"
