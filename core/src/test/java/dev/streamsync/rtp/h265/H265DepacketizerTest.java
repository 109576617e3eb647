package dev.streamsync.rtp.h265;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamsync.rtp.AccessUnit;
import dev.streamsync.rtp.DropReason;
import dev.streamsync.rtp.PushResult;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class H265DepacketizerTest {
    // Two-byte NAL headers: type << 1, layer 0, tid 1.
    static final byte[] VPS = {0x40, 0x01, 0x0c, 0x01};
    static final byte[] SPS = {0x42, 0x01, 0x01, 0x01, 0x60};
    static final byte[] PPS = {0x44, 0x01, (byte) 0xc1, 0x72};
    static final byte[] IDR = {0x26, 0x01, (byte) 0xaf, 0x06, (byte) 0xb8, 0x11, 0x22}; // type 19 IDR_W_RADL
    static final byte[] TRAIL = {0x02, 0x01, (byte) 0xd0, 0x09, 0x7e}; // type 1 TRAIL_R

    final List<AccessUnit> units = new ArrayList<>();
    int seq = 40000;

    H265Depacketizer make(boolean donl, byte[]... sets) {
        return new H265Depacketizer(1 << 20, sets, donl, au -> units.add(new AccessUnit(0).copyFrom(au)));
    }

    static byte[] annexB(byte[]... nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] n : nals) {
            out.writeBytes(new byte[] {0, 0, 0, 1});
            out.writeBytes(n);
        }
        return out.toByteArray();
    }

    static byte[] data(AccessUnit au) {
        return Arrays.copyOf(au.data(), au.length());
    }

    static byte[] ap(boolean donl, byte[]... nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(48 << 1);
        out.write(1);
        for (int i = 0; i < nals.length; i++) {
            if (donl) {
                if (i == 0) {
                    out.write(0);
                    out.write(7);
                } else {
                    out.write(0);
                }
            }
            out.write(nals[i].length >> 8);
            out.write(nals[i].length);
            out.writeBytes(nals[i]);
        }
        return out.toByteArray();
    }

    static byte[] fu(byte[] nal, int from, int to, boolean start, boolean end, boolean donl) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((nal[0] & 0x81) | (49 << 1));
        out.write(nal[1]);
        out.write((start ? 0x80 : 0) | (end ? 0x40 : 0) | ((nal[0] >> 1) & 0x3F));
        if (donl && start) {
            out.write(0);
            out.write(3);
        }
        out.write(nal, from, to - from);
        return out.toByteArray();
    }

    PushResult push(H265Depacketizer d, byte[] p, long ts, boolean marker) {
        return d.push(p, 0, p.length, seq++, ts, marker, 0);
    }

    @Test
    void emitsSingleNalUnitPacket() {
        H265Depacketizer d = make(false);
        assertEquals(PushResult.EMITTED, push(d, TRAIL, 1, true));
        assertArrayEquals(annexB(TRAIL), data(units.get(0)));
        assertFalse(units.get(0).keyframe());
    }

    @Test
    void splitsAggregationPacketAndFlagsIrapAsKeyframe() {
        H265Depacketizer d = make(false);
        push(d, ap(false, VPS, SPS, PPS), 1, false);
        assertEquals(PushResult.EMITTED, push(d, IDR, 1, true));
        assertArrayEquals(annexB(VPS, SPS, PPS, IDR), data(units.get(0)));
        assertTrue(units.get(0).keyframe());
    }

    @Test
    void skipsDonlAndDondFieldsWhenSignalled() {
        H265Depacketizer d = make(true);
        push(d, ap(true, VPS, SPS, PPS), 1, false);
        push(d, fu(IDR, 2, 4, true, false, true), 1, false);
        assertEquals(PushResult.EMITTED, push(d, fu(IDR, 4, IDR.length, false, true, true), 1, true));
        assertArrayEquals(annexB(VPS, SPS, PPS, IDR), data(units.get(0)));
    }

    @Test
    void reassemblesFragmentationUnits() {
        H265Depacketizer d = make(false);
        assertEquals(PushResult.NEED_MORE, push(d, fu(IDR, 2, 4, true, false, false), 9, false));
        assertEquals(PushResult.NEED_MORE, push(d, fu(IDR, 4, 5, false, false, false), 9, false));
        assertEquals(PushResult.EMITTED, push(d, fu(IDR, 5, IDR.length, false, true, false), 9, true));
        assertArrayEquals(annexB(IDR), data(units.get(0)));
    }

    @Test
    void skipsPaciPackets() {
        H265Depacketizer d = make(false);
        byte[] paci = {(byte) (50 << 1), 1, 0, 0, 0x02, 0x01};
        assertEquals(PushResult.DROPPED, push(d, paci, 1, false));
        assertEquals(DropReason.UNSUPPORTED_PACKET_TYPE, d.lastDropReason());
        assertEquals(PushResult.EMITTED, push(d, TRAIL, 1, true));
        assertTrue(units.get(0).lossBefore());
    }

    @Test
    void dropsAccessUnitOnSequenceGap() {
        H265Depacketizer d = make(false);
        push(d, fu(IDR, 2, 4, true, false, false), 9, false);
        seq++;
        assertEquals(PushResult.DROPPED, push(d, fu(IDR, 5, IDR.length, false, true, false), 9, true));
        assertEquals(DropReason.SEQUENCE_GAP, d.lastDropReason());
        push(d, TRAIL, 10, true);
        assertEquals(1, units.size());
        assertTrue(units.get(0).lossBefore());
    }

    @Test
    void insertsSdpParameterSetsBeforeFirstKeyframe() {
        H265Depacketizer d = make(false, VPS, SPS, PPS);
        push(d, IDR, 1, true);
        assertArrayEquals(annexB(VPS, SPS, PPS, IDR), data(units.get(0)));
    }

    @Test
    void dropsAggregationPacketWithOverrunningSize() {
        H265Depacketizer d = make(false);
        byte[] bad = {(byte) (48 << 1), 1, 0x00, 0x30, 0x40, 0x01};
        assertEquals(PushResult.DROPPED, push(d, bad, 1, false));
        assertEquals(DropReason.MALFORMED, d.lastDropReason());
    }
}
