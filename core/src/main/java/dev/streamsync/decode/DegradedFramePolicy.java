package dev.streamsync.decode;

import dev.streamsync.picture.Picture;

/**
 * What a decoder does with pictures decoded from damaged input: packets were lost before their
 * access unit ({@link dev.streamsync.rtp.AccessUnit#lossBefore()}) and no keyframe has arrived
 * since, or FFmpeg flagged the picture as corrupt. FFmpeg conceals the damage (copies blocks from
 * older pictures); the result looks plausible but is wrong where the lost data was.
 */
public enum DegradedFramePolicy {
    /**
     * Default: the picture is not delivered; the sink is told through
     * {@link DecodedPictureSink#onDropped} with {@link DropReason#DAMAGED_REFERENCE} (the reference
     * system's FRAME_READ_ERROR).
     */
    DROP,
    /** The concealed picture is delivered with {@link Picture#degraded()} true. */
    DELIVER_DEGRADED
}
