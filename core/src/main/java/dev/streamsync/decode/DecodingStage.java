package dev.streamsync.decode;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import dev.streamsync.rtp.AccessUnit;
import dev.streamsync.rtp.VideoCodec;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decoding stage of one camera: a bounded hand-off from the network thread to a decoder thread
 * of its own, which runs a {@link VideoDecoder} and gives each picture to a {@link DecodedPictureSink}.
 *
 * <pre>
 *  network thread (Netty event loop)          decoder thread "streamsync-decode-NAME"
 *  offer(unit): copy into a free ring slot --> RingBuffer&lt;Slot&gt; (preallocated, ringSize slots)
 *               never blocks; ring full:         --> VideoDecoder.decode --> sink.onPicture(picture)
 *               drop until next keyframe                                  --> sink.onDropped(rtp, reason)
 * </pre>
 *
 * <h2>Threading</h2>
 * {@link #offer} and {@link #startSession} may be called from any thread (in practice the event loop
 * of the camera's current session); they are serialized by the stage's lock, which the single-producer
 * ring needs. {@link #offer} copies the unit into a preallocated slot ({@link AccessUnit#copyFrom}) and never
 * waits: when the ring is full the decoder is too slow for the stream, so the unit is dropped, and so
 * is every unit after it up to the next keyframe (decoding them would only give damaged pictures); the
 * drops are counted at once ({@link DecoderStats#droppedDecoderBehind()}) and reported to the sink,
 * with their timestamps, from the decoder thread just before the next accepted unit is decoded
 * ({@link DropReason#DECODER_BEHIND}; at most {@value #MAX_REPORTED_DROPS} per gap are reported
 * individually, the rest only counted). The decoder thread sleeps on a lock/condition
 * ({@link BlockingWaitStrategy}) when the ring is empty: no busy waiting. The sink is called on the
 * decoder thread only.
 *
 * <h2>Errors</h2>
 * Nothing ends the decoder thread but {@link #close()}: FFmpeg errors are counted by the decoder, an
 * exception from the sink or anywhere in the handler is counted ({@link DecoderStats#sinkErrors()})
 * and logged once per kind, and decoding goes on with the next unit.
 *
 * <h2>Sessions</h2>
 * A stage outlives the RTSP sessions of its camera: after a reconnect, {@link #startSession} points
 * it at the new session's sink (and codec) instead of a new stage being built. Its thread, ring,
 * decoder and picture pool are reused, so a camera that reconnects every few seconds does not churn
 * threads and native allocations. The switch travels in order with the units: every unit offered
 * before {@code startSession} is decoded for the old sink, and the decoder is drained into the old
 * sink and reset (a new stream starts at a keyframe) before the first unit of the new session. A
 * different codec opens a new decoder on the calling thread, so an unsupported codec fails there.
 *
 * <h2>Ownership</h2>
 * The stage owns its decoders, ring and thread; {@link #close()} stops the thread and frees the
 * decoder's native memory (on the decoder thread, as it exits). Pictures the sink received stay
 * valid until released.
 */
public final class DecodingStage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DecodingStage.class);
    /** Drops reported individually per published slot; more are only counted. */
    static final int MAX_REPORTED_DROPS = 64;
    private static final long JOIN_TIMEOUT_MILLIS = 2000;

    /** A preallocated ring slot: a copy of one unit, its session, and the drops just before it. */
    static final class Slot {
        final AccessUnit unit = new AccessUnit(64 * 1024);
        final long[] droppedRtpTimestamps = new long[MAX_REPORTED_DROPS];
        int droppedCount;
        long session;
        /** An end-of-stream marker instead of a unit. */
        boolean endOfStream;
    }

    /** A session switch, applied by the decoder thread before the first unit of {@code session}. */
    private record SessionStart(long session, VideoDecoder newDecoder, DecodedPictureSink sink) {
    }

    private final String name;
    private final DecoderOptions options;
    private final DecoderStats stats = new DecoderStats();
    /** Session switches not yet applied by the decoder thread, oldest first (one per reconnect). */
    private final ConcurrentLinkedQueue<SessionStart> starts = new ConcurrentLinkedQueue<>();
    private final RingBuffer<Slot> ring;
    private final BatchEventProcessor<Slot> processor;
    private final Thread thread;
    private final OnceLogger errors;

    // Decoder-thread state.
    private VideoDecoder decoder;
    private DecodedPictureSink sink;
    private long decoderSession;

    // Producer state, guarded by this.
    private long producerSession;
    private VideoCodec producerCodec;
    private boolean skipUntilKeyframe;
    private final long[] pendingDrops = new long[MAX_REPORTED_DROPS];
    private int pendingDropCount;

    private volatile boolean closed;

    /**
     * Opens the decoder and starts the decoder thread: a stage with its first session.
     *
     * @param name camera name, used for the thread name and log messages
     * @throws IllegalStateException when the decoder cannot be opened (FFmpeg missing the codec)
     */
    public DecodingStage(String name, VideoCodec codec, DecoderOptions options, DecodedPictureSink sink) {
        this(name, options);
        try {
            startSession(codec, sink);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Starts the decoder thread with no session yet: {@link #startSession} before the first
     * {@link #offer}.
     *
     * @param name camera name, used for the thread name and log messages
     */
    public DecodingStage(String name, DecoderOptions options) {
        this.name = Objects.requireNonNull(name, "name");
        this.options = Objects.requireNonNull(options, "options");
        this.errors = new OnceLogger(LOG, "decoding stage " + name);
        this.ring = RingBuffer.createSingleProducer(Slot::new, options.ringSize(), new BlockingWaitStrategy());
        this.processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), new Handler());
        this.processor.setExceptionHandler(new CountingExceptionHandler());
        ring.addGatingSequences(processor.getSequence());
        this.thread = new Thread(this::run, "streamsync-decode-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Units offered from now on belong to a new session (a new RTSP session of the same camera) and
     * their pictures go to {@code sink}. Units offered before are still decoded for the previous sink,
     * which also receives the pictures the decoder held back when it is drained for the switch. The
     * decoder is reused when the codec is the same, otherwise a new one is opened here.
     *
     * @return the session's number, for {@link #offer(long, AccessUnit)}
     * @throws IllegalStateException when the stage is closed or a decoder for {@code codec} cannot be
     *     opened (the stage then keeps its previous session)
     */
    public synchronized long startSession(VideoCodec codec, DecodedPictureSink sink) {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(sink, "sink");
        if (closed || !thread.isAlive()) {
            throw new IllegalStateException("decoding stage " + name + " is closed");
        }
        VideoDecoder fresh = codec == producerCodec ? null : new VideoDecoder(name, codec, options, stats);
        producerCodec = codec;
        producerSession++;
        starts.add(new SessionStart(producerSession, fresh, sink));
        // A new stream starts with a keyframe of its own; drops of the old one are reported with the
        // next unit, to the new sink.
        skipUntilKeyframe = false;
        return producerSession;
    }

    /**
     * Hands one unit to the decoder thread; the unit is copied, so the caller may reuse it on return.
     * Never blocks.
     *
     * @return true when queued; false when dropped (decoder behind, waiting for a keyframe after being
     *     behind, or stage closed)
     */
    public synchronized boolean offer(AccessUnit unit) {
        if (producerSession == 0) {
            throw new IllegalStateException("decoding stage " + name + ": startSession before offer");
        }
        return offer(producerSession, unit);
    }

    /**
     * {@link #offer(AccessUnit)} for the unit of session {@code session} (from {@link #startSession}):
     * a unit of an older session, from a connection still closing, is refused (returns false) so it
     * never reaches the new session's decoder and clock.
     */
    public synchronized boolean offer(long session, AccessUnit unit) {
        if (closed || session != producerSession) {
            return false;
        }
        if (skipUntilKeyframe && !unit.keyframe()) {
            recordDrop(unit.rtpTimestamp());
            return false;
        }
        long sequence;
        try {
            sequence = ring.tryNext();
        } catch (InsufficientCapacityException full) {
            recordDrop(unit.rtpTimestamp());
            if (!skipUntilKeyframe) {
                skipUntilKeyframe = true;
                errors.warn("behind", "decoder thread is behind (ring of " + ring.getBufferSize()
                        + " units full): dropping units until the next keyframe", null);
            }
            return false;
        }
        Slot slot = ring.get(sequence);
        try {
            slot.unit.copyFrom(unit);
            fill(slot, false);
            skipUntilKeyframe = false;
        } finally {
            ring.publish(sequence);
        }
        return true;
    }

    /**
     * Ends the current session's stream: after the units offered before, the decoder is drained
     * (pictures it held back for reordering are delivered) and the sink's
     * {@link DecodedPictureSink#onEndOfStream()} is called. The stage stays usable: a following
     * {@link #startSession} or {@link #offer} starts a new stream. Never blocks.
     *
     * @return false when the ring is full (try again later), the stage is closed, or no session started
     */
    public synchronized boolean endOfStream() {
        if (closed || producerSession == 0) {
            return false;
        }
        long sequence;
        try {
            sequence = ring.tryNext();
        } catch (InsufficientCapacityException full) {
            return false;
        }
        Slot slot = ring.get(sequence);
        try {
            slot.unit.reset();
            fill(slot, true);
        } finally {
            ring.publish(sequence);
        }
        return true;
    }

    /** Producer side, under the lock: the slot's session, marker and the drops reported with it. */
    private void fill(Slot slot, boolean endOfStream) {
        slot.session = producerSession;
        slot.endOfStream = endOfStream;
        System.arraycopy(pendingDrops, 0, slot.droppedRtpTimestamps, 0, pendingDropCount);
        slot.droppedCount = pendingDropCount;
        pendingDropCount = 0;
    }

    private void recordDrop(long rtpTimestamp) {
        stats.addDroppedDecoderBehind();
        if (pendingDropCount < pendingDrops.length) {
            pendingDrops[pendingDropCount++] = rtpTimestamp;
        }
    }

    /** Counters of this stage and its decoder. */
    public DecoderStats stats() {
        return stats;
    }

    public String name() {
        return name;
    }

    /** True while the decoder thread runs. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    /** The decoder thread (for monitoring and tests). */
    Thread thread() {
        return thread;
    }

    private void run() {
        try {
            processor.run();
        } catch (RuntimeException e) {
            errors.warn("run", "decoder thread loop failed", e);
        } finally {
            if (decoder != null) {
                decoder.close();
            }
            SessionStart unapplied;
            while ((unapplied = starts.poll()) != null) {
                if (unapplied.newDecoder() != null) {
                    unapplied.newDecoder().close();
                }
            }
            LOG.debug("decoding stage {} stopped: {}", name, stats);
        }
    }

    private final class Handler implements EventHandler<Slot> {
        @Override
        public void onEvent(Slot slot, long sequence, boolean endOfBatch) {
            while (decoderSession != slot.session) {
                SessionStart start = starts.poll(); // queued before the slot was published
                if (start == null) {
                    throw new IllegalStateException("no session start for a unit of session " + slot.session);
                }
                switchSession(start);
            }
            for (int i = 0; i < slot.droppedCount; i++) {
                decoder.reportDropped(sink, slot.droppedRtpTimestamps[i], DropReason.DECODER_BEHIND);
            }
            slot.droppedCount = 0;
            if (slot.endOfStream) {
                decoder.flush(sink); // delivers the pictures held for reordering; resets for a next stream
                sink.onEndOfStream();
                return;
            }
            decoder.decode(slot.unit, sink);
        }
    }

    /** Decoder thread: drains the old decoder into the old sink, then serves {@code start}. */
    private void switchSession(SessionStart start) {
        VideoDecoder old = decoder;
        DecodedPictureSink oldSink = sink;
        if (start.newDecoder() != null) {
            decoder = start.newDecoder();
        }
        sink = start.sink();
        decoderSession = start.session();
        if (old != null) {
            try {
                old.flush(oldSink); // pictures held back for reordering go to their own session; resets a reused decoder
            } finally {
                if (old != decoder) {
                    old.close();
                }
            }
        }
    }

    /** The Disruptor's default handler would rethrow and end the thread; this one counts and goes on. */
    private final class CountingExceptionHandler implements ExceptionHandler<Slot> {
        @Override
        public void handleEventException(Throwable ex, long sequence, Slot slot) {
            stats.addSinkError();
            errors.warn("event:" + ex.getClass().getName(), "error while decoding " + slot.unit, ex);
        }

        @Override
        public void handleOnStartException(Throwable ex) {
            errors.warn("start", "decoder thread start failed", ex);
        }

        @Override
        public void handleOnShutdownException(Throwable ex) {
            errors.warn("shutdown", "decoder thread shutdown failed", ex);
        }
    }

    /**
     * Stops the decoder thread (units still in the ring are discarded), waits for it to end (up to
     * 2 s, then interrupts it) and frees the decoder. Idempotent. Safe to call from the sink (then it
     * only signals the thread to stop).
     */
    @Override
    public void close() {
        synchronized (this) { // ordered with startSession: a session start queued before is freed by the exiting thread
            if (closed) {
                return;
            }
            closed = true;
        }
        processor.halt();
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(JOIN_TIMEOUT_MILLIS);
            if (thread.isAlive()) {
                LOG.warn("decoding stage {}: decoder thread did not stop within {} ms (sink blocked?); interrupting",
                        name, JOIN_TIMEOUT_MILLIS);
                thread.interrupt();
                thread.join(TimeUnit.SECONDS.toMillis(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "DecodingStage{" + name + ", " + stats + '}';
    }
}
