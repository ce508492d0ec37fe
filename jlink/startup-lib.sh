# Shared by jlink/measure-startup.sh and jlink/compare-startup.sh (sourced, not run): reading the workbench's
# start-up log (-Dratelab.startuplog, see io.ratelab.ui.StartupLog) and taking medians.

STARTUP_STEPS="main toolkit scene shown painted"

# The median of the numbers on standard input, one per line (the mean of the middle two for an even count).
median() { sort -n | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print int((v[NR/2]+v[NR/2+1])/2)}'; }

now_ms() { date +%s%3N; }

# step_at LOG STEP: the wall-clock milliseconds at which the log says STEP was done (empty when it is not there).
step_at() { awk -v s="$2" '$1 == "ratelab.startup" && $2 == s {print $3}' "$1"; }

# fx_cpu LOG: the FX thread's CPU milliseconds at the first painted frame (empty when the image does not log it).
fx_cpu() { awk '$1 == "ratelab.startup" && $2 == "painted" && $5 ~ /^cpu=/ {sub("cpu=", "", $5); print $5}' "$1"; }
