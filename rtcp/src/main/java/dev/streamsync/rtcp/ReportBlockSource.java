package dev.streamsync.rtcp;

/**
 * The reception statistics one receiver-report block carries (RFC 3550 §6.4.1), as
 * {@link RtcpWriter#writeReceiverReport} reads them. Implemented by the RTP receive stage
 * ({@code dev.streamsync.rtp.receive.ReceptionStatistics}); declared here so that RTCP, the lower
 * layer, does not import it.
 *
 * <p>Threading: the writer calls {@link #prepareReportBlock} and then the getters, on the thread that
 * owns the statistics.
 */
public interface ReportBlockSource {
    /** Computes the values of the next block (and starts a new loss interval) at {@code nowNanos}. */
    void prepareReportBlock(long nowNanos);

    /** SSRC of the source reported on. */
    long sourceSsrc();

    /** Fraction lost since the previous block, 0..255 (1/256 units). */
    int fractionLost();

    /** Cumulative number of packets lost, signed 24-bit. */
    int cumulativeLost();

    /** Extended highest sequence number received (low 32 bits). */
    long extendedHighestSequence();

    /** Interarrival jitter, RTP timestamp units. */
    long jitter();

    /** LSR: the middle 32 bits of the last sender report's NTP timestamp, 0 if none. */
    long lastSenderReport();

    /** DLSR: delay since the last sender report in units of 1/65536 s, 0 if none. */
    long delaySinceLastSenderReport();
}
