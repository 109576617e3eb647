package dev.streamsync.rtp;

/**
 * What one {@link Depacketizer#push} did with a packet. A value, never an exception: a bad packet is
 * counted and skipped and the stream goes on.
 *
 * <p>Precedence when one push does several things (for example a sequence gap drops the partial unit
 * and the new packet completes a unit of its own): {@link #DROPPED} over {@link #EMITTED} over
 * {@link #NEED_MORE}. Every event is also counted in {@link DepacketizerStats}.
 */
public enum PushResult {
    /** The packet was stored; the access unit it belongs to is not complete yet. */
    NEED_MORE,
    /** At least one access unit was handed to the sink during this push. */
    EMITTED,
    /** The packet, or the partial unit it belonged to, was discarded; see {@link Depacketizer#lastDropReason()}. */
    DROPPED
}
