#!/usr/bin/env bash
# Keys held at --max-keys and what they cost (README "Reliability"; issue 19): for each MAXKEYS value, the sidecar
# (key header:X-Client, token bucket 1/s burst 20 per key, one IO thread, G1 heap at most 512 MB) takes a flood of
# unique keys from wrk (-t2 -c64, a Lua script gives every request a key never sent before) for SECONDS, while one
# legitimate client (key "legit", about 40 req/s, always over its 1/s) must stay limited exactly: admitted
# = 20 + 1 per second between the proxy's first and last decision on it (bounded from the client's send and answer
# times); an evicted key would start again with a full bucket and show as about 20 too many. Every 10 s it prints keys held (ratelab_proxy_limiter_keys from /metrics), the
# unique keys sent so far (the proxy's received total), the proxy's RSS and its live heap after a full GC (jcmd
# GC.run, then GC.heap_info: the GC itself costs the flood a few ms every 10 s).
#
# Usage: src/test/bench/max-keys.sh [SECONDS] [MAXKEYS...]   (default 120 s, 100000 and 1000000; needs
#        target/ratelab.jar: mvn -B -o package -DskipTests; wrk, python3, curl, jcmd). Loopback only: upstream
#        127.0.0.1:19480, proxy 127.0.0.1:19481, admin 127.0.0.1:19491. Bounded: SECONDS per value, at most 600.
set -euo pipefail
cd "$(dirname "$0")/../../.."
SECS=${1:-120}
shift || true
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(100000 1000000)
if ! [[ $SECS =~ ^[0-9]+$ ]] || [ "$SECS" -lt 10 ] || [ "$SECS" -gt 600 ]; then
  echo "max-keys.sh: SECONDS must be a whole number from 10 to 600; got '$SECS'" >&2; exit 2
fi
for n in "${SIZES[@]}"; do
  [[ $n =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] || { echo "max-keys.sh: MAXKEYS must be a positive number; got '$n'" >&2; exit 2; }
done
JAR=target/ratelab.jar
[ -f $JAR ] || { echo "max-keys.sh: $JAR is missing; build it first: mvn -B -o package -DskipTests" >&2; exit 2; }
for tool in wrk python3 jcmd curl java; do
  command -v $tool >/dev/null || { echo "max-keys.sh: $tool is not installed" >&2; exit 2; }
done
OUT=target/max-keys/$(date -u +%Y%m%dT%H%M%SZ); mkdir -p "$OUT"
UP=127.0.0.1:19480; PROXY=127.0.0.1:19481; ADMIN=127.0.0.1:19491
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
await() { for _ in $(seq 1 150); do curl -s -o /dev/null "$1" && return 0; sleep 0.2; done; echo "max-keys.sh: $1 never answered" >&2; exit 1; }
metric() { curl -s "http://$ADMIN/metrics" | awk -v m="$1" '$1 == m {printf "%.0f", $2}'; }

cat >"$OUT/unique.lua" <<'LUA'
-- every request carries a key no request sent before: thread number, then a counter
local threads = 0
function setup(thread) threads = threads + 1; thread:set("id", threads) end
local n = 0
function request()
  n = n + 1
  return wrk.format("GET", "/", {["X-Client"] = "t" .. id .. "-" .. n})
end
LUA
cat >"$OUT/legit.py" <<'PY'
import http.client, os, sys, time
stop, out = sys.argv[1], sys.argv[2]
conn = http.client.HTTPConnection("127.0.0.1", 19481, timeout=30)
counts = {}
first_send = first_answer = last_send = last_answer = None
while not os.path.exists(stop):
    t = time.monotonic()
    try:
        conn.request("GET", "/", headers={"X-Client": "legit"})
        r = conn.getresponse(); r.read()
        counts[r.status] = counts.get(r.status, 0) + 1
        if first_send is None:
            first_send, first_answer = t, time.monotonic()
        last_send, last_answer = t, time.monotonic()
    except (OSError, http.client.HTTPException) as e:
        counts[type(e).__name__] = counts.get(type(e).__name__, 0) + 1
        conn.close(); conn = http.client.HTTPConnection("127.0.0.1", 19481, timeout=30)
    time.sleep(max(0, 0.025 - (time.monotonic() - t)))
# the proxy decided the first request between its send and its answer, and so the last: the decisions span at least
# last_send - first_answer and at most last_answer - first_send seconds; a 1/s burst 20 bucket admits 20 + 1/s of that
admitted = counts.get(200, 0)
low = 20 + int(last_send - first_answer)
high = 20 + int(last_answer - first_send) + 1
verdict = "PASS" if low <= admitted <= high else "FAIL"
with open(out, "w") as f:
    print(f"{verdict} legitimate key: {sum(counts.values())} requests in {last_send - first_send:.1f} s, {admitted}"
          f" admitted; its 1/s burst 20 bucket admits {low} to {high} (the span of the proxy's decisions is known to"
          f" the client's latency); statuses {dict(sorted(counts.items(), key=str))}", file=f)
PY

java -Xms64m -Xmx128m -jar $JAR upstream --listen $UP --io-threads 1 >"$OUT/upstream.log" 2>&1 &
PIDS+=($!)
await "http://$UP/"
echo "max-keys.sh: ${SECS} s of unique keys per --max-keys value; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); files in $OUT"
for MAXKEYS in "${SIZES[@]}"; do
  java -XX:+UseG1GC -Xmx512m -jar $JAR proxy --listen $PROXY --admin $ADMIN --upstream "http://$UP" \
    --key header:X-Client --algorithm token-bucket --rate 1/s --burst 20 --max-keys "$MAXKEYS" --io-threads 1 \
    --warmup 3s >"$OUT/proxy-$MAXKEYS.log" 2>&1 &
  PROXY_PID=$!; PIDS+=($PROXY_PID)
  await "http://$ADMIN/healthz"
  rm -f "$OUT/stop"
  python3 "$OUT/legit.py" "$OUT/stop" "$OUT/legit-$MAXKEYS.txt" &
  LEGIT_PID=$!; PIDS+=($LEGIT_PID)
  wrk -t2 -c64 -d"${SECS}s" -s "$OUT/unique.lua" "http://$PROXY/" >"$OUT/wrk-$MAXKEYS.txt" 2>&1 &
  WRK_PID=$!; PIDS+=($WRK_PID)
  echo "--max-keys $MAXKEYS (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  START=$SECONDS
  while kill -0 $WRK_PID 2>/dev/null; do
    sleep 10
    jcmd $PROXY_PID GC.run >/dev/null 2>&1 || true
    heap=$(jcmd $PROXY_PID GC.heap_info 2>/dev/null | awk '/garbage-first heap/ {v = $6; sub(/K,?$/, "", v); printf "%.1f MB", v / 1024}')
    rss=$(awk '/VmRSS/ {print $2}' /proc/$PROXY_PID/status)
    printf '  %3d s: keys held %8s of %s, requests %9s, RSS %4d MB, live heap after full GC %s (load average %s)\n' \
      $((SECONDS - START)) "$(metric ratelab_proxy_limiter_keys)" "$MAXKEYS" \
      "$(metric ratelab_proxy_requests_received_total)" $((rss / 1024)) "${heap:-?}" "$(cut -d' ' -f1 /proc/loadavg)"
  done
  wait $WRK_PID || true
  touch "$OUT/stop"; wait $LEGIT_PID || true
  sed 's/^/  /' "$OUT/legit-$MAXKEYS.txt"
  awk '/Requests\/sec/ {r = $2} /requests in/ {n = $1} /Non-2xx/ {x = $5} /Socket errors/ {e = $0}
       END {printf "  wrk: %s requests (unique keys), %s/s, non-2xx %d%s\n", n, r, x, e ? "; " e : ""}' "$OUT/wrk-$MAXKEYS.txt"
  held=$(metric ratelab_proxy_limiter_keys)
  if [ "$held" -le "$MAXKEYS" ]; then echo "  PASS keys held $held <= --max-keys $MAXKEYS"; else echo "  FAIL keys held $held > --max-keys $MAXKEYS"; fi
  kill $PROXY_PID; wait $PROXY_PID 2>/dev/null || true
done
