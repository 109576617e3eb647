package dev.streamsync.api;

/** Status of one camera's entry in a {@link FramePacket}, as in the reference system's {@code frame_status}. */
public enum FrameStatus {
    /** A frame is present. */
    FRAME_OKAY,
    /** No frame of this camera fits the packet (none near the packet time, idle camera, unsynced camera); see the reason. */
    FRAME_DROPPED,
    /** The camera failed to read a frame since its previous entry. */
    FRAME_READ_ERROR,
    /**
     * The camera's connection is broken (and being retried), or the source ended (a video file played
     * to its end); see the reason and {@link FrameData#failure()} for its {@link FailureKind}.
     */
    CAP_BROKEN
}
