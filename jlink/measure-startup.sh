#!/usr/bin/env bash
# Window-up time of the runtime image's workbench: from launching bin/ratelab to its first painted frame.
# Usage: jlink/measure-startup.sh [-n RUNS] [--cold | --cold-app] [--xdotool] [IMAGE]
#   IMAGE      the runtime image (default target/ratelab-image), or the .deb's /opt/ratelab, installed or unpacked
#   -n RUNS    runs to take the median of (default 5)
#   --cold     drop the whole page cache before every run (sync; echo 3 > /proc/sys/vm/drop_caches; needs root):
#              the system's own libraries (GTK, fonts, X) are read from disk too, as after a reboot
#   --cold-app evict only RateLab's files (the image and its CDS archive) from the page cache before every run
#              (GNU dd iflag=nocache): the first start of the app on a desktop that is already running
#   --xdotool  also time when X first reports a visible window titled RateLab (xdotool search, polled)
# Each run starts the launcher with -Dratelab.startuplog=exit: the workbench prints a line per start-up step (main,
# toolkit, scene, shown, painted; see io.ratelab.ui.StartupLog) and quits once its first frame is painted. Besides the
# wall-clock steps it reports fx-cpu, the CPU time the FX thread had used when the frame was painted (the start-up's
# critical path, steadier than the clock on a noisy machine), and cpu, all threads' CPU time. Runs on
# its own Xvfb (xvfb-run -a) unless DISPLAY is set. Extra JVM options for every run: RATELAB_JAVA_OPTS.
# The runs use a fresh cache directory (XDG_CACHE_HOME): when the image has a CDS class list, a first start (reported apart)
# lets bin/ratelab dump the archive, and the timed runs map it (as every start after a user's first one does).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=5 cold=0 xdo=0 image="$here/../target/ratelab-image"
while [ $# -gt 0 ]; do
  case "$1" in
    -n) runs=${2:?-n needs a number}; shift 2 ;;
    --cold) cold=1; shift ;;
    --cold-app) cold=app; shift ;;
    --xdotool) xdo=1; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "measure-startup: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) image=$1; shift ;;
  esac
done
case "$runs" in ''|*[!0-9]*|0) echo "measure-startup: -n wants a positive whole number, got '$runs'" >&2; exit 2 ;; esac
launcher="$image/bin/ratelab"
[ -x "$launcher" ] || { echo "measure-startup: no launcher $launcher: build the image (mvn -Pjlink package)" >&2; exit 1; }
if [ "$xdo" = 1 ] && ! command -v xdotool >/dev/null; then
  echo "measure-startup: --xdotool needs xdotool (apt-get install xdotool)" >&2; exit 1
fi
if [ -z "${DISPLAY:-}" ]; then
  command -v xvfb-run >/dev/null || { echo "measure-startup: no DISPLAY and no xvfb-run" >&2; exit 1; }
  exec xvfb-run -a -s "-screen 0 1600x1000x24" "$0" -n "$runs" $([ "$cold" = 1 ] && echo --cold) $([ "$cold" = app ] && echo --cold-app) \
    $([ "$xdo" = 1 ] && echo --xdotool) "$image"
fi

. "$here/startup-lib.sh"
log=$(mktemp) config=$(mktemp -d) cache=$(mktemp -d)
trap 'rm -rf "$log" "$config" "$cache"' EXIT
export XDG_CACHE_HOME=$cache
timer=""   # CPU seconds of each run (all threads), when GNU time is there: less at the mercy of other load
[ -x /usr/bin/time ] && timer="/usr/bin/time -a -o $log -f ratelab.cpu_%U_%S"
start() {   # starts the workbench in the background, logging its start-up steps; sets pid
  RATELAB_JAVA_OPTS="${RATELAB_JAVA_OPTS:-} -Dratelab.startuplog=exit -Dratelab.config.dir=$config" \
    $timer "$launcher" 2>"$log" >/dev/null &
  pid=$!
}
appdir=$image/app; [ -d "$appdir" ] || appdir=$image/lib/app   # the .deb's layout (/opt/ratelab)
if [ -f "$appdir/ratelab.classlist" ] && [ "${RATELAB_CDS:-on}" != off ]; then
  t0=$(now_ms); start; wait "$pid" || true
  echo "first start (no CDS archive yet): painted after $(( $(step_at "$log" painted) - t0 )) ms"
  for _ in $(seq 1 600); do ls "$cache"/ratelab/cds/*/*.jsa >/dev/null 2>&1 && break; sleep 0.2; done
  jsa=$(ls "$cache"/ratelab/cds/*/*.jsa 2>/dev/null) || {
    echo "measure-startup: bin/ratelab dumped no CDS archive in 120 s:" >&2; cat "$cache"/ratelab/cds/*/dump.log >&2
    exit 1; }
  echo "CDS archive $(du -h "$jsa" | cut -f1) dumped by the first start"
else
  echo "no CDS (no class list in the image, or RATELAB_CDS=off)"
fi
steps=$STARTUP_STEPS
declare -A all
xdo_all=()
echo "image $image ($(du -sh "$image" | cut -f1)), $runs $(case $cold in 1) echo cold;; app) echo cold-app;; *) echo warm;; esac) runs," \
  "RATELAB_JAVA_OPTS='${RATELAB_JAVA_OPTS:-}'"
for i in $(seq 1 "$runs"); do
  if [ "$cold" = app ]; then
    find "$image" "$cache" -type f -exec dd if={} iflag=nocache count=0 status=none \; \
      || { echo "measure-startup: cannot evict the image from the page cache (GNU dd needed)" >&2; exit 1; }
  fi
  if [ "$cold" = 1 ]; then
    sync
    echo 3 > /proc/sys/vm/drop_caches || { echo "measure-startup: cannot drop the page cache (root needed)" >&2; exit 1; }
  fi
  t0=$(now_ms)
  start
  xdo_ms=""
  if [ "$xdo" = 1 ]; then
    while kill -0 "$pid" 2>/dev/null; do
      if xdotool search --onlyvisible --name '^RateLab' >/dev/null 2>&1; then xdo_ms=$(( $(now_ms) - t0 )); break; fi
      sleep 0.01
    done
  fi
  if ! timeout 60 tail --pid="$pid" -f /dev/null; then
    kill "$pid" 2>/dev/null; echo "measure-startup: run $i did not quit within 60 s" >&2; exit 1
  fi
  line="run $i:"
  for s in $steps; do
    at=$(step_at "$log" "$s")
    [ -n "$at" ] || { echo "measure-startup: run $i logged no '$s' step; its output:" >&2; cat "$log" >&2; exit 1; }
    all[$s]+="$(( at - t0 )) "
    line+=" $s $(( at - t0 ))"
  done
  fx=$(fx_cpu "$log")
  [ -n "$fx" ] && { line+=" fx-cpu $fx"; all[fx]+="$fx "; }
  cpu=$(awk -F_ '$1 == "ratelab.cpu" {printf "%d", ($2 + $3) * 1000}' "$log")
  [ -n "$cpu" ] && { line+=" cpu $cpu"; all[cpu]+="$cpu "; }
  [ -n "$xdo_ms" ] && { line+=" (xdotool: visible $xdo_ms)"; xdo_all+=("$xdo_ms"); }
  echo "$line ms"
done
summary="median of $runs:"
read -r load1 _ < /proc/loadavg
for s in $steps; do summary+=" $s $(printf '%s\n' ${all[$s]} | median)"; done
[ -n "${all[fx]:-}" ] && summary+=" fx-cpu $(printf '%s\n' ${all[fx]} | median)"
[ -n "${all[cpu]:-}" ] && summary+=" cpu $(printf '%s\n' ${all[cpu]} | median)"
echo "$summary ms"
[ ${#xdo_all[@]} -gt 0 ] && echo "xdotool visible, median: $(printf '%s\n' "${xdo_all[@]}" | median) ms"
echo "window up (painted), median: $(printf '%s\n' ${all[painted]} | median) ms (load average $load1 at the end)"
