#!/usr/bin/env bash
# Hostile-client figures of the README "Reliability" datasheet (issue 19, points 2 and the header bound):
#
#   1. slowloris: SLOW connections (default 2000, from 127.0.1.2 up, 250 per address) each send a partial request
#      head and then one more header line every 2 s, while wrk (-t1 -c32, 8 s) measures ordinary clients; once
#      before the slow connections (baseline) and once while they are held. Then it waits for the proxy's
#      --request-head-timeout (10 s here) to cut them: how many got 408, how long after their first byte.
#   2. header bytes: BIG connections (default 600) each send 60,000 bytes of an unfinished head and wait; the gate's
#      headerBytesInFlight (16 MiB default) lets about 280 hold and refuses the largest others with 431. Prints the
#      gauge's peak, the refusals, and the live heap after a full GC while they are held (jcmd GC.run, 4 s in).
#   3. ordinary clients once more, after the slow ones are gone (the first baseline runs on a just-warmed JVM).
#
# Usage: src/test/bench/slowloris.sh [SLOW] [BIG]     (needs target/ratelab.jar, wrk, python3, jcmd)
# Loopback only: proxy 127.0.0.1:19381 (admin 19391) in front of `ratelab upstream` on 127.0.0.1:19380.
set -euo pipefail
cd "$(dirname "$0")/../../.."
SLOW=${1:-2000}
BIG=${2:-600}
JAR=target/ratelab.jar
[ -f $JAR ] || { echo "slowloris.sh: $JAR is missing; build it first: mvn -B -o package -DskipTests" >&2; exit 2; }
for tool in wrk python3 jcmd curl; do
  command -v $tool >/dev/null || { echo "slowloris.sh: $tool is not installed" >&2; exit 2; }
done
OUT=target/slowloris/$(date -u +%Y%m%dT%H%M%SZ); mkdir -p "$OUT"
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
java -Xmx128m -jar $JAR upstream --listen 127.0.0.1:19380 --io-threads 1 >"$OUT/upstream.log" 2>&1 &
PIDS+=($!)
java -XX:+UseG1GC -Xms256m -Xmx256m -jar $JAR proxy --listen 127.0.0.1:19381 --admin 127.0.0.1:19391 \
  --upstream http://127.0.0.1:19380 --rate 1000000/s --burst 1000000 --io-threads 1 --warmup 5s \
  --request-head-timeout 10s >"$OUT/proxy.log" 2>&1 &
PROXY_PID=$!; PIDS+=($PROXY_PID)
for _ in $(seq 1 150); do curl -s -o /dev/null http://127.0.0.1:19391/healthz && break; sleep 0.2; done

measure() { # -> "req/s p50 p99" of ordinary clients
  wrk -t1 -c32 -d8s --latency http://127.0.0.1:19381/ 2>&1 | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ {r = $2} $1 == "50%" {a = ms($2)} $1 == "99%" {b = ms($2)} /Non-2xx/ {n = $5}
    END {printf "%.0f req/s, p50 %.2f ms, p99 %.2f ms, non-2xx %d\n", r, a, b, n}'
}
gauge() { curl -s http://127.0.0.1:19391/metrics | awk -v m="$1" '$1 == m {print $2}'; }

echo "baseline (no slow clients): $(measure)" | tee "$OUT/summary.txt"
python3 - "$SLOW" >"$OUT/slow.txt" <<'PY' &
import asyncio, sys, time
n = int(sys.argv[1])
async def slow(i, results):
    src = f"127.0.{1 + i // 250}.{2 + i % 250}"
    try:
        r, w = await asyncio.open_connection("127.0.0.1", 19381, local_addr=(src, 0))
    except OSError as e:
        results.append(("connect-failed", 0)); return
    start = time.monotonic()
    w.write(b"GET / HTTP/1.1\r\nHost: x\r\n")
    status = None
    while True:
        try:
            data = await asyncio.wait_for(r.read(4096), 2)
        except asyncio.TimeoutError:
            w.write(b"X-Slow: a\r\n")
            continue
        except OSError:
            results.append((status or "reset", time.monotonic() - start)); return
        if not data:
            results.append((status or "closed", time.monotonic() - start)); return
        status = status or data[9:12].decode()
async def main():
    results = []
    await asyncio.gather(*(slow(i, results) for i in range(n)))
    by = {}
    for s, t in results:
        by.setdefault(s, []).append(t)
    for s, ts in sorted(by.items()):
        ts.sort()
        print(f"{len(ts)} ended with {s} after {ts[0]:.1f}-{ts[-1]:.1f} s (median {ts[len(ts) // 2]:.1f} s)")
asyncio.run(main())
PY
SLOW_PID=$!
for _ in $(seq 1 100); do [ "$(gauge ratelab_proxy_connections_open)" -ge "$SLOW" ] 2>/dev/null && break; sleep 0.1; done
echo "with $(gauge ratelab_proxy_connections_open) connections open ($SLOW slow): $(measure)" | tee -a "$OUT/summary.txt"
wait $SLOW_PID
echo "slow connections: $(tr '\n' ';' <"$OUT/slow.txt")" | tee -a "$OUT/summary.txt"
echo "after they are gone: $(measure)" | tee -a "$OUT/summary.txt"

python3 - "$BIG" >"$OUT/big.txt" <<'PY' &
import asyncio, sys
n = int(sys.argv[1])
async def big(i, results):
    src = f"127.0.{20 + i // 250}.{2 + i % 250}"
    r, w = await asyncio.open_connection("127.0.0.1", 19381, local_addr=(src, 0))
    w.write(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 59960)
    try:
        data = await asyncio.wait_for(r.read(4096), 15)
        results.append(data[9:12].decode() if data else "closed")
    except asyncio.TimeoutError:
        results.append("held")
    w.close()
async def main():
    results = []
    await asyncio.gather(*(big(i, results) for i in range(n)))
    print(", ".join(f"{results.count(s)} {s}" for s in sorted(set(results))))
asyncio.run(main())
PY
BIG_PID=$!
peak=0
for _ in $(seq 1 20); do   # 4 s: the heads are sent and held (the head timeout cuts them at 10 s)
  g=$(gauge ratelab_proxy_header_bytes_in_flight); g=${g%.*}; [ "${g:-0}" -gt $peak ] && peak=$g; sleep 0.2
done
jcmd $PROXY_PID GC.run >/dev/null
heap=$(jcmd $PROXY_PID GC.heap_info | awk '/garbage-first heap/ {print $0}')
echo "header bytes: $BIG heads of 60,000 bytes; gauge peak $peak bytes; after a full GC: $heap" | tee -a "$OUT/summary.txt"
wait $BIG_PID
echo "big heads: $(cat "$OUT/big.txt") (431 = refused by headerBytesInFlight, 408 = held until the head timeout)" \
  | tee -a "$OUT/summary.txt"
curl -s http://127.0.0.1:19391/metrics | grep -E '^ratelab_proxy_(requests_refused|connections_refused)' \
  | tee -a "$OUT/summary.txt"
