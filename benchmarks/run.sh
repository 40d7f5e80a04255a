#!/usr/bin/env bash
# Builds sdk-core and the benchmark harness, then runs it and prints the result tables.
# Settings go in as system properties, e.g.:
#   benchmarks/run.sh -Dseconds=20 -Dproducers=8 -Dwindow=64 -Dsales=50000 -Dworkers=4
# The harness is a plain main class: `mvn verify` builds it but never runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q ${MAVEN_OFFLINE:--o} -pl sdk-core,benchmarks -am package -DskipTests -Dmaven.javadoc.skip=true
exec java -Xms512m -Xmx1g "$@" -cp "benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" \
  dev.posbridge.benchmarks.SyncBenchmark
