#!/usr/bin/env bash
# Builds RateLab's self-contained runtime image: a jlinked Java runtime holding only the modules RateLab needs plus
# JavaFX (linked from JavaFX's modular jars in target/lib), the application jars, and a bin/ratelab launcher.
# Called by `mvn -Pjlink package` after the jar is built; usable by hand: jlink/build-image.sh target
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
target=$(cd "${1:-$here/../target}" && pwd)
image="$target/ratelab-image"
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
jlink="$java_home/bin/jlink"

# JDK modules: what jdeps reports for the jar and its dependencies, plus TLS curves and the HTTP client.
jdk_modules=java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.security.jgss
jdk_modules=$jdk_modules,java.security.sasl,java.sql,java.xml,jdk.crypto.ec,jdk.jfr,jdk.net,jdk.unsupported
fx_modules=javafx.base,javafx.graphics,javafx.controls,javafx.fxml,javafx.swing

fx_path=$(ls "$target"/lib/javafx-*-linux.jar | tr '\n' ':')
[ -n "$fx_path" ] || { echo "no JavaFX platform jars in $target/lib: run mvn package first" >&2; exit 1; }

rm -rf "$image"
# JavaFX's native libraries go to runtime/lib, where JavaFX looks first in a jlinked runtime; left inside the modules
# they would be hashed and copied into ~/.openjfx/cache on every start.
"$jlink" --module-path "$fx_path" --add-modules "$jdk_modules,$fx_modules" \
  --exclude-resources='glob:/javafx.*/lib*.so' \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$image/runtime"
for jar in "$target"/lib/javafx-*-linux.jar; do
  unzip -q -o -j "$jar" 'lib*.so' -d "$image/runtime/lib" 2>/dev/null || [ $? -eq 11 ]   # 11: jar has no .so
done
# The JDK's shared libraries keep their symbol tables; the runtime does not need them (about 4 MB).
if command -v strip >/dev/null; then
  find "$image/runtime/lib" -name '*.so' -exec strip --strip-unneeded {} +
else
  echo "note: no strip on PATH; the runtime's shared libraries keep their symbol tables" >&2
fi

mkdir -p "$image/bin" "$image/app/lib" "$image/share/applications" "$image/share/icons"
cp "$target/ratelab.jar" "$image/app/"
for jar in "$target"/lib/*.jar; do
  case "$(basename "$jar")" in javafx-*) ;; *) cp "$jar" "$image/app/lib/";; esac   # JavaFX is in the runtime
done
install -m 755 "$here/ratelab" "$image/bin/ratelab"
cp "$here/ratelab.desktop" "$image/share/applications/"
cp "$here/../icons/"*.png "$here/../icons/ratelab.svg" "$image/share/icons/"

# The CDS class list: a training run opens the workbench headless on Xvfb, lets it paint its first frame and quit,
# and records every class it loaded. bin/ratelab turns it into a class-data-sharing archive on the first start (see
# there). Without Xvfb (or GTK 3) the image is built without it, and the workbench starts without CDS.
classlist="$image/app/ratelab.classlist"
if command -v xvfb-run >/dev/null; then
  config=$(mktemp -d) && log=$config/training.log
  if timeout 180 xvfb-run -a -s "-screen 0 1600x1000x24" "$image/runtime/bin/java" -Xshare:off \
       -XX:DumpLoadedClassList="$classlist.tmp" -Dratelab.startuplog=exit -Dratelab.config.dir="$config" \
       -jar "$image/app/ratelab.jar" >"$log" 2>&1 && grep -q '^ratelab.startup painted' "$log"; then
    grep -v '\$Proxy[0-9]' "$classlist.tmp" >"$classlist"   # dynamic proxies are generated, CDS cannot preload them
    rm -f "$classlist.tmp"
    echo "CDS class list: $(grep -vc "^@" "$classlist") classes the workbench loads until its window is painted"
  else
    rm -f "$classlist.tmp"
    echo "warning: the CDS training run failed, the image has no class list (the workbench starts slower):" >&2
    tail -5 "$log" >&2
  fi
  rm -rf "$config"
else
  echo "note: no xvfb-run, so no CDS training run: the image has no class list (the workbench starts slower)" >&2
fi
echo "runtime image: $image ($(du -sh "$image" | cut -f1)); run $image/bin/ratelab"
