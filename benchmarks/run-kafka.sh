#!/usr/bin/env bash
# Builds sdk-kafka and the benchmark harness, then runs the Kafka event bus benchmark (a one-node
# KRaft broker inside the JVM). Settings go in as system properties, e.g.:
#   benchmarks/run-kafka.sh -Dsales=20000 -Dpartitions=6 -DsinkMicros=1000
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q ${MAVEN_OFFLINE:--o} -pl sdk-kafka,benchmarks -am package -DskipTests -Dmaven.javadoc.skip=true
exec java -Xms256m -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "$@" \
  -cp "benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" \
  dev.posbridge.benchmarks.KafkaBusBenchmark
