package dev.streamsync.rtsp;

import dev.streamsync.clock.ClockEstimator;
import dev.streamsync.clock.ClockMapping;
import dev.streamsync.rtp.wire.HeaderExtensions;
import dev.streamsync.clock.Ntp;
import dev.streamsync.rtp.receive.ReceptionStatistics;
import dev.streamsync.rtcp.RtcpListener;
import dev.streamsync.rtcp.RtcpParseStatus;
import dev.streamsync.rtcp.RtcpParser;
import dev.streamsync.rtcp.RtcpWriter;
import dev.streamsync.rtp.wire.RtpPacketFlyweight;
import dev.streamsync.rtp.wire.RtpParseStatus;
import dev.streamsync.clock.RtpTimestampUnwrapper;
import dev.streamsync.rtp.receive.SequenceTracker;
import dev.streamsync.clock.TimestampSource;
import dev.streamsync.rtp.AccessUnit;
import dev.streamsync.rtp.Depacketizer;
import dev.streamsync.rtp.DropReason;
import dev.streamsync.rtp.PushResult;
import dev.streamsync.rtp.VideoCodec;
import dev.streamsync.rtp.h264.H264Depacketizer;
import dev.streamsync.rtp.h265.H265Depacketizer;
import dev.streamsync.sdp.MediaDescription;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One video track of a session: RTP in (through the rtcp module's flyweight, sequence tracking and
 * timestamp unwrapping), a depacketizer out, RTCP in (sender reports into the {@link ClockEstimator}),
 * receiver reports out.
 *
 * <p>Threading: all processing runs on the session's event loop; {@link #stats()} and
 * {@link #clock()} may be called from any thread.
 */
public final class RtspStream {
    private static final long NTP_56_REFERENCE_REFRESH_NANOS = 1_000_000_000L;

    private final int index;
    private final MediaDescription media;
    private final VideoCodec codec;
    private final int clockRateHz;
    private final String controlUrl;
    private final Events events;
    private final RtspClientConfig config;
    /**
     * Created at the first RTP packet of this stream, not at SETUP: its two access-unit buffers
     * (up to 256 KiB each) are allocated for tracks that really send media only.
     */
    private volatile Depacketizer depacketizer;
    private final ClockEstimator clock;
    private final RtpTimestampUnwrapper unwrapper = new RtpTimestampUnwrapper();
    private final RtpPacketFlyweight rtp = new RtpPacketFlyweight();
    private final RtcpParser rtcpParser = new RtcpParser(RtcpParser.CompoundPolicy.ALLOW_REDUCED_SIZE);
    private final RtcpHandler rtcpHandler = new RtcpHandler();
    private final int ntp64Id;
    private final int ntp56Id;
    private final long ourSsrc = ThreadLocalRandom.current().nextLong(1, 0xFFFF_FFFFL);
    private final ReorderBuffer reorder;

    private ReceptionStatistics reception;
    private long ssrc = -1;
    private long rtcpNowNanos;
    private long validRtpPackets;
    private boolean byeReceived;
    private long ntp56ReferenceNtp;
    private long ntp56ReferenceAtNanos = Long.MIN_VALUE;

    // transport (set by SETUP)
    int interleavedRtp = -1;
    int interleavedRtcp = -1;
    io.netty.channel.Channel udpRtp;
    io.netty.channel.Channel udpRtcp;
    java.net.InetSocketAddress serverRtpAddress;
    java.net.InetSocketAddress serverRtcpAddress;

    private volatile long rtpPackets;
    private volatile long rtpBytes;
    private long malformedRtp;
    private long ssrcChanges;
    private long rtcpPackets;
    private long malformedRtcp;
    private long senderReports;
    private long earlySenderReports;
    private long onvifExtensions;
    private long ntp64Extensions;
    private long ntp56Extensions;
    private long receiverReportsSent;
    private long lostBeforeRestart;
    private long reorderedBeforeRestart;
    private long duplicatesBeforeRestart;

    /** Callbacks into the session. */
    interface Events {
        void onAccessUnit(RtspStream stream, AccessUnit unit, ClockMapping clock);

        void onStreamFailure(RtspException error);
    }

    RtspStream(int index, MediaDescription media, String controlUrl, RtspClientConfig config, Events events) {
        this.index = index;
        this.media = media;
        this.codec = media.codec().orElseThrow();
        // Quirk: a dynamic payload type without a=rtpmap clock rate; RFC 6184 §8.2.1 and RFC 7798 §7.2
        // fix the video clock at 90 kHz, so that is what a missing or zero rate means.
        this.clockRateHz = media.clockRateHz() > 0 ? media.clockRateHz() : 90_000;
        this.controlUrl = controlUrl;
        this.events = events;
        this.clock = new ClockEstimator(clockRateHz);
        this.clock.offsetMicros(config.clockOffsetMicros());
        OptionalInt id64 = media.extmapId(MediaDescription.NTP_64_URI);
        OptionalInt id56 = media.extmapId(MediaDescription.NTP_56_URI);
        this.ntp64Id = id64.orElse(-1);
        this.ntp56Id = id56.orElse(-1);
        this.config = config;
        this.reorder = new ReorderBuffer(config.udpReorderWindow(), this::deliverOrdered);
    }

    /** Position of this stream among the session's video streams, from 0. */
    public int index() { return index; }

    /** The SDP media section. */
    public MediaDescription media() { return media; }

    public VideoCodec codec() { return codec; }

    /** RTP clock rate in Hz (from the SDP; 90 kHz when the SDP has none). */
    public int clockRateHz() { return clockRateHz; }

    /** The URL SETUP was sent to (no credentials). */
    public String controlUrl() { return RtspUrls.redact(controlUrl); }

    /** The current RTP-to-UTC mapping; safe from any thread. */
    public ClockMapping clock() { return clock.mapping(); }

    /** A snapshot of the counters; safe from any thread (values may be slightly stale). */
    public RtspStreamStats stats() {
        ReceptionStatistics r = reception;
        SequenceTracker t = r == null ? null : r.sequenceTracker();
        Depacketizer d = depacketizer;
        long accessUnits = d == null ? 0 : d.stats().accessUnits();
        long keyframes = d == null ? 0 : d.stats().keyframes();
        java.util.Map<DropReason, Long> drops = d == null ? java.util.Map.of() : d.stats().dropsByReason();
        return new RtspStreamStats(codec, clockRateHz, ssrc, rtpPackets, rtpBytes, malformedRtp,
                lostBeforeRestart + (t == null ? 0 : t.lost()),
                reorderedBeforeRestart + (t == null ? 0 : t.reordered()),
                duplicatesBeforeRestart + (t == null ? 0 : t.duplicates()),
                ssrcChanges, rtcpPackets, malformedRtcp, senderReports, onvifExtensions, ntp64Extensions,
                ntp56Extensions, earlySenderReports, accessUnits, keyframes, drops, receiverReportsSent);
    }

    @Override
    public String toString() {
        return "RtspStream{" + index + ", " + codec + ", " + clockRateHz + " Hz, " + controlUrl() + '}';
    }

    String controlUrlUnredacted() {
        return controlUrl;
    }

    /** RTP packets accepted so far (parsed, right payload type); the media watchdog counts these. Event loop only. */
    long validRtpPackets() {
        return validRtpPackets;
    }

    /** Whether the depacketizer (and its access-unit buffers) exists: only once RTP arrived. */
    boolean buffersAllocated() {
        return depacketizer != null;
    }

    private Depacketizer depacketizer() {
        Depacketizer d = depacketizer;
        if (d == null) {
            byte[][] sets = media.parameterSets();
            d = codec == VideoCodec.H264
                    ? new H264Depacketizer(config.maxAccessUnitBytes(), sets, this::emit)
                    : new H265Depacketizer(config.maxAccessUnitBytes(), sets, media.donlPresent(), this::emit);
            depacketizer = d;
        }
        return d;
    }

    boolean byeReceived() {
        return byeReceived;
    }

    /** One RTP packet; {@code buf} is reused by the caller after the call. */
    void onRtp(byte[] buf, int off, int len, long nowNanos) {
        rtpPackets++;
        rtpBytes += len;
        if (rtp.wrap(buf, off, len) != RtpParseStatus.OK
                || (media.payloadType() >= 0 && rtp.payloadType() != media.payloadType())) {
            malformedRtp++;
            return;
        }
        validRtpPackets++;
        long packetSsrc = rtp.ssrc();
        if (packetSsrc != ssrc) {
            if (ssrc != -1) {
                // Quirk: a camera that restarts its encoder (or the whole camera behind a proxy) comes
                // back with a new SSRC, sequence and timestamp base (RFC 3550 §8.2 collision/restart).
                // Everything derived from the old source is reset; the next unit carries lossBefore.
                ssrcChanges++;
                SequenceTracker t = reception.sequenceTracker();
                lostBeforeRestart += t.lost();
                reorderedBeforeRestart += t.reordered();
                duplicatesBeforeRestart += t.duplicates();
                unwrapper.reset();
                clock.reset();
                depacketizer().reset();
                reorder.clear();
            }
            ssrc = packetSsrc;
            reception = new ReceptionStatistics(packetSsrc, clockRateHz);
        }
        SequenceTracker.Result seqResult = reception.onRtpPacket(rtp.sequenceNumber(), rtp.timestamp(), nowNanos);
        if (seqResult == SequenceTracker.Result.DUPLICATE || seqResult == SequenceTracker.Result.BAD) {
            return;
        }
        if (seqResult == SequenceTracker.Result.RESTARTED) {
            depacketizer().reset();
            reorder.clear();
        }
        if (reorder.enabled()) {
            reorder.offer(buf, off, len, rtp.sequenceNumber(), nowNanos);
        } else {
            process(nowNanos);
        }
    }

    private void deliverOrdered(byte[] buf, int off, int len, long arrivalNanos) {
        if (rtp.wrap(buf, off, len) == RtpParseStatus.OK) {
            process(arrivalNanos);
        }
    }

    /** Clock anchors and depacketizing of the packet currently wrapped in {@link #rtp}. */
    private void process(long nowNanos) {
        long rtp64 = unwrapper.unwrap(rtp.timestamp());
        readHeaderExtensions(rtp64, nowNanos);
        Depacketizer d = depacketizer();
        PushResult r = d.push(rtp.buffer(), rtp.payloadOffset(), rtp.payloadLength(), rtp.sequenceNumber(),
                rtp64, rtp.marker(), nowNanos);
        if (r == PushResult.DROPPED && d.lastDropReason() == DropReason.ACCESS_UNIT_TOO_LARGE) {
            int limit = ((dev.streamsync.rtp.NalUnitDepacketizer) d).maxAccessUnitBytes();
            events.onStreamFailure(new RtspLimitException("stream " + index + ": access unit exceeds the limit of "
                    + limit + " bytes (maxAccessUnitBytes; SSRC " + Long.toHexString(ssrc) + ", seq " + rtp.sequenceNumber() + ")",
                    controlUrl(), "maxAccessUnitBytes", limit));
        }
    }

    private void readHeaderExtensions(long rtp64, long nowNanos) {
        if (!rtp.extension()) {
            return;
        }
        if (rtp.extensionProfile() == HeaderExtensions.ONVIF_PROFILE) {
            long ntp = HeaderExtensions.onvifNtpTimestamp(rtp);
            if (ntp != Ntp.UNKNOWN) {
                onvifExtensions++;
                clock.onFrameNtp(ntp, rtp64, TimestampSource.ONVIF_EXTENSION);
            }
            return;
        }
        if (ntp64Id > 0) {
            int at = rtp.findExtensionElement(ntp64Id);
            if (at >= 0) {
                long ntp = HeaderExtensions.ntp64(rtp.buffer(), at, rtp.extensionElementLength());
                if (ntp != Ntp.UNKNOWN) {
                    ntp64Extensions++;
                    clock.onFrameNtp(ntp, rtp64, TimestampSource.RFC6051_EXTENSION);
                }
                return;
            }
        }
        if (ntp56Id > 0) {
            int at = rtp.findExtensionElement(ntp56Id);
            if (at >= 0) {
                long ntp56 = HeaderExtensions.ntp56(rtp.buffer(), at, rtp.extensionElementLength());
                if (ntp56 != Ntp.UNKNOWN) {
                    if (nowNanos - ntp56ReferenceAtNanos > NTP_56_REFERENCE_REFRESH_NANOS
                            || ntp56ReferenceAtNanos == Long.MIN_VALUE) {
                        // The 8 missing high bits of the seconds only need a reference within ~97 days
                        // (RFC 6051 §3.3): the local wall clock is good enough and read once a second.
                        ntp56ReferenceNtp = Ntp.unixMicrosToNtp(System.currentTimeMillis() * 1000L);
                        ntp56ReferenceAtNanos = nowNanos;
                    }
                    ntp56Extensions++;
                    clock.onFrameNtp(HeaderExtensions.ntp56ToNtp64(ntp56, ntp56ReferenceNtp), rtp64,
                            TimestampSource.RFC6051_EXTENSION);
                }
            }
        }
    }

    private void emit(AccessUnit unit) {
        events.onAccessUnit(this, unit, clock.mapping());
    }

    /** One RTCP compound packet. */
    void onRtcp(byte[] buf, int off, int len, long nowNanos) {
        rtcpPackets++;
        rtcpNowNanos = nowNanos;
        if (rtcpParser.parse(buf, off, len, rtcpHandler) != RtcpParseStatus.OK) {
            malformedRtcp++;
        }
    }

    private final class RtcpHandler implements RtcpListener {
        @Override
        public void onSenderReport(long srSsrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount) {
            if (ssrc != -1 && srSsrc != ssrc) {
                return; // another source on this channel pair (or the old one after a restart)
            }
            senderReports++;
            if (packetCount <= 1) {
                // Quirk: a sender report with packet count 0 describes no media yet; its RTP time is an
                // extrapolation from nothing. GStreamer 1.22 sends one right after PLAY, before its
                // first RTP packet, and another right after the first packet (packet count 1), both
                // measured 50-200 ms off the capture clock (RFC 3550 §6.4.1 defines the RTP timestamp
                // as corresponding to the NTP time "of the same instant" of the media clock, which such
                // a sender does not have yet). A camera's regular reports come after hundreds of
                // packets, so nothing else is lost. Counted, not used as an anchor.
                earlySenderReports++;
                return;
            }
            // Quirk: RTCP may arrive before the PLAY response and before any RTP (seen with GStreamer
            // and several cameras over TCP). The unwrapper then has no reference yet; peek() takes the
            // value as is, and the first RTP packet starts the timeline next to it.
            clock.onSenderReport(ntpTimestamp, unwrapper.peek(rtpTimestamp));
            if (reception != null) {
                reception.onSenderReport(ntpTimestamp, rtcpNowNanos);
            }
        }

        @Override
        public void onBye(long byeSsrc) {
            if (ssrc == -1 || byeSsrc == ssrc) {
                byeReceived = true;
            }
        }
    }

    /**
     * The PLAY response's anchors for this stream (RFC 2326 §12.29, §12.33).
     *
     * @param rtpInfoRtpTimestamp rtptime from RTP-Info, -1 when absent
     * @param rangeClockUtcMicros start of {@code Range: clock=}, or -1
     */
    void onPlayResponse(long rtpInfoRtpTimestamp, long rangeClockUtcMicros) {
        // Quirk: some servers send rtptime=0 (and seq=0) as a placeholder in RTP-Info; a zero is not
        // trusted as an anchor. The sequence number is not used at all: the tracker learns it.
        if (rtpInfoRtpTimestamp > 0 && rangeClockUtcMicros > 0) {
            clock.onRangeClock(rangeClockUtcMicros, unwrapper.peek(rtpInfoRtpTimestamp));
        }
    }

    /**
     * Writes an RTCP receiver report about this stream's source.
     *
     * @return bytes written, 0 when no RTP was received yet
     */
    int writeReceiverReportOrEmpty(byte[] dst, long nowNanos, String cname) {
        if (reception == null || dst.length < RtcpWriter.receiverReportLength(cname.length())) {
            return 0;
        }
        receiverReportsSent++;
        return RtcpWriter.writeReceiverReport(dst, 0, ourSsrc, reception, nowNanos, cname);
    }

    /** Delivers packets held by the reorder window that waited too long. */
    void flushReorder(long nowNanos, long maxHoldNanos) {
        reorder.flushOlderThan(nowNanos - maxHoldNanos);
    }

    /** Puts UDP packets back in sequence order within a small window; disabled (size 0) for TCP. */
    static final class ReorderBuffer {
        interface Output {
            void deliver(byte[] buf, int off, int len, long arrivalNanos);
        }

        private final int window;
        private final Output output;
        private final byte[][] slots;
        private final int[] lengths;
        private final long[] arrivals;
        private final boolean[] present;
        private int held;
        private boolean started;
        private int nextSeq;
        private boolean enabled;

        ReorderBuffer(int requestedWindow, Output output) {
            // A power of two, so that slot = seq % window stays consistent across the 16-bit wrap.
            int window = requestedWindow <= 1 ? Math.max(0, requestedWindow) : Integer.highestOneBit(requestedWindow - 1) << 1;
            this.window = window;
            this.output = output;
            this.slots = new byte[window][];
            this.lengths = new int[window];
            this.arrivals = new long[window];
            this.present = new boolean[window];
        }

        boolean enabled() {
            return enabled && window > 0;
        }

        void enable(boolean on) {
            this.enabled = on;
        }

        void clear() {
            Arrays.fill(present, false);
            held = 0;
            started = false;
        }

        void offer(byte[] buf, int off, int len, int seq, long arrivalNanos) {
            if (!started) {
                started = true;
                nextSeq = seq;
            }
            int ahead = (short) (seq - nextSeq);
            if (ahead < 0) {
                // Later than the window: passed on, the depacketizer counts it as stale.
                output.deliver(buf, off, len, arrivalNanos);
                return;
            }
            if (ahead == 0 && held == 0) {
                nextSeq = (seq + 1) & 0xFFFF;
                output.deliver(buf, off, len, arrivalNanos);
                return;
            }
            while (ahead >= window) {
                skipToNextHeld();
                ahead = (short) (seq - nextSeq);
                if (held == 0 && ahead >= window) {
                    nextSeq = seq; // a big jump: nothing held, restart the window at this packet
                    ahead = 0;
                }
            }
            int slot = seq % window;
            if (!present[slot]) {
                if (slots[slot] == null || slots[slot].length < len) {
                    slots[slot] = new byte[Math.max(len, 2048)];
                }
                System.arraycopy(buf, off, slots[slot], 0, len);
                lengths[slot] = len;
                arrivals[slot] = arrivalNanos;
                present[slot] = true;
                held++;
            }
            drainInOrder();
        }

        private void drainInOrder() {
            while (held > 0) {
                int slot = nextSeq % window;
                if (!present[slot]) {
                    return;
                }
                present[slot] = false;
                held--;
                nextSeq = (nextSeq + 1) & 0xFFFF;
                output.deliver(slots[slot], 0, lengths[slot], arrivals[slot]);
            }
        }

        /** Gives up on the missing packet(s) before the next held one. */
        private void skipToNextHeld() {
            if (held == 0) {
                return;
            }
            while (!present[nextSeq % window]) {
                nextSeq = (nextSeq + 1) & 0xFFFF;
            }
            drainInOrder();
        }

        void flushOlderThan(long deadlineNanos) {
            while (held > 0) {
                long oldest = Long.MAX_VALUE;
                for (int i = 0; i < window; i++) {
                    if (present[i] && arrivals[i] < oldest) {
                        oldest = arrivals[i];
                    }
                }
                if (oldest > deadlineNanos) {
                    return;
                }
                skipToNextHeld();
            }
        }
    }

    void enableReorder(boolean on) {
        reorder.enable(on);
    }
}
