#!/usr/bin/env bash
# The demo upstream's timer, side by side (README "Live load: what the numbers mean"): `ratelab upstream` (constant
# service time, one IO thread) loaded by `ratelab load` at RATE for 10 s, ROUNDS times, alternating two builds: JAR
# (default this one) and JAR_BEFORE (another build, optional; the sub-millisecond timer thread measured in the README
# is commit 95a7c4d, reverted after it). Per run it prints the upstream
# process's CPU seconds over the load (utime + stime from /proc), the achieved rate, and the latency p50 minus the
# service time (what the timer adds, plus loopback); then the median of each per build.
# Build first: mvn -o -q package -DskipTests. Usage: [JAR_BEFORE=old.jar] [RATE=20000/s] [ROUNDS=3] [SERVICE=5ms]
#   bash src/test/bench/demo-upstream-timer.sh
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
JAR=${JAR:-$ROOT/target/ratelab.jar}
RATE=${RATE:-20000/s}
ROUNDS=${ROUNDS:-3}
SERVICE=${SERVICE:-5ms}
PORT=${PORT:-19107}
[ -f "$JAR" ] || { echo "demo-upstream-timer: $JAR is missing; build it with: mvn -o -q package -DskipTests" >&2; exit 2; }
echo "machine: $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg); rate $RATE, service $SERVICE"
OUT=$(mktemp)
one() {
  local label=$1 jar=$2
  java -jar "$jar" upstream --latency="$SERVICE" --distribution=constant --listen=127.0.0.1:$PORT --io-threads=1 \
    >/dev/null 2>&1 &
  local up=$!
  sleep 3
  local t0 t1 json
  t0=$(awk '{print $14+$15}' /proc/$up/stat)
  json=$(java -jar "$JAR" load --target=http://127.0.0.1:$PORT/ --rate="$RATE" --duration=10s --connections=512 \
    --json 2>/dev/null || true)
  t1=$(awk '{print $14+$15}' /proc/$up/stat)
  kill $up; wait $up 2>/dev/null || true
  echo "$json" | python3 -c "
import json, sys
d = json.load(sys.stdin); l = d['latencyMs']; service = float('$SERVICE'.rstrip('ms'))
cpu = ($t1 - $t0) / 100.0
print('%-7s upstream CPU %5.2f s, achieved %6.0f/s, latency p50 %7.3f ms (service + %.3f ms), late sends %d'
      % ('$label', cpu, d['achievedRate'], l['p50'], l['p50'] - service, d.get('late', 0)))
print('$label', cpu, l['p50'] - service, d['achievedRate'], file=open('$OUT', 'a'))"
}
for i in $(seq 1 "$ROUNDS"); do
  one this "$JAR"
  if [ -n "${JAR_BEFORE:-}" ]; then one before "$JAR_BEFORE"; fi
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$OUT" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
for label in ("this", "before"):
    r = [x for x in rows if x[0] == label]
    if r:
        print("%-7s median of %d: upstream CPU %.2f s, latency p50 - service %.3f ms, achieved %.0f/s" % (label, len(r),
              statistics.median(float(x[1]) for x in r), statistics.median(float(x[2]) for x in r),
              statistics.median(float(x[3]) for x in r)))
PY
rm -f "$OUT"
