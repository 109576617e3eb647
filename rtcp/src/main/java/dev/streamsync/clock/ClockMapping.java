package dev.streamsync.clock;

/**
 * An immutable RTP-to-UTC mapping of one stream at one moment, published by {@link ClockEstimator}:
 *
 * <pre>
 *   utcNanos(rtp) = anchorUtcNanos + nanosPerTick * (rtp - anchorRtpTimestamp) + 1000 * offsetMicros
 * </pre>
 *
 * where {@code rtp} is an unwrapped 64-bit RTP timestamp ({@link RtpTimestampUnwrapper}) of the
 * same stream. Immutable and therefore safe to share between threads; obtained from
 * {@link ClockEstimator#mapping()}. {@link #UNANCHORED} is the one answer for "no anchor yet".
 */
public final class ClockMapping {
    /** The mapping of a stream without any anchor: {@link #anchored()} is false. */
    public static final ClockMapping UNANCHORED =
            new ClockMapping(false, TimestampSource.ARRIVAL, 0, 0, 0, 0.0, 0, 0.0, 0, 0, 0.0);

    private final boolean anchored;
    private final TimestampSource source;
    private final int clockRateHz;
    private final long anchorRtpTimestamp;
    private final long anchorUtcNanos;
    private final double nanosPerTick;
    private final long offsetMicros;
    private final double driftPpm;
    private final int senderReportCount;
    private final long lastSenderReportUtcMicros;
    private final double residualRmsMicros;

    ClockMapping(boolean anchored, TimestampSource source, int clockRateHz, long anchorRtpTimestamp,
            long anchorUtcNanos, double nanosPerTick, long offsetMicros, double driftPpm,
            int senderReportCount, long lastSenderReportUtcMicros, double residualRmsMicros) {
        this.anchored = anchored;
        this.source = source;
        this.clockRateHz = clockRateHz;
        this.anchorRtpTimestamp = anchorRtpTimestamp;
        this.anchorUtcNanos = anchorUtcNanos;
        this.nanosPerTick = nanosPerTick;
        this.offsetMicros = offsetMicros;
        this.driftPpm = driftPpm;
        this.senderReportCount = senderReportCount;
        this.lastSenderReportUtcMicros = lastSenderReportUtcMicros;
        this.residualRmsMicros = residualRmsMicros;
    }

    /** False until the stream has an anchor; then {@link #toUtcMicros} may be called. */
    public boolean anchored() {
        return anchored;
    }

    /**
     * UTC capture time, in microseconds since the Unix epoch, of the unwrapped RTP timestamp
     * (rounded to the nearest microsecond, constant offset included).
     *
     * @throws IllegalStateException if not {@link #anchored()}
     */
    public long toUtcMicros(long rtpTimestamp64) {
        return Math.floorDiv(toUtcNanos(rtpTimestamp64) + 500, 1000);
    }

    /**
     * As {@link #toUtcMicros} but in nanoseconds since the Unix epoch.
     *
     * @throws IllegalStateException if not {@link #anchored()}
     */
    public long toUtcNanos(long rtpTimestamp64) {
        if (!anchored) {
            throw new IllegalStateException("clock not anchored yet");
        }
        return anchorUtcNanos + Math.round(nanosPerTick * (double) (rtpTimestamp64 - anchorRtpTimestamp))
                + offsetMicros * 1000;
    }

    /**
     * The unwrapped RTP timestamp whose UTC time is {@code utcMicros} (the inverse of
     * {@link #toUtcMicros}, rounded to the nearest tick).
     *
     * @throws IllegalStateException if not {@link #anchored()}
     */
    public long toRtpTimestamp(long utcMicros) {
        if (!anchored) {
            throw new IllegalStateException("clock not anchored yet");
        }
        long deltaNanos = (utcMicros - offsetMicros) * 1000 - anchorUtcNanos;
        return anchorRtpTimestamp + Math.round(deltaNanos / nanosPerTick);
    }

    /** Where the anchor came from; {@link TimestampSource#ARRIVAL} when not anchored. */
    public TimestampSource source() {
        return source;
    }

    /** Nominal media clock rate from the SDP, in Hz (0 for {@link #UNANCHORED}). */
    public int clockRateHz() {
        return clockRateHz;
    }

    /** Media clock rate error relative to nominal, in ppm (positive: the camera's RTP clock runs fast); 0 until two sender reports fitted. */
    public double driftPpm() {
        return driftPpm;
    }

    /** Sender reports accepted since the estimator was created or last reset. */
    public int senderReportCount() {
        return senderReportCount;
    }

    /** UTC time (µs since the Unix epoch) carried by the newest accepted sender report; 0 if none. */
    public long lastSenderReportUtcMicros() {
        return lastSenderReportUtcMicros;
    }

    /** Unwrapped RTP timestamp of the anchor point. */
    public long anchorRtpTimestamp() {
        return anchorRtpTimestamp;
    }

    /** UTC time of the anchor point in ns since the Unix epoch, without {@link #offsetMicros()}. */
    public long anchorUtcNanos() {
        return anchorUtcNanos;
    }

    /** Fitted (or nominal) slope: nanoseconds of UTC per RTP tick. */
    public double nanosPerTick() {
        return nanosPerTick;
    }

    /** Configured per-camera constant offset, in µs, added to every answer. */
    public long offsetMicros() {
        return offsetMicros;
    }

    /** Root-mean-square residual of the sender reports around the fit, in µs (0 with fewer than 2). */
    public double residualRmsMicros() {
        return residualRmsMicros;
    }

    @Override
    public String toString() {
        if (!anchored) {
            return "ClockMapping[UNANCHORED]";
        }
        return "ClockMapping[source=" + source + ", clockRateHz=" + clockRateHz + ", anchorRtp=" + anchorRtpTimestamp
                + ", anchorUtcNanos=" + anchorUtcNanos + ", nanosPerTick=" + nanosPerTick + ", offsetMicros="
                + offsetMicros + ", driftPpm=" + driftPpm + ", senderReports=" + senderReportCount
                + ", residualRmsMicros=" + residualRmsMicros + "]";
    }
}
