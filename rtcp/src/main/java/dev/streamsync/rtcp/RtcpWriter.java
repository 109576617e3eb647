package dev.streamsync.rtcp;


import java.nio.charset.StandardCharsets;

/**
 * Writes compound RTCP packets (RFC 3550 §6.1): SR + SDES CNAME for a sender, RR + SDES CNAME for
 * a receiver, and a BYE to append to either.
 *
 * <p>Static and stateless. The CNAME is written as UTF-8 (at most 255 bytes); an ASCII CNAME is
 * encoded without allocating. A destination too small, or a CNAME too long, is a programming
 * error and throws {@link IllegalArgumentException} before anything is written.
 */
public final class RtcpWriter {
    private RtcpWriter() {}

    /** Bytes needed by {@link #writeSenderReport} for a CNAME of {@code cnameBytes} UTF-8 bytes. */
    public static int senderReportLength(int cnameBytes) {
        return 28 + sdesLength(cnameBytes);
    }

    /** Bytes needed by {@link #writeReceiverReport} with one report block. */
    public static int receiverReportLength(int cnameBytes) {
        return 32 + sdesLength(cnameBytes);
    }

    private static int sdesLength(int cnameBytes) {
        // header 4 + SSRC 4 + type 1 + length 1 + text + at least one null octet, padded to 4
        return 4 + ((4 + 2 + cnameBytes + 1 + 3) & ~3);
    }

    /**
     * Writes SR (no report blocks) + SDES CNAME.
     *
     * @param ntpTimestamp wallclock of the instant {@code rtpTimestamp} stands for (RFC 3550 §6.4.1)
     * @param rtpTimestamp low 32 bits are written
     * @return bytes written
     */
    public static int writeSenderReport(byte[] dst, int offset, long ssrc, long ntpTimestamp, long rtpTimestamp,
            long packetCount, long octetCount, String cname) {
        int cnameBytes = utf8Length(cname);
        int total = senderReportLength(cnameBytes);
        checkSpace(dst, offset, total);
        int p = offset;
        p = header(dst, p, 0, RtcpParser.PT_SR, 28);
        p = u32(dst, p, ssrc);
        p = u32(dst, p, ntpTimestamp >>> 32);
        p = u32(dst, p, ntpTimestamp);
        p = u32(dst, p, rtpTimestamp);
        p = u32(dst, p, packetCount);
        p = u32(dst, p, octetCount);
        p = writeSdesCname(dst, p, ssrc, cname, cnameBytes);
        return p - offset;
    }

    /**
     * Writes RR with one report block about {@code statistics}' source + SDES CNAME. Calls
     * {@link ReportBlockSource#prepareReportBlock(long)}, which starts a new loss interval.
     *
     * @param nowNanos the send time on the clock used for the statistics' arrival times
     * @return bytes written
     */
    public static int writeReceiverReport(byte[] dst, int offset, long reporterSsrc, ReportBlockSource statistics,
            long nowNanos, String cname) {
        int cnameBytes = utf8Length(cname);
        int total = receiverReportLength(cnameBytes);
        checkSpace(dst, offset, total);
        statistics.prepareReportBlock(nowNanos);
        int p = offset;
        p = header(dst, p, 1, RtcpParser.PT_RR, 32);
        p = u32(dst, p, reporterSsrc);
        p = u32(dst, p, statistics.sourceSsrc());
        dst[p++] = (byte) statistics.fractionLost();
        int cumulative = statistics.cumulativeLost() & 0xFF_FFFF;
        dst[p++] = (byte) (cumulative >>> 16);
        dst[p++] = (byte) (cumulative >>> 8);
        dst[p++] = (byte) cumulative;
        p = u32(dst, p, statistics.extendedHighestSequence());
        p = u32(dst, p, statistics.jitter());
        p = u32(dst, p, statistics.lastSenderReport());
        p = u32(dst, p, statistics.delaySinceLastSenderReport());
        p = writeSdesCname(dst, p, reporterSsrc, cname, cnameBytes);
        return p - offset;
    }

    /** Writes a BYE for one SSRC (8 bytes), to be appended to an SR or RR compound. */
    public static int writeBye(byte[] dst, int offset, long ssrc) {
        checkSpace(dst, offset, 8);
        int p = header(dst, offset, 1, RtcpParser.PT_BYE, 8);
        p = u32(dst, p, ssrc);
        return p - offset;
    }

    private static int writeSdesCname(byte[] dst, int p, long ssrc, String cname, int cnameBytes) {
        int length = sdesLength(cnameBytes);
        int start = p;
        p = header(dst, p, 1, RtcpParser.PT_SDES, length);
        p = u32(dst, p, ssrc);
        dst[p++] = (byte) RtcpParser.SDES_CNAME;
        dst[p++] = (byte) cnameBytes;
        if (cnameBytes == cname.length()) {
            for (int i = 0; i < cnameBytes; i++) {
                dst[p++] = (byte) cname.charAt(i);
            }
        } else {
            byte[] utf8 = cname.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(utf8, 0, dst, p, utf8.length);
            p += utf8.length;
        }
        int end = start + length;
        while (p < end) {
            dst[p++] = 0; // item list terminator and padding to a 32-bit boundary (RFC 3550 §6.5)
        }
        return p;
    }

    private static int header(byte[] dst, int p, int count, int packetType, int lengthBytes) {
        dst[p] = (byte) (0x80 | count);
        dst[p + 1] = (byte) packetType;
        int words = lengthBytes / 4 - 1;
        dst[p + 2] = (byte) (words >>> 8);
        dst[p + 3] = (byte) words;
        return p + 4;
    }

    private static int u32(byte[] dst, int p, long v) {
        dst[p] = (byte) (v >>> 24);
        dst[p + 1] = (byte) (v >>> 16);
        dst[p + 2] = (byte) (v >>> 8);
        dst[p + 3] = (byte) v;
        return p + 4;
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n += 1; // a lone surrogate is encoded by String.getBytes as '?'
            } else {
                n += 3;
            }
        }
        if (n > 255) {
            throw new IllegalArgumentException("CNAME longer than 255 UTF-8 bytes");
        }
        return n;
    }

    private static void checkSpace(byte[] dst, int offset, int needed) {
        if (offset < 0 || offset > dst.length - needed) {
            throw new IllegalArgumentException("destination too small: need " + needed + " bytes at offset " + offset);
        }
    }
}
