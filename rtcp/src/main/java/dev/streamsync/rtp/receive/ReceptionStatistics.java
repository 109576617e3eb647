package dev.streamsync.rtp.receive;

import dev.streamsync.rtcp.ReportBlockSource;

import dev.streamsync.clock.Ntp;

/**
 * Receiver-side statistics of one RTP source, the inputs of an RTCP report block (RFC 3550
 * §6.4.1): sequence tracking (A.1, through a {@link SequenceTracker}), loss (A.3), interarrival
 * jitter (A.8) and the last-sender-report timing for LSR/DLSR.
 *
 * <p>Arrival times are nanoseconds from any monotonic clock (e.g. {@link System#nanoTime()});
 * they are converted to RTP units with the stream's clock rate. Callers that already have
 * arrival times in RTP units use {@link #updateJitter}.
 *
 * <p>Call {@link #prepareReportBlock(long)} when sending a receiver report; it computes the
 * block's fields (read them with the getters) and starts a new fraction-lost interval.
 *
 * <p>Threading: not thread-safe; owned by the stream's receive thread. Allocation-free.
 */
public final class ReceptionStatistics implements ReportBlockSource {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long sourceSsrc;
    private final int clockRateHz;
    private final SequenceTracker sequence = new SequenceTracker();

    private boolean haveTransit;
    private int lastTransit;
    private long jitterScaled; // RTP units × 16 (A.8)
    private boolean haveArrivalBase;
    private long arrivalBaseNanos;

    private long lastSrNtp;
    private long lastSrArrivalNanos;

    private int fractionLost;
    private int cumulativeLost;
    private long extendedHighestSequence;
    private long jitter;
    private long lastSenderReport;
    private long delaySinceLastSenderReport;

    /**
     * @param sourceSsrc the SSRC the report blocks will be about
     * @param clockRateHz the stream's RTP clock rate from the SDP
     */
    public ReceptionStatistics(long sourceSsrc, int clockRateHz) {
        if (clockRateHz <= 0) {
            throw new IllegalArgumentException("clockRateHz must be positive: " + clockRateHz);
        }
        this.sourceSsrc = sourceSsrc & 0xFFFF_FFFFL;
        this.clockRateHz = clockRateHz;
    }

    /**
     * Records one RTP packet.
     *
     * @param sequenceNumber 0..65535
     * @param rtpTimestamp32 the packet's wire timestamp
     * @param arrivalNanos arrival time on a monotonic clock, ns
     * @return the sequence tracker's classification; jitter is updated except for duplicates and bad jumps
     */
    public SequenceTracker.Result onRtpPacket(int sequenceNumber, long rtpTimestamp32, long arrivalNanos) {
        SequenceTracker.Result result = sequence.update(sequenceNumber);
        switch (result) {
            case DUPLICATE:
            case BAD:
                return result;
            case RESTARTED:
                haveTransit = false;
                jitterScaled = 0;
                break;
            default:
                break;
        }
        if (!haveArrivalBase) {
            haveArrivalBase = true;
            arrivalBaseNanos = arrivalNanos;
        }
        updateJitter(rtpTimestamp32, nanosToRtpUnits(arrivalNanos - arrivalBaseNanos));
        return result;
    }

    private long nanosToRtpUnits(long nanos) {
        // Split to avoid overflow of nanos * clockRateHz for long streams.
        long seconds = Math.floorDiv(nanos, NANOS_PER_SECOND);
        long rem = Math.floorMod(nanos, NANOS_PER_SECOND);
        return seconds * clockRateHz + rem * clockRateHz / NANOS_PER_SECOND;
    }

    /**
     * RFC 3550 A.8 interarrival jitter update, for an arrival time already in RTP units. Both
     * values are used modulo 2^32, so wraps of either are harmless.
     */
    public void updateJitter(long rtpTimestamp32, long arrivalRtpUnits) {
        int transit = (int) (arrivalRtpUnits - rtpTimestamp32);
        if (!haveTransit) {
            haveTransit = true; // the first packet only sets the reference transit time
            lastTransit = transit;
            return;
        }
        long d = Math.abs((long) (transit - lastTransit));
        lastTransit = transit;
        jitterScaled += d - ((jitterScaled + 8) >> 4);
    }

    /** Records the arrival of a sender report from this source (for LSR and DLSR). */
    public void onSenderReport(long ntpTimestamp, long arrivalNanos) {
        lastSrNtp = ntpTimestamp;
        lastSrArrivalNanos = arrivalNanos;
    }

    /**
     * Computes the report block fields for a report sent at {@code nowNanos} (same clock as the
     * arrival times) and starts a new fraction-lost interval.
     */
    @Override
    public void prepareReportBlock(long nowNanos) {
        fractionLost = sequence.fractionLostAndStartInterval();
        cumulativeLost = sequence.cumulativeLostForReport();
        extendedHighestSequence = sequence.extendedHighestSequence() & 0xFFFF_FFFFL;
        jitter = (jitterScaled >> 4) & 0xFFFF_FFFFL;
        if (lastSrNtp == 0) {
            lastSenderReport = 0;
            delaySinceLastSenderReport = 0;
        } else {
            lastSenderReport = Ntp.middle32(lastSrNtp);
            long delayNanos = Math.max(0, nowNanos - lastSrArrivalNanos);
            long units = (delayNanos / NANOS_PER_SECOND) * 65536 + (delayNanos % NANOS_PER_SECOND) * 65536 / NANOS_PER_SECOND;
            delaySinceLastSenderReport = Math.min(units, 0xFFFF_FFFFL);
        }
    }

    /** The SSRC the reports are about. */
    @Override
    public long sourceSsrc() {
        return sourceSsrc;
    }

    /** The sequence tracker fed by {@link #onRtpPacket}. */
    public SequenceTracker sequenceTracker() {
        return sequence;
    }

    /** Current interarrival jitter estimate in RTP units. */
    public long jitterRtpUnits() {
        return jitterScaled >> 4;
    }

    /** From the last {@link #prepareReportBlock}: fraction lost, 0..255. */
    @Override
    public int fractionLost() {
        return fractionLost;
    }

    /** From the last {@link #prepareReportBlock}: cumulative lost, signed 24-bit. */
    @Override
    public int cumulativeLost() {
        return cumulativeLost;
    }

    /** From the last {@link #prepareReportBlock}: extended highest sequence number received (low 32 bits). */
    @Override
    public long extendedHighestSequence() {
        return extendedHighestSequence;
    }

    /** From the last {@link #prepareReportBlock}: interarrival jitter, RTP units. */
    @Override
    public long jitter() {
        return jitter;
    }

    /** From the last {@link #prepareReportBlock}: LSR, the middle 32 bits of the last SR's NTP time (0 if none). */
    @Override
    public long lastSenderReport() {
        return lastSenderReport;
    }

    /** From the last {@link #prepareReportBlock}: DLSR in units of 1/65536 s (0 if no SR). */
    @Override
    public long delaySinceLastSenderReport() {
        return delaySinceLastSenderReport;
    }
}
