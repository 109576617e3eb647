package dev.streamsync.picture;

/** Picture coding type of a decoded frame, as FFmpeg reports it ({@code AVFrame.pict_type}). */
public enum FrameType {
    I, P, B,
    /** Unknown or not decoded ("?" in the reference system). */
    UNKNOWN;

    /** The one-letter form used by the reference system and the JSON output: I, P, B or ?. */
    public String letter() {
        return this == UNKNOWN ? "?" : name();
    }
}
