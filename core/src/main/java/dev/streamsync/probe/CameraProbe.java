package dev.streamsync.probe;

import dev.streamsync.api.Camera;
import dev.streamsync.api.CameraFailure;
import dev.streamsync.api.FailureKind;
import dev.streamsync.api.StreamSynchronizer;
import dev.streamsync.api.Transport;
import dev.streamsync.decode.DecoderOptions;
import dev.streamsync.decode.Picture;
import dev.streamsync.decode.VideoDecoder;
import dev.streamsync.probe.ProbeReport.Clock;
import dev.streamsync.probe.ProbeReport.Connection;
import dev.streamsync.probe.ProbeReport.HeaderExtensionMapping;
import dev.streamsync.probe.ProbeReport.HeaderExtensions;
import dev.streamsync.probe.ProbeReport.Latency;
import dev.streamsync.probe.ProbeReport.Media;
import dev.streamsync.probe.ProbeReport.Packets;
import dev.streamsync.probe.ProbeReport.Resolution;
import dev.streamsync.probe.ProbeReport.Sdp;
import dev.streamsync.probe.ProbeReport.SessionEnd;
import dev.streamsync.probe.ProbeReport.StreamReport;
import dev.streamsync.rtcp.ClockMapping;
import dev.streamsync.rtp.AccessUnit;
import dev.streamsync.rtsp.NettyTransport;
import dev.streamsync.rtsp.RtspClient;
import dev.streamsync.rtsp.RtspClientConfig;
import dev.streamsync.rtsp.RtspEndReason;
import dev.streamsync.rtsp.RtspException;
import dev.streamsync.rtsp.RtspSessionState;
import dev.streamsync.rtsp.RtspStream;
import dev.streamsync.rtsp.RtspStreamListener;
import dev.streamsync.rtsp.RtspStreamStats;
import dev.streamsync.rtsp.RtspTransport;
import dev.streamsync.sdp.Extmap;
import dev.streamsync.sdp.MediaDescription;
import dev.streamsync.sdp.SessionDescription;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Probes one RTSP camera: connects, listens for a while, and reports what a user needs before
 * synchronizing it ({@link ProbeReport}).
 *
 * <pre>{@code
 * ProbeReport r = CameraProbe.run(Camera.of("rtsp://admin:secret@10.0.0.7/stream1"), Duration.ofSeconds(12));
 * r.streams().get(0).clock().flatMap(Clock::latency).ifPresent(l -> System.out.println(l.recommendedMaxLatencyMillis()));
 * }</pre>
 *
 * <p>Threading and ownership: {@link #run} blocks the calling thread for the connection (at most
 * {@link #CONNECT_TIMEOUT}) and the listening time, on an event loop thread of its own that it shuts
 * down before returning; nothing outlives the call. Safe to call from several threads at once.
 */
public final class CameraProbe {
    /** How long the camera has to answer up to PLAY. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    /** How often the sender report counters are read: the resolution of the sender report times. */
    private static final long POLL_MILLIS = 50;

    /** Keyframe plus following units copied per stream to learn the resolution by decoding. */
    private static final int DECODE_UNITS = 10;

    /** Clock offsets kept per stream (the rest are not sampled): 5 min at 25 fps. */
    private static final int MAX_OFFSETS = 8192;

    private CameraProbe() {
    }

    /** {@link #run(Camera, Duration, Consumer)} without a connection callback. */
    public static ProbeReport run(Camera camera, Duration listen) throws ProbeException, InterruptedException {
        return run(camera, listen, c -> { });
    }

    /**
     * Connects to {@code camera} (its URL, credentials and transport), listens for {@code listen}
     * after PLAY was answered, and reports. Returns early, with {@link ProbeReport#end()} saying why,
     * when the session ends before.
     *
     * @param onConnected called on the calling thread once PLAY was answered, before listening (to
     *                    show progress); its exceptions propagate after the session was closed
     * @throws ProbeException       when the session cannot be set up
     * @throws IllegalArgumentException when {@code camera} is not an {@code rtsp://} or {@code rtsps://} camera
     */
    public static ProbeReport run(Camera camera, Duration listen, Consumer<Connection> onConnected)
            throws ProbeException, InterruptedException {
        Objects.requireNonNull(onConnected, "onConnected");
        String scheme = camera.uri().getScheme();
        if (scheme == null || !scheme.toLowerCase(java.util.Locale.ROOT).startsWith("rtsp")) {
            throw new IllegalArgumentException("only RTSP cameras can be probed: " + camera.uri());
        }
        long listenNanos = listen.toNanos();
        RtspClientConfig.Builder cb = RtspClientConfig.builder(camera.uri().toString()).transport(switch (camera.transport()) {
            case AUTO -> RtspTransport.AUTO;
            case TCP -> RtspTransport.TCP;
            case UDP -> RtspTransport.UDP;
        });
        if (camera.username().isPresent()) {
            cb.credentials(camera.username().get(), camera.password().orElse(""));
        }
        Map<Integer, StreamProbe> probes = new ConcurrentHashMap<>();
        // Why the session ended, when it ends before the listening time is over (event loop writes, caller reads).
        AtomicReference<Throwable> sessionError = new AtomicReference<>();
        AtomicReference<RtspEndReason> endReason = new AtomicReference<>();
        RtspStreamListener listener = new RtspStreamListener() {
            @Override
            public void onAccessUnit(RtspStream stream, AccessUnit unit, ClockMapping clock) {
                probes.computeIfAbsent(stream.index(), i -> new StreamProbe()).onUnit(unit, clock);
            }

            @Override
            public void onError(RtspException error) {
                sessionError.compareAndSet(null, error);
            }

            @Override
            public void onEnd(RtspEndReason reason) {
                endReason.compareAndSet(null, reason);
            }
        };
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("streamsync-probe", true),
                NettyTransport.ioHandlerFactory());
        try (RtspClient client = new RtspClient(group, cb.build(), listener)) {
            long t0 = System.nanoTime();
            try {
                client.start().get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                CameraFailure failure = CameraFailure.of(e.getCause());
                throw new ProbeException(failure.message(), failure, e.getCause());
            } catch (TimeoutException e) {
                String message = "no answer from " + camera.uri() + " within " + CONNECT_TIMEOUT.toSeconds()
                        + " s (host unreachable or firewalled?)";
                throw new ProbeException(message, new CameraFailure(FailureKind.UNREACHABLE_OR_TIMEOUT, message), null);
            }
            long playNanos = System.nanoTime();
            Connection connection = new Connection(camera.uri(), camera.username().isPresent(), Duration.ofNanos(playNanos - t0),
                    transport(client.activeTransport()), camera.transport(), client.sessionDescription().map(CameraProbe::sdp));
            onConnected.accept(connection);
            long end = playNanos + listenNanos;
            while (System.nanoTime() < end && client.state() != RtspSessionState.ENDED) {
                for (RtspStream s : client.streams()) {
                    probes.computeIfAbsent(s.index(), i -> new StreamProbe()).senderReportsSeen(s.stats().senderReports(), System.nanoTime());
                }
                Thread.sleep(POLL_MILLIS);
            }
            long stopNanos = System.nanoTime();
            Optional<SessionEnd> ended = Optional.empty();
            if (client.state() == RtspSessionState.ENDED) {
                RtspEndReason reason = endReason.get();
                ended = Optional.of(new SessionEnd(Duration.ofNanos(stopNanos - playNanos), String.valueOf(reason),
                        Optional.ofNullable(sessionError.get())));
            }
            List<StreamReport> streams = new ArrayList<>();
            for (RtspStream s : client.streams()) {
                streams.add(probes.computeIfAbsent(s.index(), i -> new StreamProbe()).report(s, playNanos));
            }
            return new ProbeReport(connection, Duration.ofNanos(Math.min(stopNanos - playNanos, listenNanos)), ended, streams);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /**
     * A {@code maxLatency} in ms that covers the measured capture-to-arrival latency with margin: its
     * 99th percentile times 1.5, at least 100 ms more than it, rounded up to 50 ms.
     */
    public static long recommendedMaxLatencyMillis(long p99LatencyMicros) {
        long withMargin = Math.max(p99LatencyMicros * 3 / 2, p99LatencyMicros + 100_000);
        long millis = (withMargin + 999) / 1000;
        return (millis + 49) / 50 * 50;
    }

    private static Transport transport(RtspTransport t) {
        return switch (t) {
            case AUTO -> Transport.AUTO;
            case TCP -> Transport.TCP;
            case UDP -> Transport.UDP;
        };
    }

    private static Sdp sdp(SessionDescription sdp) {
        List<Media> media = new ArrayList<>();
        for (MediaDescription m : sdp.media()) {
            List<HeaderExtensionMapping> extmaps = new ArrayList<>();
            for (Extmap x : m.extmaps()) {
                extmaps.add(new HeaderExtensionMapping(x.id(), x.uri()));
            }
            media.add(new Media(m.media(), m.protocol(), m.payloadType(), m.encodingName(), m.clockRateHz(), m.control(),
                    m.codec().isPresent(), m.fmtp(), extmaps));
        }
        return new Sdp(sdp.sessionName(), media, sdp.tsRefclk(), sdp.mediaclk());
    }

    private static long utcMicrosNow() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    /** What one stream showed; written on the event loop and by the polling caller, under its own lock. */
    private static final class StreamProbe {
        private final List<AccessUnit> decodeUnits = new ArrayList<>();
        private final List<Long> senderReportNanos = new ArrayList<>();
        private final long[] offsetsMicros = new long[MAX_OFFSETS];
        private long units;
        private long keyframes;
        private long firstRtp;
        private long lastRtp;
        private long firstArrivalNanos;
        private long lastArrivalNanos;
        private long anchoredNanos = -1;
        private String firstSource;
        private ClockMapping lastClock = ClockMapping.UNANCHORED;
        private int offsets;
        private long lastSenderReports;

        /** One access unit of the stream (event loop). */
        synchronized void onUnit(AccessUnit unit, ClockMapping clock) {
            long nowUtcMicros = utcMicrosNow();
            if (units == 0) {
                firstRtp = unit.rtpTimestamp();
                firstArrivalNanos = unit.arrivalNanos();
            }
            units++;
            lastRtp = unit.rtpTimestamp();
            lastArrivalNanos = unit.arrivalNanos();
            if (unit.keyframe()) {
                keyframes++;
            }
            if ((unit.keyframe() || !decodeUnits.isEmpty()) && decodeUnits.size() < DECODE_UNITS) {
                decodeUnits.add(new AccessUnit(unit.length()).copyFrom(unit));
            }
            lastClock = clock;
            if (clock.anchored()) {
                if (anchoredNanos < 0) {
                    anchoredNanos = unit.arrivalNanos();
                    firstSource = String.valueOf(clock.source());
                }
                long arrivalUtcMicros = nowUtcMicros - (System.nanoTime() - unit.arrivalNanos()) / 1000;
                if (offsets < offsetsMicros.length) {
                    offsetsMicros[offsets++] = clock.toUtcMicros(unit.rtpTimestamp()) - arrivalUtcMicros;
                }
            }
        }

        /** The stream's sender report count as polled at {@code nowNanos} (caller's thread). */
        synchronized void senderReportsSeen(long senderReports, long nowNanos) {
            while (lastSenderReports < senderReports) {
                lastSenderReports++;
                senderReportNanos.add(nowNanos);
            }
        }

        synchronized StreamReport report(RtspStream s, long playNanos) {
            RtspStreamStats st = s.stats();
            OptionalDouble fps = OptionalDouble.empty();
            OptionalDouble arrivalFps = OptionalDouble.empty();
            if (units > 1 && lastRtp != firstRtp) {
                fps = OptionalDouble.of((units - 1) * (double) s.clockRateHz() / (lastRtp - firstRtp));
                arrivalFps = OptionalDouble.of((units - 1) * 1e9 / Math.max(1, lastArrivalNanos - firstArrivalNanos));
            }
            List<Duration> srs = new ArrayList<>(senderReportNanos.size());
            for (long n : senderReportNanos) {
                srs.add(Duration.ofNanos(n - playNanos));
            }
            Optional<Clock> clock = Optional.empty();
            if (anchoredNanos >= 0) {
                long[] o = Arrays.copyOf(offsetsMicros, offsets);
                Arrays.sort(o);
                // capture time (camera clock) - arrival time (local clock) = clock offset - (encode + network delay)
                long median = o[o.length / 2];
                Optional<Latency> latency = Optional.empty();
                // Frames "captured" after they arrived: the camera clock is ahead, the latency unknown.
                if (median <= 0) {
                    // Latency = arrival - capture = -offset (with a camera clock that agrees with ours): its
                    // 99th percentile is the most negative 1 % of the offsets.
                    long p99LatencyMicros = Math.max(0, -o[(int) ((o.length - 1) * 0.01)]);
                    latency = Optional.of(new Latency(p99LatencyMicros, recommendedMaxLatencyMillis(p99LatencyMicros),
                            StreamSynchronizer.DEFAULT_MAX_LATENCY_MILLIS));
                }
                ClockMapping c = lastClock;
                clock = Optional.of(new Clock(firstSource, Duration.ofNanos(anchoredNanos - playNanos), median, o[o.length - 1], latency,
                        c.senderReportCount() >= 2 ? OptionalDouble.of(c.driftPpm()) : OptionalDouble.empty(),
                        c.senderReportCount(), c.residualRmsMicros()));
            }
            return new StreamReport(s.index(), String.valueOf(s.codec()), s.clockRateHz(), s.controlUrl(), resolution(s),
                    units, keyframes, fps, arrivalFps,
                    new Packets(st.rtpPackets(), st.lost(), st.reordered(), st.duplicates(), st.ssrcChanges()), srs, clock,
                    new HeaderExtensions(st.onvifExtensions(), st.ntp64Extensions(), st.ntp56Extensions()));
        }

        /** Decodes the first keyframe and what follows it (copied on the event loop) to learn the size. */
        private Resolution resolution(RtspStream s) {
            if (decodeUnits.isEmpty()) {
                return Resolution.unknown("no keyframe received");
            }
            int[] size = new int[2];
            try (VideoDecoder decoder = new VideoDecoder("probe", s.codec(), DecoderOptions.defaults().withMotionVectors(false))) {
                for (AccessUnit u : decodeUnits) {
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
                return Resolution.unknown("cannot decode: " + e.getMessage());
            }
            return size[0] == 0 ? Resolution.unknown("the first keyframe did not decode") : Resolution.decoded(size[0], size[1]);
        }
    }
}
