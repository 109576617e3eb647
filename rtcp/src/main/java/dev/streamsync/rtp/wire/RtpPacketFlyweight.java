package dev.streamsync.rtp.wire;

import dev.streamsync.clock.RtpTimestampUnwrapper;

/**
 * Zero-copy view of one RTP packet (RFC 3550 §5.1) in a caller-owned byte array.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |
 * |                             ....                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      defined by profile       |  length (32-bit words)        |  if X
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        header extension                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 payload ...   | padding ...   | padding count |  if P
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Header extension elements (RFC 8285): profile 0xBEDE is the one-byte form (4-bit ID, 4-bit
 * length-1), profiles 0x1000..0x100F the two-byte form (8-bit ID, 8-bit length). Any other
 * profile (for instance ONVIF's 0xABAC, see {@link HeaderExtensions}) is exposed only as the raw
 * extension block.
 *
 * <p>Threading and ownership: one instance per receiving thread, rewrapped per packet; it keeps a
 * reference to the caller's array, whose contents must not change while the view is used. No
 * method allocates. Getters are meaningful only after {@link #wrap} returned {@link RtpParseStatus#OK}.
 */
public final class RtpPacketFlyweight {
    /** Length of the fixed RTP header. */
    public static final int FIXED_HEADER_LENGTH = 12;
    /** RFC 8285 §4.2 one-byte header extension profile. */
    public static final int PROFILE_ONE_BYTE = 0xBEDE;
    /** RFC 8285 §4.3 two-byte header extension profile (the low 4 bits are "appbits"). */
    public static final int PROFILE_TWO_BYTE = 0x1000;

    private byte[] buffer;
    private int offset;
    private int length;
    private int payloadOffset;
    private int payloadLength;
    private int extensionProfile = -1;
    private int extensionOffset;
    private int extensionLength;
    private int lastElementLength;
    private boolean valid;

    /**
     * Points this view at {@code buffer[offset, offset+length)} and validates the header.
     *
     * @return {@link RtpParseStatus#OK} or the reason; never throws, even for out-of-range arguments
     */
    public RtpParseStatus wrap(byte[] buffer, int offset, int length) {
        this.valid = false;
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.extensionProfile = -1;
        this.extensionOffset = 0;
        this.extensionLength = 0;
        this.lastElementLength = 0;
        if (buffer == null || offset < 0 || length < FIXED_HEADER_LENGTH
                || offset > buffer.length - length) {
            return RtpParseStatus.TOO_SHORT;
        }
        int b0 = buffer[offset] & 0xFF;
        if ((b0 >>> 6) != 2) {
            return RtpParseStatus.BAD_VERSION;
        }
        int end = offset + length;
        int pos = offset + FIXED_HEADER_LENGTH + 4 * (b0 & 0x0F);
        if (pos > end) {
            return RtpParseStatus.BAD_CSRC_COUNT;
        }
        if ((b0 & 0x10) != 0) {
            if (pos + 4 > end) {
                return RtpParseStatus.BAD_EXTENSION_LENGTH;
            }
            int profile = u16(buffer, pos);
            int words = u16(buffer, pos + 2);
            int extStart = pos + 4;
            if (extStart + 4 * words > end) {
                return RtpParseStatus.BAD_EXTENSION_LENGTH;
            }
            extensionProfile = profile;
            extensionOffset = extStart;
            extensionLength = 4 * words;
            pos = extStart + 4 * words;
        }
        int payloadEnd = end;
        if ((b0 & 0x20) != 0) {
            // RFC 3550 §5.1: the last octet counts the padding octets including itself, so 0 is invalid.
            int padding = buffer[end - 1] & 0xFF;
            if (padding == 0 || padding > end - pos) {
                return RtpParseStatus.BAD_PADDING;
            }
            payloadEnd = end - padding;
        }
        payloadOffset = pos;
        payloadLength = payloadEnd - pos;
        valid = true;
        return RtpParseStatus.OK;
    }

    /** True after a successful {@link #wrap}. */
    public boolean isValid() {
        return valid;
    }

    /** RTP version (2 for every packet that wrapped OK). */
    public int version() {
        return (buffer[offset] & 0xFF) >>> 6;
    }

    /** P bit: padding was present (and has been removed from {@link #payloadLength()}). */
    public boolean padding() {
        return (buffer[offset] & 0x20) != 0;
    }

    /** X bit: a header extension is present. */
    public boolean extension() {
        return (buffer[offset] & 0x10) != 0;
    }

    /** Number of CSRC identifiers, 0..15. */
    public int csrcCount() {
        return buffer[offset] & 0x0F;
    }

    /** Marker bit (for video, the last packet of an access unit, RFC 6184 §5.1). */
    public boolean marker() {
        return (buffer[offset + 1] & 0x80) != 0;
    }

    /** Payload type, 0..127. */
    public int payloadType() {
        return buffer[offset + 1] & 0x7F;
    }

    /** Sequence number, 0..65535. */
    public int sequenceNumber() {
        return u16(buffer, offset + 2);
    }

    /** RTP timestamp as an unsigned 32-bit value, 0..2^32-1 (unwrap with {@link RtpTimestampUnwrapper}). */
    public long timestamp() {
        return u32(buffer, offset + 4);
    }

    /** SSRC as an unsigned 32-bit value. */
    public long ssrc() {
        return u32(buffer, offset + 8);
    }

    /** The {@code index}-th CSRC (0-based, below {@link #csrcCount()}) as an unsigned 32-bit value. */
    public long csrc(int index) {
        return u32(buffer, offset + FIXED_HEADER_LENGTH + 4 * index);
    }

    /** The wrapped array (not a copy). */
    public byte[] buffer() {
        return buffer;
    }

    /** Offset of the packet's first byte in {@link #buffer()}. */
    public int offset() {
        return offset;
    }

    /** Length of the whole packet as wrapped. */
    public int length() {
        return length;
    }

    /** Offset of the payload in {@link #buffer()}. */
    public int payloadOffset() {
        return payloadOffset;
    }

    /** Payload length in bytes, padding removed. */
    public int payloadLength() {
        return payloadLength;
    }

    /** The 16-bit "defined by profile" field of the header extension, or -1 without one. */
    public int extensionProfile() {
        return extensionProfile;
    }

    /** Offset in {@link #buffer()} of the extension data (after the 4-byte extension header). */
    public int extensionOffset() {
        return extensionOffset;
    }

    /** Length in bytes of the extension data (4 × the length field); 0 without an extension. */
    public int extensionLength() {
        return extensionLength;
    }

    /**
     * Finds the RFC 8285 header extension element with local identifier {@code id}.
     *
     * @param id 1..14 for the one-byte form, 1..255 for the two-byte form
     * @return offset of the element's data in {@link #buffer()}, or -1 when absent, when the
     *     extension is not in an RFC 8285 form, or when the element list is malformed. The data
     *     length is then {@link #extensionElementLength()}.
     */
    public int findExtensionElement(int id) {
        lastElementLength = 0;
        if (!valid || extensionProfile < 0 || id <= 0) {
            return -1;
        }
        int pos = extensionOffset;
        int end = extensionOffset + extensionLength;
        if (extensionProfile == PROFILE_ONE_BYTE) {
            if (id > 14) {
                return -1;
            }
            while (pos < end) {
                int b = buffer[pos] & 0xFF;
                int elementId = b >>> 4;
                if (elementId == 0) {
                    pos++; // RFC 8285 §4.2: a zero byte is padding (its length nibble must be 0, ignored)
                    continue;
                }
                if (elementId == 15) {
                    return -1; // RFC 8285 §4.2: ID 15 is reserved; stop processing the element list
                }
                int elementLength = (b & 0x0F) + 1;
                int dataStart = pos + 1;
                if (dataStart + elementLength > end) {
                    return -1;
                }
                if (elementId == id) {
                    lastElementLength = elementLength;
                    return dataStart;
                }
                pos = dataStart + elementLength;
            }
            return -1;
        }
        if ((extensionProfile & 0xFFF0) == PROFILE_TWO_BYTE) {
            if (id > 255) {
                return -1;
            }
            while (pos < end) {
                int elementId = buffer[pos] & 0xFF;
                if (elementId == 0) {
                    pos++; // RFC 8285 §4.3: padding byte
                    continue;
                }
                if (pos + 2 > end) {
                    return -1;
                }
                int elementLength = buffer[pos + 1] & 0xFF;
                int dataStart = pos + 2;
                if (dataStart + elementLength > end) {
                    return -1;
                }
                if (elementId == id) {
                    lastElementLength = elementLength;
                    return dataStart;
                }
                pos = dataStart + elementLength;
            }
        }
        return -1;
    }

    /** Data length of the element last found by {@link #findExtensionElement} (0 if none was found). */
    public int extensionElementLength() {
        return lastElementLength;
    }

    public static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    public static long u32(byte[] b, int i) {
        return ((long) (b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    public static long u64(byte[] b, int i) {
        return (u32(b, i) << 32) | u32(b, i + 4);
    }
}
