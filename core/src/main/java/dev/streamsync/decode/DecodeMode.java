package dev.streamsync.decode;

import dev.streamsync.picture.Picture;

/** What a {@link VideoDecoder} does with each access unit. */
public enum DecodeMode {
    /** Decode with FFmpeg: pictures have pixels, frame types and (optionally) motion vectors. */
    FULL,
    /**
     * Decode nothing: every access unit becomes a pixel-less {@link Picture} carrying its RTP
     * timestamp and a copy of the compressed unit ({@link Picture#accessUnit()}), for users who need
     * timing or recording only. Costs one copy of the compressed bytes per unit and no FFmpeg at all.
     */
    NONE
}
