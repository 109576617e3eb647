#!/usr/bin/python3
"""Test peer for the RTSP client integration tests: GStreamer's RTSP server (Debian 12 packages)
streaming live H.264 or H.265 with the capture time of every frame printed to stdout.

The pipeline clock is the system realtime clock moved to the NTP epoch and rtpbin maps RTP time to NTP with
ntp-time-source=clock-time and rtcp-sync-send-time=false, so a sender report states the capture time
of the frame (not the send time). A pad probe on the payloader prints, per frame:

    FRAME <rtp timestamp, 32 bit> <capture time, ns since the Unix epoch>

Started by the test with /usr/bin/python3; prints "READY <url>" once listening on an ephemeral port.
Stops on SIGTERM/SIGKILL or when stdin closes.
"""
import argparse
import sys
import threading

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
gi.require_version("GstRtp", "1.0")
from gi.repository import GLib, Gst, GstRtp, GstRtsp, GstRtspServer  # noqa: E402

Gst.init(None)  # before subclassing GStreamer types

out_lock = threading.Lock()
NTP_TO_UNIX_NS = 2208988800 * 1000000000


def emit(line):
    with out_lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


class CaptureTimeMedia(GstRtspServer.RTSPMedia):
    """Media whose rtpbin stamps sender reports with the capture clock time."""

    def do_setup_rtpbin(self, rtpbin):
        rtpbin.set_property("rtcp-sync-send-time", False)
        Gst.util_set_object_arg(rtpbin, "ntp-time-source", "clock-time")
        return True


def on_prepared(media):
    for i in range(media.n_streams()):
        stream = media.get_stream(i)
        session = stream.get_rtpsession()
        if session is not None:
            # First SR sooner and then often (ns): tests need anchors within a second.
            session.set_property("rtcp-min-interval", 200_000_000)
        pad = stream.get_srcpad()
        last = {"ts": None}

        def report(pad, buf, media, last):
            ok, rtp = GstRtp.RTPBuffer.map(buf, Gst.MapFlags.READ)
            if not ok:
                return
            ts = rtp.get_timestamp()
            GstRtp.RTPBuffer.unmap(rtp)
            if ts != last["ts"] and buf.pts != Gst.CLOCK_TIME_NONE:
                last["ts"] = ts
                # Encoders shift timestamps (x264enc/x265enc by 1000 hours) inside a matching
                # segment: the running time, not the raw PTS, is what the clock maps.
                event = pad.get_sticky_event(Gst.EventType.SEGMENT, 0)
                running = event.parse_segment().to_running_time(Gst.Format.TIME, buf.pts) if event else buf.pts
                base = media.get_element().get_base_time()
                emit("FRAME %d %d" % (ts, base + running - NTP_TO_UNIX_NS))

        def probe(pad, info, media=media, last=last):
            # rtph265pay pushes buffer lists, rtph264pay single buffers: handle both.
            if info.type & Gst.PadProbeType.BUFFER_LIST:
                blist = info.get_buffer_list()
                for i in range(blist.length()):
                    report(pad, blist.get(i), media, last)
            else:
                report(pad, info.get_buffer(), media, last)
            return Gst.PadProbeReturn.OK

        pad.add_probe(Gst.PadProbeType.BUFFER | Gst.PadProbeType.BUFFER_LIST, probe)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--codec", choices=["h264", "h265"], default="h264")
    p.add_argument("--protocols", choices=["tcp", "udp", "both"], default="both")
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--tls-cert", help="PEM certificate: serve rtsps (TLS) instead of rtsp")
    p.add_argument("--tls-key", help="PEM private key for --tls-cert")
    p.add_argument("--width", type=int, default=320)
    p.add_argument("--height", type=int, default=240)
    p.add_argument("--fps", type=int, default=30)
    args = p.parse_args()

    caps = "video/x-raw,format=I420,width=%d,height=%d,framerate=%d/1" % (args.width, args.height, args.fps)
    if args.codec == "h264":
        enc = ("x264enc tune=zerolatency speed-preset=ultrafast key-int-max=%d bframes=0 ! "
               "h264parse config-interval=-1 ! rtph264pay name=pay0 pt=96" % args.fps)
    else:
        enc = ("x265enc tune=zerolatency speed-preset=ultrafast key-int-max=%d ! "
               "h265parse config-interval=-1 ! rtph265pay name=pay0 pt=96" % args.fps)
    launch = "( videotestsrc is-live=true pattern=ball ! %s ! %s )" % (caps, enc)

    # rtpbin with ntp-time-source=clock-time writes the clock's time into sender reports as an NTP
    # timestamp: the clock must run on the NTP epoch (1900), i.e. realtime + 70 years.
    clock = Gst.SystemClock.obtain()
    clock.set_property("clock-type", Gst.ClockType.REALTIME)
    internal = clock.get_internal_time()
    clock.set_calibration(internal, internal + NTP_TO_UNIX_NS, 1, 1)

    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service("0")
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(launch)
    factory.set_media_gtype(CaptureTimeMedia)
    factory.set_clock(clock)
    factory.set_shared(False)
    factory.set_suspend_mode(GstRtspServer.RTSPSuspendMode.NONE)
    if args.protocols == "tcp":
        factory.set_protocols(GstRtsp.RTSPLowerTrans.TCP)
    elif args.protocols == "udp":
        factory.set_protocols(GstRtsp.RTSPLowerTrans.UDP)
    factory.connect("media-configure", lambda f, media: media.connect("prepared", on_prepared))

    auth = None
    if args.user or args.tls_cert:
        auth = GstRtspServer.RTSPAuth()
        server.set_auth(auth)
    if args.tls_cert:
        gi.require_version("Gio", "2.0")
        from gi.repository import Gio
        auth.set_tls_certificate(Gio.TlsCertificate.new_from_files(args.tls_cert, args.tls_key))
        if not args.user:
            # TLS without user authentication: everyone gets the "anonymous" role.
            anonymous = GstRtspServer.RTSPToken()
            anonymous.set_string("media.factory.role", "anonymous")
            auth.set_default_token(anonymous)
            factory.add_role_from_structure(Gst.Structure.new_from_string(
                "anonymous, media.factory.access=(boolean)true, media.factory.construct=(boolean)true"))
    if args.user:
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
        token = GstRtspServer.RTSPToken()
        token.set_string("media.factory.role", "user")
        auth.add_digest(args.user, args.password, token)
        role = Gst.Structure.new_from_string(
            "user, media.factory.access=(boolean)true, media.factory.construct=(boolean)true")
        factory.add_role_from_structure(role)

    server.get_mount_points().add_factory("/test", factory)
    loop = GLib.MainLoop()
    if server.attach(None) == 0:
        emit("ERROR cannot attach server")
        return 1
    emit("READY %s://127.0.0.1:%d/test" % ("rtsps" if args.tls_cert else "rtsp", server.get_bound_port()))

    def watch_stdin():
        sys.stdin.read()
        GLib.idle_add(loop.quit)

    threading.Thread(target=watch_stdin, daemon=True).start()
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
