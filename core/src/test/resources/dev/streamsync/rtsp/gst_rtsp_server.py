#!/usr/bin/python3
"""Test peer for the RTSP client integration tests: GStreamer's RTSP server (Debian 12 packages)
streaming live H.264 or H.265 with the capture time of every frame printed to stdout.

The pipeline clock is the system realtime clock moved to the NTP epoch and rtpbin maps RTP time to NTP with
ntp-time-source=clock-time and rtcp-sync-send-time=false, so a sender report states the capture time
of the frame (not the send time). Lines printed on stdout:

    READY <url>                                   listening (on an ephemeral port unless --port)
    FRAME <rtp ts, 32 bit> <capture ns> <sent ns> per frame, at the payloader: the capture time
                                                  encoded (ns since the Unix epoch) and the local
                                                  wall-clock time it left the payloader
    KEY <capture ns>                              a keyframe (IDR / IRAP) left the parser
    PLAY <wall ns>                                a client's PLAY request was handled
    SR <wall ns> <rtp ts, 32 bit> <ntp as Unix ns> a sender report left rtpbin (those dropped by
                                                  --first-sr-after-ms / --drop-first-sr are not printed)

Options that change how the camera behaves are all off by default (the stream is then the one the
existing tests know): --send-delay-ms (a camera behind a relay), --first-sr-after-ms and
--rtcp-min-interval-ms (late sender reports), --drop-first-sr (see on_rtcp), --phase-us /
--jitter-us / --rate-ppm (where on the UTC frame grid the camera captures, with capture jitter and a
clock off its nominal rate; see Retimer),
--gop-frames, --no-sprop and --shared (a camera whose SDP has no parameter sets, already streaming
to another client, so a new client joins mid-GOP; see not_seekable), --port (restart on the same port).

Started by the test with /usr/bin/python3. Stops on SIGTERM/SIGKILL or when stdin closes.
"""
import argparse
import random
import struct
import sys
import threading
import time

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
gi.require_version("GstRtp", "1.0")
gi.require_version("GstSdp", "1.0")
from gi.repository import GLib, Gst, GstRtp, GstRtsp, GstRtspServer, GstSdp  # noqa: E402

Gst.init(None)  # before subclassing GStreamer types

out_lock = threading.Lock()
NTP_TO_UNIX_NS = 2208988800 * 1000000000
RTCP_SR = 200

args = None
last_play_ns = {"t": None}


def emit(line):
    with out_lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def capture_utc_ns(pad, pts):
    """UTC (Unix epoch) ns of a buffer's PTS: running time plus base time on the NTP-epoch clock."""
    # Encoders shift timestamps (x264enc/x265enc by 1000 hours) inside a matching segment: the
    # running time, not the raw PTS, is what the clock maps.
    event = pad.get_sticky_event(Gst.EventType.SEGMENT, 0)
    running = event.parse_segment().to_running_time(Gst.Format.TIME, pts) if event else pts
    element = pad.get_parent_element()
    base = element.get_base_time() if element is not None else 0
    return base + running - NTP_TO_UNIX_NS


class CaptureTimeMedia(GstRtspServer.RTSPMedia):
    """Media whose rtpbin stamps sender reports with the capture clock time."""

    def do_setup_rtpbin(self, rtpbin):
        self.rtpbin = rtpbin
        rtpbin.set_property("rtcp-sync-send-time", False)
        Gst.util_set_object_arg(rtpbin, "ntp-time-source", "clock-time")
        return True

    def do_setup_sdp(self, sdp, info):
        ok = GstRtspServer.RTSPMedia.do_setup_sdp(self, sdp, info)
        if ok and args.no_sprop:
            strip_sprop(sdp)
        return ok


def strip_sprop(sdp):
    """Removes sprop-parameter-sets (H.264, RFC 6184 8.1) / sprop-vps/sps/pps (H.265, RFC 7798 7.1)
    from every fmtp line: the parameter sets then come only in-band, before each IDR."""
    for m in range(sdp.medias_len()):
        media = sdp.get_media(m)
        for a in range(media.attributes_len()):
            attr = media.get_attribute(a)
            if attr.key != "fmtp":
                continue
            pt, _, params = attr.value.partition(" ")
            kept = [x for x in params.split(";") if x.strip() and not x.strip().startswith("sprop-")]
            value = pt + " " + ";".join(kept)
            media.remove_attribute(a)
            media.add_attribute("fmtp", value)
            break


def parse_sender_report(buf):
    """(rtp ts, NTP time as Unix ns) of the SR at the start of a compound RTCP packet, or None.
    RFC 3550 6.4.1: header (4), SSRC (4), NTP seconds.fraction (8), RTP timestamp (4)."""
    ok, info = buf.map(Gst.MapFlags.READ)
    if not ok:
        return None
    try:
        data = bytes(info.data)
    finally:
        buf.unmap(info)
    if len(data) < 20 or data[1] != RTCP_SR:
        return None
    ntp_sec, ntp_frac, rtp = struct.unpack("!III", data[8:20])
    ntp_ns = ntp_sec * 1000000000 + (ntp_frac * 1000000000 >> 32)
    return rtp, ntp_ns - NTP_TO_UNIX_NS


def on_rtcp(pad, info, seen):
    """Drops sender reports until --first-sr-after-ms after the last PLAY, and the first one of the
    session with --drop-first-sr; prints those sent."""
    buf = info.get_buffer()
    sr = parse_sender_report(buf)
    if sr is None:
        return Gst.PadProbeReturn.OK
    seen["n"] += 1
    now = time.time_ns()
    if args.drop_first_sr and seen["n"] == 1:
        # GStreamer 1.22 quirk: the SR sent with the first RTP packet (before rtpbin knows the
        # pipeline latency) maps RTP to NTP 20-75 ms off the capture time; every later one is
        # within a 90 kHz tick. A camera's SRs agree with each other, so tests that check capture
        # times drop it.
        return Gst.PadProbeReturn.DROP
    if args.first_sr_after_ms > 0:
        play = last_play_ns["t"]
        if play is None or now < play + args.first_sr_after_ms * 1000000:
            return Gst.PadProbeReturn.DROP
    emit("SR %d %d %d" % (now, sr[0], sr[1]))
    return Gst.PadProbeReturn.OK


def on_prepared(media):
    for i in range(media.n_streams()):
        stream = media.get_stream(i)
        session = stream.get_rtpsession()
        if session is not None:
            # First SR sooner and then often (ns): tests need anchors within a second.
            session.set_property("rtcp-min-interval", args.rtcp_min_interval_ms * 1000000)
            rtcp_pad = media.rtpbin.get_static_pad("send_rtcp_src_%d" % stream.get_index())
            if rtcp_pad is not None:
                rtcp_pad.add_probe(Gst.PadProbeType.BUFFER, on_rtcp, {"n": 0})
            else:
                emit("ERROR no send_rtcp_src pad on rtpbin: SR lines unavailable")
        pad = stream.get_srcpad()
        last = {"ts": None}

        def report(pad, buf, last):
            ok, rtp = GstRtp.RTPBuffer.map(buf, Gst.MapFlags.READ)
            if not ok:
                return
            ts = rtp.get_timestamp()
            GstRtp.RTPBuffer.unmap(rtp)
            if ts != last["ts"] and buf.pts != Gst.CLOCK_TIME_NONE:
                last["ts"] = ts
                emit("FRAME %d %d %d" % (ts, capture_utc_ns(pad, buf.pts), time.time_ns()))

        def probe(pad, info, last=last):
            # rtph265pay pushes buffer lists, rtph264pay single buffers: handle both.
            if info.type & Gst.PadProbeType.BUFFER_LIST:
                blist = info.get_buffer_list()
                for i in range(blist.length()):
                    report(pad, blist.get(i), last)
            else:
                report(pad, info.get_buffer(), last)
            return Gst.PadProbeReturn.OK

        pad.add_probe(Gst.PadProbeType.BUFFER | Gst.PadProbeType.BUFFER_LIST, probe)


def on_keyframe(pad, info):
    buf = info.get_buffer()
    if not buf.has_flags(Gst.BufferFlags.DELTA_UNIT) and buf.pts != Gst.CLOCK_TIME_NONE:
        emit("KEY %d" % capture_utc_ns(pad, buf.pts))
    return Gst.PadProbeReturn.OK


class Retimer:
    """Moves each captured frame's timestamp onto a UTC grid: frame k is captured at
    t0 + k * interval * (1 + ppm/1e6) + jitter_k, where t0 is the first grid point (nominal interval)
    at --phase-us past a multiple of the interval, and jitter_k is uniform in +-jitter. The source
    still produces frames at its nominal rate; only the timestamps (and so RTP times, sender
    reports and the printed capture times) move."""

    def __init__(self, fps, phase_us, jitter_us, rate_ppm):
        self.interval_ns = 1e9 / fps
        self.fps = fps
        self.phase_ns = int(phase_us * 1000)
        self.jitter_ns = int(jitter_us * 1000)
        self.effective_interval_ns = self.interval_ns * (1 + rate_ppm * 1e-6)
        self.t0 = None
        self.k = 0
        self.rng = random.Random(phase_us * 7919 + jitter_us * 31 + rate_ppm)

    def probe(self, pad, info):
        buf = info.get_buffer()
        if buf.pts == Gst.CLOCK_TIME_NONE:
            return Gst.PadProbeReturn.OK
        element = pad.get_parent_element()
        base = element.get_base_time()
        utc = base + buf.pts - NTP_TO_UNIX_NS  # videotestsrc: segment from 0, running time = PTS
        if self.t0 is None:
            # First grid point at or after this frame: n * 1e9 / fps + phase (exact integer ns).
            n = (utc - self.phase_ns) * self.fps // 1000000000 + 1
            self.t0 = n * 1000000000 // self.fps + self.phase_ns
        jitter = self.rng.randint(-self.jitter_ns, self.jitter_ns) if self.jitter_ns else 0
        target = self.t0 + int(round(self.k * self.effective_interval_ns)) + jitter
        self.k += 1
        running = target + NTP_TO_UNIX_NS - base
        if running > 0:
            buf.pts = running
        return Gst.PadProbeReturn.OK


def on_media_configure(factory, media):
    media.connect("prepared", on_prepared)
    element = media.get_element()
    parse = element.get_by_name("parse")
    if parse is not None:
        parse.get_static_pad("src").add_probe(Gst.PadProbeType.BUFFER, on_keyframe)
        if args.shared:
            parse.get_static_pad("src").add_probe(Gst.PadProbeType.QUERY_UPSTREAM, not_seekable)
    if args.phase_us is not None or args.jitter_us or args.rate_ppm:
        retimer = Retimer(args.fps, args.phase_us or 0, args.jitter_us, args.rate_ppm)
        element.get_by_name("camera").get_static_pad("src").add_probe(Gst.PadProbeType.BUFFER, retimer.probe)


def on_client_connected(server, client):
    def on_play(client, ctx):
        now = time.time_ns()
        last_play_ns["t"] = now
        emit("PLAY %d" % now)
    client.connect("play-request", on_play)


def not_seekable(pad, info):
    """GStreamer 1.22 quirk: the server seeks a seekable media (videotestsrc is) with a flush when a
    PLAY carries a Range (FFmpeg and we send npt=0.000-), restarting the pipeline and its GOP for
    every client of a shared media. A live camera plays from now whatever the Range says: answer the
    SEEKING query "not seekable", so the server does not seek and a joining client comes in mid-GOP.
    (A new SEEKING query already says not seekable; the probe only keeps videotestsrc from answering.)"""
    if info.get_query().type == Gst.QueryType.SEEKING:
        return Gst.PadProbeReturn.HANDLED
    return Gst.PadProbeReturn.OK


def main():
    global args
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
    p.add_argument("--port", type=int, default=0, help="listen on this port (0: an ephemeral one)")
    p.add_argument("--gop-frames", type=int, help="frames per GOP (x264enc/x265enc key-int-max); default: fps")
    p.add_argument("--no-sprop", action="store_true", help="no sprop-* parameter sets in the SDP (in-band only)")
    p.add_argument("--shared", action="store_true", help="one media for every client (no IDR when one joins)")
    p.add_argument("--send-delay-ms", type=int, default=0, help="hold encoded frames this long before sending")
    p.add_argument("--rtcp-min-interval-ms", type=int, default=200, help="rtpsession rtcp-min-interval")
    p.add_argument("--drop-first-sr", action="store_true",
                   help="drop the session's first sender report (GStreamer's is off the capture time)")
    p.add_argument("--first-sr-after-ms", type=int, default=0, help="drop sender reports until this long after PLAY")
    p.add_argument("--phase-us", type=float, help="capture on the UTC grid of the frame interval, this far past it")
    p.add_argument("--jitter-us", type=float, default=0, help="uniform capture-time jitter, +- this")
    p.add_argument("--rate-ppm", type=float, default=0, help="capture clock this far off the nominal rate")
    args = p.parse_args()

    gop = args.gop_frames or args.fps
    caps = "video/x-raw,format=I420,width=%d,height=%d,framerate=%d/1" % (args.width, args.height, args.fps)
    if args.send_delay_ms > 0:
        # A camera behind a relay: encoded frames wait here (the queue releases a frame once it holds
        # that much stream time); their timestamps, so RTP times and sender reports, are unchanged.
        delay = ("queue name=delay leaky=no max-size-buffers=0 max-size-bytes=0 max-size-time=0 "
                 "min-threshold-time=%d ! " % (args.send_delay_ms * 1000000))
    else:
        delay = ""
    if args.codec == "h264":
        enc = ("x264enc tune=zerolatency speed-preset=ultrafast key-int-max=%d bframes=0 ! "
               "h264parse name=parse config-interval=-1 ! %srtph264pay name=pay0 pt=96" % (gop, delay))
    else:
        enc = ("x265enc tune=zerolatency speed-preset=ultrafast key-int-max=%d ! "
               "h265parse name=parse config-interval=-1 ! %srtph265pay name=pay0 pt=96" % (gop, delay))
    launch = "( videotestsrc name=camera is-live=true pattern=ball ! %s ! %s )" % (caps, enc)

    # rtpbin with ntp-time-source=clock-time writes the clock's time into sender reports as an NTP
    # timestamp: the clock must run on the NTP epoch (1900), i.e. realtime + 70 years.
    clock = Gst.SystemClock.obtain()
    clock.set_property("clock-type", Gst.ClockType.REALTIME)
    internal = clock.get_internal_time()
    clock.set_calibration(internal, internal + NTP_TO_UNIX_NS, 1, 1)

    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    server.connect("client-connected", on_client_connected)
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(launch)
    factory.set_media_gtype(CaptureTimeMedia)
    factory.set_clock(clock)
    factory.set_shared(args.shared)
    factory.set_suspend_mode(GstRtspServer.RTSPSuspendMode.NONE)
    if args.protocols == "tcp":
        factory.set_protocols(GstRtsp.RTSPLowerTrans.TCP)
    elif args.protocols == "udp":
        factory.set_protocols(GstRtsp.RTSPLowerTrans.UDP)
    factory.connect("media-configure", on_media_configure)

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
