package dev.streamsync.api;

import dev.streamsync.picture.FrameType;
import dev.streamsync.picture.MotionVectors;
import dev.streamsync.picture.Picture;
import dev.streamsync.picture.PixelFormat;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A heap-backed {@link Picture} for synchronizer tests (decoding is not what they test). Counts
 * creations, final releases and extra releases so a test can prove every picture was released exactly once.
 */
final class HeapPicture implements Picture {
    static final class Ledger {
        final AtomicLong created = new AtomicLong();
        final AtomicLong freed = new AtomicLong();
        final AtomicLong extraReleases = new AtomicLong();

        long outstanding() { return created.get() - freed.get(); }
    }

    private final Ledger ledger;
    private final AtomicInteger refs = new AtomicInteger(1);
    private final int width = 4, height = 2;
    private final byte fill;

    HeapPicture(Ledger ledger, byte fill) {
        this.ledger = ledger;
        this.fill = fill;
        ledger.created.incrementAndGet();
    }

    @Override public int width() { return width; }
    @Override public int height() { return height; }
    @Override public boolean hasPixels() { return true; }
    @Override public FrameType frameType() { return FrameType.P; }
    @Override public long rtpTimestamp() { return 0; }
    @Override public MotionVectors motionVectors() { return new MotionVectors(0); }
    @Override public boolean degraded() { return false; }

    @Override
    public ByteBuffer view(PixelFormat format) {
        if (refs.get() <= 0) {
            throw new IllegalStateException("picture used after its last release");
        }
        byte[] b = new byte[format.bufferSize(width, height)];
        java.util.Arrays.fill(b, fill);
        return ByteBuffer.wrap(b).asReadOnlyBuffer();
    }

    @Override
    public Picture retain() {
        refs.incrementAndGet();
        return this;
    }

    @Override
    public void release() {
        int left = refs.decrementAndGet();
        if (left == 0) {
            ledger.freed.incrementAndGet();
        } else if (left < 0) {
            ledger.extraReleases.incrementAndGet();
        }
    }
}
