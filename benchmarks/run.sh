#!/usr/bin/env bash
# Builds posbridge and the benchmark harnesses, runs every benchmark and prints ONE table:
# each figure with min / median / max over its samples, and each target met or MISSED.
#
#   benchmarks/run.sh                 # everything (about 6-8 minutes on 2 busy cores)
#   benchmarks/run.sh decode paging   # only some items: decode public paging effects backfill streaming sync outbox
#
# Settings (system properties, before the item names), e.g. benchmarks/run.sh -Dforks=5 decode:
#   decode (JMH):  -Dforks=1 rounds, one fork of each decoder per round, order rotated;
#                  -DwarmupIterations=12 and -Diterations=3 measured iterations of -Dseconds=1
#   decode (CPU):  -DcpuRounds=2 rounds of one JVM per decoder, -DcpuWarmup=24 and -DcpuSlices=6
#                  slices of -DcpuSliceMs=500
#   public:        -DpublicRounds=3 rounds of one JVM per client (posbridge, SDK, raw), each served the
#                  page in process by an OkHttp interceptor; -DpublicWarmup=24 and -DpublicSlices=6
#                  slices of -DpublicSliceMs=500, CPU time and allocation of the calling thread
#   paging:        -Dpages=100 (x 100 orders), -Druns=7 interleaved rounds, -DcoldRuns=5 (cold start
#                  and second page in a fresh JVM); stock writes (1,000 decrements) use -Druns too
#   outbox:        -DoutboxSeconds=3 per run, -DoutboxRounds=2 (Outbox.enqueue beside plain SQLite)
#   backfill:      -DbackfillOrders=5000 (Shopify orders read paged, then through a bulk operation)
#   streaming:     -Ditems=100000, -DstreamRuns=3
#   sync engine:   -DsyncRuns=2 -DsyncSeconds=4 -DsyncWarmup=1 -DsyncSales=10000 -DsyncSimSales=1000
# The harnesses are plain main classes: `mvn verify` compiles them but never runs them.
set -euo pipefail
cd "$(dirname "$0")/.."
props=()
items=()
for a in "$@"; do
  case "$a" in
    -D*) props+=("$a") ;;
    *) items+=("$a") ;;
  esac
done
# The module is rebuilt from scratch against this checkout's modules (target/lib included), never
# against jars other builds installed in ~/.m2: stale classes would fail with NoSuchMethodError.
rm -rf benchmarks/target
mvn -B -q -Dstyle.color=never ${MAVEN_OFFLINE:--o} -pl benchmarks -am package -DskipTests -Dmaven.javadoc.skip=true
echo "posbridge benchmarks — $(date -u +%Y-%m-%dT%H:%M:%SZ), $(java -version 2>&1 | sed -n 2p), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
exec java -Xms512m -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "${props[@]}" \
  -Dwork=benchmarks/target/work \
  -cp "benchmarks/target/classes:benchmarks/target/lib/*" \
  dev.posbridge.benchmarks.RunAll "${items[@]}"
