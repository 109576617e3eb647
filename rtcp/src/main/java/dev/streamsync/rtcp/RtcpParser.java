package dev.streamsync.rtcp;

import static dev.streamsync.rtp.wire.RtpPacketFlyweight.u16;
import static dev.streamsync.rtp.wire.RtpPacketFlyweight.u32;
import static dev.streamsync.rtp.wire.RtpPacketFlyweight.u64;

/**
 * Validates and walks a compound RTCP packet (RFC 3550 §6), reporting its contents to an
 * {@link RtcpListener}.
 *
 * <p>Design: a visitor. {@link #parse} first checks the whole datagram (RFC 3550 A.2 plus the
 * internal structure of SR, RR, SDES and BYE), and only if everything is valid walks it a second
 * time calling the listener, so a listener never sees half of a broken packet. Nothing is
 * allocated; malformed input is answered with an {@link RtcpParseStatus}, never an exception.
 *
 * <pre>
 * common header of every RTCP packet:
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|    RC   |      PT       |     length (words - 1)        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * SR (PT=200) body: SSRC, NTP timestamp (64), RTP timestamp, packet count, octet count,
 *                   then RC report blocks of 24 bytes
 * RR (PT=201) body: SSRC, then RC report blocks
 * report block:     SSRC | fraction lost (8) cumulative lost (24) | ext. highest seq |
 *                   jitter | LSR | DLSR
 * SDES (PT=202):    RC chunks: SSRC, items (type 8, length 8, text), ended by a 0 octet and
 *                   padded with 0 to a 32-bit boundary
 * BYE (PT=203):     RC SSRCs, optional reason (length 8, text)
 * </pre>
 *
 * <p>Threading: stateless apart from the immutable policy; one instance may be shared.
 */
public final class RtcpParser {
    /** RTCP packet type: sender report. */
    public static final int PT_SR = 200;
    /** RTCP packet type: receiver report. */
    public static final int PT_RR = 201;
    /** RTCP packet type: source description. */
    public static final int PT_SDES = 202;
    /** RTCP packet type: goodbye. */
    public static final int PT_BYE = 203;
    /** RTCP packet type: application-defined. */
    public static final int PT_APP = 204;
    /** SDES item type CNAME. */
    public static final int SDES_CNAME = 1;

    /** How strictly the compound rule of RFC 3550 §6.1 is applied. */
    public enum CompoundPolicy {
        /** RFC 3550 A.2: the first packet must be SR or RR. */
        STRICT,
        /**
         * Also accept datagrams that start with another type: reduced-size RTCP (RFC 5506) and
         * servers that send a lone BYE or SDES when tearing down. All other A.2 checks still apply.
         */
        ALLOW_REDUCED_SIZE
    }

    private final CompoundPolicy policy;

    /** A parser with the {@link CompoundPolicy#STRICT} policy. */
    public RtcpParser() {
        this(CompoundPolicy.STRICT);
    }

    public RtcpParser(CompoundPolicy policy) {
        this.policy = policy;
    }

    /**
     * Validates {@code buffer[offset, offset+length)} as one compound RTCP packet and, if valid,
     * reports its contents to {@code listener}.
     */
    public RtcpParseStatus parse(byte[] buffer, int offset, int length, RtcpListener listener) {
        RtcpParseStatus status = validate(buffer, offset, length);
        if (status == RtcpParseStatus.OK) {
            dispatch(buffer, offset, length, listener);
        }
        return status;
    }

    /** Checks {@code buffer[offset, offset+length)} without calling anyone. */
    public RtcpParseStatus validate(byte[] buffer, int offset, int length) {
        if (buffer == null || offset < 0 || length < 4 || offset > buffer.length - length || (length & 3) != 0) {
            return RtcpParseStatus.TOO_SHORT;
        }
        int end = offset + length;
        int pos = offset;
        boolean first = true;
        while (pos < end) {
            if (end - pos < 4) {
                return RtcpParseStatus.LENGTH_MISMATCH;
            }
            int b0 = buffer[pos] & 0xFF;
            int pt = buffer[pos + 1] & 0xFF;
            if ((b0 >>> 6) != 2) {
                return RtcpParseStatus.BAD_VERSION;
            }
            if (first && policy == CompoundPolicy.STRICT && pt != PT_SR && pt != PT_RR) {
                return RtcpParseStatus.FIRST_NOT_SR_OR_RR;
            }
            first = false;
            int packetLength = 4 * (u16(buffer, pos + 2) + 1);
            if (packetLength > end - pos) {
                return RtcpParseStatus.LENGTH_MISMATCH;
            }
            int bodyEnd = pos + packetLength;
            if ((b0 & 0x20) != 0) {
                if (bodyEnd != end) {
                    return RtcpParseStatus.PADDING_NOT_LAST;
                }
                int padding = buffer[bodyEnd - 1] & 0xFF;
                if (padding == 0 || padding > packetLength - 4) {
                    return RtcpParseStatus.BAD_PADDING;
                }
                bodyEnd -= padding;
            }
            RtcpParseStatus body = validateBody(buffer, pos, bodyEnd, pt, b0 & 0x1F);
            if (body != RtcpParseStatus.OK) {
                return body;
            }
            pos += packetLength;
        }
        return RtcpParseStatus.OK;
    }

    private static RtcpParseStatus validateBody(byte[] b, int pos, int bodyEnd, int pt, int count) {
        switch (pt) {
            case PT_SR:
                return pos + 28 + 24 * count <= bodyEnd ? RtcpParseStatus.OK : RtcpParseStatus.BAD_REPORT_COUNT;
            case PT_RR:
                return pos + 8 + 24 * count <= bodyEnd ? RtcpParseStatus.OK : RtcpParseStatus.BAD_REPORT_COUNT;
            case PT_SDES:
                return walkSdes(b, pos, bodyEnd, count, null) ? RtcpParseStatus.OK : RtcpParseStatus.BAD_SDES;
            case PT_BYE: {
                int p = pos + 4 + 4 * count;
                if (p > bodyEnd) {
                    return RtcpParseStatus.BAD_BYE;
                }
                if (p < bodyEnd && p + 1 + (b[p] & 0xFF) > bodyEnd) {
                    return RtcpParseStatus.BAD_BYE;
                }
                return RtcpParseStatus.OK;
            }
            default:
                return RtcpParseStatus.OK;
        }
    }

    /** Walks SDES chunks; with a null listener only validates. */
    private static boolean walkSdes(byte[] b, int pos, int bodyEnd, int chunkCount, RtcpListener listener) {
        int p = pos + 4;
        for (int chunk = 0; chunk < chunkCount; chunk++) {
            if (p + 4 > bodyEnd) {
                return false;
            }
            long ssrc = u32(b, p);
            p += 4;
            while (true) {
                if (p >= bodyEnd) {
                    return false;
                }
                int type = b[p] & 0xFF;
                if (type == 0) {
                    // End of item list; skip the terminating null octet(s) to the next 32-bit boundary.
                    p = pos + (((p - pos) >>> 2) + 1) * 4;
                    if (p > bodyEnd) {
                        return false;
                    }
                    break;
                }
                if (p + 2 > bodyEnd) {
                    return false;
                }
                int itemLength = b[p + 1] & 0xFF;
                if (p + 2 + itemLength > bodyEnd) {
                    return false;
                }
                if (listener != null && type == SDES_CNAME) {
                    listener.onSdesCname(ssrc, b, p + 2, itemLength);
                }
                p += 2 + itemLength;
            }
        }
        return true;
    }

    private static void dispatch(byte[] b, int offset, int length, RtcpListener listener) {
        int end = offset + length;
        int pos = offset;
        while (pos < end) {
            int b0 = b[pos] & 0xFF;
            int count = b0 & 0x1F;
            int pt = b[pos + 1] & 0xFF;
            int packetLength = 4 * (u16(b, pos + 2) + 1);
            int bodyEnd = pos + packetLength;
            if ((b0 & 0x20) != 0) {
                bodyEnd -= b[bodyEnd - 1] & 0xFF;
            }
            switch (pt) {
                case PT_SR: {
                    long ssrc = u32(b, pos + 4);
                    listener.onSenderReport(ssrc, u64(b, pos + 8), u32(b, pos + 16), u32(b, pos + 20), u32(b, pos + 24));
                    reportBlocks(b, pos + 28, count, ssrc, listener);
                    break;
                }
                case PT_RR: {
                    long ssrc = u32(b, pos + 4);
                    listener.onReceiverReport(ssrc);
                    reportBlocks(b, pos + 8, count, ssrc, listener);
                    break;
                }
                case PT_SDES:
                    walkSdes(b, pos, bodyEnd, count, listener);
                    break;
                case PT_BYE:
                    for (int i = 0; i < count; i++) {
                        listener.onBye(u32(b, pos + 4 + 4 * i));
                    }
                    break;
                default:
                    listener.onOtherPacket(pt, b, pos, packetLength);
                    break;
            }
            pos += packetLength;
        }
    }

    private static void reportBlocks(byte[] b, int p, int count, long reporterSsrc, RtcpListener listener) {
        for (int i = 0; i < count; i++, p += 24) {
            int cumulative = (int) (u32(b, p + 4) << 40 >> 40); // signed 24-bit (RFC 3550 §6.4.1)
            listener.onReportBlock(reporterSsrc, u32(b, p), b[p + 4] & 0xFF, cumulative,
                    u32(b, p + 8), u32(b, p + 12), u32(b, p + 16), u32(b, p + 20));
        }
    }
}
