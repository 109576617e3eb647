package dev.streamsync.decode;

import dev.streamsync.picture.PixelFormat;

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
 * <p>The pool also lends the native buffers of converted views ({@link ViewBuffer}, 6 MB of BGR24 per
 * 1080p picture) to pictures, from the moment a view is asked for until the picture's last release.
 * So view memory follows the pictures that are converted and alive at once (one or two for an
 * application that converts and closes each packet), not the pictures pooled (which peak while a
 * stream waits for its first clock anchor or for the other cameras at start). At most
 * {@value #FREE_VIEW_BUFFERS} free buffers are kept per format; more are freed on return.
 *
 * <p>Threading: all methods are thread-safe (one uncontended lock).
 */
final class PicturePool {
    /** Free view buffers kept per pixel format for the next conversion; beyond this they are freed. */
    static final int FREE_VIEW_BUFFERS = 2;
    private static final PixelFormat[] FORMATS = PixelFormat.values();

    private final int capacity;
    private final DecoderStats stats;
    private final ViewConverter converter = new ViewConverter();
    private final ArrayDeque<PooledPicture> free;
    @SuppressWarnings("unchecked")
    private final ArrayDeque<ViewBuffer>[] freeViews = new ArrayDeque[FORMATS.length];
    private int created;
    private int outstanding;
    private boolean closed;

    PicturePool(int capacity, DecoderStats stats) {
        this.capacity = capacity;
        this.stats = stats;
        this.free = new ArrayDeque<>(capacity);
        for (int i = 0; i < freeViews.length; i++) {
            freeViews[i] = new ArrayDeque<>(FREE_VIEW_BUFFERS);
        }
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
        }
    }

    /** A buffer of at least {@code bytes} for a view in {@code format}: a free one, or a new one. */
    synchronized ViewBuffer takeViewBuffer(PixelFormat format, long bytes) {
        ViewBuffer v = freeViews[format.ordinal()].pollFirst();
        if (v != null && v.capacity() >= bytes) {
            return v;
        }
        if (v != null) {
            free(v); // the picture size grew
        }
        v = ViewBuffer.allocate(bytes);
        stats.addViewBytes(v.capacity());
        return v;
    }

    /** A picture's last release gives its view buffers back. */
    synchronized void giveBackViewBuffer(PixelFormat format, ViewBuffer v) {
        ArrayDeque<ViewBuffer> f = freeViews[format.ordinal()];
        if (closed || f.size() >= FREE_VIEW_BUFFERS) {
            free(v);
        } else {
            f.addFirst(v);
        }
    }

    private void free(ViewBuffer v) {
        stats.addViewBytes(-v.capacity());
        v.free();
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
        for (ArrayDeque<ViewBuffer> f : freeViews) {
            for (ViewBuffer v : f) {
                free(v);
            }
            f.clear();
        }
        if (outstanding == 0) {
            converter.free();
        }
    }
}
