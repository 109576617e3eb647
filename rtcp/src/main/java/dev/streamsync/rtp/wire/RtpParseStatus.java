package dev.streamsync.rtp.wire;

/** Outcome of {@link RtpPacketFlyweight#wrap}: {@link #OK} or the reason the packet is malformed. */
public enum RtpParseStatus {
    /** A well-formed RTP version 2 packet. */
    OK,
    /** Shorter than the 12-byte fixed header, or the buffer range is out of bounds. */
    TOO_SHORT,
    /** Version field is not 2 (RFC 3550 §5.1). */
    BAD_VERSION,
    /** The CSRC list runs past the end of the packet. */
    BAD_CSRC_COUNT,
    /** The header extension (RFC 3550 §5.3.1) runs past the end of the packet. */
    BAD_EXTENSION_LENGTH,
    /** Padding count is 0 or larger than what follows the header (RFC 3550 §5.1, P bit). */
    BAD_PADDING
}
