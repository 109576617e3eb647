package dev.streamsync.sync;

/** Status of one camera's entry in a packet (mirrors the public {@code FrameStatus}). */
public enum EntryStatus {
    /** A frame is present. */
    OKAY,
    /** No frame of this camera fits the packet (none within tolerance, idle, late, clock stepped or unsynced). */
    DROPPED,
    /** The camera reported a read error since its last packet entry. */
    READ_ERROR,
    /** The camera's session is broken (reported by the source or too many read errors). */
    BROKEN,
    /** The camera's source ended for good (a video file played to its end). */
    ENDED
}
