#!/usr/bin/env bash
# Optional: a Debian package of the runtime image with jpackage (needs fakeroot and dpkg-deb).
# Usage: jlink/build-deb.sh target   (after jlink/build-image.sh)
# jpackage first lays out an application image (/opt/ratelab: bin/, lib/app, lib/runtime); its native launcher is then
# replaced by the image's bin/ratelab script, so the installed app starts as the runtime image does: with the CDS
# archive made on the first start and the workbench's late C2 (see jlink/ratelab), and the same command line.
# jlink/deb/postinst and prerm (jpackage templates) also link /usr/bin/ratelab and let the install succeed where there
# is no desktop menu to add the entry to.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
target=$(cd "${1:-$here/../target}" && pwd)
image="$target/ratelab-image"
version=${RATELAB_VERSION:-0.1.0}
out="$target/jpackage"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$out" && mkdir -p "$out"
jpackage --type app-image --name ratelab --app-version "$version" \
  --runtime-image "$image/runtime" --input "$image/app" --main-jar ratelab.jar \
  --main-class io.ratelab.RateLab --icon "$here/../icons/ratelab-256.png" --vendor RateLab --dest "$work"
app="$work/ratelab"
install -m 755 "$here/ratelab" "$app/bin/ratelab"
rm -f "$app/lib/libapplauncher.so" "$app/lib/app/ratelab.cfg"
jpackage --type deb --app-image "$app" --name ratelab --app-version "$version" \
  --description "Load-test HTTP services and tune the rate limiter in front of them" \
  --vendor RateLab --linux-deb-maintainer ratelab@localhost --linux-shortcut --linux-menu-group Development \
  --license-file "$here/../LICENSE" --resource-dir "$here/deb" --dest "$out"
ls -la "$out"
