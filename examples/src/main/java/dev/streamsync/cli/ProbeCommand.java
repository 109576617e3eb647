package dev.streamsync.cli;

import dev.streamsync.api.Camera;
import dev.streamsync.decode.DecoderOptions;
import dev.streamsync.picture.Picture;
import dev.streamsync.decode.VideoDecoder;
import dev.streamsync.clock.ClockMapping;
import dev.streamsync.clock.TimestampSource;
import dev.streamsync.rtp.AccessUnit;
import dev.streamsync.rtsp.RtspClient;
import dev.streamsync.rtsp.RtspClientConfig;
import dev.streamsync.rtsp.RtspStream;
import dev.streamsync.rtsp.RtspStreamListener;
import dev.streamsync.rtsp.RtspStreamStats;
import dev.streamsync.rtsp.RtspTransport;
import dev.streamsync.sdp.Extmap;
import dev.streamsync.sdp.MediaDescription;
import dev.streamsync.sdp.SessionDescription;
import dev.streamsync.sim.SimulatedCamera;
import io.netty.channel.EventLoopGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code streamsync probe URL}: what a user runs first on a new camera. Connects with the RTSP
 * client, listens for {@code --seconds}, and reports the SDP, codec, resolution (by decoding the
 * first keyframe), measured frame rate, transport, time to the first sender report, the sender report
 * interval, the camera clock's offset to the local clock, drift and the RTP header extensions seen.
 */
@Command(name = "probe", description = {"Check one camera and report how well it can be synchronized.",
        "Shows its SDP, codec, resolution, fps, transport, sender reports, clock offset to this machine,",
        "drift and header extensions."},
        footer = {"%nExample:", "  streamsync probe rtsp://admin:secret@10.0.0.7/stream1 --seconds 12"})
final class ProbeCommand extends BaseCommand {
    @Parameters(paramLabel = "URL", description = "rtsp://[user:password@]host[:port]/path")
    String url;

    @Option(names = "--seconds", defaultValue = "10", description = "Listening time (default: ${DEFAULT-VALUE}; sender reports come every ~5 s).")
    double seconds;

    @Option(names = "--transport", paramLabel = "auto|tcp|udp", converter = Converters.TransportConverter.class, defaultValue = "auto",
            description = "How RTP is carried: auto (TCP, UDP when the camera refuses TCP), tcp or udp (default: ${DEFAULT-VALUE}).")
    dev.streamsync.rtsp.RtspTransport transport;

    /** The library's default packet deadline cap, quoted in the recommendation. */
    static final long LIBRARY_MAX_LATENCY_MILLIS = dev.streamsync.api.StreamSynchronizer.DEFAULT_MAX_LATENCY_MILLIS;

    /** What one stream showed; written on the event loop, read on the command's thread under its lock. */
    private static final class StreamProbe {
        final List<AccessUnit> decodeUnits = new ArrayList<>();
        final List<Long> senderReportNanos = new ArrayList<>();
        long units;
        long keyframes;
        long firstRtp;
        long lastRtp;
        long firstArrivalNanos;
        long lastArrivalNanos;
        long anchoredNanos = -1;
        TimestampSource firstSource;
        ClockMapping lastClock = ClockMapping.UNANCHORED;
        long[] offsetsMicros = new long[8192];
        int offsets;
        long lastSenderReports;
    }

    @Override
    public Integer call() throws Exception {
        long listenNanos = runTime(seconds).toNanos();
        Camera camera = CameraUrls.parse(url);
        RtspClientConfig.Builder cb = RtspClientConfig.builder(camera.uri().toString())
                .transport(transport);
        if (camera.username().isPresent()) {
            cb.credentials(camera.username().get(), camera.password().orElse(""));
        }
        Map<Integer, StreamProbe> probes = new ConcurrentHashMap<>();
        // Why the session ended, when it ends before the listening time is over (event loop writes, command thread reads).
        java.util.concurrent.atomic.AtomicReference<Throwable> sessionError = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<dev.streamsync.rtsp.RtspEndReason> endReason = new java.util.concurrent.atomic.AtomicReference<>();
        RtspStreamListener listener = new RtspStreamListener() {
            @Override
            public void onAccessUnit(RtspStream stream, AccessUnit unit, ClockMapping clock) {
                onUnit(probes, stream, unit, clock);
            }

            @Override
            public void onError(dev.streamsync.rtsp.RtspException error) {
                sessionError.compareAndSet(null, error);
            }

            @Override
            public void onEnd(dev.streamsync.rtsp.RtspEndReason reason) {
                endReason.compareAndSet(null, reason);
            }
        };
        EventLoopGroup group = SimulatedCamera.newEventLoopGroup(1);
        PrintWriter out = out();
        String endedEarly = null;
        try (RtspClient client = new RtspClient(group, cb.build(), listener)) {
            long t0 = System.nanoTime();
            try {
                client.start().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new CliException(ErrorMessages.describe(e.getCause()), CliException.EXIT_FAILURE, e.getCause());
            } catch (TimeoutException e) {
                throw new CliException("no answer from " + camera.uri() + " within 30 s (host unreachable or firewalled?)");
            }
            long playNanos = System.nanoTime();
            out.printf("probe %s%s%n", camera.uri(), camera.username().isPresent() ? " (with credentials)" : "");
            out.printf("  connected        PLAY answered %.0f ms after connecting; transport %s%s%n", (playNanos - t0) / 1e6,
                    client.activeTransport(), transport == dev.streamsync.rtsp.RtspTransport.AUTO ? " (auto)" : "");
            client.sessionDescription().ifPresent(sdp -> printSdp(out, sdp));
            out.printf("  listening        %.0f s ...%n", seconds);
            out.flush();
            long end = playNanos + listenNanos;
            while (System.nanoTime() < end && client.state() != dev.streamsync.rtsp.RtspSessionState.ENDED) {
                for (RtspStream s : client.streams()) {
                    StreamProbe p = probes.computeIfAbsent(s.index(), i -> new StreamProbe());
                    long srs = s.stats().senderReports();
                    synchronized (p) {
                        while (p.lastSenderReports < srs) {
                            p.lastSenderReports++;
                            p.senderReportNanos.add(System.nanoTime());
                        }
                    }
                }
                Thread.sleep(50);
            }
            if (client.state() == dev.streamsync.rtsp.RtspSessionState.ENDED) {
                Throwable error = sessionError.get();
                endedEarly = error != null ? ErrorMessages.describe(error)
                        : endReason.get() == dev.streamsync.rtsp.RtspEndReason.SERVER_ENDED
                        ? "the server ended the session (RTCP BYE on every stream)" : "the session ended (" + endReason.get() + ")";
                out.printf(Locale.ROOT, "  the session ended after %.1f s: %s%n", (System.nanoTime() - playNanos) / 1e9, endedEarly);
            }
            for (RtspStream s : client.streams()) {
                report(out, s, probes.computeIfAbsent(s.index(), i -> new StreamProbe()), playNanos);
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        out.flush();
        if (endedEarly != null) {
            throw new CliException("the session ended before the listening time was over: " + endedEarly);
        }
        return 0;
    }

    /** One access unit of a stream (event loop). */
    private static void onUnit(Map<Integer, StreamProbe> probes, RtspStream stream, AccessUnit unit, ClockMapping clock) {
        StreamProbe p = probes.computeIfAbsent(stream.index(), i -> new StreamProbe());
        long nowUtcMicros = utcMicrosNow();
        synchronized (p) {
            if (p.units == 0) {
                p.firstRtp = unit.rtpTimestamp();
                p.firstArrivalNanos = unit.arrivalNanos();
            }
            p.units++;
            p.lastRtp = unit.rtpTimestamp();
            p.lastArrivalNanos = unit.arrivalNanos();
            if (unit.keyframe()) {
                p.keyframes++;
            }
            if ((unit.keyframe() || !p.decodeUnits.isEmpty()) && p.decodeUnits.size() < 10) {
                p.decodeUnits.add(new AccessUnit(unit.length()).copyFrom(unit));
            }
            p.lastClock = clock;
            if (clock.anchored()) {
                if (p.anchoredNanos < 0) {
                    p.anchoredNanos = unit.arrivalNanos();
                    p.firstSource = clock.source();
                }
                long arrivalUtcMicros = nowUtcMicros - (System.nanoTime() - unit.arrivalNanos()) / 1000;
                if (p.offsets < p.offsetsMicros.length) {
                    p.offsetsMicros[p.offsets++] = clock.toUtcMicros(unit.rtpTimestamp()) - arrivalUtcMicros;
                }
            }
        }
    }

    private static void printSdp(PrintWriter out, SessionDescription sdp) {
        out.printf("  SDP              session \"%s\", %d media section(s)%n", sdp.sessionName(), sdp.media().size());
        for (MediaDescription m : sdp.media()) {
            out.printf("    m=%s %s pt %d %s/%d control %s%s%n", m.media(), m.protocol(), m.payloadType(), m.encodingName(),
                    m.clockRateHz(), m.control().isEmpty() ? "-" : m.control(),
                    m.codec().isPresent() ? "" : "  (not decoded by streamsync)");
            if (!m.fmtp().isEmpty()) {
                out.printf("      fmtp %s%n", m.fmtp());
            }
            for (Extmap x : m.extmaps()) {
                out.printf("      extmap %d %s%n", x.id(), x.uri());
            }
        }
        if (!sdp.tsRefclk().isEmpty() || !sdp.mediaclk().isEmpty()) {
            out.printf("    ts-refclk %s mediaclk %s%n", sdp.tsRefclk(), sdp.mediaclk());
        }
    }

    private void report(PrintWriter out, RtspStream s, StreamProbe p, long playNanos) {
        RtspStreamStats st = s.stats();
        synchronized (p) {
            out.printf("  stream %d         %s, clock %d Hz, %s%n", s.index(), s.codec(), s.clockRateHz(), s.controlUrl());
            out.printf("    resolution     %s%n", resolution(s, p));
            if (p.units > 1 && p.lastRtp != p.firstRtp) {
                double fps = (p.units - 1) * (double) s.clockRateHz() / (p.lastRtp - p.firstRtp);
                double arrivalFps = (p.units - 1) * 1e9 / Math.max(1, p.lastArrivalNanos - p.firstArrivalNanos);
                out.printf(Locale.ROOT, "    fps            %.2f (RTP timestamps of %d frames; %.2f by arrival), %d keyframes%n",
                        fps, p.units, arrivalFps, p.keyframes);
            } else {
                out.printf("    fps            - (%d frames received)%n", p.units);
            }
            out.printf("    packets        %d RTP, %d lost, %d reordered, %d duplicates, SSRC changes %d%n", st.rtpPackets(),
                    st.lost(), st.reordered(), st.duplicates(), st.ssrcChanges());
            if (p.senderReportNanos.isEmpty()) {
                out.printf("    sender reports none in %.0f s%s%n", seconds,
                        p.anchoredNanos >= 0 ? "" : "  -> no camera clock: frames would be stamped with arrival time (unsynced)");
            } else {
                out.printf(Locale.ROOT, "    first SR       %.2f s after PLAY%n", (p.senderReportNanos.get(0) - playNanos) / 1e9);
                if (p.senderReportNanos.size() > 1) {
                    double interval = (p.senderReportNanos.get(p.senderReportNanos.size() - 1) - p.senderReportNanos.get(0)) / 1e9
                            / (p.senderReportNanos.size() - 1);
                    out.printf(Locale.ROOT, "    SR interval    %.2f s (%d reports)%n", interval, p.senderReportNanos.size());
                } else {
                    out.printf("    SR interval    - (1 report; listen longer with --seconds)%n");
                }
            }
            if (p.anchoredNanos >= 0) {
                out.printf(Locale.ROOT, "    clock          %s from %.2f s after PLAY%n", p.firstSource, (p.anchoredNanos - playNanos) / 1e9);
                long[] o = Arrays.copyOf(p.offsetsMicros, p.offsets);
                Arrays.sort(o);
                // capture time (camera clock) - arrival time (local clock) = clock offset - (encode + network delay)
                out.printf(Locale.ROOT, "    clock offset   %s ms median, %s ms max: frame time on the camera's clock minus its local"
                                + " arrival time, i.e. the camera clock's offset minus the capture-to-arrival delay%n",
                        Times.millis(o[o.length / 2]), Times.millis(o[o.length - 1]));
                out.printf("                   (a few ms to ~-200 ms is a good clock; positive or large: the camera clock is off -> --offset-ms)%n");
                // Latency = arrival - capture = -offset (with a camera clock that agrees with ours): its
                // 99th percentile is the most negative 1 % of the offsets.
                if (o[o.length / 2] > 0) {
                    // Frames "captured" after they arrived: the camera clock is ahead, the latency unknown.
                    out.printf("    latency        - (the camera's clock is ahead of this machine's: set --offset-ms, then probe again)%n");
                } else {
                    long p99LatencyMicros = Math.max(0, -o[(int) ((o.length - 1) * 0.01)]);
                    long recommended = recommendedMaxLatencyMillis(p99LatencyMicros);
                    out.printf(Locale.ROOT, "    latency        capture to arrival %s ms p99 -> --max-latency-ms %d%s%n",
                            Times.millis(p99LatencyMicros), recommended, recommended <= LIBRARY_MAX_LATENCY_MILLIS
                                    ? " (within the default of " + LIBRARY_MAX_LATENCY_MILLIS + " ms)"
                                    : " (above the default of " + LIBRARY_MAX_LATENCY_MILLIS + " ms: set it)");
                }
                ClockMapping c = p.lastClock;
                if (c.senderReportCount() >= 2) {
                    out.printf(Locale.ROOT, "    drift          %+.2f ppm (media clock vs. camera clock, %d reports, fit residual %.1f us)%n",
                            c.driftPpm(), c.senderReportCount(), c.residualRmsMicros());
                } else {
                    out.printf("    drift          - (needs two sender reports)%n");
                }
            } else {
                out.printf("    clock          no anchor: no sender report, header extension or Range clock%n");
            }
            out.printf("    header ext.    ONVIF 0xABAC %d packets, RFC 6051 ntp-64 %d, ntp-56 %d%n", st.onvifExtensions(),
                    st.ntp64Extensions(), st.ntp56Extensions());
        }
    }

    /**
     * A {@code --max-latency-ms} that covers the measured capture-to-arrival latency with margin: its
     * 99th percentile times 1.5, at least 100 ms more than it, rounded up to 50 ms.
     */
    static long recommendedMaxLatencyMillis(long p99LatencyMicros) {
        long withMargin = Math.max(p99LatencyMicros * 3 / 2, p99LatencyMicros + 100_000);
        long millis = (withMargin + 999) / 1000;
        return (millis + 49) / 50 * 50;
    }

    /** Decodes the first keyframe and what follows it (copied on the event loop) to learn the size. */
    private static String resolution(RtspStream s, StreamProbe p) {
        if (p.decodeUnits.isEmpty()) {
            return "- (no keyframe received)";
        }
        int[] size = new int[2];
        try (VideoDecoder decoder = new VideoDecoder("probe", s.codec(), DecoderOptions.defaults().withMotionVectors(false))) {
            for (AccessUnit u : p.decodeUnits) {
                decoder.decode(u, (Picture picture) -> {
                    if (size[0] == 0) {
                        size[0] = picture.width();
                        size[1] = picture.height();
                    }
                    picture.release();
                });
                if (size[0] != 0) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            return "- (cannot decode: " + e.getMessage() + ")";
        }
        return size[0] == 0 ? "- (the first keyframe did not decode)" : size[0] + "x" + size[1] + " (decoded)";
    }

    private static long utcMicrosNow() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }
}
