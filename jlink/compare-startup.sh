#!/usr/bin/env bash
# Window-up time of two (or more) runtime images side by side: each round starts every image once, in turn, so a
# noisy machine weighs on all of them alike. Prints each image's median step times (from launch) and, where the image
# logs it, the FX thread's CPU at the first frame.
# Usage: jlink/compare-startup.sh [-n ROUNDS] IMAGE IMAGE...   (ROUNDS default 9; IMAGE as for measure-startup.sh)
# Every image first starts once so that its launcher dumps its CDS archive (into a temporary XDG_CACHE_HOME).
# Runs on its own Xvfb (xvfb-run -a) unless DISPLAY is set. Extra JVM options for every run: RATELAB_JAVA_OPTS.
set -euo pipefail
rounds=9
images=()
while [ $# -gt 0 ]; do
  case "$1" in
    -n) rounds=${2:?-n needs a number}; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "compare-startup: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) images+=("$(cd "$1" && pwd)"); shift ;;
  esac
done
case "$rounds" in ''|*[!0-9]*|0) echo "compare-startup: -n wants a positive whole number, got '$rounds'" >&2; exit 2 ;; esac
[ ${#images[@]} -ge 2 ] || { echo "compare-startup: give at least two images (see --help)" >&2; exit 2; }
for img in "${images[@]}"; do
  [ -x "$img/bin/ratelab" ] || { echo "compare-startup: no launcher $img/bin/ratelab" >&2; exit 1; }
done
if [ -z "${DISPLAY:-}" ]; then
  command -v xvfb-run >/dev/null || { echo "compare-startup: no DISPLAY and no xvfb-run" >&2; exit 1; }
  exec xvfb-run -a -s "-screen 0 1600x1000x24" "$0" -n "$rounds" "${images[@]}"
fi

. "$(dirname "$0")/startup-lib.sh"
config=$(mktemp -d) cache=$(mktemp -d) log=$(mktemp)
trap 'rm -rf "$config" "$cache" "$log"' EXIT
export XDG_CACHE_HOME=$cache
run() {   # one start of image $1, its log in $log
  RATELAB_JAVA_OPTS="${RATELAB_JAVA_OPTS:-} -Dratelab.startuplog=exit -Dratelab.config.dir=$config" \
    timeout 60 "$1/bin/ratelab" >/dev/null 2>"$log" || { echo "compare-startup: $1 failed:" >&2; cat "$log" >&2; exit 1; }
}
for img in "${images[@]}"; do run "$img"; done
for _ in $(seq 1 600); do pgrep -f 'Xshare:dump' >/dev/null || break; sleep 0.2; done   # the archives are written
steps=$STARTUP_STEPS
declare -A all
for r in $(seq 1 "$rounds"); do
  for i in "${!images[@]}"; do
    t0=$(now_ms)
    run "${images[$i]}"
    for s in $steps; do
      at=$(step_at "$log" "$s")
      [ -n "$at" ] || { echo "compare-startup: ${images[$i]} logged no '$s' step" >&2; cat "$log" >&2; exit 1; }
      all[$i,$s]+="$(( at - t0 )) "
    done
    fx=$(fx_cpu "$log")
    [ -n "$fx" ] && all[$i,fx]+="$fx "
  done
  echo "round $r of $rounds done" >&2
done
read -r load1 _ < /proc/loadavg
echo "medians of $rounds interleaved rounds, ms from launch (load average $load1 at the end):"
for i in "${!images[@]}"; do
  line=""
  for s in $steps; do line+=" $s $(printf '%s\n' ${all[$i,$s]} | median)"; done
  [ -n "${all[$i,fx]:-}" ] && line+=" fx-cpu $(printf '%s\n' ${all[$i,fx]} | median)"
  echo "$line   ${images[$i]}"
  echo "   painted: ${all[$i,painted]}"
done
