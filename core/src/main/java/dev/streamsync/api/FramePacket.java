package dev.streamsync.api;

import dev.streamsync.picture.Picture;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One synchronized packet: one {@link FrameData} per camera, in builder order, all captured at about
 * {@link #referenceTimeUtcMicros()}.
 *
 * <p>Ownership: the packet owns its pictures; {@link #close()} releases them (idempotent), after which
 * pixel buffers obtained from it must not be used. Use it in try-with-resources. A packet the
 * application never took (dropped from a full queue, or queued at shutdown) is closed by the
 * synchronizer. Threading: not thread-safe; close may be called from any thread once.
 */
public final class FramePacket implements AutoCloseable, Iterable<FrameData> {
    private final long sequence;
    private final long referenceTimeUtcMicros;
    private final long spreadMicros;
    private final long emittedAtUtcMicros;
    private final FrameData[] frames;
    private final List<FrameData> view;
    private final AtomicBoolean closed = new AtomicBoolean();

    FramePacket(long sequence, long referenceTimeUtcMicros, long spreadMicros, long emittedAtUtcMicros, int cameraCount) {
        this.sequence = sequence;
        this.referenceTimeUtcMicros = referenceTimeUtcMicros;
        this.spreadMicros = spreadMicros;
        this.emittedAtUtcMicros = emittedAtUtcMicros;
        this.frames = new FrameData[cameraCount];
        this.view = Collections.unmodifiableList(Arrays.asList(frames));
    }

    void set(int camera, FrameData frame) { frames[camera] = frame; }

    /** 0, 1, 2, ... in emission order; a gap means packets were dropped from the full queue. */
    public long sequence() { return sequence; }
    /** The packet time: every frame's offset is measured from it. UTC microseconds. */
    public long referenceTimeUtcMicros() { return referenceTimeUtcMicros; }
    public Instant referenceTime() {
        return Instant.ofEpochSecond(Math.floorDiv(referenceTimeUtcMicros, 1_000_000L),
                Math.floorMod(referenceTimeUtcMicros, 1_000_000L) * 1_000L);
    }
    /** Latest minus earliest capture time of the frames present, microseconds; 0 with fewer than two. */
    public long spreadMicros() { return spreadMicros; }
    /** Local time (UTC micros) at which the synchronizer emitted the packet. */
    public long emittedAtUtcMicros() { return emittedAtUtcMicros; }
    /** Number of cameras (entries). */
    public int size() { return frames.length; }
    /** The entry of camera {@code cameraIndex}. */
    public FrameData get(int cameraIndex) { return frames[cameraIndex]; }
    /** All entries, in camera order (unmodifiable). */
    public List<FrameData> frames() { return view; }
    public boolean isClosed() { return closed.get(); }

    @Override
    public Iterator<FrameData> iterator() { return view.iterator(); }

    /** Releases the pictures. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            for (FrameData f : frames) {
                Picture p = f == null ? null : f.pictureOrNull();
                if (p != null) {
                    p.release();
                }
            }
        }
    }

    @Override
    public String toString() {
        return "FramePacket{#" + sequence + ", " + referenceTime() + ", spread " + spreadMicros + " us, " + view + '}';
    }
}
