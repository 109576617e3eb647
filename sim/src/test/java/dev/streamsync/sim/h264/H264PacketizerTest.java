package dev.streamsync.sim.h264;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class H264PacketizerTest {

    private record Payload(byte[] bytes, boolean last) {
    }

    private static List<Payload> packetize(byte[] au, int max) {
        List<Payload> out = new ArrayList<>();
        H264Packetizer.packetize(au, max, (prefix, prefixBytes, src, off, len, last) -> {
            byte[] p = new byte[prefixBytes + len];
            if (prefixBytes == 2) {
                p[0] = (byte) (prefix >>> 8);
                p[1] = (byte) prefix;
            }
            System.arraycopy(src, off, p, prefixBytes, len);
            out.add(new Payload(p, last));
        });
        return out;
    }

    @Test
    void smallNalUnitsGoInSingleNalPacketsWithMarkerOnTheLast() {
        byte[] au = {0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x68, 3, 0, 0, 0, 1, 0x65, 4, 5, 6};
        List<Payload> payloads = packetize(au, 1400);
        assertEquals(3, payloads.size());
        assertArrayEquals(new byte[] {0x67, 1, 2}, payloads.get(0).bytes());
        assertArrayEquals(new byte[] {0x68, 3}, payloads.get(1).bytes());
        assertArrayEquals(new byte[] {0x65, 4, 5, 6}, payloads.get(2).bytes());
        assertFalse(payloads.get(0).last());
        assertTrue(payloads.get(2).last());
    }

    @Test
    void largeNalUnitIsFragmentedIntoFuAThatReassembles() {
        byte[] nal = new byte[5000];
        nal[0] = 0x65; // nal_ref_idc 3, IDR
        for (int i = 1; i < nal.length; i++) {
            nal[i] = (byte) (i * 31 + 7);
        }
        byte[] au = new byte[nal.length + 4];
        au[3] = 1;
        System.arraycopy(nal, 0, au, 4, nal.length);
        List<Payload> payloads = packetize(au, 1400);
        assertEquals(4, payloads.size()); // 4999 bytes after the header, 1398 per fragment
        ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
        for (int i = 0; i < payloads.size(); i++) {
            byte[] p = payloads.get(i).bytes();
            assertTrue(p.length <= 1400);
            assertEquals(0x60 | H264Packetizer.FU_A, p[0] & 0xFF, "FU indicator keeps F and NRI");
            assertEquals(i == 0, (p[1] & 0x80) != 0, "start bit");
            assertEquals(i == payloads.size() - 1, (p[1] & 0x40) != 0, "end bit");
            assertEquals(5, p[1] & 0x1F, "original type");
            assertEquals(i == payloads.size() - 1, payloads.get(i).last());
            if (i == 0) {
                rebuilt.write((p[0] & 0xE0) | (p[1] & 0x1F));
            }
            rebuilt.write(p, 2, p.length - 2);
        }
        assertArrayEquals(nal, rebuilt.toByteArray());
    }
}
