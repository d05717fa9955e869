#!/usr/bin/env bash
# ResX against exchange-core on exchange-core's own workload (../shared/workloads/exchange-core-margin), side by
# side in one run (ResX with risk, with risk + both journals; exchange-core without and with its journal):
# throughput rounds alternating the engines, book check against margin-final-l2.txt, latency at
# fixed offered rates, charts. See docs/PERFORMANCE.md, "ResX vs exchange-core". Builds what is missing first.
#
# Usage: perf/compare.sh [--quick] [Compare options...]   (also: ./resx bench compare [...])
#   --quick          smoke run: shortened stream, 2 rounds, 2 rates; not a measurement
#   --rounds N       measured rounds per engine after the warm-up (default 5)
#   --risk on|off    ResX with ClearingRisk and funded accounts (default on; off is a reference only)
#   --journal NAME   journals of the "with journaling" ResX runs: chronicle (default: commands + events queues,
#                    ASYNC, as resx serve), chronicle-sync, commands-only, none
#   --peer-journal on|off  also exchange-core with its disk journal (default on)
# Results: perf/results/compare-<UTC time>/ (gitignored); full runs also refresh docs/images/compare-*.png.
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=perf/target/benchmarks.jar
PEER_JAR=perf/peer-exchange-core/target/peer-exchange-core.jar

if [[ ! -f "$JAR" || ! -f "$PEER_JAR" ]] || [[ -n "$(find perf/src perf/peer-exchange-core/src protocol/src risk/src \
    replay/src matching-engine/src -name '*.java' \( -newer "$JAR" -o -newer "$PEER_JAR" \) -print -quit)" ]]; then
  mvn -B -ntp -q -pl perf,perf/peer-exchange-core -am package -DskipTests
fi

# The JVM flags of the root pom (resx.jvm.flags): one list, read from the pom.
FLAGS="$(sed -n 's:.*<resx.jvm.flags>\(.*\)</resx.jvm.flags>.*:\1:p' pom.xml)"
OUT="perf/results/compare-$(date -u +%Y%m%dT%H%M%SZ)"
CHARTS="$OUT"
for arg in "$@"; do [[ "$arg" == "--quick" ]] && QUICK=1; done
[[ -z "${QUICK:-}" ]] && CHARTS=docs/images

mkdir -p "$OUT"
{ nproc; lscpu | grep 'Model name' || true; java -version 2>&1; git rev-parse HEAD; uptime; } > "$OUT/machine.txt"
# shellcheck disable=SC2086
java $FLAGS -Djava.awt.headless=true -Xms3g -Xmx3g -XX:+AlwaysPreTouch -cp "$JAR" io.resx.perf.compare.Compare \
  --out "$OUT" --charts "$CHARTS" "$@" | tee "$OUT/console.txt"
