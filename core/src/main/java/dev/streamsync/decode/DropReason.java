package dev.streamsync.decode;

/** Why an access unit or a decoded picture did not reach the sink as a good picture. */
public enum DropReason {
    /**
     * Decoded from damaged input (loss before it, no keyframe since, or flagged corrupt by FFmpeg)
     * and the policy is {@link DegradedFramePolicy#DROP}.
     */
    DAMAGED_REFERENCE,
    /** FFmpeg rejected the access unit ({@code avcodec_send_packet} failed). */
    DECODE_ERROR,
    /**
     * The decoder thread fell behind: its input ring was full, so the unit was not decoded, and the
     * units after it were skipped up to the next keyframe.
     */
    DECODER_BEHIND,
    /**
     * Every picture of the decoder's bounded pool is still held by the application (pictures not
     * released fast enough, or leaked); the decoded picture was discarded.
     */
    NO_FREE_PICTURE
}
