package dev.streamsync.clock;

/**
 * Extends 32-bit RTP timestamps to a continuous 64-bit timeline.
 *
 * <p>The first value is taken as is (0..2^32-1). Each later value is placed at the candidate
 * (same low 32 bits) nearest to the previously returned value, that is within [-2^31, 2^31) of it,
 * so the timeline runs on across 2^32 in both directions: B-frames and sender reports slightly
 * behind the newest packet unwrap to slightly smaller values, never to 2^32 later. Results may be
 * negative when the stream steps back across the first value's wrap point.
 *
 * <p>One instance per stream (SSRC), shared by the depacketizer and the {@link ClockEstimator} so
 * both see the same 64-bit timeline. Not thread-safe; allocation-free.
 */
public final class RtpTimestampUnwrapper {
    private boolean started;
    private long last;

    /**
     * Unwraps one timestamp.
     *
     * @param rtpTimestamp32 the wire timestamp; only its low 32 bits are used
     * @return the 64-bit timestamp on this stream's timeline
     */
    public long unwrap(long rtpTimestamp32) {
        long low = rtpTimestamp32 & 0xFFFF_FFFFL;
        if (!started) {
            started = true;
            last = low;
            return low;
        }
        // Signed 32-bit difference to the previous value: the nearest candidate.
        int delta = (int) (low - last);
        last += delta;
        return last;
    }

    /**
     * Unwraps without moving the reference: for a value that should not steer later unwrapping
     * (for example the RTP time of an RTCP SR). Before the first {@link #unwrap} it returns the raw value.
     */
    public long peek(long rtpTimestamp32) {
        long low = rtpTimestamp32 & 0xFFFF_FFFFL;
        if (!started) {
            return low;
        }
        return last + (int) (low - last);
    }

    /** True once a value has been unwrapped. */
    public boolean started() {
        return started;
    }

    /** The last value returned by {@link #unwrap}; meaningless before {@link #started()}. */
    public long last() {
        return last;
    }

    /** Forgets the timeline (a new SSRC or a restart of the stream). */
    public void reset() {
        started = false;
        last = 0;
    }
}
