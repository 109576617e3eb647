package dev.streamsync.sync;

import dev.streamsync.failure.CameraFailure;
import dev.streamsync.picture.Picture;
import dev.streamsync.clock.TimestampSource;

/** One preallocated ring slot: a frame or a status event of one camera. Mutable, reused. */
final class FrameEvent {
    static final int FRAME = 0, READ_ERROR = 1, BROKEN = 2, RECOVERED = 3, ENDED = 4;

    int kind;
    Picture picture;
    long captureTimeUtcMicros;
    TimestampSource source;
    /** Why a frame could not be read (READ_ERROR). */
    String reason;
    /** Why the camera broke or ended (BROKEN, ENDED). */
    CameraFailure failure;

    void clear() {
        picture = null;
        source = null;
        reason = null;
        failure = null;
    }
}
