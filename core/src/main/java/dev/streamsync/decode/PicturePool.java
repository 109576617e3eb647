package dev.streamsync.decode;

import java.util.ArrayDeque;

/**
 * The bounded set of {@link PooledPicture}s of one decoder, and the owner of their native memory.
 *
 * <p>The decoder thread {@linkplain #acquire() acquires} pictures; any thread gives them back through
 * the picture's last release. At most {@code capacity} pictures exist; when all are held,
 * {@link #acquire()} returns null and the decoder drops the new picture, so native memory held by the
 * application is bounded. After {@link #close()} returned pictures are freed instead of pooled, and
 * the shared {@link ViewConverter} is freed with the last one: native memory is released
 * deterministically however the application interleaves closing and releasing.
 *
 * <p>Threading: all methods are thread-safe (one uncontended lock).
 */
final class PicturePool {
    private final int capacity;
    private final DecoderStats stats;
    private final ViewConverter converter = new ViewConverter();
    private final ArrayDeque<PooledPicture> free;
    private int created;
    private int outstanding;
    private boolean closed;

    PicturePool(int capacity, DecoderStats stats) {
        this.capacity = capacity;
        this.stats = stats;
        this.free = new ArrayDeque<>(capacity);
    }

    /** A picture with one reference, or null when all {@code capacity} pictures are held. */
    synchronized PooledPicture acquire() {
        if (closed) {
            throw new IllegalStateException("pool closed");
        }
        PooledPicture p = free.pollFirst();
        if (p == null) {
            if (created == capacity) {
                return null;
            }
            p = new PooledPicture(this, converter, stats);
            created++;
        }
        outstanding++;
        p.activate();
        return p;
    }

    /** Called by a picture after its last release (its native frame already unreferenced). */
    synchronized void giveBack(PooledPicture p) {
        outstanding--;
        if (closed) {
            p.freeNative();
            if (outstanding == 0) {
                converter.free();
            }
        } else {
            free.addFirst(p);
        }
    }

    /** Pictures currently held outside the pool. */
    synchronized int outstanding() {
        return outstanding;
    }

    /** Frees pooled pictures now and outstanding ones when they come back. Idempotent. */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (PooledPicture p : free) {
            p.freeNative();
        }
        free.clear();
        if (outstanding == 0) {
            converter.free();
        }
    }
}
