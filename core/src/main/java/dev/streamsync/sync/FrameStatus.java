package dev.streamsync.sync;

import dev.streamsync.failure.FailureKind;

/** Status of one camera's entry in a {@code dev.streamsync.api.FramePacket}, as in the reference system's {@code frame_status}. */
public enum FrameStatus {
    /** A frame is present. */
    FRAME_OKAY,
    /** No frame of this camera fits the packet (none near the packet time, idle camera, unsynced camera, a camera later than maxLatency or whose clock stepped); see the reason. */
    FRAME_DROPPED,
    /** The camera failed to read a frame since its previous entry. */
    FRAME_READ_ERROR,
    /**
     * The camera's connection is broken (and being retried); see the reason and
     * {@code FrameData.failure()} for its {@link FailureKind}.
     */
    CAP_BROKEN,
    /**
     * The camera's source ended for good (a video file played to its end, kind
     * {@link FailureKind#END_OF_STREAM}); see the reason and {@code FrameData.failure()}. Not an error.
     */
    CAP_ENDED
}
