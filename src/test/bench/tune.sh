#!/usr/bin/env bash
# Tuner benchmark (README "Performance / Tuner"; issue 17: a recommendation in <= 5 s for 1M requests and <= 30 s
# for 10M, heap <= 1 GB, whole process including parsing).
#
# Builds a combined access log with `ratelab trace generate` from a model of KEYS clients that send in bursts
# (2 requests a second for 5 s, then one every 2 s for 15 s; ~0.875 per second each), sized to REQUESTS, then times
# `ratelab tune` on a scenario replaying it (per-IP key, ratelab target: one token-bucket frontier of 240 rates,
# 24 candidates simulated in full), three runs, with -Xmx1g, reporting each run's wall time, CPU time and peak
# resident memory (GNU time). The log is kept under target/bench-tune/ and reused when it exists.
#
# Usage: [RUNS=3] [JAR=target/ratelab.jar] src/test/bench/tune.sh [REQUESTS [KEYS]]   (default 1000000 10000)
# JAR names another build to time (e.g. a copy of main's jar, for a before/after comparison in one session).
set -euo pipefail
cd "$(dirname "$0")/../../.."
REQUESTS=${1:-1000000}
KEYS=${2:-10000}
if ! [[ $REQUESTS =~ ^[0-9]+$ && $KEYS =~ ^[0-9]+$ ]] || [ "$KEYS" -lt 1 ]; then
  echo "tune.sh: REQUESTS and KEYS must be whole numbers; got '$REQUESTS' '$KEYS'" >&2; exit 2
fi
JAR=${JAR:-target/ratelab.jar}
if [ ! -f "$JAR" ]; then
  echo "tune.sh: $JAR is missing; build it first: mvn -B -o package -DskipTests" >&2; exit 2
fi
[ -x /usr/bin/time ] || { echo "tune.sh: GNU time (/usr/bin/time) is not installed" >&2; exit 2; }
OUT=target/bench-tune; mkdir -p $OUT
LOG=$OUT/log-$REQUESTS-$KEYS.log
# mean per-client rate 0.875/s: the duration that gives REQUESTS in all
SECONDS_NEEDED=$(python3 -c "import math; print(math.ceil($REQUESTS / ($KEYS * 0.875)))")
cat > $OUT/model.yaml <<YAML
name: bench-tune-model
duration: ${SECONDS_NEEDED}s
seed: 11
key: ip
limiters: [{algorithm: token-bucket, rate: 1/s, burst: 1}]
traffic:
  - name: users
    clients: $KEYS
    arrival: { process: bursts, rate: 2/s, on: 5s, off: 15s, base: 1/2s }
YAML
if [ ! -s "$LOG" ]; then
  echo "tune.sh: generating $LOG ($KEYS clients, ${SECONDS_NEEDED} s)"
  java -jar "$JAR" trace generate $OUT/model.yaml --out "$LOG"
fi
LINES=$(wc -l < "$LOG")
cat > $OUT/tune.yaml <<YAML
name: bench-tune
key: ip
limiters: [{name: current, algorithm: token-bucket, rate: 1/s, burst: 5}]
traffic:
  - name: log
    trace: { path: $(basename "$LOG"), format: combined }
tune:
  spare: { share: 99.9%, of: clients }
  protect: { maxRate: 25000/s }   # the clients burst together: about 20,000/s at the top of a burst
YAML
echo "tune.sh: $LINES requests, $KEYS keys; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
RUNS=${RUNS:-3}
for run in $(seq 1 "$RUNS"); do
  /usr/bin/time -f "%e %U %S %M" -o $OUT/time.txt java -Xmx1g -jar "$JAR" tune $OUT/tune.yaml --json \
      > $OUT/result.json
  read -r WALL USER SYS RSS < $OUT/time.txt
  echo "run $run: wall ${WALL} s, cpu ${USER} s user + ${SYS} s sys, peak RSS $((RSS / 1024)) MB," \
      "load $(cut -d' ' -f1 /proc/loadavg)"
done
python3 - $OUT/result.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
rec = r["recommended"]
print("recommended:", json.dumps(rec["spec"]), "confidence", rec["confidence"])
print("frontier points:", len(r["frontier"]), "candidates simulated:", len(r["candidates"]))
PY
