package dev.streamsync.sim.rtp;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Writes the few RTP and RTCP structures a simulated camera sends: the RTP fixed header (RFC 3550
 * §5.1) with an optional ONVIF header extension, and a compound RTCP packet of a sender report
 * (RFC 3550 §6.4.1) followed by an SDES CNAME item (§6.5).
 *
 * <p>RTP fixed header:
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                             SSRC                              |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * </pre>
 *
 * <p>ONVIF replay header extension (ONVIF Streaming Specification §6.3), present when X=1:
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      profile = 0xABAC         |        length = 3             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  NTP timestamp, seconds                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  NTP timestamp, fraction                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |C|E|D|T|  mbz  |    CSeq       |           padding (0)         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * C = clean point (IDR), E = end of a contiguous section, D = discontinuity (first unit after a
 * gap, such as the start of a PLAY), T = terminal; CSeq = low byte of the PLAY request's CSeq.
 * The length counts 32-bit words after the 4-byte extension header (RFC 3550 §5.3.1).
 *
 * <p>RTCP sender report followed by SDES:
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  RC=0   |   PT=SR=200   |           length = 6          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         SSRC of sender                        |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |              NTP timestamp, most significant word             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |             NTP timestamp, least significant word             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         RTP timestamp                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     sender's packet count                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      sender's octet count                     |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |V=2|P|  SC=1   |  PT=SDES=202  |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                             SSRC                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  CNAME=1      |     length    | user and domain name        ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | ... END=0, zero padding to a 32-bit boundary                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Threading: stateless and thread-safe; writes at the buffer's writer index.
 */
public final class RtpWriter {

    /** Bytes of the RTP fixed header without CSRCs. */
    public static final int RTP_HEADER_BYTES = 12;
    /** Bytes of the ONVIF header extension including its 4-byte header. */
    public static final int ONVIF_EXTENSION_BYTES = 16;
    /** Header extension profile of the ONVIF replay extension. */
    public static final int ONVIF_PROFILE = 0xABAC;
    /** ONVIF flag: clean point (the access unit is an IDR). */
    public static final int ONVIF_FLAG_CLEAN_POINT = 0x80;
    /** ONVIF flag: end of a contiguous section. */
    public static final int ONVIF_FLAG_END = 0x40;
    /** ONVIF flag: discontinuity before this access unit. */
    public static final int ONVIF_FLAG_DISCONTINUITY = 0x20;
    /** ONVIF flag: terminal access unit. */
    public static final int ONVIF_FLAG_TERMINAL = 0x10;
    /** Seconds between the NTP epoch (1900) and the Unix epoch (1970), RFC 868. */
    public static final long NTP_UNIX_OFFSET_SECONDS = 2_208_988_800L;

    private static final int RTCP_SR = 200;
    private static final int RTCP_SDES = 202;
    private static final int SDES_CNAME = 1;

    private RtpWriter() {
    }

    /**
     * Writes an RTP fixed header (version 2, no padding, no CSRC).
     *
     * @param extension whether an extension follows (X bit); the caller then writes it
     */
    public static void writeRtpHeader(ByteBuf out, boolean marker, int payloadType, int sequenceNumber,
            long rtpTimestamp, int ssrc, boolean extension) {
        out.writeByte(0x80 | (extension ? 0x10 : 0));
        out.writeByte((marker ? 0x80 : 0) | (payloadType & 0x7F));
        out.writeShort(sequenceNumber & 0xFFFF);
        out.writeInt((int) rtpTimestamp);
        out.writeInt(ssrc);
    }

    /** Writes the ONVIF header extension (16 bytes). {@code flags} is an OR of the ONVIF_FLAG constants. */
    public static void writeOnvifExtension(ByteBuf out, long ntpTimestamp, int flags, int cseq) {
        out.writeShort(ONVIF_PROFILE);
        out.writeShort(3);
        out.writeLong(ntpTimestamp);
        out.writeByte(flags & 0xF0);
        out.writeByte(cseq & 0xFF);
        out.writeShort(0);
    }

    /**
     * Writes a compound RTCP packet: SR with no report blocks, then SDES with one CNAME chunk.
     *
     * @param ntpTimestamp 64-bit NTP time of the report (see {@link #ntpFromUnixMicros})
     * @param rtpTimestamp RTP time of the same instant
     * @param packetCount  RTP packets sent in this session so far (mod 2^32)
     * @param octetCount   RTP payload octets sent so far (mod 2^32)
     * @param cname        canonical name, at most 255 bytes of UTF-8
     */
    public static void writeSenderReport(ByteBuf out, int ssrc, long ntpTimestamp, long rtpTimestamp,
            long packetCount, long octetCount, String cname) {
        out.writeByte(0x80);
        out.writeByte(RTCP_SR);
        out.writeShort(6);
        out.writeInt(ssrc);
        out.writeLong(ntpTimestamp);
        out.writeInt((int) rtpTimestamp);
        out.writeInt((int) packetCount);
        out.writeInt((int) octetCount);

        byte[] name = cname.getBytes(StandardCharsets.UTF_8);
        int nameLength = Math.min(255, name.length);
        int chunkBytes = 4 + 2 + nameLength + 1; // SSRC, type+length, text, END
        int padded = (chunkBytes + 3) & ~3;
        out.writeByte(0x81);
        out.writeByte(RTCP_SDES);
        out.writeShort(padded / 4); // length in 32-bit words minus one: (4 + padded) / 4 - 1
        out.writeInt(ssrc);
        out.writeByte(SDES_CNAME);
        out.writeByte(nameLength);
        out.writeBytes(name, 0, nameLength);
        out.writeZero(padded - chunkBytes + 1);
    }

    /**
     * Converts Unix time in microseconds to a 64-bit NTP timestamp (RFC 5905 §6: 32 bits of seconds
     * since 1900, 32 bits of fraction), rounding the fraction to nearest.
     */
    public static long ntpFromUnixMicros(long unixMicros) {
        long seconds = Math.floorDiv(unixMicros, 1_000_000L);
        long micros = Math.floorMod(unixMicros, 1_000_000L);
        long fraction = ((micros << 32) + 500_000L) / 1_000_000L;
        return ((seconds + NTP_UNIX_OFFSET_SECONDS) << 32) + fraction;
    }
}
