package dev.streamsync.sync;

import dev.streamsync.clock.MicrosClock;
import dev.streamsync.spi.FrameSource;
import dev.streamsync.spi.SourceStats;

import com.lmax.disruptor.EventPoller;
import dev.streamsync.failure.CameraFailure;
import dev.streamsync.failure.FailureKind;
import dev.streamsync.picture.Picture;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The running synchronizer: one {@link CameraRing} per camera fed by that camera's
 * {@link FrameSource}, one compensator thread for all cameras that drains the rings into a
 * {@link Compensator} and puts the packets it emits into a bounded {@link PacketQueue}.
 *
 * <pre>
 *  source 0 --FrameSink--> ring 0 --\
 *  source 1 --FrameSink--> ring 1 ---+--> compensator thread --> packet queue --> take()
 *  source N --FrameSink--> ring N --/     (parks until a publish or a deadline)
 * </pre>
 *
 * <p>The compensator thread never busy-waits: when nothing can progress it parks until a producer
 * publishes or the engine's next deadline ({@code maxLatency}, idle timeout), at most 500 ms. It
 * survives any exception (counted, first of each kind logged).
 *
 * <p>Memory is bounded everywhere: ring size per camera, {@code maxPendingFrames} per camera inside
 * the engine, the packet queue (unless configured unbounded). A dead camera holds nothing.
 *
 * <p>Threading: {@link #take} from any number of threads; {@link #close} from any thread, once
 * effective. Ownership: packets taken belong to the caller; everything else is released by close.
 *
 * @param <P> the packet type handed to the application
 */
public final class SyncRuntime<P> implements AutoCloseable {
    /** Turns the engine's reusable packet into the application's packet type. */
    public interface PacketAssembler<P> {
        /** Called on the compensator thread; takes ownership of the pictures in {@code packet}. */
        P assemble(PacketAssembly<Picture> packet);

        /** Releases a packet nobody will take (queue overflow, shutdown). */
        void discard(P packet);
    }

    /** Name of the compensator thread (plus a per-instance suffix). */
    public static final String THREAD_NAME_PREFIX = "streamsync-compensator";
    /** Longest wait for the sources to close (they close in parallel, each bounded by itself). */
    static final long SOURCE_CLOSE_WAIT_MILLIS = 1_500;
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long HISTOGRAM_MAX_MICROS = TimeUnit.MINUTES.toMicros(10);
    private static final Logger LOG = LoggerFactory.getLogger(SyncRuntime.class);
    private static final AtomicLong INSTANCES = new AtomicLong();

    private final Compensator<Picture> engine;
    private final List<? extends FrameSource> sources;
    private final CameraRing[] rings;
    private final PacketQueue<P> queue;
    private final PacketAssembler<P> assembler;
    private final MicrosClock clock;
    private final CompensatorWakeUp wakeUp = new CompensatorWakeUp();
    private final ErrorCounter errors = new ErrorCounter(LOG, "compensator thread");
    private final Thread thread;
    private final ConcurrentHistogram spreadMicros = new ConcurrentHistogram(HISTOGRAM_MAX_MICROS, 3);
    private final ConcurrentHistogram latencyMicros = new ConcurrentHistogram(HISTOGRAM_MAX_MICROS, 3);
    private final AtomicLong packetsEmitted = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();
    private final EventPoller.Handler<FrameEvent>[] handlers;
    private final PacketSink<Picture> emitter = new PacketSink<>() {
        @Override
        public void accept(PacketAssembly<Picture> packet) { emit(packet); }

        @Override
        public int capacityLeft() { return queue.capacityLeft(); }
    };
    private volatile boolean running = true;
    private boolean violationReported;
    /** Compensator thread only: cameras whose source ended for good, and why. */
    private final String[] endedReasons;
    private boolean endReported;
    private boolean failedReported;
    private long drainNowMicros;
    private boolean drained;

    /**
     * @param sources               one per camera, index = camera index; owned (closed) by this runtime
     * @param timestampOffsetMicros per camera, added to every capture time (may be negative)
     * @param ringSize              slots per camera ring, a power of two
     * @param packetQueueMaxSize    at least 1, or -1 for unbounded
     */
    @SuppressWarnings("unchecked")
    public SyncRuntime(CompensatorConfig config, List<? extends FrameSource> sources, long[] timestampOffsetMicros,
                       int ringSize, int packetQueueMaxSize, PacketAssembler<P> assembler, MicrosClock clock) {
        Objects.requireNonNull(config, "config");
        if (sources.size() != config.cameraCount() || timestampOffsetMicros.length != config.cameraCount()) {
            throw new IllegalArgumentException("need one source and one offset per camera (" + config.cameraCount() + ")");
        }
        if (ringSize < 2 || Integer.bitCount(ringSize) != 1) {
            throw new IllegalArgumentException("ringSize must be a power of two >= 2, was " + ringSize);
        }
        this.sources = List.copyOf(sources);
        this.assembler = Objects.requireNonNull(assembler, "assembler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.queue = new PacketQueue<>(packetQueueMaxSize, assembler::discard);
        this.engine = new Compensator<>(config, Picture::release, clock.nowMicros());
        this.rings = new CameraRing[sources.size()];
        this.endedReasons = new String[sources.size()];
        this.handlers = (EventPoller.Handler<FrameEvent>[]) new EventPoller.Handler<?>[sources.size()];
        for (int c = 0; c < rings.length; c++) {
            rings[c] = new CameraRing(ringSize, wakeUp, timestampOffsetMicros[c]);
            int camera = c;
            handlers[c] = (event, sequence, endOfBatch) -> {
                onEvent(camera, event);
                return true;
            };
        }
        this.thread = new Thread(this::run, THREAD_NAME_PREFIX + "-" + INSTANCES.incrementAndGet());
        thread.setDaemon(true);
        wakeUp.bind(thread);
    }

    /** Starts the compensator thread, then every source. A source that fails to start is reported broken. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        thread.start();
        for (int c = 0; c < rings.length; c++) {
            try {
                sources.get(c).start(rings[c]);
            } catch (RuntimeException e) {
                LOG.warn("camera {} source failed to start", engine.config().cameraName(c), e);
                rings[c].onBroken(new CameraFailure(FailureKind.of(e), "source failed to start: " + e));
            }
        }
    }

    /**
     * The oldest packet, waiting up to {@code timeoutNanos} (negative: without limit); null only
     * when the timeout elapsed.
     *
     * @throws SyncEndedException after {@link #close} or a fatal configuration error
     */
    public P take(long timeoutNanos) throws InterruptedException, SyncEndedException {
        return queue.take(timeoutNanos);
    }

    public Compensator<Picture> engine() { return engine; }

    /** Counters of the engine; readable from any thread. */
    public CompensatorCounters counters() { return engine.counters(); }

    /** Frames of {@code camera} released because its ring was full. */
    public long ringFullDrops(int camera) { return rings[camera].ringFullDrops(); }

    /** Link and clock statistics of the camera's source. */
    public SourceStats sourceStats(int camera) {
        try {
            return sources.get(camera).stats();
        } catch (RuntimeException e) {
            return SourceStats.NONE;
        }
    }

    /** Packets dropped from the full packet queue (oldest first). */
    public long packetsDropped() { return queue.dropped(); }

    public long packetsEmitted() { return packetsEmitted.get(); }

    public int packetsQueued() { return queue.size(); }

    /** Exceptions the compensator thread survived. */
    public long compensatorErrors() { return errors.total(); }

    /** A copy of the packet spread histogram (microseconds). */
    public Histogram spreadHistogram() { return spreadMicros.copy(); }

    /** A copy of the capture-to-packet latency histogram (microseconds, one value per frame). */
    public Histogram latencyHistogram() { return latencyMicros.copy(); }

    public long nowMicros() { return clock.nowMicros(); }

    /**
     * Stops everything and releases every picture the runtime holds, within about two seconds:
     * closes the rings (late frames are released at once) and the sources, stops and joins the
     * compensator thread, releases what the rings and the engine hold, and discards queued packets.
     * Takers get {@link SyncEndedException}. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (CameraRing ring : rings) {
            ring.close();
        }
        // The compensator thread stops while the sources close: frames still arriving meet closed rings.
        running = false;
        wakeUp.wake();
        closeSourcesInParallel();
        boolean joined = true;
        if (started.get()) {
            try {
                thread.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            joined = !thread.isAlive();
        }
        if (joined) {
            EventPoller.Handler<FrameEvent> releaseOnly = (event, sequence, endOfBatch) -> {
                if (event.picture != null) {
                    event.picture.release();
                }
                event.clear();
                return true;
            };
            for (CameraRing ring : rings) {
                try {
                    ring.drain(releaseOnly);
                } catch (Exception e) {
                    errors.record(e);
                }
            }
            engine.releaseAll();
        } else {
            LOG.error("compensator thread did not stop within 1 s; its frames are not released");
        }
        queue.end(new SyncEndedException("synchronizer closed", null));
    }

    // ------------------------------------------------------------- compensator thread

    /**
     * Closes every source at once, so that N cameras whose TEARDOWN goes unanswered cost one timeout,
     * not N. Each source bounds its own close; this waits at most {@link #SOURCE_CLOSE_WAIT_MILLIS}.
     */
    private void closeSourcesInParallel() {
        List<Thread> closers = new ArrayList<>(sources.size());
        for (int c = 0; c < sources.size(); c++) {
            FrameSource source = sources.get(c);
            Thread t = new Thread(() -> {
                try {
                    source.close();
                } catch (RuntimeException e) {
                    LOG.warn("frame source {} failed to close", source, e);
                }
            }, "streamsync-close-" + c);
            t.setDaemon(true);
            t.start();
            closers.add(t);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SOURCE_CLOSE_WAIT_MILLIS);
        for (Thread t : closers) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (t.isAlive()) {
                LOG.warn("{} still closing after {} ms; not waiting for it", t.getName(), SOURCE_CLOSE_WAIT_MILLIS);
            }
        }
    }

    private boolean allEndedAndDrained() {
        for (int c = 0; c < endedReasons.length; c++) {
            if (endedReasons[c] == null || engine.pendingFrames(c) > 0) {
                return false;
            }
        }
        return true;
    }

    private void run() {
        while (running) {
            try {
                runOnce();
            } catch (Throwable t) {
                errors.record(t);
                // Do not spin on an error that repeats every iteration.
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    private void runOnce() throws Exception {
        drained = false;
        drainNowMicros = clock.nowMicros();
        for (int c = 0; c < rings.length; c++) {
            rings[c].drain(handlers[c]);
        }
        boolean progressed = drained;
        // Checked before polling: no status packet is made for a synchronizer that cannot deliver.
        if (!failedReported && !endReported && engine.allFailedForGood()) {
            failedReported = true;
            CameraFailure[] failures = engine.failures();
            StringBuilder m = new StringBuilder("every camera failed for good before delivering a frame: ");
            for (int c = 0; c < failures.length; c++) {
                m.append(c == 0 ? "" : "; ").append(engine.config().cameraName(c)).append(": ")
                        .append(failures[c].kind()).append(" (").append(failures[c].message()).append(')');
            }
            LOG.error(m.toString());
            queue.end(SyncEndedException.camerasFailed(m.toString(), java.util.Arrays.asList(failures)));
        }
        long now = clock.nowMicros();
        while (engine.poll(now, emitter)) {
            progressed = true;
        }
        if (!endReported && allEndedAndDrained()) {
            endReported = true;
            String message = "every camera has ended: " + String.join("; ", endedReasons);
            LOG.info(message);
            queue.endAfterDrain(new SyncEndedException(message, null, true));
        }
        if (engine.violation() != null && !violationReported) {
            violationReported = true;
            LOG.error(engine.violation().message());
            queue.end(new SyncEndedException(engine.violation().message(), engine.violation()));
        }
        if (!progressed) {
            park(now);
        }
    }

    private void park(long now) {
        wakeUp.sleeping(true);
        try {
            for (CameraRing ring : rings) {
                if (ring.hasPending()) {
                    return;
                }
            }
            if (!running) {
                return;
            }
            long wakeAt = engine.wakeUpAtMicros();
            long nanos = MAX_PARK_NANOS;
            if (wakeAt != Long.MAX_VALUE) {
                nanos = Math.max(1_000, Math.min(MAX_PARK_NANOS, (wakeAt - now) * 1_000));
            }
            LockSupport.parkNanos(this, nanos);
        } finally {
            wakeUp.sleeping(false);
        }
    }

    private void onEvent(int camera, FrameEvent event) {
        drained = true;
        try {
            switch (event.kind) {
                case FrameEvent.FRAME -> {
                    Picture p = event.picture;
                    event.picture = null;
                    engine.onFrame(camera, p, event.captureTimeUtcMicros, event.source, drainNowMicros);
                }
                case FrameEvent.READ_ERROR -> engine.onReadError(camera, event.reason, drainNowMicros);
                case FrameEvent.BROKEN -> engine.onBroken(camera, event.failure, drainNowMicros);
                case FrameEvent.ENDED -> {
                    endedReasons[camera] = event.failure.message();
                    engine.onEnded(camera, event.failure, drainNowMicros);
                }
                default -> engine.onRecovered(camera, drainNowMicros);
            }
        } catch (RuntimeException e) {
            errors.record(e);
        } finally {
            event.clear();
        }
    }

    private void emit(PacketAssembly<Picture> packet) {
        P assembled;
        try {
            assembled = assembler.assemble(packet);
        } catch (RuntimeException e) {
            errors.record(e);
            for (int c = 0; c < packet.cameraCount(); c++) {
                Picture p = packet.frame(c);
                if (p != null) {
                    p.release();
                }
            }
            return;
        }
        packetsEmitted.incrementAndGet();
        spreadMicros.recordValue(Math.min(packet.spreadMicros(), HISTOGRAM_MAX_MICROS));
        for (int c = 0; c < packet.cameraCount(); c++) {
            if (packet.status(c) == FrameStatus.FRAME_OKAY) {
                long latency = packet.emittedAtMicros() - packet.captureTimeUtcMicros(c);
                latencyMicros.recordValue(Math.max(0, Math.min(latency, HISTOGRAM_MAX_MICROS)));
            }
        }
        queue.offer(assembled);
    }
}
