package dev.streamsync.spi;

import dev.streamsync.failure.CameraFailure;
import dev.streamsync.picture.Picture;
import dev.streamsync.clock.TimestampSource;

/**
 * Where a camera's {@link FrameSource} delivers its output: decoded pictures and status events.
 * Implemented by the synchronizer; each call publishes one slot into the camera's bounded ring.
 *
 * <p>Threading: may be called from any thread (the decoder thread for frames, an I/O thread for a
 * broken session), also concurrently; it never blocks. Events of one camera are seen by the
 * compensator in the order their calls completed.
 *
 * <p>Ownership: {@link #onFrame} takes the caller's reference to the picture, always: when the ring
 * is full (the compensator is behind) or the synchronizer is closed, the picture is released at
 * once and counted as dropped.
 */
public interface FrameSink {
    /**
     * One decoded picture, captured at {@code captureTimeUtcMicros} (UTC microseconds since the Unix
     * epoch, as the clock estimator derived it for <i>this</i> picture; the synchronizer adds the
     * camera's configured timestamp offset) from {@code source}. Pictures of one camera must come in
     * capture order; an earlier or equal capture time is released and counted as out of order.
     */
    void onFrame(Picture picture, long captureTimeUtcMicros, TimestampSource source);

    /** One frame could not be read (decode failure, lost access unit). Counted; after more than {@code maxReadErrors} in a row the camera is reported broken. */
    void onReadError(String reason);

    /**
     * The session is broken (connection lost, authentication failed, ...). Packets report the camera as
     * CAP_BROKEN with {@code failure} (its kind and message; {@link CameraFailure} strips credentials)
     * until {@link #onRecovered} or the next frame. The source keeps retrying on its own, with backoff.
     * A source that has an exception gets the failure from {@link CameraFailure#of(Throwable)}.
     */
    void onBroken(CameraFailure failure);

    /** The session was re-established after {@link #onBroken}. */
    void onRecovered();

    /**
     * The source will never deliver again (a video file played to its end:
     * {@link dev.streamsync.failure.FailureKind#END_OF_STREAM}, or it could not be read). Entries say
     * CAP_ENDED with {@code failure} (state ENDED, not BROKEN); when every camera has ended and the
     * last packet was taken, the synchronizer ends: {@code getFramePacket} throws
     * {@code StreamsEndedException}. Default (for sinks that do not tell ending apart): reported as broken.
     */
    default void onEnded(CameraFailure failure) {
        onBroken(failure);
    }
}
