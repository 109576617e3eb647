package dev.streamsync.sim.rtsp;

/**
 * How one run of a camera maps its true capture times to RTP timestamps: a 90 kHz media clock
 * starting at a random {@code rtpBase} at {@code originUtcMicros}, optionally running fast or slow by
 * {@code driftPpm} parts per million (as a real camera's crystal does). A new timeline, with a new
 * SSRC and base, starts at every camera (re)start.
 *
 * <p>Both frames and sender reports take their RTP time from {@link #rtpTimestampAt}, so a report
 * sent between frames extrapolates along exactly the line the frames lie on.
 *
 * <p>Immutable and thread-safe.
 *
 * @param ssrc            synchronization source identifier of this run
 * @param rtpBase         RTP timestamp at {@code originUtcMicros}, 32 bits
 * @param originUtcMicros true UTC time in microseconds at which the media clock read {@code rtpBase}
 * @param driftPpm        media clock rate error in parts per million (+ = fast)
 */
public record RtpTimeline(int ssrc, long rtpBase, long originUtcMicros, double driftPpm) {

    /** Media clock rate of H.264 over RTP (RFC 6184 §8.2.1). */
    public static final int CLOCK_RATE_HZ = 90_000;

    /** The 32-bit RTP timestamp (as an unsigned value in a long) of true UTC time {@code trueUtcMicros}. */
    public long rtpTimestampAt(long trueUtcMicros) {
        double ticks = (trueUtcMicros - originUtcMicros) * (CLOCK_RATE_HZ / 1e6) * (1 + driftPpm * 1e-6);
        return (rtpBase + Math.round(ticks)) & 0xFFFF_FFFFL;
    }
}
