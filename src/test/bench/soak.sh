#!/usr/bin/env bash
# Soak benchmark of the sidecar (README "Reliability"; issue 19): `ratelab proxy` at 10,000 req/s of mixed admitted
# and rejected traffic for MINUTES minutes, through a hot swap of the limiter every 30 s, an upstream killed and
# restarted, and a Redis outage; then it checks that nothing leaked or went unanswered.
#
#   proxy     127.0.0.1:19281 (admin 19291), 1 IO thread, G1 with a fixed 256 MB heap, GC log; key header:X-Client,
#             token bucket 50/s burst 50 per client, shared through Redis (store-failure local)
#   upstream  `ratelab upstream` on 127.0.0.1:19280, answers at once
#   redis     its own redis-server on 127.0.0.1:19379 (not the shared 6379)
#   load      `ratelab load` open loop, 10000/s constant, 100 clients (100/s each against 50/s: about half
#             admitted), 256 connections, per-second histograms to an hlog
#   faults    every 30 s a PUT /config alternating token-bucket 50/s and sliding-window 50/s (state is dropped on
#             each swap); at 40 % of the run the upstream is killed (SIGKILL) and restarted 2 s later; at 70 % Redis
#             is stopped for 10 s (the local failure policy decides meanwhile)
#   heap      a full GC (jcmd GC.run) at the end of the first minute and again 5 s before the end: live heap after GC,
#             first vs last minute; and the heap after each young GC, median per minute
#
# Prints: per minute p50/p99 corrected (from the intended send time: a generator that falls behind counts its
# backlog) with the worst second, and raw (from the actual send); sent, answered by status,
# connection errors and unanswered requests; the proxy's counters (received = admitted + rejected + errors, nothing in
# flight); heap after GC first vs last minute; verdict lines PASS/FAIL. Files: target/soak/<time>/.
#
# Usage: [RATE=N] src/test/bench/soak.sh [MINUTES]   (default 10 minutes at RATE=10000 req/s; needs
#        target/ratelab.jar: mvn -B -o package -DskipTests). The load generator says when the rate is not reached.
# Needs redis-server, curl, python3, jcmd (the JDK). Loopback only; bounded by MINUTES.
set -euo pipefail
cd "$(dirname "$0")/../../.."
MINUTES=${1:-10}
RATE=${RATE:-10000}
if ! [[ $MINUTES =~ ^[0-9]+$ ]] || [ "$MINUTES" -lt 2 ]; then
  echo "soak.sh: MINUTES must be a whole number of minutes, at least 2; got '$MINUTES'" >&2; exit 2
fi
JAR=target/ratelab.jar
[ -f $JAR ] || { echo "soak.sh: $JAR is missing; build it first: mvn -B -o package -DskipTests" >&2; exit 2; }
for tool in redis-server curl python3 jcmd java; do
  command -v $tool >/dev/null || { echo "soak.sh: $tool is not installed" >&2; exit 2; }
done
OUT=target/soak/$(date -u +%Y%m%dT%H%M%SZ); mkdir -p "$OUT"
UP=127.0.0.1:19280; PROXY=127.0.0.1:19281; ADMIN=127.0.0.1:19291; REDIS_PORT=19379
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

start_redis() {
  redis-server --bind 127.0.0.1 --port $REDIS_PORT --save '' --appendonly no >"$OUT/redis.log" 2>&1 &
  REDIS_PID=$!; PIDS+=($REDIS_PID)
}
start_upstream() {
  java -Xms64m -Xmx128m -jar $JAR upstream --listen $UP --io-threads 1 >>"$OUT/upstream.log" 2>&1 &
  UP_PID=$!; PIDS+=($UP_PID)
}
await() { # url: wait (bounded, 30 s) until it answers
  for _ in $(seq 1 150); do curl -s -o /dev/null "$1" && return 0; sleep 0.2; done
  echo "soak.sh: $1 never answered" >&2; exit 1
}
swap() { # algorithm-specific limiter JSON
  curl -s -o /dev/null -w '%{http_code}' -X PUT --data "{\"key\": \"header:X-Client\", \"limiter\": $1}" \
    "http://$ADMIN/config"
}

start_redis
start_upstream
await "http://$UP/"
for _ in $(seq 1 150); do (exec 3<>/dev/tcp/127.0.0.1/$REDIS_PORT) 2>/dev/null && break; sleep 0.2; done
# the proxy loads its scripts into Redis at start; on a loaded machine that first call can miss the 50 ms store
# timeout, and the proxy then exits: try up to three times
for attempt in 1 2 3; do
  java -XX:+UseG1GC -Xms256m -Xmx256m -Xlog:gc:file="$OUT/gc.log":uptime -jar $JAR proxy --listen $PROXY \
    --admin $ADMIN --upstream "http://$UP" --key header:X-Client --algorithm token-bucket --rate 50/s --burst 50 \
    --store redis://127.0.0.1:$REDIS_PORT --store-failure local --io-threads 1 --warmup 5s >>"$OUT/proxy.log" 2>&1 &
  PROXY_PID=$!; PIDS+=($PROXY_PID)
  for _ in $(seq 1 150); do
    curl -s -o /dev/null "http://$ADMIN/healthz" && break 2
    kill -0 $PROXY_PID 2>/dev/null || break
    sleep 0.2
  done
  [ $attempt -eq 3 ] && { echo "soak.sh: the proxy did not start; see $OUT/proxy.log" >&2; exit 1; }
done
echo "soak.sh: $MINUTES min at $RATE/s through http://$PROXY; files in $OUT"

java -Xms512m -Xmx512m -jar $JAR load --target "http://$PROXY/" --rate "$RATE/s" --duration "${MINUTES}m" \
  --clients 100 --key-header X-Client --connections 256 --io-threads 1 --json --hlog "$OUT/load.hlog" \
  >"$OUT/load.json" 2>"$OUT/load.progress" &
LOAD_PID=$!; PIDS+=($LOAD_PID)

RUN_S=$((MINUTES * 60)); UP_AT=$((RUN_S * 4 / 10)); REDIS_AT=$((RUN_S * 7 / 10)); START=$SECONDS
swaps=0; swap_fail=0; next_swap=30; next_minute=60; upstream_done=0; redis_done=0
while kill -0 $LOAD_PID 2>/dev/null; do
  t=$((SECONDS - START))
  if [ $t -ge $next_swap ] && [ $t -lt $((RUN_S - 5)) ]; then
    if [ $((swaps % 2)) -eq 0 ]; then
      code=$(swap '{"algorithm": "sliding-window", "rate": "50/s", "window": "1s"}')
    else
      code=$(swap '{"algorithm": "token-bucket", "rate": "50/s", "burst": 50}')
    fi
    swaps=$((swaps + 1)); [ "$code" = 200 ] || swap_fail=$((swap_fail + 1))
    echo "$t s: hot swap $swaps -> $code" >>"$OUT/events.log"; next_swap=$((next_swap + 30))
  fi
  if [ $t -ge $next_minute ]; then
    curl -s "http://$ADMIN/metrics" >"$OUT/metrics-$((next_minute / 60)).txt" || true
    [ $next_minute -eq 60 ] && jcmd $PROXY_PID GC.run >/dev/null && echo "$t s: full GC (first minute)" >>"$OUT/events.log"
    next_minute=$((next_minute + 60))
  fi
  if [ $upstream_done -eq 0 ] && [ $t -ge $UP_AT ]; then
    kill -9 $UP_PID; wait $UP_PID 2>/dev/null || true; echo "$t s: upstream killed" >>"$OUT/events.log"; sleep 2
    start_upstream; echo "$((SECONDS - START)) s: upstream restarted" >>"$OUT/events.log"; upstream_done=1
  fi
  if [ $redis_done -eq 0 ] && [ $t -ge $REDIS_AT ]; then
    kill $REDIS_PID; echo "$t s: redis stopped" >>"$OUT/events.log"; sleep 10
    start_redis; echo "$((SECONDS - START)) s: redis restarted" >>"$OUT/events.log"; redis_done=1
  fi
  if [ $t -ge $((RUN_S - 5)) ] && [ ! -f "$OUT/.last-gc" ]; then
    jcmd $PROXY_PID GC.run >/dev/null && echo "$t s: full GC (last minute)" >>"$OUT/events.log"; touch "$OUT/.last-gc"
  fi
  sleep 1
done
wait $LOAD_PID || true
# the proxy counts a request a moment after its client has the answer: let in-flight reach zero (bounded, 10 s)
for _ in $(seq 1 50); do
  curl -s "http://$ADMIN/metrics" >"$OUT/metrics-final.txt"
  grep -q '^ratelab_proxy_requests_in_flight 0$' "$OUT/metrics-final.txt" && break; sleep 0.2
done
kill $PROXY_PID; wait $PROXY_PID 2>/dev/null || true

# p99 per minute from the load generator's per-second histograms (HdrHistogram log; untagged = corrected)
cat >"$OUT/P99PerMinute.java" <<'JAVA'
import org.HdrHistogram.*;
import java.util.*;
public class P99PerMinute {
    public static void main(String[] a) throws Exception {
        HistogramLogReader r = new HistogramLogReader(a[0]);
        TreeMap<Long, Histogram> corrected = new TreeMap<>(), raw = new TreeMap<>();
        TreeMap<Long, Double> worst = new TreeMap<>();
        Long start = null;
        EncodableHistogram e;
        while ((e = r.nextIntervalHistogram()) != null) {
            Histogram h = (Histogram) e;
            if (start == null) start = h.getStartTimeStamp();
            long m = (h.getStartTimeStamp() - start) / 60_000;
            (e.getTag() == null ? corrected : raw).computeIfAbsent(m, k -> new Histogram(3)).add(h);
            if (e.getTag() == null) worst.merge(m, h.getValueAtPercentile(99) / 1e6, Math::max);
        }
        for (var m : corrected.entrySet()) {
            Histogram c = m.getValue(), w = raw.getOrDefault(m.getKey(), new Histogram(3));
            System.out.printf(Locale.ROOT, "minute %d: %d answers, p50 %.2f ms, p99 %.2f ms, max %.2f ms, worst"
                    + " second p99 %.2f ms; raw (from the actual send) p50 %.2f ms, p99 %.2f ms%n", m.getKey() + 1,
                    c.getTotalCount(), c.getValueAtPercentile(50) / 1e6, c.getValueAtPercentile(99) / 1e6,
                    c.getMaxValue() / 1e6, worst.get(m.getKey()), w.getValueAtPercentile(50) / 1e6,
                    w.getValueAtPercentile(99) / 1e6);
        }
    }
}
JAVA
java -cp $JAR "$OUT/P99PerMinute.java" "$OUT/load.hlog" >"$OUT/p99.txt"

python3 - "$OUT" "$MINUTES" "$swaps" "$swap_fail" <<'PY'
import json, re, statistics, sys
out, minutes, swaps, swap_fail = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
load = json.load(open(f"{out}/load.json"))
def metric(text, name):
    return sum(float(v) for n, v in re.findall(r'^(' + name + r')(?:\{[^}]*\})? (\S+)$', text, re.M))
m = open(f"{out}/metrics-final.txt").read()
received, admitted = metric(m, "ratelab_proxy_requests_received_total"), metric(m, "ratelab_proxy_admitted_total")
rejected, errors = metric(m, "ratelab_proxy_rejected_total"), metric(m, "ratelab_proxy_errors_total")
in_flight = metric(m, "ratelab_proxy_requests_in_flight")
status = load.get("status", {})
sent = load["sent"]
answered = sum(v for k, v in status.items() if k != "error")
print(open(f"{out}/events.log").read().rstrip())
print(open(f"{out}/p99.txt").read().rstrip())
print(f"load: sent {sent} in {load['durationSeconds']:.0f} s ({load['achievedRate']:.0f}/s of {load.get('targetRate', 0):.0f}/s),"
      f" by status {json.dumps(status)}, unfinished {load.get('unfinished')}, late {load.get('late')}")
print(f"proxy: received {received:.0f} = admitted {admitted:.0f} + rejected {rejected:.0f} + errors {errors:.0f}"
      f" ({admitted + rejected + errors:.0f}); in flight {in_flight:.0f}")
gc = open(f"{out}/gc.log").read()
full = [(float(t), int(b)) for t, b in re.findall(r'^\[(\d+\.\d+)s\].*Pause Full \(Diagnostic Command\) \d+M->(\d+)M', gc, re.M)]
young = [(float(t), int(b)) for t, b in re.findall(r'^\[(\d+\.\d+)s\].*Pause Young.* \d+M->(\d+)M', gc, re.M)]
if young:
    t0, t1 = young[0][0], young[-1][0]
    first = [b for t, b in young if t <= t0 + 60]
    last = [b for t, b in young if t >= t1 - 60]
    print(f"heap after young GC: first minute median {statistics.median(first)} MB ({len(first)} GCs),"
          f" last minute median {statistics.median(last)} MB ({len(last)} GCs)")
if len(full) >= 2:
    print(f"heap after full GC: first minute {full[0][1]} MB, last minute {full[-1][1]} MB")
ok = True
def check(cond, what):
    global ok
    ok &= cond
    print(("PASS " if cond else "FAIL ") + what)
unanswered = sent - answered
check(status.get("error", 0) == 0, "no connection error at the client")
check(received == sent, f"the proxy received every request sent ({received:.0f} of {sent})")
check(received == admitted + rejected + errors and in_flight == 0,
      "the proxy's counters balance and nothing is in flight: every request it received was answered")
print(f"      ({unanswered} answers came after the load generator stopped waiting, 5 s after the run)"
      if unanswered else "      (the load generator saw every answer)")
check(swaps > 0 and swap_fail == 0, f"{swaps} hot swaps, all applied")
if len(full) >= 2:
    check(full[-1][1] <= full[0][1] * 1.2 + 4, "live heap after full GC within 20 % (+4 MB) of the first minute's")
sys.exit(0 if ok else 1)
PY
