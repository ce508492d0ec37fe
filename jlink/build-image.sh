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
"$jlink" --module-path "$fx_path" --add-modules "$jdk_modules,$fx_modules" \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$image/runtime"

mkdir -p "$image/bin" "$image/app/lib" "$image/share/applications" "$image/share/icons"
cp "$target/ratelab.jar" "$image/app/"
for jar in "$target"/lib/*.jar; do
  case "$(basename "$jar")" in javafx-*) ;; *) cp "$jar" "$image/app/lib/";; esac   # JavaFX is in the runtime
done
install -m 755 "$here/ratelab" "$image/bin/ratelab"
cp "$here/ratelab.desktop" "$image/share/applications/"
cp "$here/../icons/"*.png "$here/../icons/ratelab.svg" "$image/share/icons/"
echo "runtime image: $image ($(du -sh "$image" | cut -f1)); run $image/bin/ratelab"
