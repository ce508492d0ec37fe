#!/usr/bin/env bash
# The two RateLab proxies the anchor rig compares with nginx limit_req and HAProxy (README "Performance / Proxy"):
#   ratelab-admit  127.0.0.1:18091  token bucket that admits everything (1000000/s, burst 1000000), key ip
#   ratelab-reject 127.0.0.1:18092  token bucket that rejects nearly everything (1/m, burst 1), key ip
# both in front of the rig's upstream http://127.0.0.1:18080. Build first: mvn -o -q package -DskipTests
#   ../shared/bench/anchors/run.sh --with 'bash src/test/bench/proxy-pair.sh' ratelab-admit:18091 ratelab-reject:18092
# JAVA_OPTS and PROXY_ARGS (extra proxy flags) may be set to try variations. Defaults: one IO thread each (the rig's
# 2 cores also run wrk and the upstream; two IO threads preempt each other); --warmup 10s (each proxy first runs its
# own code on internal loopback traffic, so the rig measures compiled code: a cold JVM served about half its steady
# rate for its first 10 s; the rig's own 5 s warm-up per target is too short for that); and G1, whose young pauses
# here are 1-3 ms (ParallelGC and SerialGC took 8-37 ms for the same 5 MB of survivors on this loaded machine).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
JAR=$HERE/../../../target/ratelab.jar
JAVA_OPTS=${JAVA_OPTS:--XX:+UseG1GC -Xms512m -Xmx512m -XX:+AlwaysPreTouch}
PROXY_ARGS=${PROXY_ARGS:---io-threads 1 --warmup 10s}
java $JAVA_OPTS -jar "$JAR" proxy --listen 127.0.0.1:18091 --admin 127.0.0.1:18991 \
  --upstream http://127.0.0.1:18080 --algorithm token-bucket --rate 1000000/s --burst 1000000 --key ip $PROXY_ARGS &
java $JAVA_OPTS -jar "$JAR" proxy --listen 127.0.0.1:18092 --admin 127.0.0.1:18992 \
  --upstream http://127.0.0.1:18080 --algorithm token-bucket --rate 1/m --burst 1 --key ip $PROXY_ARGS &
wait
