#!/usr/bin/env bash
# Load generator benchmark (README "Performance / Load generator").
#
# The upstream is the anchor rig's config (../shared/bench/anchors/upstream.conf beside the repo: nginx, 1 worker, static 200,
# access_log off), run as this script's own instance on 127.0.0.1:18082 with its own pid file: on a shared machine
# other benchmarks start and stop the instance on 18080, which would cut a run short.
# 1. Open-loop rate accuracy: `ratelab load --rate R/s` against a second copy of that nginx on 127.0.0.1:18081 with
#    a buffered access log of $msec timestamps, so that the SERVER counts what arrived: the rate it saw is
#    (requests of the measured run) / (last - first timestamp), and per-second counts show how even it was.
#    The same rates also run against the log-free upstream, checked by the generator's counts (sent == 200s).
# 2. Closed-loop throughput: `wrk -t1 -c64 -d10s` and `ratelab load --users 64 --duration 10s` against the
#    log-free upstream in interleaved rounds; medians and the ratio.
#
# Usage: src/test/bench/load-generator.sh [ROUNDS] [RATES...]      (after mvn -o package -DskipTests)
# Needs nginx, wrk, python3. Starts and stops its own nginx processes; reuses a running anchor upstream.
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROUNDS=${1:-3}; shift || true
RATES=${*:-10000 20000 30000}
RUN=/tmp/anchors; mkdir -p $RUN
JAR="java -jar target/ratelab.jar"
UP=http://127.0.0.1:18082/
sed -e 's/18080/18082/' -e "s#/tmp/anchors/upstream#$RUN/lg-upstream#g" \
    "${ANCHORS:-../shared/bench/anchors}/upstream.conf" > $RUN/lg-upstream.conf
sed -e 's/18080/18081/' -e "s#/tmp/anchors/upstream#$RUN/lg-counting#g" \
    -e "s#access_log off;#log_format stamp '\$msec'; access_log $RUN/counting.log stamp buffer=256k flush=1s;#" \
    "${ANCHORS:-../shared/bench/anchors}/upstream.conf" > $RUN/lg-counting.conf
nginx -c $RUN/lg-upstream.conf
nginx -c $RUN/lg-counting.conf
cleanup() {
  kill "$(cat $RUN/lg-counting.pid)" "$(cat $RUN/lg-upstream.pid)" 2>/dev/null || true
}
trap cleanup EXIT
sleep 0.5

echo "== open loop, counted by the server (nginx access log on :18081)"
for R in $RATES; do
  : > $RUN/counting.log; kill -USR1 "$(cat $RUN/lg-counting.pid)"; sleep 0.3
  OUT=$($JAR load --target http://127.0.0.1:18081/ --rate $R/s --duration 10s --warmup 3s --json 2>$RUN/err.txt)
  WARM=$(sed -n 's/^warm-up: \([0-9]*\) requests.*/\1/p' $RUN/err.txt)
  sleep 2.5   # the access log flushes every second
  python3 - "$R" "$WARM" "$OUT" $RUN/counting.log <<'PY'
import json, sys
rate, warm, out, log = int(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4]
ts = sorted(float(l) for l in open(log) if l.strip())
run = ts[warm:]
span = run[-1] - run[0]
server_rate = (len(run) - 1) / span if span > 0 else 0
t0 = run[0]
per_second = [sum(1 for t in run if s <= t - t0 < s + 1) for s in range(10)]
print(f"target {rate}/s: server counted {len(run)} (expected {rate*10}), server-side rate {server_rate:.1f}/s "
      f"({100*server_rate/rate:.2f}%), per second min {min(per_second)} max {max(per_second)}; generator: "
      f"achievedRate {out['achievedRate']}, late {out['late']}, p99 {out['latencyMs']['p99']} ms "
      f"(raw {out['rawLatencyMs']['p99']} ms), warnings {len(out['warnings'])}")
PY
done

echo "== open loop against the log-free upstream :18082 (counted by the generator: sent vs 200s)"
for R in $RATES; do
  $JAR load --target $UP --rate $R/s --duration 10s --warmup 3s --json 2>/dev/null | python3 -c "
import json,sys; o=json.load(sys.stdin)
print(f\"target $R/s: sent {o['sent']} 200s {o['status']['200']} errors {o['status']['error']} achievedRate {o['achievedRate']} \"
      f\"({100*o['achievedRate']/$R:.2f}%) late {o['late']} p99 {o['latencyMs']['p99']} ms\")"
done

echo "== closed loop vs wrk -t1 -c64 -d10s, $ROUNDS interleaved rounds on :18082"
W=(); L=()
for i in $(seq "$ROUNDS"); do
  w=$(wrk -t1 -c64 -d10s $UP | awk '/Requests\/sec/ {print $2}')
  l=$($JAR load --target $UP --users 64 --duration 10s --warmup 5s --json 2>/dev/null \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["achievedRate"])')
  echo "round $i: wrk $w req/s, ratelab $l req/s"; W+=("$w"); L+=("$l")
done
python3 - "${W[*]}" "${L[*]}" <<'PY'
import statistics, sys
w = statistics.median(map(float, sys.argv[1].split())); l = statistics.median(map(float, sys.argv[2].split()))
print(f"median: wrk {w:.0f} req/s, ratelab {l:.0f} req/s, ratio {l/w:.2f}")
PY
