package dev.streamsync.rtsp;

import dev.streamsync.clock.ClockMapping;
import dev.streamsync.rtp.AccessUnit;

/**
 * Receives what one {@link RtspClient} produces. All methods are called on the client's Netty event
 * loop thread: they must return quickly and never block (hand the unit to a decoder thread, for
 * example by copying it into a preallocated ring slot). An exception thrown by a method is caught,
 * logged once and counted; it does not stop the stream.
 */
public interface RtspStreamListener {

    /**
     * One access unit (compressed picture) of a stream.
     *
     * @param stream the stream it belongs to (for its codec, clock rate and statistics)
     * @param unit   the unit; <b>valid only during this call</b> — it is reused for the next one;
     *               copy it with {@link AccessUnit#copyFrom} to keep it
     * @param clock  the stream's RTP-to-UTC mapping at this moment (immutable, may be kept); when
     *               {@link ClockMapping#anchored()} is false the stream has no camera clock yet
     *               and the unit must not be treated as synced. The UTC capture time of the unit
     *               is {@code clock.toUtcMicros(unit.rtpTimestamp())}; a decoder that reorders
     *               (B-frames) should map the timestamp of the picture it outputs, not of the unit
     *               it fed last.
     */
    void onAccessUnit(RtspStream stream, AccessUnit unit, ClockMapping clock);

    /** The session state changed (optional). */
    default void onStateChange(RtspSessionState state) {
    }

    /** The session failed with a typed error; {@link #onEnd} with {@link RtspEndReason#FAILED} follows. */
    default void onError(RtspException error) {
    }

    /** The session ended; called exactly once, last. */
    default void onEnd(RtspEndReason reason) {
    }
}
