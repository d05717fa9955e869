#!/usr/bin/env bash
# Runs the full ResX benchmark set with the settings documented in docs/PERFORMANCE.md.
# Results go to perf/results/<timestamp>/ (gitignored). Builds perf/target/benchmarks.jar first if it is missing
# or older than the sources. Run on a quiet machine: nothing else compiling or testing.
#
# Usage: perf/run-benchmarks.sh [--quick]    (--quick: short smoke settings, numbers are not measurements)
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=perf/target/benchmarks.jar

if [[ ! -f "$JAR" ]] || [[ -n "$(find perf/src protocol/src risk/src replay/src matching-engine/src -newer "$JAR" -name '*.java' -print -quit)" ]]; then
  mvn -B -ntp -q -pl perf -am package -DskipTests
fi

# The JVM flags of the root pom (resx.jvm.flags): one list, read from the pom.
FLAGS="$(sed -n 's:.*<resx.jvm.flags>\(.*\)</resx.jvm.flags>.*:\1:p' pom.xml)"
HEAP="-Xms2g -Xmx2g -XX:+AlwaysPreTouch"

if [[ "${1:-}" == "--quick" ]]; then
  JMH_RUN=(-f 1 -wi 1 -i 2 -w 1s -r 1s)
  HARNESS_RUN=(--rounds 3 --round-commands 2000000 --warmup-commands 3000000 --plan-commands 500000)
else
  JMH_RUN=(-f 3 -wi 5 -i 5 -w 2s -r 2s)
  HARNESS_RUN=(--rounds 7)
fi

OUT="perf/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
{
  nproc
  lscpu | grep 'Model name' || true
  java -version 2>&1
  git rev-parse HEAD
  uptime
} > "$OUT/machine.txt"

java -jar "$JAR" BookOperationsBenchmark "${JMH_RUN[@]}" -rf json -rff "$OUT/book-operations.json" | tee "$OUT/book-operations.txt"
java -jar "$JAR" 'BookOperationsBenchmark.addThenCancel' -p addDepth=1000 "${JMH_RUN[@]}" \
  -rf json -rff "$OUT/book-operations-deep-add.json" | tee "$OUT/book-operations-deep-add.txt"
java -jar "$JAR" RealisticMixBenchmark "${JMH_RUN[@]}" -rf json -rff "$OUT/realistic-mix.json" | tee "$OUT/realistic-mix.txt"
java -jar "$JAR" 'CodecBenchmark|JournalAppendBenchmark' "${JMH_RUN[@]}" -rf json -rff "$OUT/codec-journal.json" \
  | tee "$OUT/codec-journal.txt"
# shellcheck disable=SC2086
java $FLAGS $HEAP -cp "$JAR" io.resx.perf.MatcherLatencyHarness "${HARNESS_RUN[@]}" | tee "$OUT/matcher-latency.txt"
# shellcheck disable=SC2086
java $FLAGS $HEAP -cp "$JAR" io.resx.perf.PipelineThroughputHarness "${HARNESS_RUN[@]}" | tee "$OUT/pipeline-throughput.txt"

echo "results in $OUT"
