#!/usr/bin/python3
"""Camera server for the end-to-end benchmark: GStreamer's RTSP server (Debian 12 packages) with N
mounts /cam0 .. /cam<N-1>, each a live test pattern encoded with x264 (zerolatency, ultrafast, no
B-frames, one keyframe a second), over RTSP/TCP.

Sender reports carry the capture time: the pipeline clock runs on the NTP epoch and rtpbin uses
ntp-time-source=clock-time with rtcp-sync-send-time=false (see DESIGN.md, "The clock").
SPS/PPS are repeated by h264parse config-interval=-1, not by the payloader (DESIGN.md).

Prints "READY <url>" per mount once listening; exits when stdin closes.
Run with Debian's /usr/bin/python3 (it has the gi bindings).
"""
import argparse
import sys
import threading

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

Gst.init(None)  # before subclassing GStreamer types
NTP_TO_UNIX_NS = 2208988800 * 1000000000


class CaptureTimeMedia(GstRtspServer.RTSPMedia):
    def do_setup_rtpbin(self, rtpbin):
        rtpbin.set_property("rtcp-sync-send-time", False)
        Gst.util_set_object_arg(rtpbin, "ntp-time-source", "clock-time")
        return True


def on_prepared(media):
    for i in range(media.n_streams()):
        session = media.get_stream(i).get_rtpsession()
        if session is not None:
            session.set_property("rtcp-min-interval", 500_000_000)  # first SR sooner (ns)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--width", type=int, default=1280)
    p.add_argument("--height", type=int, default=720)
    p.add_argument("--fps", type=int, default=30)
    p.add_argument("--bitrate-kbps", type=int, default=0, help="0: 0.1 bit per pixel per frame")
    args = p.parse_args()
    kbps = args.bitrate_kbps or max(100, args.width * args.height * args.fps // 10 // 1000)
    launch = ("( videotestsrc is-live=true pattern=ball ! video/x-raw,format=I420,width=%d,height=%d,framerate=%d/1 ! "
              "x264enc tune=zerolatency speed-preset=ultrafast bframes=0 key-int-max=%d bitrate=%d ! "
              "h264parse config-interval=-1 ! rtph264pay name=pay0 pt=96 )"
              % (args.width, args.height, args.fps, args.fps, kbps))

    clock = Gst.SystemClock.obtain()
    clock.set_property("clock-type", Gst.ClockType.REALTIME)
    internal = clock.get_internal_time()
    clock.set_calibration(internal, internal + NTP_TO_UNIX_NS, 1, 1)

    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service("0")
    mounts = server.get_mount_points()
    for i in range(args.count):
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(launch)
        factory.set_media_gtype(CaptureTimeMedia)
        factory.set_clock(clock)
        factory.set_shared(False)
        factory.set_protocols(GstRtsp.RTSPLowerTrans.TCP)
        factory.connect("media-configure", lambda f, media: media.connect("prepared", on_prepared))
        mounts.add_factory("/cam%d" % i, factory)
    loop = GLib.MainLoop()
    if server.attach(None) == 0:
        print("ERROR cannot attach server", flush=True)
        return 1
    for i in range(args.count):
        print("READY rtsp://127.0.0.1:%d/cam%d" % (server.get_bound_port(), i), flush=True)

    def watch_stdin():
        sys.stdin.read()
        GLib.idle_add(loop.quit)

    threading.Thread(target=watch_stdin, daemon=True).start()
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
