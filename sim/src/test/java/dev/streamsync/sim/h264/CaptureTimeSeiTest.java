package dev.streamsync.sim.h264;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaptureTimeSeiTest {

    private static byte[] annexB(byte[]... nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] nal : nals) {
            out.write(0);
            out.write(0);
            out.write(0);
            out.write(1);
            out.write(nal, 0, nal.length);
        }
        return out.toByteArray();
    }

    @Test
    void roundTripsTimeThroughAnAccessUnit() {
        long micros = 1_760_000_000_123_456L;
        byte[] au = annexB(new byte[] {0x67, 0x42, 0x00, 0x1E}, new byte[] {0x68, (byte) 0xCE}, CaptureTimeSei.nal(micros),
                new byte[] {0x65, (byte) 0x88, 0x11});
        assertEquals(micros, CaptureTimeSei.find(au, 0, au.length));
    }

    @Test
    void escapesAndUnescapesTimesWithZeroRuns() {
        for (long micros : new long[] {0L, 1L, 0x0000_0003_0000_0000L, 0x0000_0000_0000_0100L, -1L, Long.MAX_VALUE}) {
            byte[] nal = CaptureTimeSei.nal(micros);
            for (int i = 2; i < nal.length; i++) {
                boolean startCodeLike = nal[i - 2] == 0 && nal[i - 1] == 0 && (nal[i] & 0xFF) <= 2;
                assertTrue(!startCodeLike, "emulation prevention missing at " + i + " for " + micros);
            }
            assertEquals(micros, CaptureTimeSei.read(nal, 0, nal.length), "time " + micros);
        }
    }

    @Test
    void accessUnitWithoutOurSeiIsNotFound() {
        byte[] foreignSei = {0x06, 0x05, 0x01, 0x00, (byte) 0x80};
        byte[] au = annexB(foreignSei, new byte[] {0x41, (byte) 0x9A});
        assertEquals(CaptureTimeSei.NOT_FOUND, CaptureTimeSei.find(au, 0, au.length));
    }

    @Test
    void rebuildPutsSeiBeforeFirstSliceAndParameterSetsBeforeIdr() {
        byte[] sps = {0x67, 0x42, (byte) 0xC0, 0x1E};
        byte[] pps = {0x68, (byte) 0xCE, 0x3C, (byte) 0x80};
        byte[] idrOnly = annexB(new byte[] {0x65, (byte) 0x88, 0x11});
        byte[] rebuilt = AnnexB.rebuild(idrOnly, sps, pps, CaptureTimeSei.nal(42));
        List<AnnexB.Nal> nals = AnnexB.split(rebuilt, 0, rebuilt.length);
        assertEquals(List.of(AnnexB.NAL_SPS, AnnexB.NAL_PPS, AnnexB.NAL_SEI, AnnexB.NAL_IDR),
                nals.stream().map(AnnexB.Nal::type).toList());
        assertEquals(42, CaptureTimeSei.find(rebuilt, 0, rebuilt.length));

        byte[] again = AnnexB.rebuild(rebuilt, sps, pps, CaptureTimeSei.nal(43));
        assertEquals(4, AnnexB.split(again, 0, again.length).size(), "old capture-time SEI is replaced, not kept");
        assertEquals(43, CaptureTimeSei.find(again, 0, again.length));
    }
}
