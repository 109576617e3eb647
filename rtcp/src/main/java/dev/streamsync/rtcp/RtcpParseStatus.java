package dev.streamsync.rtcp;

/** Outcome of {@link RtcpParser#parse}: {@link #OK} or why the compound packet was discarded. */
public enum RtcpParseStatus {
    /** Valid compound packet; the listener was called for each sub-packet. */
    OK,
    /** Shorter than one 4-byte RTCP header, not a multiple of 4 bytes, or the range is out of bounds. */
    TOO_SHORT,
    /** A sub-packet's version is not 2 (RFC 3550 A.2). */
    BAD_VERSION,
    /** The first sub-packet is neither SR nor RR (RFC 3550 A.2; see {@link RtcpParser.CompoundPolicy}). */
    FIRST_NOT_SR_OR_RR,
    /** The P bit is set on a sub-packet other than the last (RFC 3550 §6.4.1, A.2). */
    PADDING_NOT_LAST,
    /** Padding count is 0 or larger than the sub-packet body. */
    BAD_PADDING,
    /** The sub-packet lengths do not add up to the datagram length (RFC 3550 A.2). */
    LENGTH_MISMATCH,
    /** An SR or RR is too short for its fixed part and its report count (RC) blocks. */
    BAD_REPORT_COUNT,
    /** An SDES chunk or item runs past its packet or the chunk count does not match. */
    BAD_SDES,
    /** A BYE packet's SSRC list or reason runs past its packet. */
    BAD_BYE
}
