#!/bin/sh
# Takes docs/viewer.png: the viewer showing the demo's simulated cameras, on a virtual X display.
#
#   scripts/viewer-screenshot.sh [output.png]
#
# Needs (Debian): xvfb, imagemagick (for `import`), x11-utils (for `xdpyinfo`), a JDK and Maven.
# Builds cli/target/streamsync.jar first if it is missing.
set -eu
cd "$(dirname "$0")/.."
OUT=${1:-docs/viewer.png}
JAR=cli/target/streamsync.jar
DISPLAY_NUM=${SCREENSHOT_DISPLAY:-:99}

if [ ! -f "$JAR" ]; then
    mvn -B -q -DskipTests package
fi
mkdir -p "$(dirname "$OUT")"

Xvfb "$DISPLAY_NUM" -screen 0 1280x720x24 -nolisten tcp >/dev/null 2>&1 &
XVFB_PID=$!
APP_PID=
cleanup() {
    [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null || true
    kill "$XVFB_PID" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

# Wait (at most 10 s) until the X server answers.
i=0
until DISPLAY="$DISPLAY_NUM" xdpyinfo >/dev/null 2>&1; do
    i=$((i + 1))
    if [ "$i" -gt 50 ]; then
        echo "viewer-screenshot: Xvfb did not start on $DISPLAY_NUM" >&2
        exit 1
    fi
    sleep 0.2
done

DISPLAY="$DISPLAY_NUM" java -jar "$JAR" view --demo --seconds 8 --rows 2 --cols 2 &
APP_PID=$!
# Wait for the window (the JVM, FFmpeg and the simulated encoders take a few seconds to start), then
# for the first sender reports (~1 s) and packets to flow, then take the picture of the window.
WINDOW=
i=0
while [ -z "$WINDOW" ]; do
    i=$((i + 1))
    if [ "$i" -gt 100 ] || ! kill -0 "$APP_PID" 2>/dev/null; then
        echo "viewer-screenshot: the viewer window did not appear" >&2
        exit 1
    fi
    sleep 0.2
    WINDOW=$(DISPLAY="$DISPLAY_NUM" xwininfo -name "streamsync view --demo" 2>/dev/null | awk '/Window id:/ {print $4}')
done
sleep 5
DISPLAY="$DISPLAY_NUM" import -window "$WINDOW" "$OUT"
wait "$APP_PID"
APP_PID=
echo "viewer-screenshot: wrote $OUT"
