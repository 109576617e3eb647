package dev.streamsync.api;

import dev.streamsync.failure.CameraFailure;

import dev.streamsync.clock.TimestampSource;
import dev.streamsync.spi.FrameSink;
import dev.streamsync.spi.FrameSource;
import dev.streamsync.clock.MicrosClock;

import java.util.concurrent.locks.LockSupport;

/**
 * A camera on a real thread: emits a {@link HeapPicture} every {@code periodMicros}, stamped with the
 * local clock. Can be told to break (report and go silent) and recover, like an RTSP source would.
 */
final class SyntheticSource implements FrameSource {
    static final String THREAD_PREFIX = "synthetic-camera-";

    private final HeapPicture.Ledger ledger;
    private final long periodMicros;
    private final MicrosClock clock = MicrosClock.system();
    private final String name;
    private volatile boolean running = true;
    private volatile CameraFailure breakFailure;
    private volatile boolean recover;
    private Thread thread;

    SyntheticSource(HeapPicture.Ledger ledger, long periodMicros, String name) {
        this.ledger = ledger;
        this.periodMicros = periodMicros;
        this.name = name;
    }

    /** Reports the session broken with {@code failure} and stops emitting until {@link #recover()}. */
    void breakWith(CameraFailure failure) { breakFailure = failure; }

    void recover() { recover = true; }

    @Override
    public void start(FrameSink sink) {
        thread = new Thread(() -> loop(sink), THREAD_PREFIX + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(FrameSink sink) {
        boolean broken = false;
        long next = clock.nowMicros();
        while (running) {
            CameraFailure failure = breakFailure;
            if (failure != null && !broken) {
                sink.onBroken(failure);
                broken = true;
                breakFailure = null;
            }
            if (broken && recover) {
                recover = false;
                broken = false;
                sink.onRecovered();
            }
            if (!broken) {
                sink.onFrame(new HeapPicture(ledger, (byte) 7), clock.nowMicros(), TimestampSource.RTCP_SR);
            }
            next += periodMicros;
            long sleep = next - clock.nowMicros();
            if (sleep > 0) {
                LockSupport.parkNanos(sleep * 1000);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
