package dev.streamsync.decode;

import dev.streamsync.picture.FrameType;
import dev.streamsync.picture.MotionVectors;
import dev.streamsync.picture.Picture;
import dev.streamsync.picture.PixelFormat;

import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import dev.streamsync.rtp.AccessUnit;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * A {@link Picture} backed by a pooled {@code AVFrame} that holds a reference to the decoder's
 * buffers (moved in with {@code av_frame_move_ref}, no pixel copy). Views are converted on request
 * into native buffers lent by the pool ({@link ViewBuffer}), cached until the last release and then
 * given back, so view memory follows the pictures converted and alive, not the pictures pooled.
 *
 * <p>Threading and ownership as in {@link Picture}. The reference count is atomic; everything else is
 * written by the decoder thread before the picture is handed to the sink and by the holder after.
 */
final class PooledPicture implements Picture {
    private static final PixelFormat[] FORMATS = PixelFormat.values();

    private final PicturePool pool;
    private final ViewConverter converter;
    private final DecoderStats stats;
    private final AtomicInteger refs = new AtomicInteger();
    private final MotionVectors motionVectors = new MotionVectors(64);
    /** Whether {@link #motionVectors} holds this picture's vectors yet (they are read on first request). */
    private boolean motionVectorsRead;
    /** Converted views, lent by the pool until the last release; null where none was asked for. */
    private final ViewBuffer[] views = new ViewBuffer[FORMATS.length];
    private AVFrame frame;
    private AccessUnit accessUnit;
    private boolean hasAccessUnit;
    private boolean hasPixels;
    private int width;
    private int height;
    private long rtpTimestamp;
    private FrameType frameType = FrameType.UNKNOWN;
    private boolean degraded;

    PooledPicture(PicturePool pool, ViewConverter converter, DecoderStats stats) {
        this.pool = pool;
        this.converter = converter;
        this.stats = stats;
    }

    /** Called by the pool when handing this picture out: one reference, empty content. */
    void activate() {
        refs.set(1);
        hasPixels = false;
        hasAccessUnit = false;
        width = 0;
        height = 0;
        rtpTimestamp = 0;
        frameType = FrameType.UNKNOWN;
        degraded = false;
        motionVectors.clear();
        motionVectorsRead = false;
    }

    /** The native frame to move decoded content into (allocated once per pooled object). */
    AVFrame frame() {
        if (frame == null) {
            frame = av_frame_alloc();
            if (frame == null || frame.isNull()) {
                throw new OutOfMemoryError("av_frame_alloc failed");
            }
        }
        return frame;
    }

    /** After content was moved into {@link #frame()}. */
    void setPixels(int width, int height) {
        this.width = width;
        this.height = height;
        this.hasPixels = true;
    }

    /** Copies {@code unit} into this picture's own access unit (compressed-only mode). */
    void setAccessUnit(AccessUnit unit) {
        if (accessUnit == null) {
            accessUnit = new AccessUnit(unit.length());
        }
        accessUnit.copyFrom(unit);
        hasAccessUnit = true;
    }

    void setMetadata(long rtpTimestamp, FrameType frameType, boolean degraded) {
        this.rtpTimestamp = rtpTimestamp;
        this.frameType = frameType;
        this.degraded = degraded;
    }

    @Override public int width() { return width; }

    @Override public int height() { return height; }

    @Override public boolean hasPixels() { return hasPixels; }

    @Override public FrameType frameType() { return frameType; }

    @Override public long rtpTimestamp() { return rtpTimestamp; }

    /**
     * {@inheritDoc}
     *
     * <p>Read from the frame's side data on the first call (a copy of N x 10 ints into a table this
     * picture keeps and reuses), so pictures whose vectors nobody reads cost nothing.
     */
    @Override
    public MotionVectors motionVectors() {
        if (refs.get() <= 0) {
            throw new IllegalStateException("picture already released");
        }
        if (!motionVectorsRead) {
            if (hasPixels) {
                MotionVectorSideData.read(frame, motionVectors);
            }
            motionVectorsRead = true;
        }
        return motionVectors;
    }

    @Override public boolean degraded() { return degraded; }

    @Override public boolean hasAccessUnit() { return hasAccessUnit; }

    @Override
    public AccessUnit accessUnit() {
        if (!hasAccessUnit) {
            throw new IllegalStateException("this picture keeps no compressed access unit");
        }
        return accessUnit;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The returned buffer is this picture's; its position is 0 and its limit the view size on
     * return. Conversion failures (an unsupported pixel format) are counted in
     * {@link DecoderStats#conversionErrors()} and thrown as {@link IllegalStateException}.
     */
    @Override
    public ByteBuffer view(PixelFormat format) {
        if (refs.get() <= 0) {
            throw new IllegalStateException("picture already released");
        }
        if (!hasPixels) {
            throw new IllegalStateException("picture has no pixels (compressed-only mode)");
        }
        int i = format.ordinal();
        int size = format.bufferSize(width, height);
        ViewBuffer v = views[i];
        if (v == null) {
            v = pool.takeViewBuffer(format, size);
            try {
                converter.convert(frame, format, v.memory);
            } catch (RuntimeException e) {
                pool.giveBackViewBuffer(format, v);
                stats.addConversionError();
                throw e;
            }
            views[i] = v;
        }
        ByteBuffer b = v.buffer;
        b.clear().limit(size);
        return b;
    }

    @Override
    public Picture retain() {
        while (true) {
            int c = refs.get();
            if (c <= 0) {
                throw new IllegalStateException("retain() of a released picture");
            }
            if (refs.compareAndSet(c, c + 1)) {
                return this;
            }
        }
    }

    @Override
    public void release() {
        while (true) {
            int c = refs.get();
            if (c <= 0) {
                stats.addExtraRelease();
                return;
            }
            if (refs.compareAndSet(c, c - 1)) {
                if (c == 1) {
                    if (frame != null) {
                        av_frame_unref(frame);
                    }
                    hasPixels = false;
                    for (int i = 0; i < views.length; i++) {
                        if (views[i] != null) {
                            pool.giveBackViewBuffer(FORMATS[i], views[i]);
                            views[i] = null;
                        }
                    }
                    pool.giveBack(this);
                }
                return;
            }
        }
    }

    /** Frees the native frame; the object is not used again. Called by the pool. */
    void freeNative() {
        if (frame != null) {
            av_frame_free(frame);
            frame = null;
        }
    }

    @Override
    public String toString() {
        return "Picture{rtp=" + rtpTimestamp + ", " + frameType.letter() + ", " + width + "x" + height
                + (degraded ? ", degraded" : "") + (motionVectorsRead ? ", mvs=" + motionVectors.rows() : "") + '}';
    }
}
