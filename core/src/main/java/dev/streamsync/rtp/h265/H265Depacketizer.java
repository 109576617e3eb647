package dev.streamsync.rtp.h265;

import dev.streamsync.rtp.AccessUnitSink;
import dev.streamsync.rtp.DropReason;
import dev.streamsync.rtp.NalUnitDepacketizer;
import dev.streamsync.rtp.VideoCodec;

/**
 * H.265 depacketizer for RFC 7798: single NAL unit packets, aggregation packets (AP) and
 * fragmentation units (FU). PACI packets (§4.4.4) are skipped and counted as
 * {@link DropReason#UNSUPPORTED_PACKET_TYPE}.
 *
 * <pre>
 *  NAL unit / payload header (RFC 7798 §1.1.4)
 *  +---------------+---------------+
 *  |F|   Type    |  LayerId  | TID |
 *  +---------------+---------------+
 *  AP (§4.4.2): [hdr type 48] [DONL 16]? ( [DOND 8]? [size 16] [NAL unit] )*
 *  FU (§4.4.3): [hdr type 49] [S|E|FuType 6] [DONL 16, start only]? [FU payload]
 * </pre>
 *
 * <p>DONL/DOND fields are present when the SDP signals {@code sprop-max-don-diff > 0}
 * (§7.1); they are skipped and NAL units are output in transmission order (decoding-order
 * reordering across packets is not done, which matches every camera seen so far: they send in
 * decoding order).
 *
 * <p>Threading and memory as in {@link NalUnitDepacketizer}.
 */
public final class H265Depacketizer extends NalUnitDepacketizer {
    private static final int AP = 48;
    private static final int FU = 49;
    private static final int PACI = 50;

    private final boolean donl;
    private final byte[] fuHeader = new byte[2];

    /**
     * @param maxAccessUnitBytes limit of one access unit in bytes
     * @param parameterSets      VPS, SPS, PPS NAL units from {@code sprop-vps/sps/pps} (may be empty)
     * @param donlPresent        true when {@code sprop-max-don-diff} is greater than 0
     * @param sink               receives completed access units
     */
    public H265Depacketizer(int maxAccessUnitBytes, byte[][] parameterSets, boolean donlPresent, AccessUnitSink sink) {
        super(VideoCodec.H265, maxAccessUnitBytes, parameterSets, sink);
        this.donl = donlPresent;
    }

    @Override
    protected void depacketize(byte[] p, int off, int len) {
        if (len < 2) {
            damage(DropReason.MALFORMED);
            return;
        }
        int type = nalType(p, off);
        if (type < AP) {
            addNalUnit(p, off, len);
        } else if (type == AP) {
            depacketizeAggregation(p, off, len);
        } else if (type == FU) {
            depacketizeFragment(p, off, len);
        } else if (type == PACI) {
            skipPacket(DropReason.UNSUPPORTED_PACKET_TYPE);
        } else {
            skipPacket(DropReason.UNSUPPORTED_PACKET_TYPE);
        }
    }

    private void depacketizeAggregation(byte[] p, int off, int len) {
        int end = off + len;
        // Validate first so a malformed packet adds nothing.
        int pos = off + 2;
        int count = 0;
        while (pos < end) {
            pos += donl ? (count == 0 ? 2 : 1) : 0;
            if (pos + 2 > end) {
                damage(DropReason.MALFORMED);
                return;
            }
            int size = ((p[pos] & 0xFF) << 8) | (p[pos + 1] & 0xFF);
            pos += 2;
            if (size < 2 || pos + size > end) {
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
        pos = off + 2;
        for (int i = 0; i < count; i++) {
            pos += donl ? (i == 0 ? 2 : 1) : 0;
            int size = ((p[pos] & 0xFF) << 8) | (p[pos + 1] & 0xFF);
            pos += 2;
            addNalUnit(p, pos, size);
            if (failedThisPacket()) {
                return;
            }
            pos += size;
        }
    }

    private void depacketizeFragment(byte[] p, int off, int len) {
        if (len < 3) {
            damage(DropReason.MALFORMED);
            return;
        }
        int fu = p[off + 2] & 0xFF;
        boolean start = (fu & 0x80) != 0;
        boolean end = (fu & 0x40) != 0;
        int pos = off + 3;
        if (start) {
            if (donl) {
                pos += 2;
                if (pos > off + len) {
                    damage(DropReason.MALFORMED);
                    return;
                }
            }
            fuHeader[0] = (byte) ((p[off] & 0x81) | ((fu & 0x3F) << 1));
            fuHeader[1] = p[off + 1];
            beginFragment(fuHeader, 0, 2);
            if (failedThisPacket()) {
                return;
            }
        }
        // Quirk: S and E in one FU header is forbidden (RFC 7798 §4.4.3) but accepted as a whole NAL unit.
        appendFragment(p, pos, off + len - pos, end);
    }

    @Override
    protected int nalType(byte[] nal, int offset) {
        return (nal[offset] >> 1) & 0x3F;
    }

    @Override
    protected int classify(int nalType) {
        if (nalType >= 16 && nalType <= 23) {
            return VCL | KEY; // IRAP: BLA, IDR, CRA and reserved IRAP types (H.265 Table 7-1)
        }
        if (nalType < 32) {
            return VCL;
        }
        if (nalType >= 32 && nalType <= 34) {
            return PARAMETER_SET; // VPS, SPS, PPS
        }
        return 0;
    }

    @Override
    protected int headerLength() {
        return 2;
    }
}
