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
 * <p>Free pictures are reused last-in first-out, so a steady stream cycles through the same few.
 * Pictures deeper in the free list than {@value #WARM_PICTURES} were needed only at a peak (the
 * frames held while a stream waits for its first clock anchor, a slow application): their converted
 * views (6 MB of BGR24 per 1080p picture) are freed as they cross that depth, so native memory
 * falls back to what the steady state uses.
 *
 * <p>Threading: all methods are thread-safe (one uncontended lock).
 */
final class PicturePool {
    /** Free pictures that keep their view buffers; more than a steady 30 fps pipeline cycles through. */
    static final int WARM_PICTURES = 8;

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
            stats.addPictureCreated();
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
            if (free.size() > WARM_PICTURES) {
                // The picture this return pushed out of the warm set; the ones behind it were trimmed
                // when they crossed (or never had views).
                var it = free.iterator();
                for (int k = 0; k < WARM_PICTURES; k++) {
                    it.next();
                }
                it.next().freeViews();
            }
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
