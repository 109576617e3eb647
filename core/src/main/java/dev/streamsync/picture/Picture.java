package dev.streamsync.picture;

import dev.streamsync.decode.DecodeMode;

import dev.streamsync.rtp.AccessUnit;
import java.nio.ByteBuffer;

/**
 * One decoded picture of one camera: a reference-counted native frame (an FFmpeg {@code AVFrame}
 * reference), handed from the decoder thread to the synchronizer and the application without copying.
 *
 * <p>Ownership: a picture starts with one reference owned by whoever received it. {@link #retain()}
 * adds a reference, {@link #release()} drops one; when the count reaches zero the native frame goes
 * back to its decoder's pool. Methods other than retain/release must not be called after the last
 * release.
 *
 * <p>Threading: a picture may be passed between threads (with a happens-before edge, as a ring or
 * queue gives); it is not meant to be used by two threads at once.
 */
public interface Picture {
    /** Width in pixels; 0 when the stream is not decoded (compressed-only mode). */
    int width();

    /** Height in pixels; 0 when the stream is not decoded. */
    int height();

    /** True when pixels are available (false in the compressed-only mode). */
    boolean hasPixels();

    /** Picture coding type of this frame. */
    FrameType frameType();

    /** RTP timestamp (64-bit, unwrapped) of the access unit this picture was decoded from. */
    long rtpTimestamp();

    /** Motion vectors of this picture; empty for I frames or when export is off. */
    MotionVectors motionVectors();

    /**
     * True when the picture was decoded from damaged input (packets were lost before it and no
     * keyframe has arrived since): the decoder concealed errors, content may be wrong.
     */
    boolean degraded();

    /**
     * The picture converted to {@code format}, tightly packed (no row padding), in a pooled buffer
     * owned by this picture: valid until the last release. Repeated calls with the same format
     * return the same content without converting again.
     *
     * @throws IllegalStateException when the picture has no pixels
     */
    ByteBuffer view(PixelFormat format);

    /**
     * True when the picture keeps the compressed access unit it came from (always in
     * {@link DecodeMode#NONE}, where it is the only content).
     */
    default boolean hasAccessUnit() {
        return false;
    }

    /**
     * The compressed access unit this picture came from: a copy owned by the picture, valid until the
     * last release; do not modify it.
     *
     * @throws IllegalStateException when {@link #hasAccessUnit()} is false
     */
    default AccessUnit accessUnit() {
        throw new IllegalStateException("this picture keeps no compressed access unit");
    }

    /** Adds a reference; returns this. */
    Picture retain();

    /** Drops a reference; the last one returns the native frame. Extra releases are ignored and counted as bugs. */
    void release();
}
