package dev.streamsync.api;

import dev.streamsync.decode.DecoderOptions;
import dev.streamsync.decode.Picture;
import dev.streamsync.sync.CameraState;
import dev.streamsync.sync.CompensatorConfig;
import dev.streamsync.sync.CompensatorCounters;
import dev.streamsync.sync.EntryStatus;
import dev.streamsync.sync.FrameSource;
import dev.streamsync.sync.MicrosClock;
import dev.streamsync.sync.OffsetViolation;
import dev.streamsync.sync.PacketAssembly;
import dev.streamsync.sync.SyncEndedException;
import dev.streamsync.sync.SyncRuntime;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.TimeoutException;

/**
 * Connects to N cameras and hands out {@link FramePacket}s: one frame per camera, captured at about
 * the same instant.
 *
 * <pre>{@code
 * try (StreamSynchronizer sync = StreamSynchronizer.builder()
 *         .camera("rtsp://user:pass@10.0.0.7/stream1")
 *         .camera(Camera.of(uri).transport(Transport.UDP).timestampOffset(Duration.ofMillis(-40)))
 *         .maxInitialStreamOffset(Duration.ofSeconds(1))
 *         .framePacketBufferMaxSize(10)
 *         .build()) {
 *     try (FramePacket packet = sync.getFramePacket()) {
 *         for (FrameData f : packet) { ... f.status(); f.timestamp(); f.bgr(); ... }
 *     }
 * }
 * }</pre>
 *
 * <p>Threading: {@link #getFramePacket()} may be called from any number of threads (each packet goes
 * to one caller); {@link #stats()} from any thread; {@link #close()} from any thread. Internally one
 * thread per camera decodes, one compensator thread groups frames. Ownership: packets taken belong to
 * the caller, who closes them; {@link #close()} releases everything else.
 *
 * <p>Failures: a camera that breaks is reported in packets (CAP_BROKEN with a reason and a
 * {@link CameraFailure} whose {@link FailureKind} a program can switch on) and in {@link #stats()}, and
 * retried by its source; packets keep coming for the others. A video file that played to its end is
 * CAP_ENDED, not broken.
 *
 * <p><b>Never silent.</b> {@code getFramePacket} never blocks for longer than about
 * {@code maxLatency} plus one frame interval while the synchronizer runs:
 * <ul>
 *   <li>while cameras are down (broken, idle, unsynced ...), packets keep coming at the cameras'
 *   frame rate with each camera's status (CAP_BROKEN entries carry the failure);</li>
 *   <li>when every camera has failed for good before delivering a single frame (each is broken with a
 *   {@linkplain FailureKind#isPermanent() permanent} kind: authentication, not found, unknown host,
 *   unsupported media; or ended) it throws {@link CamerasFailedException} naming each camera's
 *   failure. Transient kinds (connection refused, timeouts, a server that ended the session) are
 *   retried and reported in packets, for as long as the synchronizer runs;</li>
 *   <li>when every camera ended (files) and the last packet was taken, {@link StreamsEndedException};</li>
 *   <li>on a configuration error, {@link InitialStreamOffsetException} (initial clock offset too large).</li>
 * </ul>
 */
public final class StreamSynchronizer implements AutoCloseable {
    /**
     * Default of {@link Builder#maxLatency}, in milliseconds: {@value}. The CLI's
     * {@code --max-latency-ms} defaults to the same constant.
     */
    public static final long DEFAULT_MAX_LATENCY_MILLIS = CompensatorConfig.DEFAULT_MAX_LATENCY_MILLIS;
    /** Default of {@link Builder#idleTimeout}, in milliseconds: {@value}; well above the default maxLatency. */
    public static final long DEFAULT_IDLE_TIMEOUT_MILLIS = CompensatorConfig.DEFAULT_IDLE_TIMEOUT_MILLIS;

    private final List<Camera> cameras;
    private final SyncRuntime<FramePacket> runtime;
    private final FrameSourceFactory ownedFactory;

    private StreamSynchronizer(List<Camera> cameras, SyncRuntime<FramePacket> runtime, FrameSourceFactory ownedFactory) {
        this.cameras = cameras;
        this.runtime = runtime;
        this.ownedFactory = ownedFactory;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The cameras, in packet order. */
    public List<Camera> cameras() { return cameras; }

    /**
     * The next packet, waiting as long as it takes.
     *
     * @throws SynchronizerClosedException   when the synchronizer is or gets closed
     * @throws StreamsEndedException         when every camera has ended for good (video files played to
     *                                       their end) and every packet was taken
     * @throws InitialStreamOffsetException  when the cameras' initial clock offset exceeded the limit
     * @throws CamerasFailedException        when every camera failed for good before delivering a frame
     *                                       (see the class comment)
     * @throws InterruptedException          when the calling thread is interrupted while waiting
     */
    public FramePacket getFramePacket() throws InterruptedException {
        return take(-1);
    }

    /**
     * The next packet, waiting at most {@code timeout}.
     *
     * @throws TimeoutException when no packet came within {@code timeout}
     * @see #getFramePacket()
     */
    public FramePacket getFramePacket(Duration timeout) throws InterruptedException, TimeoutException {
        long nanos = Math.max(0, timeout.toNanos());
        FramePacket p = take(nanos);
        if (p == null) {
            throw new TimeoutException("no frame packet within " + timeout.toMillis() + " ms");
        }
        return p;
    }

    private FramePacket take(long timeoutNanos) throws InterruptedException {
        try {
            return runtime.take(timeoutNanos);
        } catch (SyncEndedException e) {
            OffsetViolation v = e.violation();
            if (v != null) {
                throw new InitialStreamOffsetException(v.message(), v.cameraA(), v.cameraB(), Duration.ofNanos(v.offsetMicros() * 1000));
            }
            if (!e.failures().isEmpty()) {
                throw new CamerasFailedException(e.getMessage(), e.failures());
            }
            if (e.sourcesEnded()) {
                throw new StreamsEndedException(e.getMessage());
            }
            throw new SynchronizerClosedException("the synchronizer is closed; no more frame packets");
        }
    }

    /** A snapshot of the counters; cheap, callable from any thread. */
    public SynchronizerStats stats() {
        CompensatorCounters k = runtime.counters();
        long now = runtime.nowMicros();
        List<CameraStats> list = new ArrayList<>(cameras.size());
        for (int c = 0; c < cameras.size(); c++) {
            CameraState s = k.state(c, now);
            long interval = k.get(c, CompensatorCounters.FRAME_INTERVAL_MICROS);
            long frames = k.get(c, CompensatorCounters.RECEIVED) + runtime.ringFullDrops(c);
            long drops = runtime.ringFullDrops(c) + k.get(c, CompensatorCounters.SKIPPED) + k.get(c, CompensatorCounters.OVERFLOW)
                    + k.get(c, CompensatorCounters.UNSYNCED) + k.get(c, CompensatorCounters.OUT_OF_ORDER)
                    + k.get(c, CompensatorCounters.CLOCK_STEPPED);
            boolean seen = k.get(c, CompensatorCounters.LAST_SOURCE) >= 0;
            list.add(new CameraStats(c, cameras.get(c).name(), CameraStats.State.valueOf(s.name()),
                    Optional.ofNullable(s == CameraState.BROKEN || s == CameraState.ENDED ? k.failure(c) : null),
                    seen && interval > 0 ? 1e6 / interval : 0.0, frames, k.get(c, CompensatorCounters.USED), drops,
                    k.get(c, CompensatorCounters.LATE), k.get(c, CompensatorCounters.READ_ERRORS),
                    Optional.ofNullable(k.lastSource(c)),
                    Duration.ofNanos(Math.max(0, now - k.get(c, CompensatorCounters.LAST_ARRIVAL_MICROS)) * 1000),
                    Duration.ofNanos(k.get(c, CompensatorCounters.ARRIVAL_LATENCY_MICROS) * 1000),
                    runtime.sourceStats(c)));
        }
        Histogram spread = runtime.spreadHistogram();
        Histogram latency = runtime.latencyHistogram();
        return new SynchronizerStats(list, runtime.packetsEmitted(), runtime.packetsDropped(), runtime.packetsQueued(),
                spread.getValueAtPercentile(50), spread.getValueAtPercentile(99),
                latency.getValueAtPercentile(50), latency.getValueAtPercentile(99), runtime.compensatorErrors());
    }

    /**
     * Stops the cameras and the compensator and releases every picture not handed out, within about
     * two seconds. Waiting and later {@code getFramePacket} calls throw
     * {@link SynchronizerClosedException}. Packets already taken stay valid until closed. Idempotent.
     */
    @Override
    public void close() {
        runtime.close();
        if (ownedFactory != null) {
            try {
                ownedFactory.close();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(StreamSynchronizer.class).warn("frame source factory failed to close", e);
            }
        }
    }

    @Override
    public String toString() {
        return "StreamSynchronizer" + cameras;
    }

    static FramePacket assemble(PacketAssembly<Picture> a) {
        FramePacket packet = new FramePacket(a.sequence(), a.referenceTimeUtcMicros(), a.spreadMicros(), a.emittedAtMicros(), a.cameraCount());
        for (int c = 0; c < a.cameraCount(); c++) {
            EntryStatus s = a.status(c);
            FrameStatus status = switch (s) {
                case OKAY -> FrameStatus.FRAME_OKAY;
                case DROPPED -> FrameStatus.FRAME_DROPPED;
                case READ_ERROR -> FrameStatus.FRAME_READ_ERROR;
                case BROKEN -> FrameStatus.CAP_BROKEN;
                case ENDED -> FrameStatus.CAP_ENDED;
            };
            packet.set(c, new FrameData(packet, c, status, a.reason(c), a.failure(c), a.frame(c), a.captureTimeUtcMicros(c),
                    a.timestampSource(c), a.offsetMicros(c)));
        }
        return packet;
    }

    /**
     * Collects cameras and options. Defaults: policy NEAREST, maxLatency {@value #DEFAULT_MAX_LATENCY_MILLIS} ms,
     * idleTimeout {@value #DEFAULT_IDLE_TIMEOUT_MILLIS} ms, tolerance half of each camera's frame interval,
     * maxReadErrors 10, packet buffer 10 (drop oldest), no initial offset check, 16 ring slots and
     * {@value CompensatorConfig#DEFAULT_MAX_PENDING_FRAMES} pending frames per camera. Not thread-safe.
     */
    public static final class Builder {
        private final List<Camera> cameras = new ArrayList<>();
        private SyncPolicy policy = SyncPolicy.NEAREST;
        private Duration maxInitialStreamOffset;
        private int maxReadErrors = 10;
        private int framePacketBufferMaxSize = 10;
        private Duration maxLatency = Duration.ofMillis(DEFAULT_MAX_LATENCY_MILLIS);
        private Duration idleTimeout = Duration.ofMillis(DEFAULT_IDLE_TIMEOUT_MILLIS);
        private Duration tolerance = Duration.ZERO;
        private int ringSize = 16;
        private DecoderOptions decoderOptions = DecoderOptions.defaults();
        private int maxPendingFrames = CompensatorConfig.DEFAULT_MAX_PENDING_FRAMES;
        private boolean acceptArrivalTimestamps;
        private FrameSourceFactory sourceFactory;
        private MicrosClock clock = MicrosClock.system();

        private Builder() {
        }

        /** Adds a camera by URI (credentials in the URI are moved out of it, see {@link Camera#of(String)}). */
        public Builder camera(String uri) { return camera(Camera.of(uri)); }

        /** Adds a camera; packets list cameras in the order they were added. */
        public Builder camera(Camera camera) {
            cameras.add(Objects.requireNonNull(camera, "camera"));
            return this;
        }

        /** Fail (with {@link InitialStreamOffsetException}) when the cameras' initial clocks differ by more. Default: no check. */
        public Builder maxInitialStreamOffset(Duration d) {
            maxInitialStreamOffset = requireNonNegative(d, "maxInitialStreamOffset");
            return this;
        }

        /** Consecutive read errors after which a camera is reported CAP_BROKEN. Default 10. */
        public Builder maxReadErrors(int n) {
            if (n < 0) throw new IllegalArgumentException("maxReadErrors must be >= 0, was " + n);
            maxReadErrors = n;
            return this;
        }

        /** Packets kept for the application: the oldest is dropped (and released) beyond this; -1: unbounded. Default 10. */
        public Builder framePacketBufferMaxSize(int n) {
            if (n == 0 || n < -1) throw new IllegalArgumentException("framePacketBufferMaxSize must be >= 1 or -1, was " + n);
            framePacketBufferMaxSize = n;
            return this;
        }

        /** Default {@link SyncPolicy#NEAREST}. */
        public Builder policy(SyncPolicy p) { policy = Objects.requireNonNull(p, "policy"); return this; }

        /**
         * NEAREST: the cap on how long a packet waits for a camera. Each packet waits for the live
         * cameras' frames of its instant as long as their learnt latency says (so a camera 1.5 s
         * behind is waited for without configuration), never longer than this. A camera whose frames
         * arrive later than this after capture is reported LATE (state, and entries "late: arrived N ms
         * after capture"), logged once, and no longer waited for. Default
         * {@value #DEFAULT_MAX_LATENCY_MILLIS} ms, as GStreamer's rtspsrc; must be shorter than the idle timeout.
         */
        public Builder maxLatency(Duration d) { maxLatency = requirePositive(d, "maxLatency"); return this; }

        /**
         * A camera silent this long stops holding packets back (until it delivers again). Default
         * {@value #DEFAULT_IDLE_TIMEOUT_MILLIS} ms; must be longer than maxLatency.
         */
        public Builder idleTimeout(Duration d) { idleTimeout = requirePositive(d, "idleTimeout"); return this; }

        /** NEAREST: fixed matching tolerance for every camera; zero (default) means half of each camera's frame interval. */
        public Builder tolerance(Duration d) { tolerance = requireNonNegative(d, "tolerance"); return this; }

        /** Slots of each camera's hand-off ring (a power of two). Default 16. */
        public Builder ringSize(int n) { ringSize = n; return this; }

        /**
         * How cameras are decoded: motion vectors (on by default), frames after packet loss dropped
         * (default, reported as FRAME_READ_ERROR) or delivered marked degraded, decoder threads, or no
         * decoding at all (timestamps and compressed access units only, for timing or recording).
         */
        public Builder decoderOptions(DecoderOptions options) { decoderOptions = Objects.requireNonNull(options, "options"); return this; }

        /**
         * Frames held per camera while waiting to be matched. Default
         * {@value CompensatorConfig#DEFAULT_MAX_PENDING_FRAMES}: a 30 fps camera's frames while a camera 2 s
         * behind is waited for.
         */
        public Builder maxPendingFrames(int n) { maxPendingFrames = n; return this; }

        /**
         * Mix frames stamped with their local arrival time (cameras without a clock anchor) into packets
         * as if they were synced. Default false: they are reported FRAME_DROPPED "unsynced".
         */
        public Builder acceptArrivalTimestamps(boolean b) { acceptArrivalTimestamps = b; return this; }

        /**
         * The factory of camera sources (the caller keeps ownership). Default: the first
         * {@link FrameSourceFactory} found by {@link ServiceLoader}.
         */
        public Builder sourceFactory(FrameSourceFactory f) { sourceFactory = Objects.requireNonNull(f, "factory"); return this; }

        Builder clock(MicrosClock c) { clock = Objects.requireNonNull(c, "clock"); return this; }

        /**
         * Creates the sources, starts them and the compensator.
         *
         * @throws IllegalArgumentException on invalid options or no cameras
         * @throws NoFrameSourceFactoryException when no {@link FrameSourceFactory} is available
         */
        public StreamSynchronizer build() {
            if (cameras.isEmpty()) {
                throw new IllegalArgumentException("no cameras: add at least one with camera(...)");
            }
            if (idleTimeout.compareTo(maxLatency) <= 0) {
                throw new IllegalArgumentException("idleTimeout (" + idleTimeout.toMillis() + " ms) must be longer than maxLatency ("
                        + maxLatency.toMillis() + " ms): a camera is waited for up to maxLatency before it counts as idle");
            }
            CompensatorConfig.Builder cfg = CompensatorConfig.builder(cameras.size())
                    .policy(policy == SyncPolicy.SEED ? CompensatorConfig.Policy.SEED : CompensatorConfig.Policy.NEAREST)
                    .maxLatencyMicros(micros(maxLatency))
                    .idleTimeoutMicros(micros(idleTimeout))
                    .toleranceMicros(micros(tolerance))
                    .maxPendingFrames(maxPendingFrames)
                    .maxInitialStreamOffsetMicros(maxInitialStreamOffset == null ? -1 : micros(maxInitialStreamOffset))
                    .maxReadErrors(maxReadErrors)
                    .acceptArrivalTimestamps(acceptArrivalTimestamps);
            long[] offsets = new long[cameras.size()];
            for (int c = 0; c < cameras.size(); c++) {
                cfg.cameraName(c, cameras.get(c).name());
                offsets[c] = micros(cameras.get(c).timestampOffset());
            }
            CompensatorConfig config = cfg.build();
            FrameSourceFactory factory = sourceFactory;
            FrameSourceFactory owned = null;
            if (factory == null) {
                owned = ServiceLoader.load(FrameSourceFactory.class).findFirst().orElseThrow(() -> new NoFrameSourceFactoryException(
                        "RTSP source not available: no FrameSourceFactory is registered "
                                + "(META-INF/services/dev.streamsync.api.FrameSourceFactory) and none was passed to sourceFactory(...)"));
                factory = owned;
            }
            List<FrameSource> sources = new ArrayList<>(cameras.size());
            SyncRuntime<FramePacket> runtime;
            try {
                for (int c = 0; c < cameras.size(); c++) {
                    sources.add(Objects.requireNonNull(factory.create(cameras.get(c), c, decoderOptions), "factory returned no source"));
                }
                runtime = new SyncRuntime<>(config, sources, offsets, ringSize, framePacketBufferMaxSize,
                        new SyncRuntime.PacketAssembler<>() {
                            @Override
                            public FramePacket assemble(PacketAssembly<Picture> packet) { return StreamSynchronizer.assemble(packet); }

                            @Override
                            public void discard(FramePacket packet) { packet.close(); }
                        }, clock);
            } catch (RuntimeException e) {
                sources.forEach(FrameSource::close);
                if (owned != null) {
                    owned.close();
                }
                throw e;
            }
            runtime.start();
            return new StreamSynchronizer(List.copyOf(cameras), runtime, owned);
        }

        private static long micros(Duration d) {
            return d.toNanos() / 1000;
        }

        private static Duration requirePositive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive, was " + d);
            return d;
        }

        private static Duration requireNonNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) throw new IllegalArgumentException(name + " must not be negative, was " + d);
            return d;
        }
    }
}
