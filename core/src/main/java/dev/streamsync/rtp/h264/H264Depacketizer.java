package dev.streamsync.rtp.h264;

import dev.streamsync.rtp.AccessUnitSink;
import dev.streamsync.rtp.DropReason;
import dev.streamsync.rtp.NalUnitDepacketizer;
import dev.streamsync.rtp.VideoCodec;

/**
 * H.264 depacketizer for RFC 6184 packetization modes 0 and 1: single NAL unit packets, STAP-A and
 * FU-A. Interleaved mode (STAP-B, MTAP16/24, FU-B) is not supported; such packets are skipped and
 * counted as {@link DropReason#UNSUPPORTED_PACKET_TYPE}.
 *
 * <pre>
 *  NAL unit header (RFC 6184 §1.3)     FU-A (§5.8)
 *  +-+-+-+-+-+-+-+-+                   +---------------+---------------+
 *  |F|NRI|  Type   |                   | FU indicator  |   FU header   |  FU payload ...
 *  +-+-+-+-+-+-+-+-+                   |F|NRI| 28      |S|E|R| Type    |
 *                                      +---------------+---------------+
 *  STAP-A (§5.7.1): [hdr type 24] ( [size 16 bits] [NAL unit] )*
 * </pre>
 *
 * <p>Threading and memory as in {@link NalUnitDepacketizer}.
 */
public final class H264Depacketizer extends NalUnitDepacketizer {
    private static final int STAP_A = 24;
    private static final int STAP_B = 25;
    private static final int MTAP16 = 26;
    private static final int MTAP24 = 27;
    private static final int FU_A = 28;
    private static final int FU_B = 29;

    private final byte[] fuHeader = new byte[1];

    /**
     * @param maxAccessUnitBytes limit of one access unit in bytes
     * @param parameterSets      SPS/PPS NAL units from {@code sprop-parameter-sets} (may be empty)
     * @param sink               receives completed access units
     */
    public H264Depacketizer(int maxAccessUnitBytes, byte[][] parameterSets, AccessUnitSink sink) {
        super(VideoCodec.H264, maxAccessUnitBytes, parameterSets, sink);
    }

    @Override
    protected void depacketize(byte[] p, int off, int len) {
        int type = p[off] & 0x1F;
        if (type >= 1 && type <= 23) {
            addNalUnit(p, off, len);
        } else if (type == STAP_A) {
            depacketizeStapA(p, off, len);
        } else if (type == FU_A) {
            depacketizeFuA(p, off, len);
        } else if (type == STAP_B || type == MTAP16 || type == MTAP24 || type == FU_B) {
            skipPacket(DropReason.UNSUPPORTED_PACKET_TYPE);
        } else {
            // Types 0, 30, 31 are reserved / undefined (RFC 6184 Table 1).
            skipPacket(DropReason.UNSUPPORTED_PACKET_TYPE);
        }
    }

    private void depacketizeStapA(byte[] p, int off, int len) {
        int end = off + len;
        int pos = off + 1;
        // Validate the whole packet first so a malformed one adds nothing to the unit.
        int count = 0;
        while (pos < end) {
            if (pos + 2 > end) {
                damage(DropReason.MALFORMED);
                return;
            }
            int size = ((p[pos] & 0xFF) << 8) | (p[pos + 1] & 0xFF);
            pos += 2;
            if (size == 0 || pos + size > end) {
                damage(DropReason.MALFORMED);
                return;
            }
            pos += size;
            count++;
        }
        if (count == 0) {
            damage(DropReason.MALFORMED);
            return;
        }
        pos = off + 1;
        while (pos < end) {
            int size = ((p[pos] & 0xFF) << 8) | (p[pos + 1] & 0xFF);
            pos += 2;
            addNalUnit(p, pos, size);
            if (failedThisPacket()) {
                return;
            }
            pos += size;
        }
    }

    private void depacketizeFuA(byte[] p, int off, int len) {
        if (len < 2) {
            damage(DropReason.MALFORMED);
            return;
        }
        int indicator = p[off] & 0xFF;
        int header = p[off + 1] & 0xFF;
        boolean start = (header & 0x80) != 0;
        boolean end = (header & 0x40) != 0;
        if (start) {
            fuHeader[0] = (byte) ((indicator & 0xE0) | (header & 0x1F));
            beginFragment(fuHeader, 0, 1);
            if (failedThisPacket()) {
                return;
            }
        }
        // Quirk: RFC 6184 §5.8 forbids S and E in the same FU header; some encoders send a whole NAL
        // unit that way. It is accepted as a complete NAL unit (begin and end in one packet).
        appendFragment(p, off + 2, len - 2, end);
    }

    @Override
    protected int nalType(byte[] nal, int offset) {
        return nal[offset] & 0x1F;
    }

    @Override
    protected int classify(int nalType) {
        switch (nalType) {
            case 5:
                return VCL | KEY;
            case 1: case 2: case 3: case 4:
                return VCL;
            case 7: case 8:
                return PARAMETER_SET;
            default:
                return 0;
        }
    }

    @Override
    protected int headerLength() {
        return 1;
    }
}
