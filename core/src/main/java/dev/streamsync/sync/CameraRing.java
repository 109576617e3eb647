package dev.streamsync.sync;

import dev.streamsync.spi.FrameSink;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import dev.streamsync.failure.CameraFailure;
import dev.streamsync.picture.Picture;
import dev.streamsync.clock.TimestampSource;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One camera's bounded hand-off from its source to the compensator thread: a Disruptor ring of
 * preallocated {@link FrameEvent} slots, and the {@link FrameSink} that publishes into it.
 *
 * <p>Multi-producer ring: frames come from the decoder thread, but a broken session may be reported
 * from an I/O thread; one CAS per frame at camera rates costs nothing and spares the source from
 * serializing its calls. A full ring never blocks a producer: the frame is released and counted.
 */
final class CameraRing implements FrameSink {
    private final RingBuffer<FrameEvent> ring;
    private final EventPoller<FrameEvent> poller;
    private final long timestampOffsetMicros;
    private final CompensatorWakeUp wakeUp;
    private final AtomicLong ringFullDrops = new AtomicLong();
    private final AtomicReference<FrameEvent> lostStatus = new AtomicReference<>();
    private volatile boolean closed;

    CameraRing(int size, CompensatorWakeUp wakeUp, long timestampOffsetMicros) {
        this.ring = RingBuffer.createMultiProducer(FrameEvent::new, size, wakeUp);
        this.poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
        this.timestampOffsetMicros = timestampOffsetMicros;
        this.wakeUp = wakeUp;
    }

    long ringFullDrops() { return ringFullDrops.get(); }

    boolean hasPending() {
        return ring.getCursor() > poller.getSequence().get() || lostStatus.get() != null;
    }

    void close() { closed = true; }

    /** Reads everything published so far into {@code handler}; runs on the compensator thread. */
    void drain(EventPoller.Handler<FrameEvent> handler) throws Exception {
        poller.poll(handler);
        FrameEvent lost = lostStatus.getAndSet(null);
        if (lost != null) {
            handler.onEvent(lost, -1, true);
        }
    }

    @Override
    public void onFrame(Picture picture, long captureTimeUtcMicros, TimestampSource source) {
        if (closed) {
            picture.release();
            return;
        }
        long seq;
        try {
            seq = ring.tryNext();
        } catch (InsufficientCapacityException full) {
            ringFullDrops.incrementAndGet();
            picture.release();
            return;
        }
        FrameEvent e = ring.get(seq);
        e.kind = FrameEvent.FRAME;
        e.picture = picture;
        e.captureTimeUtcMicros = captureTimeUtcMicros + timestampOffsetMicros;
        e.source = source;
        e.reason = null;
        e.failure = null;
        ring.publish(seq);
    }

    @Override
    public void onReadError(String reason) { status(FrameEvent.READ_ERROR, reason, null); }

    @Override
    public void onBroken(CameraFailure failure) { status(FrameEvent.BROKEN, null, failure); }

    @Override
    public void onRecovered() { status(FrameEvent.RECOVERED, null, null); }

    @Override
    public void onEnded(CameraFailure failure) { status(FrameEvent.ENDED, null, failure); }

    /**
     * Status events share the ring to keep their order with frames; when the ring is full the latest
     * status is kept aside (allocated: status events are rare) and delivered after the ring's contents.
     */
    private void status(int kind, String reason, CameraFailure failure) {
        if (closed) {
            return;
        }
        long seq;
        try {
            seq = ring.tryNext();
        } catch (InsufficientCapacityException full) {
            FrameEvent e = new FrameEvent();
            e.kind = kind;
            e.reason = reason;
            e.failure = failure;
            lostStatus.set(e);
            wakeUp.wake();
            return;
        }
        FrameEvent e = ring.get(seq);
        e.kind = kind;
        e.picture = null;
        e.source = null;
        e.reason = reason;
        e.failure = failure;
        ring.publish(seq);
    }
}
