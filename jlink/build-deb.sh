#!/usr/bin/env bash
# Optional: a Debian package of the runtime image with jpackage (needs fakeroot and dpkg-deb).
# Usage: jlink/build-deb.sh target   (after jlink/build-image.sh)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
target=$(cd "${1:-$here/../target}" && pwd)
image="$target/ratelab-image"
rm -rf "$target/jpackage" && mkdir -p "$target/jpackage"
jpackage --type deb --name ratelab --app-version "${RATELAB_VERSION:-0.1.0}" \
  --description "Load-test HTTP services and tune the rate limiter in front of them" \
  --runtime-image "$image/runtime" --input "$image/app" --main-jar ratelab.jar \
  --main-class io.ratelab.RateLab --icon "$here/../icons/ratelab-256.png" \
  --vendor RateLab --linux-deb-maintainer ratelab@localhost --linux-shortcut --linux-menu-group Development --license-file "$here/../LICENSE" \
  --dest "$target/jpackage"
ls -la "$target/jpackage"
