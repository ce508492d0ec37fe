#!/usr/bin/env bash
# Workbench responsiveness benchmark (README "Performance / Workbench"; issue 6: no UI pulse longer than 50 ms while
# about 20k req/s run through the embedded proxy).
#
# Starts the real workbench under Xvfb (1600x1000) with -Dratelab.pulselog, opening simulations/pulse-20k.yaml and
# starting its live run at once (`ratelab --open FILE --start`; the copy it opens lasts MINUTES + 2 minutes so the
# traffic outlives the measurement). The window's one AnimationTimer writes a line per second: frame gaps, heap and
# the live tab's rates. After MINUTES minutes the script stops the workbench (by its pid) and prints a summary; a
# screenshot of the whole screen is taken 10 s before the end with ImageMagick's `import -window root`.
#
# Usage: src/test/bench/pulse.sh [MINUTES]      (default 10; builds nothing: needs target/ratelab.jar)
# Files: target/pulse/pulse-<time>.log (the pulse log), .png (screenshot), .out (the workbench's stdout/stderr).
# Needs xvfb-run, ImageMagick (import), python3, GTK 3.
set -euo pipefail
cd "$(dirname "$0")/../../.."
MINUTES=${1:-10}
if ! [[ $MINUTES =~ ^[0-9]+$ ]] || [ "$MINUTES" -lt 1 ]; then
  echo "pulse.sh: MINUTES must be a whole number of minutes, at least 1; got '$MINUTES'" >&2; exit 2
fi
if [ ! -f target/ratelab.jar ]; then
  echo "pulse.sh: target/ratelab.jar is missing; build it first: mvn -B -o package -DskipTests" >&2; exit 2
fi
for tool in xvfb-run import python3 java; do
  command -v $tool >/dev/null || { echo "pulse.sh: $tool is not installed" >&2; exit 2; }
done
OUT=target/pulse; mkdir -p $OUT
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
BASE=$OUT/pulse-$STAMP
SCENARIO=$BASE.yaml
sed "s/^duration: .*/duration: $((MINUTES + 2))m/" simulations/pulse-20k.yaml > "$SCENARIO"
RUN_S=$((MINUTES * 60))
SHOT_S=$((RUN_S - 10))

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "pulse.sh: $MINUTES min of simulations/pulse-20k.yaml live in the workbench under Xvfb; log $BASE.log"
# inside xvfb-run: start the workbench, screenshot near the end, stop it by its own pid
xvfb-run -a -s '-screen 0 1600x1000x24' bash -c '
  java -Dratelab.pulselog="$1.log" -jar target/ratelab.jar --open "$2" --start >"$1.out" 2>&1 &
  pid=$!
  sleep "$3"
  import -window root "$1.png" || echo "pulse.sh: the screenshot failed" >&2
  sleep $(( $4 - $3 ))
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
' pulse "$BASE" "$SCENARIO" "$SHOT_S" "$RUN_S"

if [ ! -s "$BASE.log" ]; then
  echo "pulse.sh: the workbench wrote no pulse log; its output:" >&2; tail -20 "$BASE.out" >&2; exit 1
fi
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
python3 - "$BASE.log" "$BASE.png" "$(nproc)" "$LOAD_BEFORE" "$LOAD_AFTER" <<'PY'
import re, sys
log, shot, cpus, load_before, load_after = sys.argv[1:6]
rows = []
for line in open(log):
    kv = dict(re.findall(r'(\S+?)=(\S+)', line))
    if 'frames' in kv:
        rows.append(kv)
def f(r, k): return float(r[k])
warm = 10                              # seconds of start-up (window, JIT, first connections) shown apart
last = rows[-1]
steady = rows[warm:] if len(rows) > warm else []
running = [r for r in steady if r.get('live.running') == 'true']
print(f"seconds logged              {len(rows)}")
print(f"frames                      {int(f(last, 'frames'))} ({f(last, 'frames') / len(rows):.1f} per second)")
print(f"max pulse gap               {f(last, 'maxGapMs'):.1f} ms overall; "
      f"{max((f(r, 'window.maxGapMs') for r in steady), default=float('nan')):.1f} ms after the first {warm} s")
long_after = int(f(last, 'longPulses')) - (int(f(rows[warm - 1], 'longPulses')) if len(rows) >= warm else 0)
print(f"pulses > 50 ms              {int(f(last, 'longPulses'))} overall; {long_after} after the first {warm} s")
if running:
    rates = [f(r, 'live.offeredPerS') for r in running]
    acc = [f(r, 'live.acceptedPerS') for r in running]
    print(f"achieved request rate       mean {sum(rates) / len(rates):,.0f} req/s (min {min(rates):,.0f}, "
          f"max {max(rates):,.0f}) of the scenario's ~20,000; accepted mean {sum(acc) / len(acc):,.0f} req/s "
          f"(the workbench's own counter, offered per second over the last second, after the first {warm} s)")
    print(f"requests sent               {int(f(last, 'live.offered')):,}")
else:
    print("achieved request rate       - (the live run was not running after the start-up; see the .out file)")
at1 = rows[min(59, len(rows) - 1)]
print(f"heap used                   {f(at1, 'heapUsedMB'):.0f} MB at 1 min"
      + ("" if len(rows) >= 60 else f" (the run logged only {len(rows)} s: its last line)")
      + f"; {f(last, 'heapUsedMB'):.0f} MB at the end; max {max(f(r, 'heapUsedMB') for r in rows):.0f} MB")
print(f"machine                     {cpus} CPUs, load average {load_before} before, {load_after} after"
      " (other processes take CPU from the workbench: compare runs on a quiet machine)")
print(f"screenshot                  {shot}")
PY
