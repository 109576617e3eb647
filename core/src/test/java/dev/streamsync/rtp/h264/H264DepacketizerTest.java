package dev.streamsync.rtp.h264;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamsync.rtp.AccessUnit;
import dev.streamsync.rtp.DropReason;
import dev.streamsync.rtp.PushResult;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class H264DepacketizerTest {
    static final byte[] SPS = {0x67, 0x42, 0x00, 0x1f, (byte) 0x95};
    static final byte[] PPS = {0x68, (byte) 0xce, 0x3c, (byte) 0x80};
    static final byte[] IDR = {0x65, (byte) 0x88, (byte) 0x84, 0x00, 0x33, 0x44};
    static final byte[] P_SLICE = {0x41, (byte) 0x9a, 0x02, 0x03};
    static final byte[] SEI = {0x06, 0x05, 0x01, 0x02};

    final List<AccessUnit> units = new ArrayList<>();
    H264Depacketizer depacketizer = new H264Depacketizer(1 << 20, new byte[0][], au -> units.add(new AccessUnit(0).copyFrom(au)));
    int seq = 1000;

    PushResult push(byte[] payload, long ts, boolean marker) {
        return depacketizer.push(payload, 0, payload.length, seq++, ts, marker, 7L);
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

    static byte[] stapA(byte[]... nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x78); // F=0 NRI=3 type 24
        for (byte[] n : nals) {
            out.write(n.length >> 8);
            out.write(n.length & 0xFF);
            out.writeBytes(n);
        }
        return out.toByteArray();
    }

    static byte[][] fuA(byte[] nal, int pieces) {
        int body = nal.length - 1;
        int chunk = (body + pieces - 1) / pieces;
        List<byte[]> out = new ArrayList<>();
        for (int pos = 1; pos < nal.length; pos += chunk) {
            int n = Math.min(chunk, nal.length - pos);
            byte[] p = new byte[2 + n];
            p[0] = (byte) ((nal[0] & 0xE0) | 28);
            p[1] = (byte) ((pos == 1 ? 0x80 : 0) | (pos + n == nal.length ? 0x40 : 0) | (nal[0] & 0x1F));
            System.arraycopy(nal, pos, p, 2, n);
            out.add(p);
        }
        return out.toArray(new byte[0][]);
    }

    @Test
    void emitsSingleNalUnitPacketAsAnnexBUnit() {
        assertEquals(PushResult.EMITTED, push(P_SLICE, 90_000, true));
        assertEquals(1, units.size());
        assertArrayEquals(annexB(P_SLICE), data(units.get(0)));
        assertEquals(90_000, units.get(0).rtpTimestamp());
        assertFalse(units.get(0).keyframe());
        assertFalse(units.get(0).lossBefore());
    }

    @Test
    void splitsStapAIntoNalUnitsAndFlagsKeyframe() {
        assertEquals(PushResult.NEED_MORE, push(stapA(SPS, PPS), 1, false));
        assertEquals(PushResult.EMITTED, push(IDR, 1, true));
        assertArrayEquals(annexB(SPS, PPS, IDR), data(units.get(0)));
        assertTrue(units.get(0).keyframe());
    }

    @Test
    void reassemblesFuAFragments() {
        byte[] big = new byte[3000];
        big[0] = 0x65;
        for (int i = 1; i < big.length; i++) {
            big[i] = (byte) i;
        }
        byte[][] frags = fuA(big, 3);
        assertEquals(PushResult.NEED_MORE, push(frags[0], 5, false));
        assertEquals(PushResult.NEED_MORE, push(frags[1], 5, false));
        assertEquals(PushResult.EMITTED, push(frags[2], 5, true));
        assertArrayEquals(annexB(big), data(units.get(0)));
        assertTrue(units.get(0).keyframe());
    }

    @Test
    void dropsAccessUnitOnSequenceGapAndFlagsTheNextOne() {
        byte[][] frags = fuA(IDR, 3);
        push(frags[0], 10, false);
        seq++; // frags[1] lost
        assertEquals(PushResult.DROPPED, push(frags[2], 10, true));
        assertEquals(DropReason.SEQUENCE_GAP, depacketizer.lastDropReason());
        assertEquals(PushResult.EMITTED, push(P_SLICE, 20, true));
        assertEquals(1, units.size());
        assertEquals(20, units.get(0).rtpTimestamp());
        assertTrue(units.get(0).lossBefore());
        assertEquals(1, depacketizer.stats().drops(DropReason.SEQUENCE_GAP));
    }

    @Test
    void skipsRestOfDamagedUnitAfterGap() {
        push(SEI, 10, false);
        seq++; // lost
        assertEquals(PushResult.DROPPED, push(P_SLICE, 10, false));
        assertEquals(PushResult.DROPPED, push(P_SLICE, 10, true));
        assertEquals(DropReason.DAMAGED_UNIT, depacketizer.lastDropReason());
        assertEquals(PushResult.EMITTED, push(P_SLICE, 20, true));
        assertEquals(1, units.size());
    }

    @Test
    void timestampChangeEndsUnitWhenMarkerIsMissing() {
        assertEquals(PushResult.NEED_MORE, push(P_SLICE, 100, false));
        assertEquals(PushResult.EMITTED, push(P_SLICE, 200, false));
        assertEquals(1, units.size());
        assertEquals(100, units.get(0).rtpTimestamp());
        assertEquals(1, depacketizer.stats().missingMarkers());
        assertEquals(PushResult.EMITTED, push(P_SLICE, 300, false));
        assertEquals(200, units.get(1).rtpTimestamp());
    }

    @Test
    void acceptsFuAWithStartAndEndBothSet() {
        byte[] p = new byte[IDR.length + 1];
        p[0] = (byte) ((IDR[0] & 0xE0) | 28);
        p[1] = (byte) (0xC0 | (IDR[0] & 0x1F));
        System.arraycopy(IDR, 1, p, 2, IDR.length - 1);
        assertEquals(PushResult.EMITTED, push(p, 1, true));
        assertArrayEquals(annexB(IDR), data(units.get(0)));
    }

    @Test
    void carriesParameterSetsStampedDifferentlyIntoTheNextPicture() {
        // Quirk fixture: SPS/PPS stamped 0, IDR stamped 3000, no marker on the parameter sets.
        push(SPS, 0, false);
        push(PPS, 0, false);
        assertEquals(PushResult.EMITTED, push(IDR, 3000, true));
        assertEquals(1, units.size());
        assertArrayEquals(annexB(SPS, PPS, IDR), data(units.get(0)));
        assertEquals(3000, units.get(0).rtpTimestamp());
        assertEquals(1, depacketizer.stats().nonVclCarriedOver());
    }

    @Test
    void keepsParameterSetsThatCarryTheirOwnMarkerBit() {
        push(stapA(SPS, PPS), 0, true);
        assertEquals(PushResult.EMITTED, push(IDR, 3000, true));
        assertArrayEquals(annexB(SPS, PPS, IDR), data(units.get(0)));
    }

    @Test
    void insertsSdpParameterSetsBeforeKeyframeUntilStreamSendsItsOwn() {
        depacketizer = new H264Depacketizer(1 << 20, new byte[][] {SPS, PPS}, au -> units.add(new AccessUnit(0).copyFrom(au)));
        push(SEI, 1, false);
        push(IDR, 1, true);
        assertArrayEquals(annexB(SEI, SPS, PPS, IDR), data(units.get(0)));
        push(P_SLICE, 2, true);
        assertArrayEquals(annexB(P_SLICE), data(units.get(1)));
        byte[] newSps = {0x67, 0x64, 0x00, 0x28};
        push(stapA(newSps, PPS), 3, false);
        push(IDR, 3, true);
        push(IDR, 4, true); // in-band sets were seen: no SDP sets any more
        assertArrayEquals(annexB(newSps, PPS, IDR), data(units.get(2)));
        assertArrayEquals(annexB(IDR), data(units.get(3)));
        assertEquals(1, depacketizer.stats().parameterSetsInserted());
    }

    @Test
    void dropsUnitLargerThanLimit() {
        depacketizer = new H264Depacketizer(2048, new byte[0][], au -> units.add(new AccessUnit(0).copyFrom(au)));
        byte[] big = new byte[1500];
        big[0] = 0x41;
        push(big, 1, false);
        assertEquals(PushResult.DROPPED, push(big, 1, true));
        assertEquals(DropReason.ACCESS_UNIT_TOO_LARGE, depacketizer.lastDropReason());
        assertEquals(PushResult.EMITTED, push(P_SLICE, 2, true));
        assertTrue(units.get(0).lossBefore());
    }

    @Test
    void ignoresStaleAndDuplicatePacketsWithoutDamagingTheUnit() {
        byte[][] frags = fuA(IDR, 2);
        push(frags[0], 1, false);
        seq--; // duplicate of the first fragment
        assertEquals(PushResult.DROPPED, push(frags[0], 1, false));
        assertEquals(DropReason.STALE_PACKET, depacketizer.lastDropReason());
        assertEquals(PushResult.EMITTED, push(frags[1], 1, true));
        assertArrayEquals(annexB(IDR), data(units.get(0)));
    }

    @Test
    void dropsFragmentWithoutStart() {
        byte[][] frags = fuA(IDR, 3);
        assertEquals(PushResult.DROPPED, push(frags[1], 1, false));
        assertEquals(DropReason.FRAGMENT_WITHOUT_START, depacketizer.lastDropReason());
        assertEquals(PushResult.DROPPED, push(frags[2], 1, true));
        assertEquals(PushResult.EMITTED, push(P_SLICE, 2, true));
        assertEquals(1, units.size());
    }

    @Test
    void dropsMalformedStapA() {
        byte[] bad = {0x78, 0x00, 0x09, 0x67, 0x42};
        assertEquals(PushResult.DROPPED, push(bad, 1, true));
        assertEquals(DropReason.MALFORMED, depacketizer.lastDropReason());
    }

    @Test
    void skipsInterleavedModePackets() {
        byte[] stapB = {0x79, 0x00, 0x01, 0x00, 0x02, 0x41, 0x00};
        assertEquals(PushResult.DROPPED, push(stapB, 1, false));
        assertEquals(DropReason.UNSUPPORTED_PACKET_TYPE, depacketizer.lastDropReason());
    }

    @Test
    void wrapsSequenceNumberWithoutSeeingAGap() {
        seq = 65535;
        push(P_SLICE, 1, true);
        seq = 0;
        assertEquals(PushResult.EMITTED, push(P_SLICE, 2, true));
        assertFalse(units.get(1).lossBefore());
    }

    @Test
    void resetFlagsNextUnitAsLossy() {
        push(P_SLICE, 1, false);
        depacketizer.reset();
        seq = 5;
        push(P_SLICE, 9, true);
        assertEquals(1, units.size());
        assertTrue(units.get(0).lossBefore());
    }

    @Test
    void steadyStateAllocatesNothingPerPacket() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] count = new long[1];
        depacketizer = new H264Depacketizer(1 << 20, new byte[0][], au -> count[0] += au.length());
        byte[] big = new byte[4000];
        big[0] = 0x65;
        byte[][] frags = fuA(big, 4);
        long ts = 0;
        for (int i = 0; i < 2000; i++) {
            ts += 3000;
            for (int f = 0; f < frags.length; f++) {
                depacketizer.push(frags[f], 0, frags[f].length, seq++ & 0xFFFF, ts, f == frags.length - 1, 0);
            }
        }
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 20_000; i++) {
            ts += 3000;
            for (int f = 0; f < frags.length; f++) {
                depacketizer.push(frags[f], 0, frags[f].length, seq++ & 0xFFFF, ts, f == frags.length - 1, 0);
            }
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertEquals(22_000, depacketizer.stats().accessUnits());
        // 80,000 packets: anything per packet would be >= 1 MB; allow a little for the measurement itself.
        assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes");
    }
}
