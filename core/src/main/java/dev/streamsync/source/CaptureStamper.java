package dev.streamsync.source;

import dev.streamsync.decode.DecodedPictureSink;
import dev.streamsync.decode.DropReason;
import dev.streamsync.picture.Picture;
import dev.streamsync.clock.ClockMapping;
import dev.streamsync.clock.TimestampSource;
import dev.streamsync.spi.FrameSink;
import dev.streamsync.clock.MicrosClock;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one path from a camera's decoder to its {@link FrameSink}, for RTSP and file sources alike:
 * stamps each decoded picture with its UTC capture time from the newest {@link Anchor}, holds a few
 * pictures while there is no anchor yet, and turns the decoder's drops into read errors.
 *
 * <h2>Waiting for the first anchor</h2>
 * An RTSP stream has no capture clock until its first RTCP sender report, header extension or
 * {@code Range: clock} (RFC 3550 §6.4.1). Real cameras send their first sender report 5-10 s after
 * PLAY, VLC after about 4.5 s, GStreamer's server with a long {@code rtcp-min-interval} later still.
 * Until then the newest {@code maxHeldPictures} pictures are held (a small share of the decoder's
 * pool: {@link #heldLimit}); the oldest held picture is handed on each time a newer one comes,
 * stamped by arrival ({@link TimestampSource#ARRIVAL}, from the RTP timeline of the first picture's
 * arrival), which the synchronizer never mixes with synced streams: the camera shows "unsynced" from
 * its first pictures on, for as long as no anchor comes, and costs nothing but those few pictures.
 * When the anchor comes, however late, the held pictures are stamped with it (retroactively, oldest
 * first) and delivered before the current one, and every later picture is stamped with it. If the
 * clock loses its anchor (the estimator reset on a new SSRC), holding starts again.
 *
 * <h2>Drops</h2>
 * A unit FFmpeg rejected ({@link DropReason#DECODE_ERROR}) is one read error. The other reasons drop
 * pictures until the next keyframe (damaged references after a loss, the decoder behind its ring, the
 * pool empty): such a run is one read error, at its first drop, and its other drops are only counted
 * ({@link #dropsInRuns()}). A loss in a 3-second GOP would otherwise be 90 read errors, more than
 * {@code maxReadErrors}, and break a camera that is merely waiting for its next keyframe.
 *
 * <h2>Threading</h2>
 * {@link #onPicture}, {@link #onDropped} and {@link #onEndOfStream} run on the decoder thread;
 * {@link #anchor(Anchor)} on any thread (the RTSP event loop); {@link #close()} on any thread; the
 * counters from any thread. Pictures are handed over under this object's lock, so none is delivered
 * after {@link #close()} returns.
 *
 * <h2>Ownership</h2>
 * Every picture received is delivered to the sink (which takes it) or released here, exactly once;
 * {@link #close()} releases the held ones.
 */
final class CaptureStamper implements DecodedPictureSink {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureStamper.class);

    /** Most pictures held while waiting for the first anchor (a quarter of a second at 30 fps). */
    static final int MAX_HELD_PICTURES = 8;

    /**
     * A picture-timestamp-to-UTC mapping at one moment. Immutable; implementations are cheap values
     * created when the mapping changes (a sender report), not per picture.
     */
    interface Anchor {
        /** UTC capture time in µs since the Unix epoch of the picture with this timestamp. */
        long toUtcMicros(long pictureTimestamp);

        /** What the mapping is derived from. */
        TimestampSource source();

        /** The mapping of an RTSP stream's clock, or null while it has no anchor. */
        static Anchor of(ClockMapping mapping) {
            return mapping.anchored() ? new ClockAnchor(mapping) : null;
        }
    }

    /** An RTSP stream's {@link ClockMapping}. */
    private record ClockAnchor(ClockMapping mapping) implements Anchor {
        @Override
        public long toUtcMicros(long pictureTimestamp) {
            return mapping.toUtcMicros(pictureTimestamp);
        }

        @Override
        public TimestampSource source() {
            return mapping.source();
        }
    }

    /** Hooks of the source around the stamper's deliveries. */
    interface Listener {
        /** The first picture was delivered (decoder thread, under the stamper's lock). */
        default void onFirstFrame() {
        }

        /** The decoder drained the stream to its end; every picture was delivered before (decoder thread). */
        default void onEndOfStream() {
        }
    }

    private final String name;
    private final FrameSink sink;
    private final MicrosClock clock;
    private final int clockRateHz;
    private final int maxHeldPictures;
    private final Listener listener;

    private volatile Anchor anchor;

    // Guarded by this.
    private final ArrayDeque<Picture> held;
    private boolean closed;
    private boolean deliveredAny;
    private boolean seenAny;
    private long firstArrivalUtcMicros;
    private long firstTimestamp;
    private boolean waitLogged;
    private boolean anchoredBefore;
    /** The reason of the run of drops in progress (no picture delivered since its first drop), or null. */
    private DropReason run;

    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong deliveredUnsynced = new AtomicLong();
    private final AtomicLong stampedRetroactively = new AtomicLong();
    private final AtomicLong releasedAtClose = new AtomicLong();
    private final AtomicLong readErrors = new AtomicLong();
    private final AtomicLong dropsInRuns = new AtomicLong();
    private final AtomicLong decoderOutput = new AtomicLong();

    /**
     * @param name            camera name for log lines
     * @param sink            where pictures and read errors go
     * @param clock           local UTC clock, for arrival stamps and log lines
     * @param clockRateHz     units per second of the pictures' timestamps (RTP clock rate; 1,000,000 for µs)
     * @param maxHeldPictures pictures held while there is no anchor ({@link #heldLimit}); 0 holds none
     * @param listener        the source's hooks
     */
    CaptureStamper(String name, FrameSink sink, MicrosClock clock, int clockRateHz, int maxHeldPictures, Listener listener) {
        if (clockRateHz <= 0) {
            throw new IllegalArgumentException("clockRateHz must be positive: " + clockRateHz);
        }
        if (maxHeldPictures < 0) {
            throw new IllegalArgumentException("maxHeldPictures must be >= 0: " + maxHeldPictures);
        }
        this.name = Objects.requireNonNull(name, "name");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.clockRateHz = clockRateHz;
        this.maxHeldPictures = maxHeldPictures;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.held = new ArrayDeque<>(maxHeldPictures + 1);
    }

    /**
     * Pictures to hold for a decoder whose pool has {@code maxOutstandingPictures}: {@link
     * #MAX_HELD_PICTURES}, but at most a quarter of the pool, so that waiting for the anchor never
     * starves the decoder (the pool must also cover the synchronizer's ring, pending frames and queue).
     */
    static int heldLimit(int maxOutstandingPictures) {
        return Math.min(MAX_HELD_PICTURES, maxOutstandingPictures / 4);
    }

    /** The newest mapping of the stream (null: no anchor, or lost it). Any thread. */
    void anchor(Anchor newest) {
        anchor = newest;
    }

    // ---- decoder thread ----

    @Override
    public void onPicture(Picture picture) {
        decoderOutput.incrementAndGet();
        synchronized (this) {
            if (closed) {
                picture.release(); // drained into a closed session (the stage has moved on)
                return;
            }
            if (!seenAny) {
                seenAny = true;
                firstArrivalUtcMicros = clock.nowMicros();
                firstTimestamp = picture.rtpTimestamp();
            }
            Anchor a = anchor;
            if (a != null) {
                if (!anchoredBefore) {
                    anchoredBefore = true;
                    if (waitLogged) {
                        LOG.info("{}: first clock anchor ({}) {} ms after the first picture: {} held pictures stamped with it, "
                                + "{} delivered unsynced before", name, a.source(), (clock.nowMicros() - firstArrivalUtcMicros) / 1000,
                                held.size(), deliveredUnsynced.get());
                    }
                }
                Picture p;
                while ((p = held.pollFirst()) != null) {
                    stampedRetroactively.incrementAndGet();
                    deliver(p, a.toUtcMicros(p.rtpTimestamp()), a.source());
                }
                deliver(picture, a.toUtcMicros(picture.rtpTimestamp()), a.source());
                return;
            }
            held.addLast(picture);
            if (held.size() > maxHeldPictures) {
                if (!waitLogged) {
                    waitLogged = true;
                    LOG.info("{}: no clock anchor yet (RTCP sender report, header extension or Range clock) {} ms after the "
                            + "first picture: unsynced, holding the newest {} pictures until one comes", name,
                            (clock.nowMicros() - firstArrivalUtcMicros) / 1000, maxHeldPictures);
                }
                Picture oldest = held.pollFirst();
                deliveredUnsynced.incrementAndGet();
                deliver(oldest, arrivalUtcMicros(oldest.rtpTimestamp()), TimestampSource.ARRIVAL);
            }
        }
    }

    /** The arrival-time stamp: the first picture's arrival plus the picture's distance from it on the stream's timeline. */
    private long arrivalUtcMicros(long pictureTimestamp) {
        return firstArrivalUtcMicros + Math.floorDiv((pictureTimestamp - firstTimestamp) * 1_000_000L, clockRateHz);
    }

    /** Under the lock. */
    private void deliver(Picture picture, long captureTimeUtcMicros, TimestampSource source) {
        run = null;
        delivered.incrementAndGet();
        if (!deliveredAny) {
            deliveredAny = true;
            try {
                listener.onFirstFrame();
            } catch (RuntimeException e) {
                picture.release();
                throw e;
            }
        }
        sink.onFrame(picture, captureTimeUtcMicros, source);
    }

    @Override
    public void onDropped(long rtpTimestamp, DropReason reason) {
        if (reason != DropReason.DECODE_ERROR && reason != DropReason.DECODER_BEHIND) {
            decoderOutput.incrementAndGet(); // a picture was decoded (damaged) or would have been (pool empty)
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            if (reason != DropReason.DECODE_ERROR && reason == run) {
                dropsInRuns.incrementAndGet();
                return;
            }
            run = reason == DropReason.DECODE_ERROR ? null : reason;
            readErrors.incrementAndGet();
            sink.onReadError(reason.name());
        }
    }

    @Override
    public void onEndOfStream() {
        synchronized (this) {
            if (closed) {
                return;
            }
            Picture p;
            while ((p = held.pollFirst()) != null) { // only a stream that never got an anchor holds any
                deliveredUnsynced.incrementAndGet();
                deliver(p, arrivalUtcMicros(p.rtpTimestamp()), TimestampSource.ARRIVAL);
            }
        }
        listener.onEndOfStream();
    }

    /** No sink call after this returns; held pictures are released. Idempotent; any thread. */
    void close() {
        synchronized (this) {
            closed = true;
            Picture p;
            while ((p = held.pollFirst()) != null) {
                releasedAtClose.incrementAndGet();
                p.release();
            }
        }
    }

    // ---- counters, any thread ----

    /** Pictures handed to the sink (synced and unsynced). */
    long delivered() {
        return delivered.get();
    }

    /** Pictures handed to the sink stamped by arrival because no anchor had come. */
    long deliveredUnsynced() {
        return deliveredUnsynced.get();
    }

    /** Held pictures stamped with an anchor that came after them. */
    long stampedRetroactively() {
        return stampedRetroactively.get();
    }

    /** Held pictures released at {@link #close()}. */
    long releasedAtClose() {
        return releasedAtClose.get();
    }

    /** Pictures held now. */
    synchronized int held() {
        return held.size();
    }

    /** Read errors reported to the sink. */
    long readErrors() {
        return readErrors.get();
    }

    /** Drops that continued a run (same reason, no picture in between): counted, not read errors. */
    long dropsInRuns() {
        return dropsInRuns.get();
    }

    /**
     * Pictures the decoder produced: delivered, held, or dropped after decoding (damaged) or for want
     * of a free picture. For watchdogs: a stream whose units never raise it forms no picture.
     */
    long decoderOutput() {
        return decoderOutput.get();
    }
}
