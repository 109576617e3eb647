package dev.streamsync.rtp.wire;

import dev.streamsync.clock.Ntp;

/**
 * Per-frame wallclock anchors carried in RTP header extensions. Static, allocation-free, never
 * throws: a malformed or absent element is answered with {@link Ntp#UNKNOWN} (0) or -1.
 *
 * <h2>ONVIF replay extension (ONVIF Streaming Specification §6.3)</h2>
 *
 * The whole RTP header extension block, profile 0xABAC, length 3 words:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            0xABAC             |          length=3             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  NTP timestamp (seconds)                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  NTP timestamp (fraction)                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |C|E|D|T|  mbz  |     CSeq      |          padding              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * C = clean point (the access unit is a sync point), E = end of a contiguous section, D =
 * discontinuity before this access unit, T = terminal (last packet of the requested range); mbz
 * must be zero; CSeq is the low-order byte of the CSeq of the PLAY request that started the
 * transmission. The NTP timestamp is the wallclock time of the first byte of the access unit.
 * Implementations that only check the first 8 bytes of data work as well: we require at least
 * 8 data bytes for the timestamp and 12 for the flags.
 *
 * <h2>RFC 6051 §3.3 in-band NTP timestamps</h2>
 *
 * RFC 8285 elements named {@code urn:ietf:params:rtp-hdrext:ntp-64} (8 data bytes: the full
 * 64-bit NTP timestamp of the packet's RTP timestamp instant) and {@code ...:ntp-56} (7 bytes:
 * the low 24 bits of the seconds and the 32-bit fraction; the missing high 8 bits of seconds come
 * from another time reference, see {@link #ntp56ToNtp64}). The element ID is negotiated in SDP
 * ({@code a=extmap}); find the element with {@link RtpPacketFlyweight#findExtensionElement}.
 */
public final class HeaderExtensions {
    /** Profile of the ONVIF replay extension. */
    public static final int ONVIF_PROFILE = 0xABAC;
    /** Extension URI of the 64-bit form (RFC 6051 §3.3). */
    public static final String NTP64_URI = "urn:ietf:params:rtp-hdrext:ntp-64";
    /** Extension URI of the 56-bit form (RFC 6051 §3.3). */
    public static final String NTP56_URI = "urn:ietf:params:rtp-hdrext:ntp-56";

    /** ONVIF flag bit: clean point. */
    public static final int ONVIF_FLAG_C = 0x80;
    /** ONVIF flag bit: end of contiguous section. */
    public static final int ONVIF_FLAG_E = 0x40;
    /** ONVIF flag bit: discontinuity. */
    public static final int ONVIF_FLAG_D = 0x20;
    /** ONVIF flag bit: terminal packet. */
    public static final int ONVIF_FLAG_T = 0x10;

    private HeaderExtensions() {}

    /**
     * NTP timestamp of an ONVIF replay extension.
     *
     * @param buffer the packet bytes
     * @param extensionOffset offset of the extension data, after the 4-byte profile/length header
     * @param extensionLength length of the extension data in bytes
     * @return the NTP timestamp, or {@link Ntp#UNKNOWN} if fewer than 8 bytes are present
     */
    public static long onvifNtpTimestamp(byte[] buffer, int extensionOffset, int extensionLength) {
        if (!inBounds(buffer, extensionOffset, extensionLength, 8)) {
            return Ntp.UNKNOWN;
        }
        return RtpPacketFlyweight.u64(buffer, extensionOffset);
    }

    /** The ONVIF NTP timestamp of a wrapped packet, or {@link Ntp#UNKNOWN} if it has no 0xABAC extension. */
    public static long onvifNtpTimestamp(RtpPacketFlyweight packet) {
        if (!packet.isValid() || packet.extensionProfile() != ONVIF_PROFILE) {
            return Ntp.UNKNOWN;
        }
        return onvifNtpTimestamp(packet.buffer(), packet.extensionOffset(), packet.extensionLength());
    }

    /**
     * The ONVIF flag byte: bit 7 C, bit 6 E, bit 5 D, bit 4 T (see the {@code ONVIF_FLAG_*}
     * masks); the low 4 bits are mbz and returned as sent.
     *
     * @return 0..255, or -1 if fewer than 12 bytes are present
     */
    public static int onvifFlags(byte[] buffer, int extensionOffset, int extensionLength) {
        if (!inBounds(buffer, extensionOffset, extensionLength, 12)) {
            return -1;
        }
        return buffer[extensionOffset + 8] & 0xFF;
    }

    /**
     * The ONVIF CSeq byte (low-order byte of the PLAY request's CSeq).
     *
     * @return 0..255, or -1 if fewer than 12 bytes are present
     */
    public static int onvifCseq(byte[] buffer, int extensionOffset, int extensionLength) {
        if (!inBounds(buffer, extensionOffset, extensionLength, 12)) {
            return -1;
        }
        return buffer[extensionOffset + 9] & 0xFF;
    }

    /**
     * Parses an RFC 6051 ntp-64 element's data.
     *
     * @return the NTP timestamp, or {@link Ntp#UNKNOWN} unless exactly 8 bytes in bounds
     */
    public static long ntp64(byte[] buffer, int elementOffset, int elementLength) {
        if (elementLength != 8 || !inBounds(buffer, elementOffset, elementLength, 8)) {
            return Ntp.UNKNOWN;
        }
        return RtpPacketFlyweight.u64(buffer, elementOffset);
    }

    /**
     * Parses an RFC 6051 ntp-56 element's data: the low 56 bits of an NTP timestamp.
     *
     * @return the 56-bit value (0..2^56-1), or -1 unless exactly 7 bytes in bounds
     */
    public static long ntp56(byte[] buffer, int elementOffset, int elementLength) {
        if (elementLength != 7 || !inBounds(buffer, elementOffset, elementLength, 7)) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < 7; i++) {
            v = (v << 8) | (buffer[elementOffset + i] & 0xFF);
        }
        return v;
    }

    /**
     * Completes a 56-bit NTP value with the high 8 bits of seconds, choosing the full timestamp
     * nearest to {@code referenceNtp64} (an RTCP SR's NTP time or the local clock; RFC 6051 §3.3).
     * The 56-bit value repeats every 2^24 s (about 194 days), so the reference must be within
     * about 97 days.
     *
     * @param ntp56 a value from {@link #ntp56}; a negative value gives {@link Ntp#UNKNOWN}
     */
    public static long ntp56ToNtp64(long ntp56, long referenceNtp64) {
        if (ntp56 < 0) {
            return Ntp.UNKNOWN;
        }
        long low56Mask = (1L << 56) - 1;
        long candidate = (referenceNtp64 & ~low56Mask) | (ntp56 & low56Mask);
        // Signed distance modulo 2^56 between candidate and reference, in [-2^55, 2^55).
        long diff = ((candidate - referenceNtp64) << 8) >> 8;
        return referenceNtp64 + diff;
    }

    private static boolean inBounds(byte[] buffer, int offset, int length, int needed) {
        return buffer != null && offset >= 0 && length >= needed && offset <= buffer.length - needed;
    }
}
