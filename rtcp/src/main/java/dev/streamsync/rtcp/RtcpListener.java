package dev.streamsync.rtcp;

/**
 * Receives the contents of a valid compound RTCP packet from {@link RtcpParser#parse}, in wire order.
 * Every method has an empty default, so an implementation overrides only what it needs.
 *
 * <p>Unsigned 32-bit wire values (SSRCs, RTP timestamps, counts) are passed as non-negative
 * {@code long}s; NTP timestamps as the raw 64-bit value. Calls happen on the parsing thread,
 * synchronously; byte-array arguments are the caller's buffer and are valid only during the call.
 * Callbacks happen only after the whole compound packet passed validation.
 */
public interface RtcpListener {
    /** Sender report (PT 200), before its report blocks. */
    default void onSenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount) {}

    /** Receiver report (PT 201), before its report blocks. */
    default void onReceiverReport(long ssrc) {}

    /**
     * One report block of an SR or RR (RFC 3550 §6.4.1).
     *
     * @param fractionLost 0..255 (fraction × 256)
     * @param cumulativeLost signed 24-bit value
     * @param interarrivalJitter in RTP timestamp units
     * @param lastSenderReport middle 32 bits of the last SR's NTP time, 0 if none
     * @param delaySinceLastSenderReport in units of 1/65536 s
     */
    default void onReportBlock(long reporterSsrc, long sourceSsrc, int fractionLost, int cumulativeLost,
            long extendedHighestSequence, long interarrivalJitter, long lastSenderReport,
            long delaySinceLastSenderReport) {}

    /** The CNAME item of an SDES chunk (RFC 3550 §6.5.1): UTF-8 bytes {@code buffer[offset, offset+length)}. */
    default void onSdesCname(long ssrc, byte[] buffer, int offset, int length) {}

    /** One SSRC leaving (BYE, PT 203). */
    default void onBye(long ssrc) {}

    /** Any other packet type (APP 204, RTPFB 205, PSFB 206, XR 207, ...), passed whole and skipped. */
    default void onOtherPacket(int packetType, byte[] buffer, int offset, int length) {}
}
