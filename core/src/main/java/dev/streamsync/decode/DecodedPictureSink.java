package dev.streamsync.decode;

import dev.streamsync.picture.Picture;

/**
 * Receives the output of a {@link VideoDecoder} (and so of a {@link DecodingStage}).
 *
 * <p>Threading: called on the decoder's thread only, one call at a time. Keep it short (publish into
 * a ring, hand over to a queue): the decoder does not decode while the sink runs.
 *
 * <p>Ownership: {@link #onPicture} receives one reference to the picture and owns it from the moment
 * of the call, even if it throws; it must {@link Picture#release()} it exactly once, now or later on
 * any thread.
 */
@FunctionalInterface
public interface DecodedPictureSink {
    /** A decoded picture, in presentation order; the sink owns one reference. */
    void onPicture(Picture picture);

    /**
     * A unit or picture with RTP timestamp {@code rtpTimestamp} (64-bit, unwrapped, stream clock
     * units) was not delivered, for {@code reason}. The reference system reports such frames as
     * FRAME_READ_ERROR. Default: ignored.
     */
    default void onDropped(long rtpTimestamp, DropReason reason) {
    }

    /**
     * The stream ended ({@link DecodingStage#endOfStream()}): every picture of it was delivered
     * before this call. Default: ignored.
     */
    default void onEndOfStream() {
    }
}
