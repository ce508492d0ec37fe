#!/usr/bin/env bash
# Simulated against live, per curated scenario (README "Simulated vs live"): every scenario in simulations/ whose
# traces replay in 60 s or less, cut to 20 s (DURATION), is simulated (`ratelab simulate --json`) and run live
# (`ratelab run --report`: the demo upstream built from the same upstream model, the limiting proxy, the open-loop
# generator), and per limiter the script prints admitted, rejected, and p50 / p99 of admitted latency, simulated and
# live side by side with their ratio, and flags each difference beyond the issue-20 targets:
#   admitted and rejected within ±1% or ±5 requests; p50 and p99 of admitted within ±10% or ±2 ms (the larger).
# Build first: mvn -o -q package -DskipTests. Usage: bash src/test/bench/sim-vs-live.sh [scenario.yaml ...]
# Environment: DURATION (default 20s), OUT (default target/sim-vs-live), JAR (default target/ratelab.jar), JAVA_OPTS.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
JAR=${JAR:-$ROOT/target/ratelab.jar}
DURATION=${DURATION:-20s}
OUT=${OUT:-$ROOT/target/sim-vs-live}
JAVA_OPTS=${JAVA_OPTS:--XX:+UseG1GC -Xms256m -Xmx1g}
[ -f "$JAR" ] || { echo "sim-vs-live: $JAR is missing; build it with: mvn -o -q package -DskipTests" >&2; exit 2; }
rm -rf "$OUT"; mkdir -p "$OUT"
cp -r "$ROOT/simulations" "$OUT/scenarios"
if [ $# -gt 0 ]; then FILES=("$@"); else FILES=("$ROOT"/simulations/*.yaml); fi
# CPU pressure (Linux PSI): the share of time some runnable task waited for a core; a low-rate run's p99 is such waits
pressure() { [ -r /proc/pressure/cpu ] && echo ", CPU pressure $(head -1 /proc/pressure/cpu | cut -d' ' -f2-4)"; }
echo "machine: $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)$(pressure)"
ratelab() { java $JAVA_OPTS -jar "$JAR" "$@"; }

for src in "${FILES[@]}"; do
  name=$(basename "$src" .yaml)
  cut="$OUT/scenarios/$name.yaml"
  if grep -q '^ *trace:\|{ *path:' "$src"; then
    # a trace-driven scenario: replayed length from the simulator, uncut
    length=$(ratelab simulate --json "$OUT/scenarios/$(basename "$src")" 2>/dev/null \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["durationSeconds"])')
    if python3 -c "import sys; sys.exit(0 if float('$length') > 60 else 1)"; then
      echo "== $name: skipped, its trace replays for ${length} s (> 60 s)"; continue
    fi
  fi
  python3 - "$src" "$cut" "$DURATION" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
line = "duration: " + sys.argv[3]
if re.search(r"(?m)^duration:", text):
    text = re.sub(r"(?m)^duration:.*$", line, text, count=1)
else:
    text = re.sub(r"(?m)^(name:.*)$", r"\1\n" + line, text, count=1)
open(sys.argv[2], "w").write(text)
PY
  echo "== $name (cut to $DURATION): simulating and running live" >&2
  if ! ratelab simulate --json "$cut" > "$OUT/$name.sim.json" 2>"$OUT/$name.sim.err"; then
    echo "== $name: the simulation failed, see $OUT/$name.sim.err"; continue
  fi
  if ! ratelab run "$cut" --report "$OUT/$name.live" > "$OUT/$name.run.txt" 2> "$OUT/$name.run.err"; then
    echo "== $name: the live run failed, see $OUT/$name.run.err"; continue
  fi
  python3 - "$name" "$OUT/$name.sim.json" "$OUT/$name.live/summary.json" "$OUT/rows.tsv" <<'PY'
import json, sys
name, simf, livef, rows = sys.argv[1:5]
sim = {l["name"]: l for l in json.load(open(simf))["limiters"]}
live = {l["limiter"]: l for l in json.load(open(livef))["limiters"]}
def count_ok(s, l):
    return abs(l - s) <= max(5, 0.01 * s)
def ms_ok(s, l):
    return abs(l - s) <= max(2.0, 0.10 * s)
def ratio(s, l):
    return "-" if s == 0 else "%.3f" % (l / s)
print("== %s" % name)
print("%-30s %-9s %10s %10s %7s  %s" % ("limiter", "figure", "simulated", "live", "ratio", ""))
with open(rows, "a") as out:
    for limiter, s in sim.items():
        l = live.get(limiter)
        if l is None:
            print("%-30s not run live" % limiter); continue
        sa, la = s["latencyByOutcomeMs"]["admitted"], l["latencyByOutcomeMs"]["admitted"]
        figures = [("admitted", s["admitted"], l["admitted"], count_ok),
                   ("rejected", s["rejected"], l["rejected"], count_ok),
                   ("p50 ms", sa["p50"], la["p50"], ms_ok),
                   ("p99 ms", sa["p99"], la["p99"], ms_ok)]
        for fig, sv, lv, ok in figures:
            good = ok(sv, lv)
            fmt = "%10d %10d" if isinstance(sv, int) else "%10.2f %10.2f"
            print(("%-30s %-9s " + fmt + " %7s  %s") % (limiter[:30], fig, sv, lv, ratio(sv, lv),
                                                        "" if good else "MISS"))
            out.write("\t".join([name, limiter, fig, str(sv), str(lv), ratio(sv, lv), "ok" if good else "MISS"]) + "\n")
        u = l.get("upstream")
        if u:
            print("%-30s upstream: served %d, service time drawn p50 %.2f ms / served p50 %.2f ms, queue wait mean"
                  " %.2f ms (simulated %.2f ms); offered live %d, simulated %d; late sends %d (worst %.0f ms);"
                  " rejected p50 live %.2f ms (simulated, network.rtt: %.2f ms)%s"
                  % ("", u["served"], u["serviceTimeDrawnMs"]["p50"], u["serviceTimeServedMs"]["p50"],
                     u["queueWaitMs"]["mean"], s["upstream"]["meanQueueMs"], l["offered"], s["offered"],
                     l["late"], l["maxLagMs"], l["latencyByOutcomeMs"]["rejected"]["p50"],
                     s["latencyByOutcomeMs"]["rejected"]["p50"],
                     "; TARGET RATE NOT REACHED" if any("TARGET RATE" in w for w in l["warnings"]) else ""))
PY
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)$(pressure)"
if [ -f "$OUT/rows.tsv" ]; then
  python3 - "$OUT/rows.tsv" <<'PY'
import sys
rows = [r.rstrip("\n").split("\t") for r in open(sys.argv[1])]
miss = [r for r in rows if r[6] == "MISS"]
print("\n%d figures compared, %d within target, %d missed" % (len(rows), len(rows) - len(miss), len(miss)))
for fig in ("admitted", "rejected", "p50 ms", "p99 ms"):
    f = [r for r in rows if r[2] == fig]
    print("  %-9s %d of %d within target" % (fig, sum(r[6] == "ok" for r in f), len(f)))
for r in miss:
    print("  MISS %s / %s %s: simulated %s, live %s (ratio %s)" % (r[0], r[1], r[2], r[3], r[4], r[5]))
PY
fi
