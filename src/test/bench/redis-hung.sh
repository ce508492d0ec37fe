#!/usr/bin/env bash
# What a hung Redis costs the proxy's clients (README "Reliability"): a shared limit (--store redis, --store-timeout
# 50ms, failure policy local, a limit high enough to admit everything) in front of the demo upstream, driven closed
# loop by 64 users for SECONDS each phase (after a warm-up phase of the same length): Redis answering, Redis stopped with SIGSTOP (its connection stays open and
# nothing answers: a hung server), and Redis woken with SIGCONT. Prints one line per phase: rate and latency.
# Build first: mvn -o -q package -DskipTests. Give several jars to compare builds side by side in one run, e.g. one
# built from main before the breaker: src/test/bench/redis-hung.sh 10 target/ratelab.jar /tmp/ratelab-main.jar
# Needs redis-server and python3. Ports 16397, 18180, 18181, 18981 on 127.0.0.1.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SECONDS_PER_PHASE=${1:-10}
shift || true
JARS=("$@")
if [ ${#JARS[@]} -eq 0 ]; then JARS=("$HERE/../../../target/ratelab.jar"); fi
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -CONT "$p" 2>/dev/null || true; kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
wait_for() { for _ in $(seq 1 200); do if curl -s -o /dev/null "$1"; then return 0; fi; sleep 0.1; done; echo "no answer from $1" >&2; exit 1; }
phase() { # jar label
  java -jar "$1" load --target http://127.0.0.1:18181/ --users 64 --duration "${SECONDS_PER_PHASE}s" --json \
      2>/dev/null | python3 -c '
import json, sys
r = json.load(sys.stdin)
l = r["latencyMs"]
print("  %-14s %9.0f req/s   p50 %7.2f ms   p99 %7.2f ms   statuses %s" % (sys.argv[1], r["achievedRate"], l["p50"],
      l["p99"], r["status"]))' "$2"
}
for JAR in "${JARS[@]}"; do
  echo "$JAR"
  redis-server --port 16397 --bind 127.0.0.1 --save "" --appendonly no >/dev/null & REDIS=$!; PIDS+=("$REDIS")
  java -jar "$JAR" upstream --listen 127.0.0.1:18180 >/dev/null 2>&1 & UP=$!; PIDS+=("$UP")
  wait_for http://127.0.0.1:18180/
  java -jar "$JAR" proxy --listen 127.0.0.1:18181 --admin 127.0.0.1:18981 --upstream http://127.0.0.1:18180 \
      --key global --rate 1000000/s --burst 1000000 --store redis://127.0.0.1:16397 --store-failure local \
      --store-timeout 50ms --io-threads 1 >/dev/null 2>&1 & PROXY=$!; PIDS+=("$PROXY")
  wait_for http://127.0.0.1:18981/healthz
  phase "$JAR" "warm-up (JIT)"
  phase "$JAR" "redis up"
  kill -STOP "$REDIS"
  phase "$JAR" "redis stopped"
  kill -CONT "$REDIS"
  phase "$JAR" "redis woken"
  curl -s http://127.0.0.1:18981/metrics | grep -E '^ratelab_proxy_store_(errors|probes|fallback)' | sed 's/^/  /'
  kill "$PROXY" "$UP" "$REDIS"; wait "$PROXY" "$UP" "$REDIS" 2>/dev/null || true
  PIDS=()
done
