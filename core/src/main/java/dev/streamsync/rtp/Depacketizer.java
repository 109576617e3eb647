package dev.streamsync.rtp;

/**
 * Turns the payloads of one RTP stream, in sequence order, into access units (compressed pictures in
 * Annex B form) handed to an {@link AccessUnitSink}.
 *
 * <p>Input: packets already ordered by the receiver (reorder window, duplicates removed); the
 * depacketizer itself only checks that each sequence number follows the previous one and treats a
 * gap as loss. Output: one {@link AccessUnit} per picture, with the 64-bit RTP timestamp, keyframe and
 * loss flags.
 *
 * <p>Threading: not thread-safe; one instance per stream, driven by one thread (the Netty event loop
 * of the session). Memory: payload bytes are copied into one reusable buffer; nothing is allocated per
 * packet in steady state. The payload array is not retained after {@code push} returns.
 */
public interface Depacketizer {

    /**
     * Offers one RTP payload.
     *
     * @param payload        array holding the payload (the bytes after the RTP header, extension and before padding)
     * @param offset         first payload byte in {@code payload}
     * @param length         payload length in bytes
     * @param sequenceNumber RTP sequence number, 0..65535
     * @param rtpTimestamp   RTP timestamp unwrapped to 64 bits, in units of the clock rate
     * @param marker         the RTP marker bit (last packet of an access unit for video)
     * @param arrivalNanos   {@link System#nanoTime()} when the packet arrived
     * @return what happened; never throws on bad input
     */
    PushResult push(byte[] payload, int offset, int length, int sequenceNumber, long rtpTimestamp,
                    boolean marker, long arrivalNanos);

    /** Reason of the most recent {@link PushResult#DROPPED} result; null before the first drop. */
    DropReason lastDropReason();

    /**
     * Forgets all partial state and the expected sequence number (for example after an SSRC change when
     * a camera restarted). The next emitted unit is flagged {@linkplain AccessUnit#lossBefore() lossBefore}.
     */
    void reset();

    /** Live counters of this depacketizer; read them on the same thread, or accept slightly stale values. */
    DepacketizerStats stats();

    /** The codec this depacketizer produces. */
    VideoCodec codec();
}
